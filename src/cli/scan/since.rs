//! `--diff BASE`: the lines a pull request from this work tree into BASE
//! would add, as git tells them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::analysis::diff::{ChangedLines, parse_git_diff};
use crate::analysis::finding::Finding;

/// The lines `--diff BASE` keeps, keyed by canonical path.
pub(super) struct AddedLines {
    changed: HashMap<PathBuf, ChangedLines>,
    /// Untracked (not ignored) files: new, so every line counts as added.
    untracked: HashSet<PathBuf>,
}

impl AddedLines {
    pub(super) fn contains(&self, finding: &Finding) -> bool {
        let Ok(path) = std::fs::canonicalize(&finding.path) else { return false };
        self.untracked.contains(&path) || self.changed.get(&path).is_some_and(|lines| lines.is_added(finding.start.line))
    }
}

/// What a pull request from this work tree into BASE would add: the diff from
/// `git merge-base BASE HEAD` (GitHub's three-dot diff, so commits that only
/// BASE has are not counted as ours) to the work tree, plus untracked files.
/// The options pin the output format against the user's git config
/// (`diff.noprefix`, `color.ui`, external diff drivers, `diff.relative`).
pub(super) fn added_lines_since(base: &str, scanned: &Path) -> anyhow::Result<AddedLines> {
    let dir = if scanned.is_dir() { scanned } else { scanned.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")) };
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"], base)?.trim());
    let merge_base = git(&top, &["merge-base", base, "HEAD"], base)?;
    let diff = git(&top, &["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/", "--unified=0", merge_base.trim(), "--"], base)?;
    let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"], base)?;
    let canonical = |path: &str| std::fs::canonicalize(top.join(path)).ok();
    Ok(AddedLines {
        changed: parse_git_diff(&diff).into_iter().filter_map(|(path, lines)| Some((canonical(&path)?, lines))).collect(),
        untracked: untracked.split('\0').filter(|p| !p.is_empty()).filter_map(canonical).collect(),
    })
}

pub(super) fn git(dir: &Path, args: &[&str], base: &str) -> anyhow::Result<String> {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output().context("--diff needs git, which cannot be run; install git or drop --diff")?;
    if !output.status.success() {
        bail!(
            "--diff {base}: `git {}` failed: {}; pass a branch, tag or commit of this repository that shares history with HEAD (in a shallow clone, fetch it first)",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
