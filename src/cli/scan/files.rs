//! Which files a scan reads and how: the walk, the sniff for binaries, the
//! skips, and one file's scan.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::analysis::engine::Engine;
use crate::analysis::finding::Finding;
use crate::analysis::language::Lang;
use crate::analysis::metrics::{self, FileMetrics};
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

pub(super) fn scan_file(engine: &Engine, path: &Path, max_size: u64, measure: bool) -> FileOutcome {
    let shown = display_path(path);
    // Decide from the name first, so files no rule looks at are never read.
    let by_name = Lang::detect(path, b"");
    if !engine.has_rules_for(by_name) && (by_name.is_some() || path.extension().is_some()) {
        return FileOutcome::Unsupported;
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
        return skipped("binary".to_string());
    }
    // One byte past the limit is enough to know the file is over it.
    match (&mut file).take(max_size.saturating_add(1).saturating_sub(bytes.len() as u64)).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > max_size => return skipped(format!("larger than {max_size} bytes")),
        Ok(_) => {}
        Err(e) => return cannot_read(e),
    }
    let Ok(source) = String::from_utf8(bytes) else {
        return skipped("not UTF-8 text".to_string());
    };
    if looks_minified(&source) {
        return skipped("minified".to_string());
    }
    if crate::analysis::generated::is_generated(&source) {
        return skipped("generated".to_string());
    }
    let (scan, metrics) = engine.scan_measured(&shown, &source, lang, measure && lang.is_some_and(|l| metrics::support(l).functions));
    FileOutcome::Scanned { findings: scan.findings, parsed: scan.parsed, metrics: metrics.map(|m| (shown, m)) }
}

/// Minified or generated one-line bundles: nobody reviews them line by line,
/// and every finding would point at the same giant line.
fn looks_minified(source: &str) -> bool {
    const MIN_BYTES: usize = 2048;
    const MAX_AVERAGE_LINE: usize = 300;
    source.len() >= MIN_BYTES && source.len() / (source.lines().count().max(1)) > MAX_AVERAGE_LINE
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
