//! The dependency review of a change: package changes per file, and the
//! findings `dependency/vulnerable`, `dependency/downgraded`,
//! `dependency/lockfile-not-updated` and `dependency/license`.

use std::collections::{HashMap, HashSet};

use super::changes::{Change, ChangeKind, diff};
use super::cvss::Level;
use super::files::{Manifest, classify, sibling_lockfiles};
use super::osv::AdvisoryIndex;
use super::parse::{ParseError, declarations, parse};
use crate::analysis::change::settings::{ChangeCheck, PathFilter, path_allowed};
use crate::analysis::finding::{Finding, LineContext, Position, Severity, fingerprint};

pub const VULNERABLE: &str = "dependency/vulnerable";
pub const DOWNGRADED: &str = "dependency/downgraded";
pub const LOCKFILE_NOT_UPDATED: &str = "dependency/lockfile-not-updated";
pub const LICENSE: &str = "dependency/license";

/// The tag of every dependency check: `rules.disable: [dependencies]` turns them all off.
pub const DEPENDENCY_TAG: &str = "dependencies";

/// The dependency checks. To the config they are rules like any other: their
/// ids and tag select them in `rules`, `rules.severity` grades them and
/// `paths.rules` limits them by path.
pub const DEPENDENCY_CHECKS: [ChangeCheck; 4] = [
    ChangeCheck {
        id: VULNERABLE,
        tag: DEPENDENCY_TAG,
        default_severity: Severity::Error,
        what: "a version the change adds or moves to is affected by a known OSV advisory (error at high or critical CVSS severity, warning below, unless `rules.severity` sets one)",
    },
    ChangeCheck { id: DOWNGRADED, tag: DEPENDENCY_TAG, default_severity: Severity::Warning, what: "a package moved to a lower version" },
    ChangeCheck { id: LOCKFILE_NOT_UPDATED, tag: DEPENDENCY_TAG, default_severity: Severity::Warning, what: "a manifest's dependencies changed while its lockfile did not" },
    ChangeCheck { id: LICENSE, tag: DEPENDENCY_TAG, default_severity: Severity::Error, what: "a package whose stated licence `dependencies.licenses` does not allow" },
];

/// Which dependency checks run, at what severity, on which paths: compiled
/// from the repo config's `rules` and `paths.rules` (`config::repo::checks`).
#[derive(Clone, Debug)]
pub struct DependencyChecks {
    /// Enabled checks; `Some` is the severity the config sets, `None` the check's own.
    pub levels: HashMap<&'static str, Option<Severity>>,
    pub paths: HashMap<&'static str, PathFilter>,
}

impl Default for DependencyChecks {
    fn default() -> Self {
        DependencyChecks { levels: DEPENDENCY_CHECKS.iter().map(|c| (c.id, None)).collect(), paths: HashMap::new() }
    }
}

impl DependencyChecks {
    /// Drops the findings of checks turned off or filtered out by path, and
    /// sets the severity the config gives.
    fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| {
                let level = self.levels.get(f.rule_id.as_str())?;
                if !path_allowed(self.paths.get(f.rule_id.as_str()), &f.path) {
                    return None;
                }
                if let Some(severity) = level {
                    f.severity = *severity;
                }
                Some(f)
            })
            .collect()
    }
}

/// One dependency file at both ends of the change (`None`: absent on that side).
pub struct FileVersions<'a> {
    pub path: &'a str,
    pub base: Option<&'a str>,
    pub head: Option<&'a str>,
}

/// `dependencies.licenses` compiled: the licence ids each list names.
#[derive(Clone, Debug, Default)]
pub struct LicensePolicy {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
}

impl LicensePolicy {
    /// Each entry is an SPDX id or expression; the ids it names are collected.
    pub fn new(allow: &[String], deny: &[String]) -> Result<LicensePolicy, String> {
        let ids = |list: &[String]| -> Result<Vec<String>, String> {
            let mut out = Vec::new();
            for entry in list {
                let expr = spdx::Expression::parse_mode(entry, spdx::ParseMode::LAX).map_err(|e| format!("`{entry}` is not an SPDX licence expression: {e}"))?;
                out.extend(expr.requirements().map(|r| r.req.license.to_string()));
            }
            Ok(out)
        };
        Ok(LicensePolicy { allow: ids(allow)?, deny: ids(deny)? })
    }

    pub fn is_empty(&self) -> bool {
        self.allow.is_empty() && self.deny.is_empty()
    }

    /// `Ok` when some choice the expression offers uses only allowed,
    /// not denied licences; else why not.
    pub fn check(&self, license: &str) -> Result<(), String> {
        let expr = spdx::Expression::parse_mode(license, spdx::ParseMode::LAX).map_err(|_| format!("its licence `{license}` is not an SPDX expression, so it cannot be checked against the policy"))?;
        let ok = |req: &spdx::LicenseReq| {
            let id = req.license.to_string();
            !self.deny.contains(&id) && (self.allow.is_empty() || self.allow.contains(&id))
        };
        if expr.evaluate(ok) {
            return Ok(());
        }
        let denied: Vec<String> = expr.requirements().map(|r| r.req.license.to_string()).filter(|id| self.deny.contains(id)).collect();
        Err(match denied.is_empty() {
            true => format!("its licence `{license}` is not in `dependencies.licenses.allow`"),
            false => format!("its licence `{license}` is denied by `dependencies.licenses.deny` ({})", denied.join(", ")),
        })
    }
}

/// The dependency review of one change.
#[derive(Debug, Default)]
pub struct DependencyReport {
    pub changes: Vec<Change>,
    pub findings: Vec<Finding>,
    /// Files that could not be parsed: their changes are unknown, not "none".
    pub unreadable: Vec<(String, ParseError)>,
    /// How many advisories were consulted; `None` when no database was given.
    pub advisories: Option<usize>,
}

/// Reviews the dependency files of a change. `changed`: every path the change
/// touches; `lockfile_exists`: whether a path exists at head (for manifests
/// whose lockfile did not change).
pub fn review(
    files: &[FileVersions<'_>],
    changed: &HashSet<String>,
    lockfile_exists: &dyn Fn(&str) -> bool,
    advisories: Option<&AdvisoryIndex>,
    licenses: &LicensePolicy,
    checks: &DependencyChecks,
) -> DependencyReport {
    let mut report = DependencyReport { advisories: advisories.map(|a| a.records), ..DependencyReport::default() };
    for file in files {
        let Some(kind) = classify(file.path) else { continue };
        if let Some(format) = kind.lock {
            let parsed = |text: Option<&str>| text.map(|t| parse(format, t)).transpose().map(Option::unwrap_or_default);
            match (parsed(file.base), parsed(file.head)) {
                (Ok(base), Ok(head)) => {
                    let changes = diff(file.path, &base, &head);
                    let text = file.head.unwrap_or("");
                    for change in &changes {
                        report.findings.extend(change_findings(change, text, advisories, licenses));
                    }
                    report.changes.extend(changes);
                }
                (Err(e), _) | (_, Err(e)) => report.unreadable.push((file.path.to_string(), e)),
            }
        }
        if let (Some(manifest), Some(head)) = (kind.manifest, file.head) {
            report.findings.extend(lockfile_not_updated(file.path, manifest, file.base, head, changed, lockfile_exists));
        }
    }
    report.findings = checks.apply(std::mem::take(&mut report.findings));
    report
}

fn change_findings(change: &Change, text: &str, advisories: Option<&AdvisoryIndex>, licenses: &LicensePolicy) -> Vec<Finding> {
    let (Some(version), Some(line)) = (&change.to, change.line) else { return Vec::new() };
    let mut out = Vec::new();
    let package = super::Package { ecosystem: change.ecosystem, name: change.name.clone(), version: version.clone(), direct: change.direct, line, license: change.license.clone() };
    if let Some(index) = advisories {
        let hits = index.matches(&package);
        if !hits.is_empty() {
            let worst = hits.iter().filter_map(|h| h.rating.as_ref()).map(|r| r.level).max();
            let severity = if worst >= Some(Level::High) { Severity::Error } else { Severity::Warning };
            let ids: Vec<String> = hits.iter().map(|h| h.advisory.ids()).collect();
            let message = format!("`{}` {version} has {} known vulnerabilit{}: {}", change.name, hits.len(), if hits.len() == 1 { "y" } else { "ies" }, ids.join("; "));
            let mut note = String::new();
            for hit in &hits {
                let rating = hit.rating.as_ref().map_or("severity not rated".to_string(), |r| r.to_string());
                note.push_str(&format!(
                    "- **{}** ({}): {}. Affected: {}. Severity: {rating}. {}\n",
                    hit.advisory.id,
                    hit.advisory.aliases.join(", "),
                    hit.advisory.summary.as_deref().unwrap_or("no summary"),
                    hit.range,
                    match &hit.fixed {
                        Some(fixed) => format!("Fixed in {fixed}."),
                        None => "No fixed version is published.".to_string(),
                    }
                ));
            }
            let fixes: Vec<&String> = hits.iter().filter_map(|h| h.fixed.as_ref()).collect();
            let highest = fixes.iter().copied().max_by(|a, b| super::version::compare(change.ecosystem, a, b).unwrap_or(std::cmp::Ordering::Equal));
            match highest {
                Some(fixed) if fixes.len() == hits.len() => note.push_str(&format!("\nUpgrade `{}` to {fixed} or later.", change.name)),
                Some(fixed) => note.push_str(&format!("\n{fixed} fixes some of these; the others have no fixed version: consider replacing `{}`.", change.name)),
                None => note.push_str(&format!("\nNo fixed version is published: consider replacing `{}`.", change.name)),
            }
            out.push(finding(VULNERABLE, severity, &change.path, line, text, message, note, &change.name));
        }
    }
    if change.kind == ChangeKind::Downgraded {
        let message = format!("`{}` is downgraded from {} to {version}", change.name, change.from.as_deref().unwrap_or("?"));
        let note = "A lower version can bring back bugs and vulnerabilities fixed since; if the downgrade is on purpose (a regression in the newer version), say why in the pull request.".to_string();
        out.push(finding(DOWNGRADED, Severity::Warning, &change.path, line, text, message, note, &change.name));
    }
    if let (Some(license), false) = (&change.license, licenses.is_empty())
        && let Err(why) = licenses.check(license)
    {
        let message = format!("`{}` {version}: {why}", change.name);
        let note = "The repository config's `dependencies.licenses` lists the licences the project accepts. Replace the package, or change the policy if the licence is acceptable.".to_string();
        out.push(finding(LICENSE, Severity::Error, &change.path, line, text, message, note, &change.name));
    }
    out
}

fn lockfile_not_updated(path: &str, manifest: Manifest, base: Option<&str>, head: &str, changed: &HashSet<String>, lockfile_exists: &dyn Fn(&str) -> bool) -> Option<Finding> {
    let after = declarations(manifest, head)?;
    let before = base.and_then(|b| declarations(manifest, b)).unwrap_or_default();
    let first_changed = after.iter().find(|(k, v)| before.get(*k) != Some(*v)).map(|(k, _)| k.clone()).or_else(|| before.keys().find(|k| !after.contains_key(*k)).cloned())?;
    let lockfiles = sibling_lockfiles(path, manifest);
    if lockfiles.iter().any(|l| changed.contains(l)) {
        return None;
    }
    let existing: Vec<&String> = lockfiles.iter().filter(|l| lockfile_exists(l)).collect();
    let lockfile = existing.first()?;
    // The declaration's name is the last part of its key (`dependencies.serde`, `require.vendor/pkg`).
    let name = first_changed.rsplit(['.', '[']).next().unwrap_or(&first_changed).trim_matches([']', '"']);
    let line = head.lines().position(|l| l.contains(name)).map_or(1, |n| n + 1);
    let message = format!("the dependencies in `{path}` changed but `{lockfile}` did not");
    let note = format!(
        "Builds install what `{lockfile}` pins, so the change to `{path}` has no effect there (or fails a frozen install). Run the package manager's install or update and commit the lockfile with the manifest."
    );
    Some(finding(LOCKFILE_NOT_UPDATED, Severity::Warning, path, line, head, message, note, path))
}

#[allow(clippy::too_many_arguments)]
fn finding(rule: &str, severity: Severity, path: &str, line: usize, text: &str, message: String, note: String, identity: &str) -> Finding {
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let indent = line_text.len() - line_text.trim_start().len();
    Finding {
        rule_id: rule.to_string(),
        severity,
        path: path.to_string(),
        start: Position { line, column: indent + 1 },
        end: Position { line, column: line_text.chars().count() + 1 },
        message,
        note: Some(note),
        fix: None,
        tags: vec!["dependencies".to_string()],
        fingerprint: fingerprint(rule, path, identity, 0),
        context: LineContext::new(line_text, indent + 1),
        trace: Vec::new(),
    }
}

/// The summary's table of changes, Markdown; empty when nothing changed.
pub fn changes_table(report: &DependencyReport) -> String {
    let mut out = String::new();
    if !report.changes.is_empty() {
        out.push_str("| package | change | from | to | direct | file |\n| --- | --- | --- | --- | --- | --- |\n");
        for c in &report.changes {
            let direct = match c.direct {
                Some(true) => "yes",
                Some(false) => "no",
                None => "?",
            };
            out.push_str(&format!("| `{}` ({}) | {} | {} | {} | {direct} | `{}` |\n", c.name, c.ecosystem, c.kind.as_str(), c.from.as_deref().unwrap_or("—"), c.to.as_deref().unwrap_or("—"), c.path));
        }
    }
    for (path, error) in &report.unreadable {
        out.push_str(&format!("\n⚠️ `{path}`: {error}; its dependency changes are not known.\n"));
    }
    out
}
