//! Lockfile and manifest parsers: text in, packages (with the line that pins
//! each) out. One module per family of formats.

mod jvm;
mod manifest;
mod misc;
mod npm;
mod python;

use std::collections::HashMap;

pub use manifest::declarations;

use super::Package;
use super::files::LockFormat;

/// A lockfile that cannot be read; the review says so instead of reporting no change.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{format} cannot be parsed: {message}")]
pub struct ParseError {
    pub format: &'static str,
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(format: LockFormat, message: impl ToString) -> ParseError {
        ParseError { format: format.name(), message: message.to_string() }
    }
}

/// The packages `text` pins, in file order, one entry per (name, version).
pub fn parse(format: LockFormat, text: &str) -> Result<Vec<Package>, ParseError> {
    let mut packages = match format {
        LockFormat::PackageLock => npm::package_lock(text)?,
        LockFormat::YarnLock => npm::yarn_lock(text),
        LockFormat::PnpmLock => npm::pnpm_lock(text)?,
        LockFormat::Requirements => python::requirements(text),
        LockFormat::PoetryLock => python::poetry_lock(text)?,
        LockFormat::UvLock => python::uv_lock(text)?,
        LockFormat::PipfileLock => python::pipfile_lock(text)?,
        LockFormat::CargoLock => misc::cargo_lock(text)?,
        LockFormat::GoMod => misc::go_mod(text),
        LockFormat::GemfileLock => misc::gemfile_lock(text),
        LockFormat::ComposerLock => misc::composer_lock(text)?,
        LockFormat::PomXml => jvm::pom_xml(text)?,
        LockFormat::GradleCatalog => jvm::version_catalog(text)?,
        LockFormat::NugetLock => misc::nuget_lock(text)?,
    };
    let mut seen = std::collections::HashSet::new();
    packages.retain(|p| seen.insert((p.name.clone(), p.version.clone())));
    // Formats whose entries start on a line of their own (a key, a table
    // header) state the version further down.
    let entry_then_version = !matches!(format, LockFormat::PnpmLock | LockFormat::Requirements | LockFormat::GoMod | LockFormat::GemfileLock | LockFormat::GradleCatalog | LockFormat::PomXml);
    if entry_then_version {
        let lines: Vec<&str> = text.lines().collect();
        for p in &mut packages {
            p.line = version_line(&lines, p.line, &p.version);
        }
    }
    Ok(packages)
}

/// Lines an entry may span before its version line.
const ENTRY_LINES: usize = 40;

/// The line that states the version, at or after the entry's first line: a
/// review comment belongs where the diff changes the version (`"version":
/// "4.17.20"`), not on the entry's key, which a bump leaves alone.
fn version_line(lines: &[&str], entry: usize, version: &str) -> usize {
    let window = || lines.iter().enumerate().skip(entry.saturating_sub(1)).take(ENTRY_LINES);
    let states = |line: &str| {
        line.match_indices(version).any(|(at, _)| {
            let before = line[..at].chars().next_back();
            let after = line[at + version.len()..].chars().next();
            let bounded = |c: Option<char>| c.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+'));
            bounded(before) && bounded(after)
        })
    };
    window().find(|(_, l)| (l.contains("version") || l.contains("resolved")) && states(l)).or_else(|| window().find(|(_, l)| states(l))).map_or(entry, |(n, _)| n + 1)
}

/// The line of each object-valued JSON key (`"key": {`), first occurrence,
/// found in one pass: serde_json keeps no positions.
pub(crate) fn json_object_key_lines(text: &str) -> HashMap<&str, usize> {
    let mut lines = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix('"') else { continue };
        let Some(end) = rest.find('"') else { continue };
        let after = rest[end + 1..].trim_start();
        if after.starts_with(':') && after[1..].trim_start().starts_with('{') {
            lines.entry(&rest[..end]).or_insert(n + 1);
        }
    }
    lines
}

/// The lines of each `[[package]]` header in a TOML lockfile, in order.
pub(crate) fn toml_array_headers(text: &str, header: &str) -> Vec<usize> {
    text.lines().enumerate().filter(|(_, l)| l.trim() == header).map(|(n, _)| n + 1).collect()
}

pub(crate) fn str_field<'a>(value: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(|v| v.as_str())
}
