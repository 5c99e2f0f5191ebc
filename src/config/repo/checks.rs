//! How `rules` and `paths.rules` select and grade the built-in checks (the
//! pull-request, architecture and dependency checks): by id or tag in
//! `enable`/`disable`, `severity` by id then tag, a path filter per id; the
//! same selection as rule files get in [`RepoConfig::apply`](super::RepoConfig::apply).

use std::collections::HashMap;

use crate::analysis::change::settings::{CHANGE_CHECKS, ChangeCheck, PathFilter};
use crate::analysis::deps::review::{DEPENDENCY_CHECKS, DependencyChecks};
use crate::analysis::finding::Severity;

use super::{RepoConfigFile, globset};

/// The enabled checks among `checks`, each with the severity the config sets
/// (`None`: the check's own), and the path filters of those that have one.
pub fn select(file: &RepoConfigFile, checks: &[ChangeCheck]) -> (HashMap<&'static str, Option<Severity>>, HashMap<&'static str, PathFilter>) {
    let rules = &file.rules;
    let mut levels = HashMap::new();
    let mut paths = HashMap::new();
    for check in checks {
        let selects = |s: &String| s == check.id || s == check.tag;
        let enabled = (rules.enable.is_empty() || rules.enable.iter().any(selects)) && !rules.disable.iter().any(selects);
        if enabled {
            levels.insert(check.id, rules.severity.get(check.id).or_else(|| rules.severity.get(check.tag)).copied());
        }
        if let Some(filter) = file.paths.rules.get(check.id) {
            paths.insert(check.id, (globset(&filter.include), globset(&filter.exclude)));
        }
    }
    (levels, paths)
}

/// The dependency review's checks as the config selects them.
pub fn dependency_checks(file: &RepoConfigFile) -> DependencyChecks {
    let (levels, paths) = select(file, &DEPENDENCY_CHECKS);
    DependencyChecks { levels, paths }
}

/// A check no rule file defines, as `rules list`, `rules show`,
/// `@techlead explain`, SARIF and the rule catalogue show it.
#[derive(Clone, Copy, Debug)]
pub struct BuiltinCheck {
    pub id: &'static str,
    /// The tag that selects the check's whole family in `rules`.
    pub tag: &'static str,
    pub default_severity: Severity,
    /// What it reports.
    pub what: &'static str,
    /// Which family it belongs to and the config that tunes it.
    pub family: &'static str,
}

/// Every built-in check: the metric checks of the quality gate, the checks of
/// the pull request as a whole, and the dependency checks.
pub fn builtin_checks() -> Vec<BuiltinCheck> {
    let metrics = super::METRIC_RULES.iter().map(|m| BuiltinCheck {
        id: m.id,
        tag: super::METRIC_TAG,
        default_severity: Severity::Warning,
        what: m.what,
        family: "metric check of the quality gate; its limit is under `gate.thresholds`",
    });
    let change = CHANGE_CHECKS.iter().map(|c| BuiltinCheck {
        id: c.id,
        tag: c.tag,
        default_severity: c.default_severity,
        what: c.what,
        family: "check of the pull request as a whole (`scan --diff` and the review); tuned under `pr:` and `architecture:`",
    });
    let deps = DEPENDENCY_CHECKS.iter().map(|c| BuiltinCheck {
        id: c.id,
        tag: c.tag,
        default_severity: c.default_severity,
        what: c.what,
        family: "dependency check of lockfiles and manifests (`scan --advisories`/`--diff` and the review); tuned under `dependencies:`",
    });
    metrics.chain(change).chain(deps).collect()
}

/// The built-in check with this id.
pub fn builtin_check(id: &str) -> Option<BuiltinCheck> {
    builtin_checks().into_iter().find(|c| c.id == id)
}

/// How a built-in check reads in `rules show` and `@techlead explain`
/// (Markdown-friendly plain text).
pub fn describe(check: &BuiltinCheck) -> String {
    format!(
        "It reports {}.\n\nA built-in {}. `rules.enable`/`rules.disable` select it by its id or its tag `{}`, `rules.severity` changes its severity (default: {}), `paths.rules` limits it by path.",
        check.what, check.family, check.tag, check.default_severity
    )
}
