//! OSV advisories (<https://ossf.github.io/osv-schema/>): the records, and
//! whether one affects a package version. Ranges follow the schema: events
//! sorted in the ecosystem's order (`SEMVER` ranges in SemVer's), a version is
//! affected from an `introduced` until a `fixed` (exclusive) or after a
//! `last_affected`; the `versions` list is matched as written.

mod index;

use std::cmp::Ordering;

use serde::Deserialize;

pub use index::{AdvisoryIndex, AdvisorySource, LoadError};

use super::cvss::{Level, Rating, rate_vector};
use super::version::{compare, lenient_semver};
use super::{Ecosystem, Package};

/// The parts of an OSV record techlead uses (`details` is left on disk).
#[derive(Debug, Deserialize)]
pub struct Advisory {
    pub id: String,
    #[serde(default)]
    pub withdrawn: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub severity: Vec<SeverityEntry>,
    #[serde(default)]
    pub affected: Vec<Affected>,
    #[serde(default)]
    pub database_specific: Option<DatabaseSpecific>,
}

#[derive(Debug, Deserialize)]
pub struct SeverityEntry {
    #[serde(rename = "type")]
    pub kind: String,
    pub score: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct DatabaseSpecific {
    #[serde(default)]
    pub severity: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
pub struct Affected {
    #[serde(default)]
    pub package: Option<AffectedPackage>,
    #[serde(default)]
    pub ranges: Vec<Range>,
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub severity: Vec<SeverityEntry>,
    #[serde(default)]
    pub database_specific: Option<DatabaseSpecific>,
    #[serde(default)]
    pub ecosystem_specific: Option<DatabaseSpecific>,
}

#[derive(Debug, Deserialize)]
pub struct AffectedPackage {
    pub ecosystem: String,
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct Range {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub events: Vec<RangeEvent>,
}

#[derive(Debug, Deserialize)]
pub struct RangeEvent {
    #[serde(default)]
    pub introduced: Option<String>,
    #[serde(default)]
    pub fixed: Option<String>,
    #[serde(default)]
    pub last_affected: Option<String>,
    #[serde(default)]
    pub limit: Option<String>,
}

/// One advisory that affects one package version.
#[derive(Clone, Debug)]
pub struct Hit<'a> {
    pub advisory: &'a Advisory,
    /// The affected range as the advisory states it, e.g. `>= 4.0.0, < 4.17.21`.
    pub range: String,
    /// The first fixed version above the affected one, if the advisory names one.
    pub fixed: Option<String>,
    /// `None` when neither a vector nor the database rates it.
    pub rating: Option<Rating>,
}

impl Advisory {
    /// Whether this advisory affects `package`, and how.
    pub fn affects(&self, package: &Package) -> Option<Hit<'_>> {
        if self.withdrawn.is_some() {
            return None;
        }
        let wanted = package.ecosystem.normalize_name(&package.name);
        for affected in &self.affected {
            let Some(p) = &affected.package else { continue };
            if Ecosystem::from_osv(&p.ecosystem) != Some(package.ecosystem) || package.ecosystem.normalize_name(&p.name) != wanted {
                continue;
            }
            if let Some((range, fixed)) = affected.matching_range(package.ecosystem, &package.version) {
                return Some(Hit { advisory: self, range, fixed, rating: self.rating(affected) });
            }
        }
        None
    }

    /// The top-level CVSS vector wins, then the affected entry's, then the database's word.
    fn rating(&self, affected: &Affected) -> Option<Rating> {
        let vectors = self.severity.iter().chain(&affected.severity);
        let best = vectors.filter(|s| s.kind.starts_with("CVSS_V")).filter_map(|s| rate_vector(&s.score)).max_by(|a, b| a.score.partial_cmp(&b.score).unwrap_or(Ordering::Equal));
        best.or_else(|| {
            let word =
                [&self.database_specific, &affected.database_specific, &affected.ecosystem_specific].into_iter().flatten().find_map(|d| d.severity.as_ref()?.as_str().and_then(Level::of_word))?;
            Some(Rating { level: word, score: None, source: "database".into() })
        })
    }

    /// `GHSA-…, CVE-…`: the id and its aliases.
    pub fn ids(&self) -> String {
        std::iter::once(&self.id).chain(&self.aliases).cloned().collect::<Vec<_>>().join(", ")
    }
}

impl Affected {
    fn matching_range(&self, ecosystem: Ecosystem, version: &str) -> Option<(String, Option<String>)> {
        let plain = version.trim().trim_start_matches('v');
        if self.versions.iter().any(|v| v == version || v.trim_start_matches('v') == plain) {
            let fixed = self.ranges.iter().find_map(|r| first_fixed_above(r, ecosystem, version));
            return Some((format!("listed versions include {version}"), fixed));
        }
        for range in &self.ranges {
            let order = match range.kind.as_str() {
                "SEMVER" => |_: Ecosystem, a: &str, b: &str| Some(lenient_semver(a)?.cmp_precedence(&lenient_semver(b)?)),
                "ECOSYSTEM" => compare,
                // GIT ranges name commits, which a lockfile version is not.
                _ => continue,
            };
            if range_affects(range, ecosystem, version, order) {
                return Some((describe(range), first_fixed_above(range, ecosystem, version)));
            }
        }
        None
    }
}

type Order = fn(Ecosystem, &str, &str) -> Option<Ordering>;

/// `0` is before every version.
fn event_cmp(order: Order, ecosystem: Ecosystem, a: &str, b: &str) -> Ordering {
    match (a == "0", b == "0") {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => order(ecosystem, a, b).unwrap_or(Ordering::Equal),
    }
}

fn event_version(e: &RangeEvent) -> Option<&str> {
    e.introduced.as_deref().or(e.fixed.as_deref()).or(e.last_affected.as_deref()).or(e.limit.as_deref())
}

/// The schema's evaluation: walk the events in version order, switching
/// "affected" on at an `introduced` at or below the version and off at a
/// `fixed` at or below it or a `last_affected` below it.
fn range_affects(range: &Range, ecosystem: Ecosystem, version: &str, order: Order) -> bool {
    if order(ecosystem, version, version).is_none() {
        return false;
    }
    let mut events: Vec<&RangeEvent> = range.events.iter().filter(|e| event_version(e).is_some()).collect();
    events.sort_by(|a, b| event_cmp(order, ecosystem, event_version(a).unwrap_or("0"), event_version(b).unwrap_or("0")));
    let mut affected = false;
    for e in events {
        let at = |v: &str| event_cmp(order, ecosystem, version, v);
        if let Some(introduced) = &e.introduced {
            if at(introduced) != Ordering::Less {
                affected = true;
            }
        } else if let Some(fixed) = &e.fixed {
            if at(fixed) != Ordering::Less {
                affected = false;
            }
        } else if let Some(last) = &e.last_affected
            && at(last) == Ordering::Greater
        {
            affected = false;
        }
    }
    affected
}

fn first_fixed_above(range: &Range, ecosystem: Ecosystem, version: &str) -> Option<String> {
    let mut fixes: Vec<&str> = range.events.iter().filter_map(|e| e.fixed.as_deref()).filter(|f| compare(ecosystem, f, version) == Some(Ordering::Greater)).collect();
    fixes.sort_by(|a, b| compare(ecosystem, a, b).unwrap_or(Ordering::Equal));
    fixes.first().map(|f| f.to_string())
}

/// `>= 1.0.0, < 1.2.3; >= 2.0.0, <= 2.0.4`
fn describe(range: &Range) -> String {
    let mut parts = Vec::new();
    let mut current = String::new();
    for e in &range.events {
        if let Some(v) = &e.introduced {
            if !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
            current = if v == "0" { "every version".to_string() } else { format!(">= {v}") };
        } else if let Some(v) = &e.fixed {
            current = if current == "every version" || current.is_empty() { format!("< {v}") } else { format!("{current}, < {v}") };
            parts.push(std::mem::take(&mut current));
        } else if let Some(v) = &e.last_affected {
            current = if current == "every version" || current.is_empty() { format!("<= {v}") } else { format!("{current}, <= {v}") };
            parts.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advisory(json: serde_json::Value) -> Advisory {
        serde_json::from_value(json).unwrap()
    }

    fn pkg(ecosystem: Ecosystem, name: &str, version: &str) -> Package {
        Package { ecosystem, name: name.into(), version: version.into(), direct: None, line: 1, license: None }
    }

    #[test]
    fn ranges_versions_and_withdrawn() {
        let a = advisory(serde_json::json!({
            "id": "TEST-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-2024-0001"],
            "affected": [{"package": {"ecosystem": "PyPI", "name": "Some_Package"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.0rc1"}, {"introduced": "2.0"}, {"last_affected": "2.1.post1"}]}],
                "versions": ["3.0"]}],
            "database_specific": {"severity": "HIGH"}
        }));
        let hit = |v: &str| a.affects(&pkg(Ecosystem::PyPI, "some-package", v)).map(|h| (h.range, h.fixed));
        assert_eq!(hit("0.9"), Some(("< 1.0rc1; >= 2.0, <= 2.1.post1".into(), Some("1.0rc1".into()))));
        assert_eq!(hit("1.0rc1"), None, "fixed is exclusive");
        assert_eq!(hit("1.0"), None);
        assert_eq!(hit("2.1.post1"), Some(("< 1.0rc1; >= 2.0, <= 2.1.post1".into(), None)), "last_affected is inclusive");
        assert_eq!(hit("2.1.post2"), None);
        assert_eq!(hit("3.0").map(|h| h.0), Some("listed versions include 3.0".into()));
        assert_eq!(a.affects(&pkg(Ecosystem::PyPI, "some-package", "0.1")).unwrap().rating.unwrap().level, Level::High);
        assert_eq!(a.affects(&pkg(Ecosystem::Npm, "some-package", "0.1")).map(|h| h.range), None, "other ecosystem");
        let withdrawn = advisory(serde_json::json!({"id": "TEST-2", "withdrawn": "2024-02-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": "npm", "name": "x"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}));
        assert!(withdrawn.affects(&pkg(Ecosystem::Npm, "x", "1.0.0")).is_none());
    }
}
