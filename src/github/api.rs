//! The GitHub operations a review needs, in our types. GitHub's JSON shapes
//! stay private to this file.

use base64::Engine as _;
use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::client::{Actor, GitHub, GitHubError};

mod actions;
use crate::ids::{CommitSha, InstallationId, PrNumber, RepoName};
pub use actions::{ArtifactFiles, workflow_matches};

/// GitHub lists at most this many files of a pull request.
pub const MAX_PR_FILES: usize = 3000;
const PAGE: usize = 100;

/// One file of a pull request.
#[derive(Clone, Debug)]
pub struct ChangedFile {
    pub path: String,
    /// `added`, `modified`, `removed`, `renamed`, ...
    pub status: String,
    /// The unified-diff hunks; absent for binary and very large diffs.
    pub patch: Option<String>,
    /// The path before a rename.
    pub previous_path: Option<String>,
}

/// The files of a pull request, and whether GitHub cut the list at 3000.
pub struct PrFiles {
    pub files: Vec<ChangedFile>,
    pub truncated: bool,
}

#[derive(Clone, Debug)]
pub struct PullInfo {
    pub head_sha: CommitSha,
    pub base_sha: CommitSha,
    pub draft: bool,
    pub open: bool,
    /// The pull request's labels (some checks are skipped with a label).
    pub labels: Vec<String>,
}

/// An inline comment to post in a review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReviewComment {
    pub path: String,
    /// Last line of the range, on the RIGHT (new) side.
    pub line: usize,
    /// First line, for multi-line ranges.
    pub start_line: Option<usize>,
    pub body: String,
}

/// A review comment already on the pull request.
#[derive(Clone, Debug)]
pub struct PostedReviewComment {
    pub id: u64,
    pub body: String,
    pub path: String,
    pub author: String,
    pub in_reply_to: Option<u64>,
}

/// A file's content at a commit.
#[derive(Clone, Debug)]
pub struct Blob {
    pub text: String,
    pub sha: String,
}

/// A comment on the pull request's conversation tab.
#[derive(Clone, Debug)]
pub struct IssueComment {
    pub id: u64,
    pub body: String,
    pub author: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conclusion {
    Success,
    Failure,
    Neutral,
    ActionRequired,
}

impl Conclusion {
    fn as_str(self) -> &'static str {
        match self {
            Conclusion::Success => "success",
            Conclusion::Failure => "failure",
            Conclusion::Neutral => "neutral",
            Conclusion::ActionRequired => "action_required",
        }
    }
}

/// One check-run annotation.
#[derive(Clone, Debug)]
pub struct Annotation {
    pub path: String,
    pub start_line: usize,
    pub end_line: usize,
    /// `notice`, `warning` or `failure`.
    pub level: &'static str,
    pub title: String,
    pub message: String,
}

/// What a check run shows.
#[derive(Clone, Debug, Default)]
pub struct CheckOutput {
    pub title: String,
    pub summary: String,
    pub text: Option<String>,
    pub annotations: Vec<Annotation>,
}

/// The calls one installation makes.
pub struct Installation<'g> {
    gh: &'g GitHub,
    actor: Actor,
}

impl GitHub {
    pub fn installation(&self, id: InstallationId) -> Installation<'_> {
        Installation { gh: self, actor: Actor::Installation(id) }
    }
}

fn repo_path(repo: &RepoName) -> String {
    format!("/repos/{}/{}", encode(&repo.owner), encode(&repo.name))
}

/// Percent-encodes one path segment or query value (`/` kept for file paths by the caller).
pub(super) fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl<'g> Installation<'g> {
    /// The client this installation calls through.
    pub fn client(&self) -> &'g GitHub {
        self.gh
    }

    async fn get(&self, path: &str) -> Result<super::client::Reply, GitHubError> {
        self.gh.send(self.actor, Method::GET, path, None).await
    }

    async fn write(&self, method: Method, path: &str, body: Value) -> Result<super::client::Reply, GitHubError> {
        self.gh.send(self.actor, method, path, Some(&body)).await
    }

    /// Every page of a list endpoint, up to `limit` items.
    async fn list<T: for<'de> Deserialize<'de>>(&self, path: &str, limit: usize) -> Result<(Vec<T>, bool), GitHubError> {
        let mut items = Vec::new();
        for page in 1.. {
            let url = format!("{path}?per_page={PAGE}&page={page}");
            let reply = self.get(&url).await?;
            let batch: Vec<T> = reply.json(&url)?;
            let more = reply.has_next_page() && batch.len() == PAGE;
            items.extend(batch);
            if items.len() >= limit {
                items.truncate(limit);
                return Ok((items, true));
            }
            if !more {
                break;
            }
        }
        Ok((items, false))
    }

    pub async fn pull(&self, repo: &RepoName, pr: PrNumber) -> Result<PullInfo, GitHubError> {
        #[derive(Deserialize)]
        struct Ref {
            sha: String,
        }
        #[derive(Deserialize)]
        struct Pull {
            head: Ref,
            base: Ref,
            #[serde(default)]
            draft: bool,
            state: String,
            #[serde(default)]
            labels: Vec<Label>,
        }
        #[derive(Deserialize)]
        struct Label {
            name: String,
        }
        let path = format!("{}/pulls/{}", repo_path(repo), pr.0);
        let p: Pull = self.get(&path).await?.json(&path)?;
        Ok(PullInfo { head_sha: CommitSha(p.head.sha), base_sha: CommitSha(p.base.sha), draft: p.draft, open: p.state == "open", labels: p.labels.into_iter().map(|l| l.name).collect() })
    }

    pub async fn pull_files(&self, repo: &RepoName, pr: PrNumber) -> Result<PrFiles, GitHubError> {
        #[derive(Deserialize)]
        struct File {
            filename: String,
            status: String,
            patch: Option<String>,
            previous_filename: Option<String>,
        }
        let path = format!("{}/pulls/{}/files", repo_path(repo), pr.0);
        let (files, hit_limit): (Vec<File>, bool) = self.list(&path, MAX_PR_FILES).await?;
        let truncated = hit_limit || files.len() >= MAX_PR_FILES;
        Ok(PrFiles { files: files.into_iter().map(|f| ChangedFile { path: f.filename, status: f.status, patch: f.patch, previous_path: f.previous_filename }).collect(), truncated })
    }

    /// A file's text at a commit; `None` when it is missing or not a file.
    /// Files over the contents API's 1 MB are read as blobs. Bytes that are
    /// not UTF-8 are decoded lossily.
    pub async fn file_text(&self, repo: &RepoName, path: &str, sha: &CommitSha) -> Result<Option<String>, GitHubError> {
        Ok(self.file(repo, path, Some(sha)).await?.map(|blob| blob.text))
    }

    /// A file's text and blob sha at `git_ref` (the default branch when `None`).
    pub async fn file(&self, repo: &RepoName, path: &str, git_ref: Option<&CommitSha>) -> Result<Option<Blob>, GitHubError> {
        #[derive(Deserialize)]
        struct Content {
            #[serde(default)]
            content: String,
            #[serde(default)]
            encoding: String,
            #[serde(default)]
            sha: String,
        }
        let encoded: Vec<String> = path.split('/').map(encode).collect();
        let query = git_ref.map(|r| format!("?ref={}", encode(&r.0))).unwrap_or_default();
        let url = format!("{}/contents/{}{query}", repo_path(repo), encoded.join("/"));
        let reply = match self.get(&url).await {
            Ok(reply) => reply,
            Err(e) if e.status() == Some(StatusCode::NOT_FOUND) => return Ok(None),
            Err(e) => return Err(e),
        };
        let Ok(content) = reply.json::<Content>(&url) else { return Ok(None) }; // a directory or submodule
        let content = match content.encoding.as_str() {
            "base64" => content,
            // Over 1 MB the contents API sends no content; the blob API
            // serves up to 100 MB (large lockfiles are common).
            "none" if !content.sha.is_empty() => {
                let blob_url = format!("{}/git/blobs/{}", repo_path(repo), encode(&content.sha));
                let blob: Content = self.get(&blob_url).await?.json(&blob_url)?;
                if blob.encoding != "base64" {
                    return Ok(None);
                }
                Content { sha: content.sha, ..blob }
            }
            _ => return Ok(None),
        };
        let compact: String = content.content.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD.decode(compact).map_err(|e| GitHubError::Decode { path: url.clone(), reason: e.to_string() })?;
        // Text that is not UTF-8 is still text: decoded lossily, it is analysed
        // (binary content keeps its NUL bytes, by which the review skips it).
        let text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok(Some(Blob { text, sha: content.sha }))
    }

    /// Every file path of the tree at `sha`, with its blob sha.
    pub async fn tree(&self, repo: &RepoName, sha: &CommitSha) -> Result<Vec<(String, String)>, GitHubError> {
        #[derive(Deserialize)]
        struct Entry {
            path: String,
            #[serde(rename = "type")]
            kind: String,
            sha: String,
        }
        #[derive(Deserialize)]
        struct Tree {
            tree: Vec<Entry>,
        }
        let url = format!("{}/git/trees/{}?recursive=1", repo_path(repo), encode(&sha.0));
        let tree: Tree = self.get(&url).await?.json(&url)?;
        Ok(tree.tree.into_iter().filter(|e| e.kind == "blob").map(|e| (e.path, e.sha)).collect())
    }

    /// Our check run on `head`, if one exists (a retry or a re-run reuses it).
    pub async fn find_check_run(&self, repo: &RepoName, head: &CommitSha, name: &str) -> Result<Option<u64>, GitHubError> {
        #[derive(Deserialize)]
        struct Run {
            id: u64,
            name: String,
            app: Option<App>,
        }
        #[derive(Deserialize)]
        struct App {
            id: u64,
        }
        #[derive(Deserialize)]
        struct Runs {
            check_runs: Vec<Run>,
        }
        let app_id = self.gh.app_id();
        let url = format!("{}/commits/{}/check-runs?check_name={}&app_id={app_id}", repo_path(repo), encode(&head.0), encode(name));
        let runs: Runs = self.get(&url).await?.json(&url)?;
        Ok(runs.check_runs.into_iter().find(|r| r.name == name && r.app.as_ref().is_none_or(|a| a.id == app_id)).map(|r| r.id))
    }

    pub async fn create_check_run(&self, repo: &RepoName, head: &CommitSha, name: &str) -> Result<u64, GitHubError> {
        #[derive(Deserialize)]
        struct Created {
            id: u64,
        }
        let url = format!("{}/check-runs", repo_path(repo));
        let body = json!({"name": name, "head_sha": head.0, "status": "in_progress", "started_at": super::time::format(std::time::SystemTime::now())});
        Ok(self.write(Method::POST, &url, body).await?.json::<Created>(&url)?.id)
    }

    pub async fn restart_check_run(&self, repo: &RepoName, id: u64) -> Result<(), GitHubError> {
        let url = format!("{}/check-runs/{id}", repo_path(repo));
        self.write(Method::PATCH, &url, json!({"status": "in_progress"})).await.map(drop)
    }

    /// Completes the check run. GitHub takes 50 annotations per request, so
    /// the rest follow in further updates of the same run.
    pub async fn complete_check_run(&self, repo: &RepoName, id: u64, conclusion: Conclusion, output: CheckOutput) -> Result<(), GitHubError> {
        let url = format!("{}/check-runs/{id}", repo_path(repo));
        let mut batches: Vec<Vec<Annotation>> = output.annotations.chunks(50).map(<[Annotation]>::to_vec).collect();
        if batches.is_empty() {
            batches.push(Vec::new());
        }
        for (i, batch) in batches.into_iter().enumerate() {
            let mut out = json!({"title": output.title, "summary": output.summary, "annotations": batch.iter().map(annotation_json).collect::<Vec<_>>()});
            if let Some(text) = &output.text {
                out["text"] = json!(text);
            }
            let mut body = json!({"output": out});
            if i == 0 {
                body["status"] = json!("completed");
                body["conclusion"] = json!(conclusion.as_str());
                body["completed_at"] = json!(super::time::format(std::time::SystemTime::now()));
            }
            self.write(Method::PATCH, &url, body).await?;
        }
        Ok(())
    }

    /// Posts one review with inline comments placed by `line`/`side` (octocrab's
    /// typed call cannot carry them, so this is our own JSON).
    /// `event` is `COMMENT` or `REQUEST_CHANGES`.
    pub async fn create_review(&self, repo: &RepoName, pr: PrNumber, commit: &CommitSha, body: &str, comments: &[NewReviewComment], event: &str) -> Result<(), GitHubError> {
        let url = format!("{}/pulls/{}/reviews", repo_path(repo), pr.0);
        let comments: Vec<Value> = comments.iter().map(review_comment_json).collect();
        self.write(Method::POST, &url, json!({"commit_id": commit.0, "body": body, "event": event, "comments": comments})).await.map(drop)
    }

    /// Posts a single review comment (used to isolate an anchor GitHub refuses).
    pub async fn create_review_comment(&self, repo: &RepoName, pr: PrNumber, commit: &CommitSha, comment: &NewReviewComment) -> Result<(), GitHubError> {
        let url = format!("{}/pulls/{}/comments", repo_path(repo), pr.0);
        let mut body = review_comment_json(comment);
        body["commit_id"] = json!(commit.0);
        self.write(Method::POST, &url, body).await.map(drop)
    }

    pub async fn review_comments(&self, repo: &RepoName, pr: PrNumber) -> Result<Vec<PostedReviewComment>, GitHubError> {
        #[derive(Deserialize)]
        struct Comment {
            id: u64,
            body: String,
            path: String,
            user: Option<User>,
            in_reply_to_id: Option<u64>,
        }
        let url = format!("{}/pulls/{}/comments", repo_path(repo), pr.0);
        let (comments, _): (Vec<Comment>, _) = self.list(&url, usize::MAX).await?;
        Ok(comments.into_iter().map(|c| PostedReviewComment { id: c.id, body: c.body, path: c.path, author: c.user.map(|u| u.login).unwrap_or_default(), in_reply_to: c.in_reply_to_id }).collect())
    }

    pub async fn update_review_comment(&self, repo: &RepoName, id: u64, body: &str) -> Result<(), GitHubError> {
        let url = format!("{}/pulls/comments/{id}", repo_path(repo));
        self.write(Method::PATCH, &url, json!({"body": body})).await.map(drop)
    }

    pub async fn issue_comments(&self, repo: &RepoName, pr: PrNumber) -> Result<Vec<IssueComment>, GitHubError> {
        #[derive(Deserialize)]
        struct Comment {
            id: u64,
            #[serde(default)]
            body: String,
            user: Option<User>,
        }
        let url = format!("{}/issues/{}/comments", repo_path(repo), pr.0);
        let (comments, _): (Vec<Comment>, _) = self.list(&url, usize::MAX).await?;
        Ok(comments.into_iter().map(|c| IssueComment { id: c.id, body: c.body, author: c.user.map(|u| u.login).unwrap_or_default() }).collect())
    }

    pub async fn create_issue_comment(&self, repo: &RepoName, pr: PrNumber, body: &str) -> Result<(), GitHubError> {
        let url = format!("{}/issues/{}/comments", repo_path(repo), pr.0);
        self.write(Method::POST, &url, json!({"body": body})).await.map(drop)
    }

    pub async fn update_issue_comment(&self, repo: &RepoName, id: u64, body: &str) -> Result<(), GitHubError> {
        let url = format!("{}/issues/comments/{id}", repo_path(repo));
        self.write(Method::PATCH, &url, json!({"body": body})).await.map(drop)
    }
}

#[derive(Deserialize)]
struct User {
    login: String,
}

fn review_comment_json(c: &NewReviewComment) -> Value {
    let mut v = json!({"path": c.path, "body": c.body, "line": c.line, "side": "RIGHT"});
    if let Some(start) = c.start_line.filter(|s| *s < c.line) {
        v["start_line"] = json!(start);
        v["start_side"] = json!("RIGHT");
    }
    v
}

fn annotation_json(a: &Annotation) -> Value {
    json!({"path": a.path, "start_line": a.start_line, "end_line": a.end_line, "annotation_level": a.level, "title": a.title, "message": a.message})
}
