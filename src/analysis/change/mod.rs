//! The pull request as a whole: a walkthrough (areas, kinds, size, effort,
//! risks, owners) and the checks a technical lead makes beyond single lines
//! (tests, size, changelog, public API, architecture, ownership).
//!
//! Pure: the review and `techlead scan --diff` gather the same inputs (the
//! changed files with their diffs and texts, the repository's file list,
//! `CODEOWNERS`, the labels) and call [`assess`], so both report the same.

pub mod architecture;
pub mod checks;
pub mod codeowners;
pub mod imports;
pub mod kinds;
pub mod render;
pub mod resolve;
pub mod settings;
pub mod symbols;
mod syntax;
pub mod walkthrough;

use std::path::Path;

use crate::analysis::diff::{ChangedLines, parse_patch};
use crate::analysis::finding::Finding;
use crate::analysis::language::Lang;
use crate::analysis::metrics::FileMetrics;
use codeowners::CodeOwners;
use resolve::RepoIndex;
use settings::ChangeSettings;
pub use walkthrough::Walkthrough;

/// What happened to a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Added,
    Modified,
    Removed,
    Renamed,
}

impl FileStatus {
    /// GitHub's `status` of a pull request file (`copied` and `changed` are modifications).
    pub fn from_github(status: &str) -> FileStatus {
        match status {
            "added" => FileStatus::Added,
            "removed" => FileStatus::Removed,
            "renamed" => FileStatus::Renamed,
            _ => FileStatus::Modified,
        }
    }
}

/// One changed file, as the review or the CLI found it.
#[derive(Clone, Debug)]
pub struct ChangedFile {
    pub path: String,
    /// The path at the base, for a rename.
    pub previous_path: Option<String>,
    pub status: FileStatus,
    /// Lines added and removed; `None` when the diff is not known (binary, too large).
    pub lines: Option<(u64, u64)>,
    /// The lines the diff adds, when it is known.
    pub added_lines: Option<ChangedLines>,
    /// The text at the head, when it was read (see [`needs_head`]).
    pub head: Option<String>,
    /// The text at the base, when it was read (see [`needs_base`]).
    pub base: Option<String>,
    /// Function metrics at the base and head, when the file has them.
    pub metrics: Option<(Option<FileMetrics>, FileMetrics)>,
}

impl ChangedFile {
    /// A file from a unified-diff patch (GitHub's `patch`, or one file's part of `git diff`).
    pub fn from_patch(path: &str, previous_path: Option<&str>, status: FileStatus, patch: Option<&str>) -> ChangedFile {
        ChangedFile {
            path: path.to_string(),
            previous_path: previous_path.map(str::to_string),
            status,
            lines: patch.map(line_counts),
            added_lines: patch.map(parse_patch),
            head: None,
            base: None,
            metrics: None,
        }
    }

    pub fn lang(&self) -> Option<Lang> {
        Lang::detect(Path::new(&self.path), self.head.as_deref().unwrap_or_default().as_bytes())
    }

    /// The path at the base commit.
    pub fn base_path(&self) -> &str {
        self.previous_path.as_deref().unwrap_or(&self.path)
    }
}

/// Lines added and removed by one file's patch.
pub fn line_counts(patch: &str) -> (u64, u64) {
    let mut counts = (0, 0);
    for line in patch.lines() {
        if line.starts_with("+++") || line.starts_with("---") {
            continue;
        }
        match line.as_bytes().first() {
            Some(b'+') => counts.0 += 1,
            Some(b'-') => counts.1 += 1,
            _ => {}
        }
    }
    counts
}

/// Whether the checks need a file's head text: source whose public symbols
/// or imports are read, and any file that may have gained a generator marker.
pub fn needs_head(file: &ChangedFile) -> bool {
    file.status != FileStatus::Removed
}

/// Whether the checks need a file's base text: for files whose public API
/// is read, when the head is gone or the diff touches it (a removed line, or
/// an added line inside a public signature); and for a file whose head is
/// generated, to tell whether the marker is new.
pub fn needs_base(file: &ChangedFile, settings: &ChangeSettings) -> bool {
    if file.status == FileStatus::Added {
        return false;
    }
    if let Some(head) = &file.head
        && file.status != FileStatus::Removed
        && crate::analysis::file_policy::has_generator_marker(head)
    {
        return true;
    }
    let Some(lang) = Lang::detect(Path::new(file.base_path()), b"") else { return false };
    if symbols::syntax_of(lang).is_none() || settings.is_test(&file.path) || settings.severity(settings::BREAKING_CHANGE).is_none() {
        return false;
    }
    match (&file.head, &file.lines, &file.added_lines) {
        (None, _, _) | (_, None, _) | (_, _, None) => true,
        (Some(_), Some((_, removed)), _) if *removed > 0 => true,
        (Some(head), _, Some(added)) => symbols::public_symbols(lang, head).iter().any(|s| added.is_added(s.line)),
    }
}

/// What the repository holds besides the change.
#[derive(Debug, Default)]
pub struct RepoFacts {
    /// Every file at the head commit (for import resolution and the changelog);
    /// `None` when it could not be listed.
    pub files: Option<RepoIndex>,
    pub codeowners: Option<CodeOwners>,
    /// The pull request's labels; `None` when there is no pull request (`scan --diff`).
    pub labels: Option<Vec<String>>,
}

/// The walkthrough and the findings of one change.
#[derive(Debug, Clone)]
pub struct ChangeReport {
    pub walkthrough: Walkthrough,
    /// Findings on a line the change added: they can be commented inline.
    pub on_lines: Vec<Finding>,
    /// Findings about the change as a whole (or on lines it did not add).
    pub on_change: Vec<Finding>,
}

impl ChangeReport {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.on_lines.iter().chain(&self.on_change)
    }
}

/// The walkthrough and checks of a change.
pub fn assess(files: &[ChangedFile], repo: &RepoFacts, settings: &ChangeSettings) -> ChangeReport {
    let facts = checks::Facts::gather(files, repo, settings);
    let walkthrough = walkthrough::build(files, repo, settings, &facts);
    let (on_lines, on_change) = checks::run(files, repo, settings, &facts, &walkthrough);
    ChangeReport { walkthrough, on_lines, on_change }
}
