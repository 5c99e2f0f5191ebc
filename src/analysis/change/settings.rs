//! The checks of a pull request as a whole, and the settings they run with,
//! compiled from the repo config's `pr:`, `architecture:` and `rules:`
//! (see `config::repo::pr`), so the analysis itself never reads YAML.

use std::collections::HashMap;

use globset::GlobSet;

use super::architecture::ArchitectureRule;
use crate::analysis::finding::Severity;

/// A check of the pull request as a whole, reported under a rule id of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeCheck {
    pub id: &'static str,
    /// The tag that selects it (with every check of its family) in `rules:`.
    pub tag: &'static str,
    pub default_severity: Severity,
    /// What it checks, for `@techlead explain` and the docs.
    pub what: &'static str,
}

pub const TESTS_MISSING: &str = "pr/tests-missing";
pub const TOO_LARGE: &str = "pr/too-large";
pub const CHANGELOG_MISSING: &str = "pr/changelog-missing";
pub const PUBLIC_API_UNDOCUMENTED: &str = "pr/public-api-undocumented";
pub const BREAKING_CHANGE: &str = "pr/breaking-change";
pub const FORBIDDEN_IMPORT: &str = "architecture/forbidden-import";
pub const UNOWNED_FILE: &str = "pr/unowned-file";
pub const GENERATED_MARKER_ADDED: &str = "pr/generated-marker-added";

/// The tags of the checks: `rules.disable: [pr]` turns every `pr/` check off.
pub const PR_TAG: &str = "pr";
pub const ARCHITECTURE_TAG: &str = "architecture";

/// Every check, with its default severity.
pub const CHANGE_CHECKS: [ChangeCheck; 8] = [
    ChangeCheck { id: TESTS_MISSING, tag: PR_TAG, default_severity: Severity::Warning, what: "source files changed and no test was added or changed" },
    ChangeCheck { id: TOO_LARGE, tag: PR_TAG, default_severity: Severity::Warning, what: "the pull request is over the XL size threshold" },
    ChangeCheck { id: CHANGELOG_MISSING, tag: PR_TAG, default_severity: Severity::Info, what: "files the changelog should mention changed, and the changelog did not" },
    ChangeCheck { id: PUBLIC_API_UNDOCUMENTED, tag: PR_TAG, default_severity: Severity::Info, what: "a public symbol the pull request adds has no doc comment" },
    ChangeCheck { id: BREAKING_CHANGE, tag: PR_TAG, default_severity: Severity::Warning, what: "a public symbol was removed or its signature changed" },
    ChangeCheck { id: FORBIDDEN_IMPORT, tag: ARCHITECTURE_TAG, default_severity: Severity::Error, what: "an import the repository's architecture rules forbid" },
    ChangeCheck { id: UNOWNED_FILE, tag: PR_TAG, default_severity: Severity::Warning, what: "a file the pull request adds that no CODEOWNERS pattern owns" },
    ChangeCheck { id: GENERATED_MARKER_ADDED, tag: PR_TAG, default_severity: Severity::Warning, what: "a generator marker added to a file that had none, which takes it out of review" },
];

/// The check with this id.
pub fn change_check(id: &str) -> Option<&'static ChangeCheck> {
    CHANGE_CHECKS.iter().find(|c| c.id == id)
}

/// Changed-line thresholds of the size labels: up to `xs` lines is XS, up to
/// `s` is S, and so on; over `l` is XL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeThresholds {
    pub xs: u64,
    pub s: u64,
    pub m: u64,
    pub l: u64,
}

impl Default for SizeThresholds {
    fn default() -> Self {
        SizeThresholds { xs: 10, s: 100, m: 500, l: 1000 }
    }
}

/// A path the team calls risky, and why.
#[derive(Clone, Debug)]
pub struct RiskyPath {
    pub globs: GlobSet,
    pub reason: String,
}

/// Path filters of one check (`paths.rules`): include, exclude.
pub type PathFilter = (Option<GlobSet>, Option<GlobSet>);

/// Whether `path` passes a check's `paths.rules` filter (none: every path).
pub fn path_allowed(filter: Option<&PathFilter>, path: &str) -> bool {
    filter.is_none_or(|(include, exclude)| include.as_ref().is_none_or(|g| g.is_match(path)) && !exclude.as_ref().is_some_and(|g| g.is_match(path)))
}

/// Everything the checks and the walkthrough need from the config.
#[derive(Clone, Debug)]
pub struct ChangeSettings {
    pub size: SizeThresholds,
    /// More test files than the language conventions know (`pr.tests`).
    pub test_globs: Option<GlobSet>,
    /// Files to count as generated (`pr.generated`).
    pub generated_globs: Option<GlobSet>,
    /// The changelog the config names (`pr.changelog.path`); else one is looked for.
    pub changelog_path: Option<String>,
    /// Changes to these files want a changelog entry; `None`: any source file.
    pub changelog_globs: Option<GlobSet>,
    /// A pull request with this label needs no changelog entry.
    pub changelog_skip_label: String,
    /// A pull request with this label may break the public API.
    pub breaking_label: String,
    pub risky_paths: Vec<RiskyPath>,
    pub architecture: Vec<ArchitectureRule>,
    /// The severity of each enabled check; a disabled check is absent.
    pub checks: HashMap<&'static str, Severity>,
    /// `paths.rules` of the check ids.
    pub paths: HashMap<&'static str, PathFilter>,
    /// The cognitive complexity limit (`gate.thresholds.cognitive`): a
    /// function pushed past it is a risk.
    pub cognitive_limit: u32,
}

impl Default for ChangeSettings {
    fn default() -> Self {
        ChangeSettings {
            size: SizeThresholds::default(),
            test_globs: None,
            generated_globs: None,
            changelog_path: None,
            changelog_globs: None,
            changelog_skip_label: "no-changelog".into(),
            breaking_label: "breaking-change".into(),
            risky_paths: Vec::new(),
            architecture: Vec::new(),
            checks: CHANGE_CHECKS.iter().map(|c| (c.id, c.default_severity)).collect(),
            paths: HashMap::new(),
            cognitive_limit: 15,
        }
    }
}

impl ChangeSettings {
    /// The severity of a check, `None` when it is turned off.
    pub fn severity(&self, id: &str) -> Option<Severity> {
        self.checks.get(id).copied()
    }

    /// Whether a check's finding on `path` passes its `paths.rules` filter.
    pub fn allows(&self, id: &str, path: &str) -> bool {
        path_allowed(self.paths.get(id), path)
    }

    /// Whether `path` is a test: the language's conventions or `pr.tests`.
    pub fn is_test(&self, path: &str) -> bool {
        super::kinds::is_test_path(path) || self.test_globs.as_ref().is_some_and(|g| g.is_match(path))
    }
}
