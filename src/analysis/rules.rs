//! Compiled rules: what runs. Built by `config::compile` from rule files,
//! which are a different, deserialized type.

use ast_grep_config::RuleConfig;
use globset::GlobSet;
use regex::Regex;

use super::finding::Severity;
use super::language::Lang;
use super::taint::TaintSpec;

/// One compiled rule.
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    pub matcher: Matcher,
    pub meta: RuleMeta,
    pub tests: RuleTests,
    /// Where the rule was defined, for messages (`rules/python/eval.yml:1`).
    pub origin: String,
    pub files: Option<GlobSet>,
    pub ignores: Option<GlobSet>,
    /// Literal texts of which a file must contain at least one for this rule
    /// to possibly match; `None` when the rule gives no such guarantee.
    pub required_literals: Option<Vec<String>>,
    /// Literal texts of which a node must hold one for this rule to match it
    /// (see `analysis::gate`); `None` when the rule gives no such guarantee.
    pub node_literals: Option<Vec<String>>,
}

/// How a rule finds code.
pub enum Matcher {
    /// An ast-grep rule on one language's syntax tree: its compiled matcher,
    /// fixer and message template. `also` holds the same rule compiled for
    /// the languages it also runs on (TSX for TypeScript): node kinds differ
    /// between grammars, so one compiled matcher cannot serve both.
    Ast { lang: Lang, config: Box<RuleConfig<Lang>>, also: Vec<(Lang, RuleConfig<Lang>)> },
    /// A taint rule (`mode: taint`): sources, sinks, sanitizers and
    /// propagators, compiled for its language and (in `also`) for the
    /// languages it also runs on.
    Taint { lang: Lang, spec: Box<TaintSpec>, also: Vec<(Lang, TaintSpec)> },
    /// A regex over the text of every file whatever its language
    /// (`language: text`), for things like leaked secrets.
    Text(TextMatcher),
}

pub struct TextMatcher {
    pub regex: Regex,
    /// Matches whose text this regex finds are dropped (placeholders such as `changeme`).
    pub exclude: Option<Regex>,
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
    /// What the rule finds matters in test, fixture and docs files and in
    /// manifests too (a real private key does): see `analysis::file_policy`.
    pub applies_in_tests: bool,
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
    /// The syntax-tree language, or `None` for a text rule.
    pub fn lang(&self) -> Option<Lang> {
        match &self.matcher {
            Matcher::Ast { lang, .. } | Matcher::Taint { lang, .. } => Some(*lang),
            Matcher::Text(_) => None,
        }
    }

    /// Every language the rule runs on, with the matcher compiled for it.
    pub fn ast_configs(&self) -> impl Iterator<Item = (Lang, &RuleConfig<Lang>)> {
        let (first, also) = match &self.matcher {
            Matcher::Ast { lang, config, also } => (Some((*lang, &**config)), also.as_slice()),
            Matcher::Text(_) | Matcher::Taint { .. } => (None, &[][..]),
        };
        first.into_iter().chain(also.iter().map(|(lang, config)| (*lang, config)))
    }

    /// Every language a taint rule runs on, with its components compiled for it.
    pub fn taint_specs(&self) -> impl Iterator<Item = (Lang, &TaintSpec)> {
        let (first, also) = match &self.matcher {
            Matcher::Taint { lang, spec, also } => (Some((*lang, &**spec)), also.as_slice()),
            _ => (None, &[][..]),
        };
        first.into_iter().chain(also.iter().map(|(lang, spec)| (*lang, spec)))
    }

    pub fn is_taint(&self) -> bool {
        matches!(self.matcher, Matcher::Taint { .. })
    }

    /// The matcher compiled for `lang`, when the rule runs on it.
    pub fn config_for(&self, lang: Lang) -> Option<&RuleConfig<Lang>> {
        self.ast_configs().find(|(l, _)| *l == lang).map(|(_, config)| config)
    }

    /// `python`, ... or `text`.
    pub fn language_name(&self) -> &'static str {
        self.lang().map_or("text", Lang::name)
    }

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
