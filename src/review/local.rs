//! A pull request that lives in a local git repository: the commits from the
//! merge base to `HEAD`, read with git, and what the review posts kept in
//! memory instead of sent to GitHub. `techlead demo` and
//! `techlead review --local` run the App's own review ([`super::review_on`])
//! on it, so what they show is what the App would post.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use anyhow::{Context, bail};
use http::{Method, StatusCode};

use super::host::ReviewHost;
use crate::github::GitHubError;
use crate::github::api::{Blob, ChangedFile, CheckOutput, Conclusion, IssueComment, NewReviewComment, PostedReviewComment, PrFiles, PullInfo};
use crate::ids::{CommitSha, PrNumber, RepoName};

/// The pull request number a local review uses: there is no pull request.
pub const LOCAL_PR: PrNumber = PrNumber(1);

/// What the review posted, as GitHub would show it.
#[derive(Clone, Debug, Default)]
pub struct Posted {
    /// The check run's conclusion and output (annotations included).
    pub check_run: Option<(Conclusion, CheckOutput)>,
    /// The review: its event (`COMMENT` or `REQUEST_CHANGES`), intro and inline comments.
    pub review: Option<PostedReview>,
    /// The summary comment.
    pub summary: Option<String>,
}

#[derive(Clone, Debug)]
pub struct PostedReview {
    pub event: String,
    pub body: String,
    pub comments: Vec<NewReviewComment>,
}

/// The current branch of a local repository as a pull request into `base`.
pub struct LocalPullRequest {
    root: PathBuf,
    pub repo: RepoName,
    /// The merge base of the branch and what it would merge into.
    pub base: CommitSha,
    pub head: CommitSha,
    /// What `--base` named, for messages.
    pub base_name: String,
    pub files: Vec<ChangedFile>,
    posted: Mutex<Posted>,
}

impl LocalPullRequest {
    /// The repository holding `dir`, `HEAD` against its merge base with
    /// `base` (default: the branch's upstream, else `main`, else `master`).
    pub fn open(dir: &Path, base: Option<&str>) -> anyhow::Result<LocalPullRequest> {
        let root = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?.trim());
        let head = CommitSha(git(&root, &["rev-parse", "HEAD"])?.trim().to_string());
        let base_name = match base {
            Some(base) => base.to_string(),
            None => default_base(&root)?,
        };
        let merge_base =
            git(&root, &["merge-base", &base_name, "HEAD"]).with_context(|| format!("`{base_name}` shares no history with HEAD; pass --base with a branch, tag or commit this branch grew from"))?;
        let base = CommitSha(merge_base.trim().to_string());
        let name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "repository".into());
        let files = changed_files(&root, &base, &head)?;
        Ok(LocalPullRequest { root, repo: RepoName::new("local", name), base, head, base_name, files, posted: Mutex::new(Posted::default()) })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What the review posted so far.
    pub fn posted(&self) -> Posted {
        self.posted.lock().expect("posted").clone()
    }

    /// Whether the work tree has changes that are not committed (a local
    /// review reads commits only, as a pull request does).
    pub fn dirty(&self) -> bool {
        git(&self.root, &["status", "--porcelain", "--untracked-files=no"]).is_ok_and(|s| !s.trim().is_empty())
    }

    /// The commit subject of `HEAD`, for the page's title.
    pub fn head_subject(&self) -> String {
        git(&self.root, &["log", "-1", "--format=%s", &self.head.0]).map(|s| s.trim().to_string()).unwrap_or_default()
    }

    fn record(&self, change: impl FnOnce(&mut Posted)) {
        change(&mut self.posted.lock().expect("posted"));
    }

    /// A blob's bytes at `rev:path`; `None` when git has no such file.
    fn blob(&self, rev: &str, path: &str) -> Option<(Vec<u8>, String)> {
        let spec = format!("{rev}:{path}");
        let sha = git(&self.root, &["rev-parse", "--verify", "--quiet", &spec]).ok()?.trim().to_string();
        let out = Command::new("git").arg("-C").arg(&self.root).args(["cat-file", "blob", &sha]).output().ok()?;
        out.status.success().then_some((out.stdout, sha))
    }

    fn only_this_repo(&self, repo: &RepoName) -> Result<(), GitHubError> {
        if *repo == self.repo {
            return Ok(());
        }
        Err(GitHubError::Status {
            method: Method::GET,
            path: format!("{repo}"),
            status: StatusCode::NOT_FOUND,
            message: format!("a local review reads only {}; check out {repo} beside it and use `techlead scan --org-config`", self.root.display()),
        })
    }
}

/// The branch's upstream, else `main`, else `master`.
fn default_base(root: &Path) -> anyhow::Result<String> {
    if let Ok(upstream) = git(root, &["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"]) {
        return Ok(upstream.trim().to_string());
    }
    for candidate in ["main", "master"] {
        if git(root, &["rev-parse", "--verify", "--quiet", &format!("refs/heads/{candidate}")]).is_ok() {
            return Ok(candidate.to_string());
        }
    }
    bail!("this branch has no upstream and the repository has no `main` or `master` branch; pass --base with the branch it would merge into")
}

/// The changed files between two commits, each with its hunks as GitHub
/// sends them (`patch`: the unified diff from the first `@@`, three lines of context).
fn changed_files(root: &Path, base: &CommitSha, head: &CommitSha) -> anyhow::Result<Vec<ChangedFile>> {
    let listing = git(root, &["diff", "--name-status", "-z", "-M", "--no-ext-diff", &base.0, &head.0])?;
    let mut fields = listing.split('\0').filter(|f| !f.is_empty());
    let mut files = Vec::new();
    while let Some(status) = fields.next() {
        let (kind, previous, path) = match status.chars().next() {
            Some('R') | Some('C') => {
                let old = fields.next().unwrap_or_default().to_string();
                (if status.starts_with('R') { "renamed" } else { "copied" }, Some(old), fields.next().unwrap_or_default().to_string())
            }
            Some('A') => ("added", None, fields.next().unwrap_or_default().to_string()),
            Some('D') => ("removed", None, fields.next().unwrap_or_default().to_string()),
            _ => ("modified", None, fields.next().unwrap_or_default().to_string()),
        };
        let mut paths = vec![path.as_str()];
        paths.extend(previous.as_deref());
        let mut args = vec!["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "-M", "--unified=3", &base.0, &head.0, "--"];
        args.extend(paths);
        let diff = git(root, &args)?;
        let patch = diff.find("\n@@").map(|at| diff[at + 1..].to_string());
        files.push(ChangedFile { path, status: kind.to_string(), patch, previous_path: previous });
    }
    Ok(files)
}

fn git(dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output().context("a local review needs git, which cannot be run; install git")?;
    if !output.status.success() {
        bail!("`git {}` failed in {}: {}", args.join(" "), dir.display(), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Reads answer from git; writes are kept in [`Posted`]. Nothing here fails
/// once the repository is open: a path git cannot show is absent, as
/// GitHub's 404 is.
impl ReviewHost for LocalPullRequest {
    fn can_write_check_runs(&self) -> bool {
        true
    }

    fn web_url(&self) -> String {
        format!("file://{}", self.root.display())
    }

    async fn pull(&self, repo: &RepoName, _pr: PrNumber) -> Result<PullInfo, GitHubError> {
        self.only_this_repo(repo)?;
        Ok(PullInfo { head_sha: self.head.clone(), base_sha: self.base.clone(), draft: false, open: true, labels: Vec::new() })
    }

    async fn pull_files(&self, repo: &RepoName, _pr: PrNumber) -> Result<PrFiles, GitHubError> {
        self.only_this_repo(repo)?;
        Ok(PrFiles { files: self.files.clone(), truncated: false })
    }

    async fn file_text(&self, repo: &RepoName, path: &str, sha: &CommitSha) -> Result<Option<String>, GitHubError> {
        Ok(self.file(repo, path, Some(sha)).await?.map(|blob| blob.text))
    }

    async fn file(&self, repo: &RepoName, path: &str, git_ref: Option<&CommitSha>) -> Result<Option<Blob>, GitHubError> {
        self.only_this_repo(repo)?;
        let rev = git_ref.map_or("HEAD", |r| r.0.as_str());
        Ok(self.blob(rev, path).map(|(bytes, sha)| Blob { text: crate::analysis::file_policy::decode_lossy(bytes), sha }))
    }

    async fn tree(&self, repo: &RepoName, sha: &CommitSha) -> Result<Vec<(String, String)>, GitHubError> {
        self.only_this_repo(repo)?;
        let listing = git(&self.root, &["ls-tree", "-r", "-z", &sha.0]).unwrap_or_default();
        // `<mode> blob <sha>\t<path>`
        Ok(listing
            .split('\0')
            .filter_map(|entry| {
                let (meta, path) = entry.split_once('\t')?;
                let mut parts = meta.split(' ');
                let (_, kind, sha) = (parts.next()?, parts.next()?, parts.next()?);
                (kind == "blob").then(|| (path.to_string(), sha.to_string()))
            })
            .collect())
    }

    async fn find_check_run(&self, _repo: &RepoName, _head: &CommitSha, _name: &str) -> Result<Option<u64>, GitHubError> {
        Ok(None)
    }

    async fn create_check_run(&self, _repo: &RepoName, _head: &CommitSha, _name: &str) -> Result<u64, GitHubError> {
        Ok(1)
    }

    async fn restart_check_run(&self, _repo: &RepoName, _id: u64) -> Result<(), GitHubError> {
        Ok(())
    }

    async fn complete_check_run(&self, _repo: &RepoName, _id: u64, conclusion: Conclusion, output: CheckOutput) -> Result<(), GitHubError> {
        self.record(|p| p.check_run = Some((conclusion, output)));
        Ok(())
    }

    async fn create_review(&self, _repo: &RepoName, _pr: PrNumber, _commit: &CommitSha, body: &str, comments: &[NewReviewComment], event: &str) -> Result<(), GitHubError> {
        self.record(|p| p.review = Some(PostedReview { event: event.to_string(), body: body.to_string(), comments: comments.to_vec() }));
        Ok(())
    }

    async fn create_review_comment(&self, _repo: &RepoName, _pr: PrNumber, _commit: &CommitSha, comment: &NewReviewComment) -> Result<(), GitHubError> {
        self.record(|p| p.review.get_or_insert_with(|| PostedReview { event: "COMMENT".into(), body: String::new(), comments: Vec::new() }).comments.push(comment.clone()));
        Ok(())
    }

    async fn review_comments(&self, _repo: &RepoName, _pr: PrNumber) -> Result<Vec<PostedReviewComment>, GitHubError> {
        Ok(Vec::new())
    }

    async fn update_review_comment(&self, _repo: &RepoName, _id: u64, _body: &str) -> Result<(), GitHubError> {
        Ok(())
    }

    async fn issue_comments(&self, _repo: &RepoName, _pr: PrNumber) -> Result<Vec<IssueComment>, GitHubError> {
        let summary = self.posted.lock().expect("posted").summary.clone();
        Ok(summary.into_iter().map(|body| IssueComment { id: 1, body, author: "techlead".into() }).collect())
    }

    async fn create_issue_comment(&self, _repo: &RepoName, _pr: PrNumber, body: &str) -> Result<(), GitHubError> {
        self.record(|p| p.summary = Some(body.to_string()));
        Ok(())
    }

    async fn update_issue_comment(&self, _repo: &RepoName, _id: u64, body: &str) -> Result<(), GitHubError> {
        self.record(|p| p.summary = Some(body.to_string()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t")
            .status()
            .unwrap();
        assert!(ok.success(), "git {args:?}");
    }

    #[test]
    fn the_branch_is_compared_with_its_merge_base_and_patches_look_like_githubs() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        run(d, &["init", "-q", "-b", "main"]);
        std::fs::write(d.join("a.py"), "x = 1\ny = 2\n").unwrap();
        std::fs::write(d.join("old.py"), "gone = True\n").unwrap();
        run(d, &["add", "."]);
        run(d, &["commit", "-q", "-m", "base"]);
        run(d, &["checkout", "-q", "-b", "feature"]);
        std::fs::write(d.join("a.py"), "x = 1\ny = 3\nz = 4\n").unwrap();
        std::fs::remove_file(d.join("old.py")).unwrap();
        run(d, &["add", "-A"]);
        run(d, &["commit", "-q", "-m", "change"]);
        let pr = LocalPullRequest::open(d, None).unwrap();
        assert_eq!(pr.base_name, "main");
        let a = pr.files.iter().find(|f| f.path == "a.py").unwrap();
        assert_eq!(a.status, "modified");
        assert_eq!(a.patch.as_deref(), Some("@@ -1,2 +1,3 @@\n x = 1\n-y = 2\n+y = 3\n+z = 4\n"));
        assert!(pr.files.iter().any(|f| f.path == "old.py" && f.status == "removed"));
    }
}
