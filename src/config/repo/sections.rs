//! The `rules`, `paths` and `review` sections of the repo config.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::finding::Severity;
use crate::config::rule_file::Confidence;

#[derive(Deserialize, Serialize, JsonSchema, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RulesSection {
    /// Rules to turn on, by id, tag (`security`) or language (`python`). When
    /// set, only matching rules run. Default: every rule.
    #[serde(default)]
    pub enable: Vec<String>,
    /// Rules to turn off, by id, tag or language, applied after `enable`; a
    /// metric check's id (`metrics/function-length`) turns that check off. Default: none.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Severity per rule id, tag or language: `hint`, `info`, `warning`, `error`. Default: the rule's own.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct PathsSection {
    /// Only files matching one of these globs are reviewed. Default: all files.
    #[serde(default)]
    pub include: Vec<String>,
    /// Files matching one of these globs are never reviewed. Default: none.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Path globs per rule id: `{rule-id: {include: [...], exclude: [...]}}`. Default: none.
    #[serde(default)]
    pub rules: BTreeMap<String, RulePaths>,
    /// Test, fixture and documentation files: their findings are reported at
    /// `info` and never fail the gate, unless the rule applies in tests too
    /// (`metadata.applies_in_tests`). Setting it replaces the default list.
    /// Default: common test, fixture and docs paths (`**/tests/**`,
    /// `**/*_test.go`, `**/*.spec.*`, `**/docs/**`, `**/*.md`, ...).
    #[serde(default = "default_test_globs")]
    pub tests: Vec<String>,
    /// Third-party code checked in: skipped (listed as `vendored`), like
    /// generated code. Setting it replaces the default list; `[]` reviews
    /// everything. Default: `**/vendor/**`, `**/node_modules/**`,
    /// `**/third_party/**` and their kin, JavaScript build output in `**/dist/**`.
    #[serde(default = "default_vendored_globs")]
    pub vendored: Vec<String>,
}

fn default_test_globs() -> Vec<String> {
    crate::analysis::file_policy::FilePolicy::default_test_globs()
}

fn default_vendored_globs() -> Vec<String> {
    crate::analysis::file_policy::FilePolicy::default_vendored_globs()
}

impl Default for PathsSection {
    fn default() -> Self {
        PathsSection { include: Vec::new(), exclude: Vec::new(), rules: BTreeMap::new(), tests: default_test_globs(), vendored: default_vendored_globs() }
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RulePaths {
    /// The rule runs only on files matching one of these globs (replaces the
    /// rule's own `files`). Default: the rule's own.
    #[serde(default)]
    pub include: Vec<String>,
    /// The rule never runs on files matching one of these globs (replaces the
    /// rule's own `ignores`). Default: the rule's own.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// GitHub's review events techlead may use.
#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReviewEvent {
    /// Always a neutral comment review.
    #[default]
    Comment,
    /// Request changes when the quality gate fails; otherwise comment.
    RequestChanges,
}

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ReviewSection {
    /// Inline comments per review; the rest are listed in the summary. Default: 25.
    #[serde(default = "default_max_inline")]
    pub max_inline_comments: usize,
    /// Review draft pull requests too. Default: false.
    #[serde(default)]
    pub drafts: bool,
    /// `COMMENT`, or `REQUEST_CHANGES` to request changes when the gate fails. Default: `COMMENT`.
    #[serde(default)]
    pub event: ReviewEvent,
    /// Post (and keep editing) the summary comment. Default: true.
    #[serde(default = "yes")]
    pub summary: bool,
    /// Findings of rules less sure than this (`low`, `medium`, `high`: a
    /// rule's `metadata.confidence`; `medium` when it states none) are not
    /// commented inline; the summary lists them. Default: `medium`.
    #[serde(default = "medium")]
    pub min_confidence: Confidence,
}

fn medium() -> Confidence {
    Confidence::Medium
}

impl Default for ReviewSection {
    fn default() -> Self {
        ReviewSection { max_inline_comments: default_max_inline(), drafts: false, event: ReviewEvent::Comment, summary: true, min_confidence: medium() }
    }
}

fn default_max_inline() -> usize {
    25
}

fn yes() -> bool {
    true
}
