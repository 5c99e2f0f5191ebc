//! Compiled rules: what runs. Built by `config::compile` from rule files,
//! which are a different, deserialized type.

use ast_grep_config::RuleConfig;
use globset::GlobSet;

use super::finding::Severity;
use super::language::Lang;

/// One compiled rule.
pub struct Rule {
    pub id: String,
    pub lang: Lang,
    pub severity: Severity,
    /// ast-grep's compiled matcher, fixer and message template.
    pub config: RuleConfig<Lang>,
    pub meta: RuleMeta,
    pub tests: RuleTests,
    /// Where the rule was defined, for messages (`rules/python/eval.yml:1`).
    pub origin: String,
    pub files: Option<GlobSet>,
    pub ignores: Option<GlobSet>,
    /// Literal texts of which a file must contain at least one for this rule
    /// to possibly match; `None` when the rule gives no such guarantee.
    pub required_literals: Option<Vec<String>>,
}

/// techlead's own keys next to the ast-grep ones.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct RuleMeta {
    pub message: String,
    pub note: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub cwe: Vec<String>,
    pub owasp: Vec<String>,
    pub confidence: Option<String>,
}

/// Inline examples a rule must pass.
#[derive(Clone, Debug, Default)]
pub struct RuleTests {
    /// Snippets that must give no finding.
    pub valid: Vec<String>,
    /// Snippets that must give a finding, and optionally what the fix turns them into.
    pub invalid: Vec<InvalidCase>,
}

#[derive(Clone, Debug)]
pub struct InvalidCase {
    pub code: String,
    pub fixed: Option<String>,
}

impl Rule {
    /// Whether the rule's `files` / `ignores` globs let it run on `path`.
    pub fn applies_to(&self, path: &str) -> bool {
        let path = path.trim_start_matches("./");
        self.files.as_ref().is_none_or(|g| g.is_match(path)) && !self.ignores.as_ref().is_some_and(|g| g.is_match(path))
    }
}

/// Every rule of a run.
#[derive(Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Keeps only the rules `keep` accepts (used by `--rule` and `--severity`).
    pub fn retain(&mut self, keep: impl FnMut(&Rule) -> bool) {
        self.rules.retain(keep);
    }
}
