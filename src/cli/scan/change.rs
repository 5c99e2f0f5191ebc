//! `scan --diff BASE`: the pull request this work tree would open into BASE,
//! as a whole. Gathers from git what the review gathers from GitHub (the
//! changed files with their diffs, the texts the checks read, the file list,
//! `CODEOWNERS`) and runs the same [`crate::analysis::change::assess`].

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::analysis::change::codeowners::{CODEOWNERS_PATHS, CodeOwners};
use crate::analysis::change::resolve::RepoIndex;
use crate::analysis::change::{self, ChangeReport, ChangedFile, FileStatus, RepoFacts};
use crate::analysis::file_policy;
use crate::analysis::language::Lang;
use crate::analysis::metrics;
use crate::cli::local_config::LocalConfig;
use crate::config::repo::change_settings;

/// The walkthrough and checks of the change from `git merge-base BASE HEAD`
/// to the work tree (untracked files included), for the repository holding `scanned`.
pub(super) fn assess_since(base: &str, scanned: &Path, local: Option<&LocalConfig>, max_file_size: u64) -> anyhow::Result<ChangeReport> {
    let dir = if scanned.is_dir() { scanned } else { scanned.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")) };
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"], base)?.trim());
    let merge_base = git(&top, &["merge-base", base, "HEAD"], base)?.trim().to_string();
    let settings = local.map(|l| change_settings(&l.config.file)).unwrap_or_default();
    let reviews = |path: &str| local.is_none_or(|l| l.config.reviews_path(path));
    let diff = git(&top, &["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "-M", "--src-prefix=a/", "--dst-prefix=b/", "--unified=0", &merge_base, "--"], base)?;
    let mut files: Vec<ChangedFile> = split_diff(&diff).into_iter().filter(|f| reviews(&f.path)).collect();
    let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"], base)?;
    for path in untracked.split('\0').filter(|p| !p.is_empty() && reviews(p)) {
        let text = std::fs::read_to_string(top.join(path)).ok();
        let patch = text.as_deref().map(|t| format!("@@ -0,0 +1,{} @@\n{}", t.lines().count(), t.lines().map(|l| format!("+{l}\n")).collect::<String>()));
        files.push(ChangedFile::from_patch(path, None, FileStatus::Added, patch.as_deref()));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for file in &mut files {
        if change::needs_head(file) {
            file.head = read_text(&top.join(&file.path), max_file_size);
        }
        if change::needs_base(file, &settings) {
            file.base = git_show(&top, &merge_base, file.base_path(), max_file_size);
        }
        file.metrics = measured(file);
    }
    let repo = repo_facts(&top, base)?;
    Ok(change::assess(&files, &repo, &settings))
}

/// Function metrics at the base and head, as the review measures them: for
/// files whose language has functions, that the file policy analyses.
fn measured(file: &ChangedFile) -> Option<(Option<metrics::FileMetrics>, metrics::FileMetrics)> {
    let head = file.head.as_deref()?;
    let lang = Lang::detect(Path::new(&file.path), head.as_bytes()).filter(|l| metrics::support(*l).functions)?;
    if file_policy::shape(head).is_some() {
        return None;
    }
    let before = match file.status {
        FileStatus::Added => None,
        _ => file.base.as_deref().map(|b| metrics::measure(lang, b)),
    };
    Some((before, metrics::measure(lang, head)))
}

/// The text of a file the checks may read: `None` when it is binary or over the size limit.
fn read_text(path: &Path, max_size: u64) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    text_of(bytes, max_size)
}

fn text_of(bytes: Vec<u8>, max_size: u64) -> Option<String> {
    if bytes.len() as u64 > max_size || bytes[..bytes.len().min(file_policy::BINARY_SNIFF_BYTES)].contains(&0) {
        return None;
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn git_show(top: &Path, commit: &str, path: &str, max_size: u64) -> Option<String> {
    let output = Command::new("git").arg("-C").arg(top).args(["show", &format!("{commit}:{path}")]).output().ok()?;
    output.status.success().then_some(output.stdout).and_then(|bytes| text_of(bytes, max_size))
}

/// The repository's files (tracked and untracked, not ignored) and its `CODEOWNERS`.
fn repo_facts(top: &Path, base: &str) -> anyhow::Result<RepoFacts> {
    let listed = git(top, &["ls-files", "--cached", "--others", "--exclude-standard", "-z"], base)?;
    let paths: Vec<&str> = listed.split('\0').filter(|p| !p.is_empty() && top.join(p).exists()).collect();
    let index = RepoIndex::new(paths.iter().copied());
    let codeowners = CODEOWNERS_PATHS.iter().find(|p| index.has_file(p)).and_then(|p| Some(CodeOwners::parse(p, &std::fs::read_to_string(top.join(p)).ok()?)));
    Ok(RepoFacts { files: Some(index), codeowners, labels: None })
}

/// One file's part of a `git diff` (with `-M`): its paths, status and hunks.
fn split_diff(diff: &str) -> Vec<ChangedFile> {
    let mut files = Vec::new();
    for chunk in diff.split("\ndiff --git ").map(|c| c.strip_prefix("diff --git ").unwrap_or(c)) {
        if chunk.trim().is_empty() {
            continue;
        }
        let header_end = chunk.find("\n@@").map_or(chunk.len(), |i| i + 1);
        let header = &chunk[..header_end];
        let line_value = |prefix: &str| header.lines().find_map(|l| l.strip_prefix(prefix)).map(str::to_string);
        let old = line_value("--- a/").or_else(|| line_value("rename from "));
        let new = line_value("+++ b/").or_else(|| line_value("rename to "));
        let (status, path, previous) = if header.contains("\nnew file mode") {
            (FileStatus::Added, new, None)
        } else if header.contains("\ndeleted file mode") {
            (FileStatus::Removed, old.clone(), None)
        } else if let (Some(from), Some(to)) = (line_value("rename from "), line_value("rename to ")) {
            (FileStatus::Renamed, Some(to), Some(from))
        } else {
            (FileStatus::Modified, new.or(old), None)
        };
        // Binary files (or a header-only diff such as a mode change) have no hunks.
        let Some(path) = path.or_else(|| chunk.lines().next().and_then(|l| l.split(" b/").nth(1)).map(str::to_string)) else { continue };
        let binary = header.contains("\nBinary files ");
        let patch = if binary { None } else { Some(chunk.get(header_end..).unwrap_or_default()) };
        files.push(ChangedFile::from_patch(&path, previous.as_deref(), status, patch));
    }
    files
}

fn git(dir: &Path, args: &[&str], base: &str) -> anyhow::Result<String> {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output().context("--diff needs git, which cannot be run; install git or drop --diff")?;
    if !output.status.success() {
        bail!("--diff {base}: `git {}` failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_git_diff_splits_into_files_with_their_status() {
        let diff = "diff --git a/src/a.py b/src/a.py\nindex 1..2 100644\n--- a/src/a.py\n+++ b/src/a.py\n@@ -1,0 +2,2 @@\n+x\n+y\ndiff --git a/new.py b/new.py\nnew file mode 100644\nindex 0..1\n--- /dev/null\n+++ b/new.py\n@@ -0,0 +1 @@\n+z\ndiff --git a/gone.py b/gone.py\ndeleted file mode 100644\nindex 1..0\n--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-w\ndiff --git a/old.py b/moved.py\nsimilarity index 100%\nrename from old.py\nrename to moved.py\ndiff --git a/logo.png b/logo.png\nindex 1..2 100644\nBinary files a/logo.png and b/logo.png differ\n";
        let files = split_diff(diff);
        let summary: Vec<(&str, FileStatus, Option<(u64, u64)>)> = files.iter().map(|f| (f.path.as_str(), f.status, f.lines)).collect();
        assert_eq!(
            summary,
            vec![
                ("src/a.py", FileStatus::Modified, Some((2, 0))),
                ("new.py", FileStatus::Added, Some((1, 0))),
                ("gone.py", FileStatus::Removed, Some((0, 1))),
                ("moved.py", FileStatus::Renamed, Some((0, 0))),
                ("logo.png", FileStatus::Modified, None),
            ]
        );
        assert_eq!(files[3].previous_path.as_deref(), Some("old.py"));
        assert!(files[0].added_lines.as_ref().unwrap().is_added(3));
    }
}
