//! Which files a scan reads and how: the walk, the sniff for binaries, the
//! skips, and one file's scan.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::bail;

use crate::analysis::budget::Deadline;
use crate::analysis::engine::Engine;
use crate::analysis::file_policy::{self, FilePolicy, SkipReason};
use crate::analysis::finding::Finding;
use crate::analysis::language::Lang;
use crate::analysis::metrics::{self, FileMetrics};
use crate::cli::local_config::RepoRoot;
use crate::cli::output::Skipped;

pub(super) enum FileOutcome {
    Scanned {
        findings: Vec<Finding>,
        parsed: bool,
        metrics: Option<(String, FileMetrics)>,
    },
    /// A source file that was not scanned: listed, since its findings are missing.
    Skipped(Skipped),
    /// A file of no known language that was not scanned (images, archives,
    /// data): only the text rules would have read it, so it is counted by
    /// reason rather than listed, which would bury the report.
    Counted(String),
    Unsupported,
}

/// Bytes read first to tell binary files (a NUL byte, as git decides) and to
/// find a `#!` line, before reading a whole file.
const SNIFF_BYTES: u64 = 8 * 1024;

/// What every file of a scan shares.
pub(super) struct ScanSettings<'a> {
    pub engine: &'a Engine<'a>,
    pub policy: &'a FilePolicy,
    pub max_size: u64,
    pub measure: bool,
    /// The time budget per file.
    pub timeout: Duration,
    /// The repository root the config's paths are relative to.
    pub root: Option<RepoRoot>,
}

pub(super) fn scan_file(settings: &ScanSettings, path: &Path) -> FileOutcome {
    let (engine, max_size, measure) = (settings.engine, settings.max_size, settings.measure);
    let shown = display_path(path);
    // Decide from the name first, so files no rule looks at are never read.
    let by_name = Lang::detect(path, b"");
    if !engine.has_rules_for(by_name) && (by_name.is_some() || path.extension().is_some()) {
        return FileOutcome::Unsupported;
    }
    let in_repo = settings.root.as_ref().and_then(|root| root.relative(path)).unwrap_or_else(|| shown.clone());
    if let Some(reason) = settings.policy.skip_path(&in_repo) {
        return match by_name {
            Some(_) => FileOutcome::Skipped(Skipped { path: shown, reason: reason.to_string() }),
            None => FileOutcome::Counted(reason.to_string()),
        };
    }
    let cannot_read = |e: std::io::Error| FileOutcome::Skipped(Skipped { path: shown.clone(), reason: format!("cannot read: {e}") });
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return cannot_read(e),
    };
    let mut bytes = Vec::new();
    if let Err(e) = (&mut file).take(SNIFF_BYTES).read_to_end(&mut bytes) {
        return cannot_read(e);
    }
    let lang = by_name.or_else(|| Lang::detect(path, &bytes));
    if !engine.has_rules_for(lang) {
        return FileOutcome::Unsupported;
    }
    let skipped = |reason: String| match lang {
        Some(_) => FileOutcome::Skipped(Skipped { path: shown.clone(), reason }),
        None => FileOutcome::Counted(reason),
    };
    if bytes.contains(&0) {
        return skipped(SkipReason::Binary.to_string());
    }
    // One byte past the limit is enough to know the file is over it.
    match (&mut file).take(max_size.saturating_add(1).saturating_sub(bytes.len() as u64)).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > max_size => return skipped(SkipReason::TooLarge { limit: max_size }.to_string()),
        Ok(_) => {}
        Err(e) => return cannot_read(e),
    }
    let source = match file_policy::admit(&bytes) {
        Ok(source) => source,
        Err(reason) => return skipped(reason.to_string()),
    };
    let deadline = Deadline::after(settings.timeout);
    let measure = measure && lang.is_some_and(|l| metrics::support(l).functions);
    let (mut scan, metrics) = match engine.scan_within(&shown, &source, lang, measure, &deadline) {
        Ok(done) => done,
        Err(stopped) => return FileOutcome::Skipped(Skipped { path: shown, reason: stopped.to_string() }),
    };
    settings.policy.weigh(&in_repo, &mut scan.findings);
    FileOutcome::Scanned { findings: scan.findings, parsed: scan.parsed, metrics: metrics.map(|m| (shown, m)) }
}

/// The files under `paths`, and the directories that could not be read:
/// those are reported and skipped, the rest of the scan goes on.
pub(super) fn walk(paths: &[PathBuf]) -> anyhow::Result<(Vec<PathBuf>, Vec<Skipped>)> {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for root in paths {
        if !root.exists() {
            bail!("{} does not exist; pass files or directories that exist", root.display());
        }
        // Hidden files are scanned (`.env`, `.github/`), but not git's own directory.
        let walker = ignore::WalkBuilder::new(root).hidden(false).filter_entry(|e| e.file_name() != ".git").build();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => files.push(entry.into_path()),
                Ok(_) => {}
                Err(e) => {
                    let path = error_path(&e).unwrap_or(root);
                    // What went wrong, without the path the walker wraps around it.
                    let reason = e.io_error().map_or_else(|| e.to_string(), |io| io.kind().to_string());
                    unreadable.push(Skipped { path: display_path(path), reason: format!("cannot read: {reason}") });
                }
            }
        }
    }
    Ok((files, unreadable))
}

fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}

fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}
