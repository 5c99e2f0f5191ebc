//! The repository's `.github/techlead.yml` (or `.techlead.yml`): how a team
//! tunes techlead. Each file is parsed and checked on its own ([`ConfigDoc`]),
//! so every error points into the file that holds the mistake; then the
//! repository's is merged over the organisation's when it `extends` one
//! ([`RepoConfig::from_docs`]), and its rule selectors are checked against the
//! rules that will run when it is applied ([`RepoConfig::apply`]). The review
//! and `techlead scan` both go through these steps.

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::{RuleFileError, RuleFileErrors, nearest};
use super::yaml_tree::{Pos, YNode, YValue, parse_documents};
use crate::analysis::finding::Severity;
use crate::analysis::language::Lang;
use crate::analysis::rules::{Rule, RuleSet};

/// Where techlead looks for the config, in order.
pub const CONFIG_PATHS: [&str; 2] = [".github/techlead.yml", ".techlead.yml"];

/// The config file as written. Every key is optional.
#[derive(Deserialize, Serialize, JsonSchema, Default, Debug, Clone)]
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

#[derive(Deserialize, Serialize, JsonSchema, Default, Debug, Clone)]
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
}

impl Default for ReviewSection {
    fn default() -> Self {
        ReviewSection { max_inline_comments: default_max_inline(), drafts: false, event: ReviewEvent::Comment, summary: true }
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct GateSection {
    /// New findings at or above this severity fail the check run. Default: `error`.
    #[serde(default)]
    pub fail_level: Severity,
    /// Function metric thresholds; a function the pull request adds or makes
    /// worse past one of them fails the gate.
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Whether a function pushed past a threshold fails the gate. With
    /// `false` its finding is still reported, but the check run passes.
    /// Default: `true`.
    #[serde(default = "metrics_fail_the_gate")]
    pub metrics: bool,
}

fn metrics_fail_the_gate() -> bool {
    true
}

impl Default for GateSection {
    fn default() -> Self {
        GateSection { fail_level: Severity::Error, thresholds: Thresholds::default(), metrics: true }
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone, Copy, PartialEq, Eq)]
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

impl Thresholds {
    /// The value of a `gate.thresholds` key.
    pub fn get(&self, key: &str) -> Option<u32> {
        Some(match key {
            "cyclomatic" => self.cyclomatic,
            "cognitive" => self.cognitive,
            "function_length" => self.function_length,
            "nesting" => self.nesting,
            "parameters" => self.parameters,
            _ => return None,
        })
    }
}

/// A metric check of the quality gate, reported under a rule id of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricRule {
    /// The rule id its findings carry, e.g. `metrics/function-length`.
    pub id: &'static str,
    /// Its key under `gate.thresholds`.
    pub threshold: &'static str,
    /// What it measures, for `@techlead explain`.
    pub what: &'static str,
}

/// The metric checks, in the order of [`Thresholds`]' fields. To the config
/// they are rules like any other: their ids, their tag [`METRIC_TAG`] and the
/// languages select them in `rules` and `paths.rules`; commands take their ids.
pub const METRIC_RULES: [MetricRule; 5] = [
    MetricRule { id: "metrics/cyclomatic-complexity", threshold: "cyclomatic", what: "the cyclomatic complexity of a function (its independent paths)" },
    MetricRule { id: "metrics/cognitive-complexity", threshold: "cognitive", what: "the cognitive complexity of a function (how hard its control flow is to follow)" },
    MetricRule { id: "metrics/function-length", threshold: "function_length", what: "the lines of code of a function" },
    MetricRule { id: "metrics/nesting-depth", threshold: "nesting", what: "the deepest nesting of blocks in a function" },
    MetricRule { id: "metrics/parameter-count", threshold: "parameters", what: "the parameters of a function" },
];

/// The tag every metric check carries.
pub const METRIC_TAG: &str = "metrics";

/// The metric check with this rule id.
pub fn metric_rule(id: &str) -> Option<&'static MetricRule> {
    METRIC_RULES.iter().find(|m| m.id == id)
}

/// One config file, parsed and checked on its own: syntax, keys, types and
/// globs, each error at the value's own line and column.
#[derive(Debug, Clone)]
pub struct ConfigDoc {
    /// The repository holding the file when it is not the one reviewed (the
    /// organisation's), as `OWNER/REPO`.
    pub repo: Option<String>,
    /// The file's path, as messages name it.
    pub path: String,
    /// The file alone, every missing key at its default.
    pub file: RepoConfigFile,
    /// Only the keys the file sets, typed: what `extends` merges.
    set: serde_json::Value,
    /// Positions; `None` for an empty file.
    tree: Option<YNode>,
}

impl ConfigDoc {
    /// Parses and checks one config file. `repo` names the repository when
    /// the file is not in the one reviewed.
    pub fn parse(repo: Option<&str>, path: &str, text: &str) -> Result<ConfigDoc, RuleFileError> {
        let err = |pos, problem: String, fix: &str| RuleFileError::new(path, pos, problem, fix).in_repo(repo);
        let docs = parse_documents(text).map_err(|e| err(e.pos, format!("YAML syntax error: {}", e.message), "fix the YAML syntax (check indentation, quotes and colons)"))?;
        if docs.len() > 1 {
            return Err(err(docs[1].pos, "the config holds more than one YAML document".into(), "keep one document: remove the `---` line and merge the keys"));
        }
        let tree = docs.into_iter().next();
        if let Some(root) = &tree
            && !matches!(root.value, YValue::Map(_))
        {
            return Err(err(root.pos, "the config must be a mapping of keys".into(), "write `key: value` lines, e.g. `rules:` and `review:` (see docs/configuration.md)"));
        }
        let file: RepoConfigFile = match &tree {
            None => RepoConfigFile::default(),
            Some(root) => serde_saphyr::from_str(text).map_err(|e| type_error(root, &e).in_repo(repo).at_path(path))?,
        };
        let set = match &tree {
            None => serde_json::json!({}),
            Some(root) => only_set(serde_json::to_value(&file).expect("the config serializes"), root),
        };
        let doc = ConfigDoc { repo: repo.map(str::to_string), path: path.to_string(), file, set, tree };
        doc.check_globs()?;
        if let Some(extends) = &doc.file.extends
            && extends_target(extends).is_none()
        {
            return Err(doc.error(doc.pos(&["extends"]), format!("`extends: {extends}` is not a repository"), "write `extends: OWNER` (for OWNER/.github) or `extends: OWNER/REPO`"));
        }
        Ok(doc)
    }

    /// An error in this file.
    pub fn error(&self, pos: Pos, problem: impl Into<String>, fix: impl Into<String>) -> RuleFileError {
        RuleFileError::new(&self.path, pos, problem, fix).in_repo(self.repo.as_deref())
    }

    /// Where the value at a key path starts (1:1 when the file does not set it).
    pub fn pos(&self, path: &[&str]) -> Pos {
        self.tree.as_ref().and_then(|t| t.at(path)).map_or(Pos::START, |n| n.pos)
    }

    /// The repository `extends` names, as (owner, name).
    pub fn extends(&self) -> Option<(String, String)> {
        self.file.extends.as_deref().and_then(extends_target)
    }

    fn check_globs(&self) -> Result<(), RuleFileError> {
        let paths = &self.file.paths;
        let mut lists: Vec<(Vec<&str>, &Vec<String>)> = vec![(vec!["paths", "include"], &paths.include), (vec!["paths", "exclude"], &paths.exclude)];
        for (id, rule) in &paths.rules {
            lists.push((vec!["paths", "rules", id.as_str(), "include"], &rule.include));
            lists.push((vec!["paths", "rules", id.as_str(), "exclude"], &rule.exclude));
        }
        for (at, globs) in lists {
            for (i, glob) in globs.iter().enumerate() {
                if let Err(e) = Glob::new(glob) {
                    let pos = self.tree.as_ref().and_then(|t| t.at(&at)).and_then(|list| list.items().get(i)).map_or(self.pos(&at), |n| n.pos);
                    return Err(self.error(pos, format!("bad glob `{glob}` in `{}`: {}", at.join("."), e.kind()), "write a glob such as `src/**/*.py`"));
                }
            }
        }
        Ok(())
    }

    /// Where an item of a list at `section` is (its first occurrence).
    fn item_pos(&self, section: &[&str], item: &str) -> Option<Pos> {
        let list = self.tree.as_ref()?.at(section)?;
        list.items().iter().find(|n| n.as_str() == Some(item)).map(|n| n.pos)
    }

    /// Where a key of the mapping at `section` is.
    fn key_pos(&self, section: &[&str], key: &str) -> Option<Pos> {
        self.tree.as_ref()?.at(section)?.key_pos(key)
    }

    fn sets(&self, section: &[&str]) -> bool {
        self.tree.as_ref().and_then(|t| t.at(section)).is_some()
    }
}

impl RuleFileError {
    fn at_path(mut self, path: &str) -> Self {
        self.path = path.to_string();
        self
    }
}

/// Keeps only the keys the file writes: the typed file has every key, at
/// its default where the file says nothing, and a default must not override
/// the organisation's value when merging.
fn only_set(value: serde_json::Value, node: &YNode) -> serde_json::Value {
    match (value, &node.value) {
        (serde_json::Value::Object(map), YValue::Map(_)) => {
            let kept = map.into_iter().filter_map(|(key, value)| node.get(&key).map(|child| (key, only_set(value, child)))).collect();
            serde_json::Value::Object(kept)
        }
        (value, _) => value,
    }
}

/// A type error from serde, at the value's place, naming the key and the fix.
fn type_error(root: &YNode, e: &serde_saphyr::Error) -> RuleFileError {
    let pos = e.location().map_or(Pos::START, |l| Pos { line: l.line() as usize, column: l.column() as usize });
    let message = saphyr_message(e);
    let key = root.path_at(pos);
    let field = key.as_deref().map(|k| format!("`{k}`")).unwrap_or_else(|| "the config".into());
    let (problem, fix) = if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((name, expected)) = rest.split_once('`')
    {
        let valid = expected_list(expected);
        let valid: Vec<&str> = valid.iter().map(String::as_str).collect();
        let fix = match nearest(name, &valid) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("valid keys here are: {}", valid.join(", ")),
        };
        (format!("unknown key `{name}`"), fix)
    } else if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((value, expected)) = rest.split_once('`')
    {
        (format!("`{value}` is not a valid value for {field}"), format!("use one of: {}", expected_list(expected).join(", ")))
    } else if message.starts_with("invalid u") || message.starts_with("invalid i") {
        (format!("{field} must be a whole number, not `{}`", value_at(root, pos)), default_hint(key.as_deref(), "write a whole number"))
    } else if message.starts_with("invalid bool") {
        (format!("{field} must be `true` or `false`, not `{}`", value_at(root, pos)), default_hint(key.as_deref(), "write `true` or `false`"))
    } else if message.contains("expected sequence") {
        (format!("{field} must be a list"), "write a list, e.g. `[a, b]`, or one `- item` per line".to_string())
    } else if message.contains("expected mapping") {
        (format!("{field} must be a mapping of keys"), "write `key: value` lines under it (see docs/configuration.md)".to_string())
    } else if message.contains("expected string") {
        (format!("{field} must be a string"), "write a plain value, e.g. `security`".to_string())
    } else if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let name = rest.split(',').next().unwrap_or(rest);
        (format!("`{name}` is set twice"), "keep one of them".to_string())
    } else {
        (format!("{field}: {message}"), "see docs/configuration.md for what this key takes".to_string())
    };
    RuleFileError::new("", pos, problem, fix)
}

/// serde-saphyr's message without its `error: line L column C: ` prefix.
fn saphyr_message(e: &serde_saphyr::Error) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first.strip_prefix("line ").and_then(|rest| rest.split_once(": ")) {
        Some((_, message)) => message.to_string(),
        None => first.to_string(),
    }
}

/// `one of a, b, c` / ``one of `a`, `b` `` / `` `a` `` → the names.
fn expected_list(expected: &str) -> Vec<String> {
    let list = expected.trim_start_matches([',', ' ']).trim_start_matches("expected ").trim_start_matches("one of ");
    list.split(',').map(|v| v.trim().trim_matches('`').to_string()).filter(|v| !v.is_empty()).collect()
}

fn value_at(root: &YNode, pos: Pos) -> String {
    let mut found = None;
    root.walk(None, &mut |_, node| {
        if node.pos == pos && found.is_none() {
            found = node.as_str().map(str::to_string);
        }
    });
    found.unwrap_or_default()
}

/// `how`, with the key's documented default when the schema has one.
fn default_hint(key: Option<&str>, how: &str) -> String {
    let default = key.and_then(|k| schema_default(&json_schema(), k));
    match default {
        Some(d) => format!("{how} (default: {d})"),
        None => how.to_string(),
    }
}

fn schema_default(schema: &serde_json::Value, key: &str) -> Option<String> {
    let defs = &schema["$defs"];
    let mut node = schema;
    let mut prop = None;
    for part in key.split('.') {
        let resolved = match node.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix("#/$defs/")) {
            Some(name) => &defs[name],
            None => node,
        };
        prop = resolved.get("properties").and_then(|p| p.get(part));
        node = prop?;
    }
    prop?.get("default").map(|d| d.to_string())
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

/// The organisation config a file `extends`: `OWNER` means `OWNER/.github`.
/// `None` when the value is not a repository name.
pub fn extends_target(extends: &str) -> Option<(String, String)> {
    let owner_ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let repo_ok = |s: &str| !s.is_empty() && s != "." && s != ".." && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    let extends = extends.trim();
    match extends.split_once('/') {
        Some((owner, repo)) if owner_ok(owner) && repo_ok(repo) => Some((owner.to_string(), repo.to_string())),
        None if owner_ok(extends) => Some((extends.to_string(), ".github".to_string())),
        _ => None,
    }
}

/// A checked config, ready to apply.
#[derive(Debug, Clone, Default)]
pub struct RepoConfig {
    /// The effective config: the organisation's with the repository's over it.
    pub file: RepoConfigFile,
    /// The files it came from, the repository's first, so an error about a
    /// value points into the file that set it.
    docs: Vec<ConfigDoc>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

/// What a `rules` selector names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Selects {
    /// A rule id, or a metric check's id.
    Rule,
    Tag,
    Language,
    Nothing,
}

impl RepoConfig {
    /// The repository's config, merged over the organisation's when it `extends` one.
    pub fn from_docs(own: ConfigDoc, org: Option<ConfigDoc>) -> Result<RepoConfig, RuleFileError> {
        let mut docs = vec![own];
        let file = match org {
            None => docs[0].file.clone(),
            Some(org) => {
                if org.file.extends.is_some() {
                    return Err(org.error(org.pos(&["extends"]), "an organisation config cannot `extends` another one", "remove `extends` from the organisation config"));
                }
                let merged = merge(org.set.clone(), docs[0].set.clone());
                docs.push(org);
                serde_json::from_value(merged)
                    .map_err(|e| docs[0].error(Pos::START, format!("the config merged over the organisation's is invalid: {e}"), "check both files against docs/configuration.md"))?
            }
        };
        Ok(Self::build(file, docs))
    }

    fn build(file: RepoConfigFile, docs: Vec<ConfigDoc>) -> RepoConfig {
        let include = globset(&file.paths.include);
        let exclude = globset(&file.paths.exclude);
        RepoConfig { file, docs, include, exclude }
    }

    /// The files this config was read from, the repository's first.
    pub fn docs(&self) -> &[ConfigDoc] {
        &self.docs
    }

    /// Whether `path` is reviewed at all.
    pub fn reviews_path(&self, path: &str) -> bool {
        self.include.as_ref().is_none_or(|g| g.is_match(path)) && !self.exclude.as_ref().is_some_and(|g| g.is_match(path))
    }

    /// An error about an item of the list at `section` (e.g. a `rule_dirs`
    /// entry), in the file whose list won the merge.
    pub fn item_error(&self, section: &[&str], item: &str, problem: impl Into<String>, fix: impl Into<String>) -> RuleFileError {
        let doc = self.docs.iter().find(|d| d.sets(section));
        self.error_in(doc, doc.and_then(|d| d.item_pos(section, item)), problem, fix)
    }

    /// An error about a key of the mapping at `section`, in the file that sets it.
    fn key_error(&self, section: &[&str], key: &str, problem: impl Into<String>, fix: impl Into<String>) -> RuleFileError {
        let doc = self.docs.iter().find(|d| d.key_pos(section, key).is_some());
        self.error_in(doc, doc.and_then(|d| d.key_pos(section, key)), problem, fix)
    }

    fn error_in(&self, doc: Option<&ConfigDoc>, pos: Option<Pos>, problem: impl Into<String>, fix: impl Into<String>) -> RuleFileError {
        let pos = pos.unwrap_or(Pos::START);
        match doc.or(self.docs.first()) {
            Some(doc) => doc.error(pos, problem, fix),
            None => RuleFileError::new(CONFIG_PATHS[0], pos, problem, fix),
        }
    }

    /// Applies `rules`, `paths.rules` and severity overrides to a rule set,
    /// after checking that every id, tag and language they name exists in it
    /// or is a metric check's (which the review selects the same way): a
    /// misspelt selector is an error, never a rule silently left out.
    pub fn apply(&self, set: &mut RuleSet) -> Result<(), RuleFileErrors> {
        let errors = self.check_selectors(set);
        if !errors.is_empty() {
            return Err(RuleFileErrors(errors));
        }
        let section = &self.file.rules;
        let selects = |selector: &str, rule: &Rule| selector == rule.id || selector == rule.language_name() || rule.meta.tags.iter().any(|t| t == selector);
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
        Ok(())
    }

    fn check_selectors(&self, set: &RuleSet) -> Vec<RuleFileError> {
        let ids: BTreeSet<&str> = set.rules.iter().map(|r| r.id.as_str()).chain(METRIC_RULES.iter().map(|m| m.id)).collect();
        let tags: BTreeSet<&str> = set.rules.iter().flat_map(|r| r.meta.tags.iter().map(String::as_str)).chain([METRIC_TAG]).collect();
        let languages: Vec<&str> = Lang::all().map(Lang::name).chain(["text"]).collect();
        let kind = |s: &str| {
            if ids.contains(s) {
                Selects::Rule
            } else if tags.contains(s) {
                Selects::Tag
            } else if languages.contains(&s) {
                Selects::Language
            } else {
                Selects::Nothing
            }
        };
        let everything: Vec<&str> = ids.iter().chain(&tags).chain(&languages).copied().collect();
        let unknown = |s: &str, at: &str| {
            let fix = match nearest(s, &everything) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "`techlead rules list` shows the rule ids, tags and languages".to_string(),
            };
            (format!("`{s}` in `{at}` is no rule id, tag or language techlead knows"), fix)
        };
        let mut errors = Vec::new();
        let rules = &self.file.rules;
        for (at, list) in [("enable", &rules.enable), ("disable", &rules.disable)] {
            for s in list.iter().filter(|s| kind(s) == Selects::Nothing) {
                let (problem, fix) = unknown(s, &format!("rules.{at}"));
                errors.push(self.item_error(&["rules", at], s, problem, fix));
            }
        }
        for s in rules.severity.keys().filter(|s| kind(s) == Selects::Nothing) {
            let (problem, fix) = unknown(s, "rules.severity");
            errors.push(self.key_error(&["rules", "severity"], s, problem, fix));
        }
        let id_list: Vec<&str> = ids.iter().copied().collect();
        for s in self.file.paths.rules.keys() {
            let (problem, fix) = match kind(s) {
                Selects::Rule => continue,
                Selects::Nothing => {
                    let fix = match nearest(s, &id_list) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "`techlead rules list` shows the rule ids".to_string(),
                    };
                    (format!("`{s}` in `paths.rules` is no rule id techlead knows"), fix)
                }
                Selects::Tag | Selects::Language => (format!("`paths.rules` takes rule ids, and `{s}` is a tag or a language"), "write one entry per rule id, or use `paths.exclude`".to_string()),
            };
            errors.push(self.key_error(&["paths", "rules"], s, problem, fix));
        }
        errors
    }
}

fn globset(globs: &[String]) -> Option<GlobSet> {
    if globs.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        // Every glob was checked when its file was parsed.
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
    use crate::config::{RuleSource, compile};

    const PATH: &str = ".github/techlead.yml";

    fn load(text: &str) -> Result<RepoConfigFile, RuleFileError> {
        Ok(RepoConfig::from_docs(ConfigDoc::parse(None, PATH, text)?, None)?.file)
    }

    fn message(text: &str) -> String {
        load(text).unwrap_err().to_string()
    }

    fn rules() -> RuleSet {
        let rule =
            "id: team-no-print\nlanguage: python\nmessage: m\nmetadata: {tags: [team]}\nrule: {pattern: print($A)}\n---\nid: js-thing\nlanguage: javascript\nmessage: m\nrule: {pattern: foo($A)}\n";
        compile(&[RuleSource { path: "r.yml".into(), text: rule.into() }]).unwrap()
    }

    /// The rules left, with their severities, or the errors.
    fn apply(text: &str) -> Result<Vec<(String, Severity)>, String> {
        let config = RepoConfig::from_docs(ConfigDoc::parse(None, PATH, text).unwrap(), None).unwrap();
        let mut set = rules();
        config.apply(&mut set).map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
        Ok(set.rules.iter().map(|r| (r.id.clone(), r.severity)).collect())
    }

    #[test]
    fn defaults_are_documented_values() {
        let c = load("").unwrap();
        assert_eq!(c.review.max_inline_comments, 25);
        assert!(c.review.summary && !c.review.drafts);
        assert_eq!(c.review.event, ReviewEvent::Comment);
        assert_eq!(c.gate.fail_level, Severity::Error);
        assert_eq!(c.gate.thresholds, Thresholds { cyclomatic: 15, cognitive: 15, function_length: 80, nesting: 4, parameters: 6 });
    }

    #[test]
    fn unknown_keys_name_the_nearest_valid_one() {
        assert_eq!(message("review:\n  max_inline_coments: 3\n"), ".github/techlead.yml:2:3: unknown key `max_inline_coments`; did you mean `max_inline_comments`?");
        assert_eq!(message("paths:\n  rules:\n    x:\n      includ: [a]\n"), ".github/techlead.yml:4:7: unknown key `includ`; did you mean `include`?");
        assert_eq!(message("# comment\nrulez: {}\n"), ".github/techlead.yml:2:1: unknown key `rulez`; did you mean `rules`?");
    }

    #[test]
    fn type_errors_point_at_the_value() {
        assert_eq!(message("review: {max_inline_comments: abc}\n"), ".github/techlead.yml:1:31: `review.max_inline_comments` must be a whole number, not `abc`; write a whole number (default: 25)");
        // The key also appears earlier under another section: the error is at the one that is wrong.
        assert_eq!(
            message("gate:\n  thresholds:\n    nesting: 3\nreview:\n  drafts: true\n  max_inline_comments: -1\n"),
            ".github/techlead.yml:6:24: `review.max_inline_comments` must be a whole number, not `-1`; write a whole number (default: 25)"
        );
        assert_eq!(message("gate:\n  fail_level: fatal\n"), ".github/techlead.yml:2:15: `fatal` is not a valid value for `gate.fail_level`; use one of: hint, info, warning, error");
        assert_eq!(message("review:\n  event: APPROVE\n"), ".github/techlead.yml:2:10: `APPROVE` is not a valid value for `review.event`; use one of: COMMENT, REQUEST_CHANGES");
        assert_eq!(message("review:\n  drafts: maybe\n"), ".github/techlead.yml:2:11: `review.drafts` must be `true` or `false`, not `maybe`; write `true` or `false` (default: false)");
        assert_eq!(message("rules:\n  enable: security\n"), ".github/techlead.yml:2:11: `rules.enable` must be a list; write a list, e.g. `[a, b]`, or one `- item` per line");
        assert_eq!(message("rules:\n  severity:\n    x: loud\n"), ".github/techlead.yml:3:8: `loud` is not a valid value for `rules.severity.x`; use one of: hint, info, warning, error");
        assert_eq!(message("review:\n  drafts: true\n  drafts: false\n"), ".github/techlead.yml:3:3: `drafts` is set twice; keep one of them");
        assert!(message("- a\n").starts_with(".github/techlead.yml:1:1: the config must be a mapping of keys"));
        assert!(message("a: 1\n---\nb: 2\n").starts_with(".github/techlead.yml:3:1: the config holds more than one YAML document"));
    }

    #[test]
    fn syntax_errors_and_bad_globs_have_a_place() {
        let err = message("review: [unclosed\n");
        assert!(err.starts_with(".github/techlead.yml:1:") && err.contains("YAML syntax error"), "{err}");
        assert_eq!(
            message("paths:\n  exclude: ['ok/**', 'src/[a']\n"),
            ".github/techlead.yml:2:22: bad glob `src/[a` in `paths.exclude`: unclosed character class; missing ']'; write a glob such as `src/**/*.py`"
        );
        assert!(message("paths:\n  rules:\n    x:\n      exclude:\n        - 'a/{b'\n").starts_with(".github/techlead.yml:5:11: bad glob `a/{b` in `paths.rules.x.exclude`"));
    }

    #[test]
    fn extends_must_name_a_repository() {
        assert_eq!(extends_target("acme"), Some(("acme".into(), ".github".into())));
        assert_eq!(extends_target("acme/policies"), Some(("acme".into(), "policies".into())));
        assert_eq!(extends_target(""), None);
        assert_eq!(extends_target("acme/a/b"), None);
        assert_eq!(message("review: {}\nextends: 'acme/'\n"), ".github/techlead.yml:2:10: `extends: acme/` is not a repository; write `extends: OWNER` (for OWNER/.github) or `extends: OWNER/REPO`");
    }

    #[test]
    fn the_repository_wins_over_the_organisation() {
        let org = ConfigDoc::parse(Some("acme/.github"), PATH, "review:\n  max_inline_comments: 5\n  drafts: true\nrules:\n  disable: [standards]\n").unwrap();
        let own = ConfigDoc::parse(None, PATH, "extends: acme\nreview:\n  max_inline_comments: 10\n").unwrap();
        let merged = RepoConfig::from_docs(own, Some(org)).unwrap().file;
        assert_eq!(merged.review.max_inline_comments, 10);
        assert!(merged.review.drafts, "a default of the repository's file does not override the organisation's value");
        assert_eq!(merged.rules.disable, vec!["standards"]);
    }

    #[test]
    fn errors_in_the_organisation_config_name_its_repository() {
        let err = ConfigDoc::parse(Some("acme/.github"), PATH, "review:\n  drafts: maybe\n").unwrap_err();
        assert_eq!(err.repo.as_deref(), Some("acme/.github"));
        assert!(err.to_string().starts_with("acme/.github:.github/techlead.yml:2:11: `review.drafts`"), "{err}");
        let org = ConfigDoc::parse(Some("acme/.github"), PATH, "extends: other\n").unwrap();
        let own = ConfigDoc::parse(None, PATH, "extends: acme\n").unwrap();
        assert!(RepoConfig::from_docs(own, Some(org)).unwrap_err().to_string().starts_with("acme/.github:.github/techlead.yml:1:10: an organisation config cannot `extends`"));
        // A misspelt id set by the organisation is reported in its file.
        let org = ConfigDoc::parse(Some("acme/.github"), PATH, "rules:\n  severity:\n    team-no-prin: error\n").unwrap();
        let own = ConfigDoc::parse(None, PATH, "extends: acme\nrules:\n  severity: {js-thing: hint}\n").unwrap();
        let errors = RepoConfig::from_docs(own, Some(org)).unwrap().apply(&mut rules()).unwrap_err();
        assert_eq!(errors.0[0].to_string(), "acme/.github:.github/techlead.yml:3:5: `team-no-prin` in `rules.severity` is no rule id, tag or language techlead knows; did you mean `team-no-print`?");
    }

    #[test]
    fn unknown_selectors_are_errors_naming_the_nearest() {
        assert_eq!(apply("rules:\n  enable: [python, tema]\n").unwrap_err(), ".github/techlead.yml:2:20: `tema` in `rules.enable` is no rule id, tag or language techlead knows; did you mean `team`?");
        assert_eq!(
            apply("rules:\n  disable:\n    - pyhton\n").unwrap_err(),
            ".github/techlead.yml:3:7: `pyhton` in `rules.disable` is no rule id, tag or language techlead knows; did you mean `python`?"
        );
        assert_eq!(
            apply("rules:\n  enable: [metrics/function-lenght]\n").unwrap_err(),
            ".github/techlead.yml:2:12: `metrics/function-lenght` in `rules.enable` is no rule id, tag or language techlead knows; did you mean `metrics/function-length`?"
        );
        assert!(
            apply("paths:\n  rules:\n    team-no-prnt: {exclude: ['a/**']}\n")
                .unwrap_err()
                .contains(":3:5: `team-no-prnt` in `paths.rules` is no rule id techlead knows; did you mean `team-no-print`?")
        );
        assert!(apply("paths:\n  rules:\n    team: {exclude: ['a/**']}\n").unwrap_err().contains("`paths.rules` takes rule ids, and `team` is a tag or a language"));
        // All errors at once.
        assert_eq!(apply("rules:\n  enable: [a1]\n  disable: [b2]\n  severity: {c3: error}\n").unwrap_err().lines().count(), 3);
        // Every kind of valid selector is accepted, metric checks' ids and tag included.
        let left = apply("rules:\n  enable: [team, javascript, text, metrics/nesting-depth]\n  disable: [js-thing, metrics]\n  severity: {python: error, metrics/function-length: error}\npaths:\n  rules:\n    metrics/nesting-depth: {exclude: ['gen/**']}\n").unwrap();
        assert_eq!(left, vec![("team-no-print".to_string(), Severity::Error)]);
    }

    #[test]
    fn metric_checks_know_their_thresholds() {
        for metric in METRIC_RULES {
            assert!(Thresholds::default().get(metric.threshold).is_some(), "{}", metric.threshold);
        }
    }
}
