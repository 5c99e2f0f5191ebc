//! The repository's `.github/techlead.yml` (or `.techlead.yml`): how a team
//! tunes techlead. Read at the pull request's head, merged over the
//! organisation's config when it `extends` one, checked once, then compiled
//! into [`RepoConfig`], which is what the review and `techlead scan` use.

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::Deserialize;

use super::error::{RuleFileError, nearest};
use super::yaml_tree::{Pos, parse_documents};
use crate::analysis::finding::Severity;
use crate::analysis::rules::RuleSet;

/// Where techlead looks for the config, in order.
pub const CONFIG_PATHS: [&str; 2] = [".github/techlead.yml", ".techlead.yml"];

/// The config file as written. Every key is optional.
#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
#[schemars(title = "techlead repository configuration")]
pub struct RepoConfigFile {
    /// Merge this over an organisation-wide config: `OWNER` (its `.github`
    /// repository) or `OWNER/REPO`, read from the same file name. Keys set here win.
    pub extends: Option<String>,
    /// Which rules run, and at what severity.
    #[serde(default)]
    pub rules: RulesSection,
    /// Which files are reviewed.
    #[serde(default)]
    pub paths: PathsSection,
    /// Directories in this repository holding the team's own rule files, in the
    /// same format as techlead's `rules/` (default: none).
    #[serde(default)]
    pub rule_dirs: Vec<String>,
    /// How the review is posted.
    #[serde(default)]
    pub review: ReviewSection,
    /// When the check run fails.
    #[serde(default)]
    pub gate: GateSection,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RulesSection {
    /// Rules to turn on, by id, tag (`security`) or language (`python`). When
    /// set, only matching rules run. Default: every rule.
    #[serde(default)]
    pub enable: Vec<String>,
    /// Rules to turn off, by id, tag or language. Applied after `enable`. Default: none.
    #[serde(default)]
    pub disable: Vec<String>,
    /// Severity per rule id, tag or language: `hint`, `info`, `warning`, `error`. Default: the rule's own.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct PathsSection {
    /// Only files matching one of these globs are reviewed. Default: all files.
    #[serde(default)]
    pub include: Vec<String>,
    /// Files matching one of these globs are never reviewed. Default: none.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Path globs per rule id: `{rule-id: {include: [...], exclude: [...]}}`.
    #[serde(default)]
    pub rules: BTreeMap<String, RulePaths>,
}

#[derive(Deserialize, JsonSchema, Default, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RulePaths {
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// GitHub's review events techlead may use.
#[derive(Deserialize, JsonSchema, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReviewEvent {
    /// Always a neutral comment review.
    #[default]
    Comment,
    /// Request changes when the quality gate fails; otherwise comment.
    RequestChanges,
}

#[derive(Deserialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ReviewSection {
    /// Inline comments per review; the rest are listed in the summary. Default: 25.
    #[serde(default = "default_max_inline")]
    pub max_inline_comments: usize,
    /// Review draft pull requests too. Default: false.
    #[serde(default)]
    pub drafts: bool,
    /// `COMMENT` (default), or `REQUEST_CHANGES` to request changes when the gate fails.
    #[serde(default)]
    pub event: ReviewEvent,
    /// Post (and keep editing) the summary comment. Default: true.
    #[serde(default = "yes")]
    pub summary: bool,
}

impl Default for ReviewSection {
    fn default() -> Self {
        ReviewSection { max_inline_comments: default_max_inline(), drafts: false, event: ReviewEvent::Comment, summary: true }
    }
}

#[derive(Deserialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct GateSection {
    /// New findings at or above this severity fail the check run. Default: `error`.
    #[serde(default)]
    pub fail_level: Severity,
    /// Function metric thresholds; a function the pull request adds or makes
    /// worse past one of them fails the gate.
    #[serde(default)]
    pub thresholds: Thresholds,
}

impl Default for GateSection {
    fn default() -> Self {
        GateSection { fail_level: Severity::Error, thresholds: Thresholds::default() }
    }
}

#[derive(Deserialize, JsonSchema, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Cyclomatic complexity. Default: 15.
    #[serde(default = "fifteen")]
    pub cyclomatic: u32,
    /// Cognitive complexity. Default: 15.
    #[serde(default = "fifteen")]
    pub cognitive: u32,
    /// Lines of code in one function. Default: 80.
    #[serde(default = "eighty")]
    pub function_length: u32,
    /// Maximum nesting depth. Default: 4.
    #[serde(default = "four")]
    pub nesting: u32,
    /// Parameters. Default: 6.
    #[serde(default = "six")]
    pub parameters: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { cyclomatic: 15, cognitive: 15, function_length: 80, nesting: 4, parameters: 6 }
    }
}

fn default_max_inline() -> usize {
    25
}
fn yes() -> bool {
    true
}
fn fifteen() -> u32 {
    15
}
fn eighty() -> u32 {
    80
}
fn four() -> u32 {
    4
}
fn six() -> u32 {
    6
}

/// Parses one config file's text into a JSON value, checked for syntax; the
/// value is what `extends` merges.
pub fn parse_value(path: &str, text: &str) -> Result<serde_json::Value, RuleFileError> {
    if let Err(e) = parse_documents(text) {
        return Err(RuleFileError::new(path, e.pos, format!("YAML syntax error: {}", e.message), "fix the YAML syntax (check indentation, quotes and colons)"));
    }
    if text.trim().is_empty() {
        return Ok(serde_json::json!({}));
    }
    ast_grep_config::from_str::<serde_json::Value>(text).map_err(|e| RuleFileError::new(path, location(&e), first_line(&e.to_string()), "fix the YAML"))
}

/// Deep-merges `over` onto `base`: maps merge key by key, anything else in
/// `over` replaces what `base` has. Used for `extends`, where the repository wins.
pub fn merge(base: serde_json::Value, over: serde_json::Value) -> serde_json::Value {
    match (base, over) {
        (serde_json::Value::Object(mut base), serde_json::Value::Object(over)) => {
            for (key, value) in over {
                let merged = match base.remove(&key) {
                    Some(old) => merge(old, value),
                    None => value,
                };
                base.insert(key, merged);
            }
            serde_json::Value::Object(base)
        }
        (_, over) => over,
    }
}

/// Checks a (merged) config. `text` is the repository's own file, used to
/// point errors at the right line.
pub fn check(path: &str, text: &str, value: serde_json::Value) -> Result<RepoConfigFile, RuleFileError> {
    let file: RepoConfigFile = serde_json::from_value(value).map_err(|e| {
        let message = e.to_string();
        let (problem, fix, key) = explain(&message);
        let pos = key.and_then(|k| find_key(text, &k)).unwrap_or(Pos { line: 1, column: 1 });
        RuleFileError::new(path, pos, problem, fix)
    })?;
    for glob in file.paths.include.iter().chain(&file.paths.exclude).chain(file.paths.rules.values().flat_map(|r| r.include.iter().chain(&r.exclude))) {
        if let Err(e) = Glob::new(glob) {
            let pos = find_value(text, glob).unwrap_or(Pos { line: 1, column: 1 });
            return Err(RuleFileError::new(path, pos, format!("bad glob `{glob}`: {e}"), "write a glob such as `src/**/*.py`"));
        }
    }
    Ok(file)
}

/// Turns serde's message into what is wrong, how to fix it, and the key to point at.
fn explain(message: &str) -> (String, String, Option<String>) {
    let message = message.split(" at line ").next().unwrap_or(message).to_string();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((key, expected)) = rest.split_once('`')
    {
        let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let fix = match nearest(key, &valid) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("valid keys here are: {}", valid.join(", ")),
        };
        return (format!("unknown key `{key}`"), fix, Some(key.to_string()));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((value, expected)) = rest.split_once('`')
    {
        let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return (format!("`{value}` is not a valid value"), format!("use one of: {}", valid.join(", ")), None);
    }
    (message, "see the configuration reference in docs/configuration.md".to_string(), None)
}

fn find_key(text: &str, key: &str) -> Option<Pos> {
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let after = trimmed.strip_prefix(key)?;
        after.trim_start().starts_with(':').then(|| Pos { line: i + 1, column: line.len() - trimmed.len() + 1 })
    })
}

fn find_value(text: &str, value: &str) -> Option<Pos> {
    text.lines().enumerate().find_map(|(i, line)| line.find(value).map(|c| Pos { line: i + 1, column: c + 1 }))
}

fn location(e: &serde_saphyr::Error) -> Pos {
    e.location().map(|l| Pos { line: l.line() as usize, column: l.column() as usize }).unwrap_or(Pos { line: 1, column: 1 })
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).to_string()
}

/// The organisation config a file `extends`: `OWNER` means `OWNER/.github`.
pub fn extends_target(extends: &str) -> Option<(String, String)> {
    let extends = extends.trim();
    match extends.split_once('/') {
        Some((owner, repo)) if !owner.is_empty() && !repo.is_empty() => Some((owner.to_string(), repo.to_string())),
        None if !extends.is_empty() => Some((extends.to_string(), ".github".to_string())),
        _ => None,
    }
}

/// A checked config, ready to apply.
#[derive(Debug, Clone, Default)]
pub struct RepoConfig {
    pub file: RepoConfigFile,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl RepoConfig {
    pub fn new(file: RepoConfigFile) -> RepoConfig {
        let include = globset(&file.paths.include);
        let exclude = globset(&file.paths.exclude);
        RepoConfig { file, include, exclude }
    }

    /// Whether `path` is reviewed at all.
    pub fn reviews_path(&self, path: &str) -> bool {
        self.include.as_ref().is_none_or(|g| g.is_match(path)) && !self.exclude.as_ref().is_some_and(|g| g.is_match(path))
    }

    /// Applies `rules`, `paths.rules` and severity overrides to a rule set.
    pub fn apply(&self, set: &mut RuleSet) {
        let section = &self.file.rules;
        let selects = |selector: &str, rule: &crate::analysis::rules::Rule| selector == rule.id || selector == rule.language_name() || rule.meta.tags.iter().any(|t| t == selector);
        set.retain(|rule| section.enable.is_empty() || section.enable.iter().any(|s| selects(s, rule)));
        set.retain(|rule| !section.disable.iter().any(|s| selects(s, rule)));
        for rule in &mut set.rules {
            // The most specific override wins: id, then language, then tag.
            let by_id = section.severity.get(&rule.id);
            let by_lang = section.severity.get(rule.language_name());
            let by_tag = rule.meta.tags.iter().find_map(|t| section.severity.get(t));
            if let Some(level) = by_id.or(by_lang).or(by_tag) {
                rule.severity = *level;
            }
            if let Some(paths) = self.file.paths.rules.get(&rule.id) {
                if !paths.include.is_empty() {
                    rule.files = globset(&paths.include);
                }
                if !paths.exclude.is_empty() {
                    rule.ignores = globset(&paths.exclude);
                }
            }
        }
    }
}

fn globset(globs: &[String]) -> Option<GlobSet> {
    if globs.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        if let Ok(glob) = Glob::new(glob) {
            builder.add(glob);
        }
    }
    builder.build().ok()
}

/// The JSON Schema of the config file.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RepoConfigFile)).expect("schema serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RepoConfigFile, RuleFileError> {
        check(".github/techlead.yml", text, parse_value(".github/techlead.yml", text)?)
    }

    #[test]
    fn defaults_are_documented_values() {
        let c = load("").unwrap();
        assert_eq!(c.review.max_inline_comments, 25);
        assert!(c.review.summary && !c.review.drafts);
        assert_eq!(c.gate.fail_level, Severity::Error);
        assert_eq!(c.gate.thresholds, Thresholds { cyclomatic: 15, cognitive: 15, function_length: 80, nesting: 4, parameters: 6 });
    }

    #[test]
    fn unknown_keys_name_the_nearest_valid_one() {
        let err = load("review:\n  max_inline_coments: 3\n").unwrap_err();
        assert_eq!(err.to_string(), ".github/techlead.yml:2:3: unknown key `max_inline_coments`; did you mean `max_inline_comments`?");
        let err = load("gate:\n  fail_level: fatal\n").unwrap_err();
        assert!(err.to_string().contains("`fatal` is not a valid value; use one of: hint, info, warning, error"), "{err}");
    }

    #[test]
    fn syntax_errors_and_bad_globs_have_a_place() {
        let err = load("review: [unclosed\n").unwrap_err();
        assert!(err.to_string().starts_with(".github/techlead.yml:1:") && err.to_string().contains("YAML syntax error"), "{err}");
        let err = load("paths:\n  exclude: ['src/[a']\n").unwrap_err();
        assert!(err.to_string().starts_with(".github/techlead.yml:2:") && err.to_string().contains("bad glob `src/[a`"), "{err}");
    }

    #[test]
    fn the_repository_wins_over_the_organisation() {
        let org = parse_value("o", "review:\n  max_inline_comments: 5\n  drafts: true\nrules:\n  disable: [standards]\n").unwrap();
        let repo = parse_value("r", "review:\n  max_inline_comments: 10\n").unwrap();
        let merged: RepoConfigFile = serde_json::from_value(merge(org, repo)).unwrap();
        assert_eq!(merged.review.max_inline_comments, 10);
        assert!(merged.review.drafts);
        assert_eq!(merged.rules.disable, vec!["standards"]);
    }

    #[test]
    fn extends_names_a_repository() {
        assert_eq!(extends_target("acme"), Some(("acme".into(), ".github".into())));
        assert_eq!(extends_target("acme/policies"), Some(("acme".into(), "policies".into())));
        assert_eq!(extends_target(""), None);
    }
}
