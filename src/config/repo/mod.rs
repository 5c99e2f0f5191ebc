//! The repository's `.github/techlead.yml` (or `.techlead.yml`): how a team
//! tunes techlead. Each file is parsed and checked on its own ([`ConfigDoc`]),
//! so every error points into the file that holds the mistake; then the
//! repository's is merged over the organisation's when it `extends` one
//! ([`RepoConfig::from_docs`]), and its rule selectors are checked against the
//! rules that will run when it is applied ([`RepoConfig::apply`]). The review
//! and `techlead scan` both go through these steps.

use std::collections::BTreeSet;

use globset::{Glob, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::error::{RuleFileError, RuleFileErrors, nearest};
use super::yaml_tree::Pos;
use crate::analysis::change::settings::{ARCHITECTURE_TAG, CHANGE_CHECKS, PR_TAG};
use crate::analysis::deps::review::{DEPENDENCY_CHECKS, DEPENDENCY_TAG};
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
    /// How much one file may cost.
    #[serde(default)]
    pub limits: LimitsSection,
    /// The dependency review: lockfile changes, advisories, licences.
    #[serde(default)]
    pub dependencies: DependenciesSection,
    /// Where the App reads coverage reports (a workflow's artifact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<CoverageSection>,
    /// How the pull request as a whole is judged: size, tests, changelog, labels, risky paths.
    #[serde(default)]
    pub pr: PrSection,
    /// Which files may import what (`files` + `forbid`, or `layers`). Default: no rules.
    #[serde(default)]
    pub architecture: Vec<ArchitectureEntry>,
}

mod architecture;
mod checks;
mod coverage;
mod dependencies;
mod doc;
mod gate;
mod limits;
mod pr;
mod sections;

pub use architecture::{ArchitectureEntry, compile_rules};
pub use checks::{BuiltinCheck, builtin_check, builtin_checks, dependency_checks, describe as describe_check};
pub use coverage::CoverageSection;
pub use dependencies::{DependenciesSection, LicensesSection};
pub use doc::{ConfigDoc, extends_target, merge};
pub use gate::{GateSection, METRIC_RULES, METRIC_TAG, MetricRule, Thresholds, metric_rule};
pub use limits::{LimitsSection, parse_seconds};
pub use pr::{PrSection, change_settings, reference as pr_reference};
pub use sections::{PathsSection, ReviewEvent, ReviewSection, RulePaths, RulesSection};

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
        let ids: BTreeSet<&str> = set.rules.iter().map(|r| r.id.as_str()).chain(METRIC_RULES.iter().map(|m| m.id)).chain(CHANGE_CHECKS.iter().chain(&DEPENDENCY_CHECKS).map(|c| c.id)).collect();
        let tags: BTreeSet<&str> = set.rules.iter().flat_map(|r| r.meta.tags.iter().map(String::as_str)).chain([METRIC_TAG, PR_TAG, ARCHITECTURE_TAG, DEPENDENCY_TAG]).collect();
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

pub(crate) fn globset(globs: &[String]) -> Option<GlobSet> {
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
    use crate::analysis::finding::Severity;
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
