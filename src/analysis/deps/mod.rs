//! Dependency review and coverage on new code: pure parsing, diffing and
//! matching. The CLI (`scan --diff`) and the pull-request review hand in file
//! texts; nothing here reads the network.
//!
//! - [`files`]: which paths are lockfiles or manifests (one policy for both callers).
//! - [`parse`]: lockfile and manifest parsers, one module per ecosystem family.
//! - [`changes`]: base → head package changes.
//! - [`version`]: each ecosystem's version order, for OSV ranges.
//! - [`osv`]: the advisories database on disk, indexed once, and range matching.
//! - [`cvss`]: severity from CVSS v3.1 / v4 vectors.
//! - [`review`]: changes + advisories + licence policy → findings.
//! - [`coverage`]: coverage reports and the coverage of added lines.

pub mod changes;
pub mod coverage;
pub mod cvss;
pub mod files;
pub mod osv;
pub mod parse;
pub mod review;
pub mod version;

use std::fmt;

/// A package registry, named as OSV names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ecosystem {
    Npm,
    PyPI,
    CratesIo,
    Go,
    RubyGems,
    Packagist,
    Maven,
    NuGet,
}

impl Ecosystem {
    pub const ALL: [Ecosystem; 8] = [Ecosystem::Npm, Ecosystem::PyPI, Ecosystem::CratesIo, Ecosystem::Go, Ecosystem::RubyGems, Ecosystem::Packagist, Ecosystem::Maven, Ecosystem::NuGet];

    /// The name in OSV records and in OSV's per-ecosystem archive URLs.
    pub fn osv_name(self) -> &'static str {
        match self {
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "PyPI",
            Ecosystem::CratesIo => "crates.io",
            Ecosystem::Go => "Go",
            Ecosystem::RubyGems => "RubyGems",
            Ecosystem::Packagist => "Packagist",
            Ecosystem::Maven => "Maven",
            Ecosystem::NuGet => "NuGet",
        }
    }

    /// OSV's ecosystem string; suffixed ones (`Debian:12`, `Maven:repo`) are
    /// matched on the part before the colon.
    pub fn from_osv(name: &str) -> Option<Ecosystem> {
        let base = name.split(':').next().unwrap_or(name);
        Ecosystem::ALL.into_iter().find(|e| e.osv_name().eq_ignore_ascii_case(base))
    }

    /// The package name as the registry compares names: PyPI folds case and
    /// `-_.` (PEP 503), NuGet, Packagist and crates.io fold case.
    pub fn normalize_name(self, name: &str) -> String {
        match self {
            Ecosystem::PyPI => {
                let mut out = String::with_capacity(name.len());
                let mut dash = false;
                for c in name.chars() {
                    if matches!(c, '-' | '_' | '.') {
                        dash = true;
                        continue;
                    }
                    if dash && !out.is_empty() {
                        out.push('-');
                    }
                    dash = false;
                    out.push(c.to_ascii_lowercase());
                }
                out
            }
            Ecosystem::NuGet | Ecosystem::Packagist | Ecosystem::CratesIo => name.to_ascii_lowercase(),
            Ecosystem::Npm | Ecosystem::Go | Ecosystem::RubyGems | Ecosystem::Maven => name.to_string(),
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.osv_name())
    }
}

/// One resolved (or pinned) package in a lockfile or manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    pub ecosystem: Ecosystem,
    pub name: String,
    pub version: String,
    /// `Some(true)` for a dependency the project declares, `Some(false)` for
    /// one pulled in by another; `None` when the format does not say.
    pub direct: Option<bool>,
    /// 1-based line of the entry that pins this version.
    pub line: usize,
    /// The licence the file states (SPDX expression), when it states one.
    pub license: Option<String>,
}

/// The 1-based line of byte offset `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The line of the first occurrence of `needle` at or after `from`, with its
/// byte offset; `None` when it does not occur.
pub(crate) fn find_line(text: &str, needle: &str, from: usize) -> Option<(usize, usize)> {
    let at = text.get(from..)?.find(needle)? + from;
    Some((line_of(text, at), at))
}
