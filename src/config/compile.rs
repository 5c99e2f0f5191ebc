//! Rule files → compiled rules. Every check happens here, once, and every
//! problem becomes a `path:line:col: what; how to fix` error.

use std::collections::HashMap;
use std::path::Path;

use ast_grep_config::{GlobalRules, RuleConfig, Severity as AgSeverity};
use ast_grep_core::language::Language;
use ast_grep_core::matcher::Pattern;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::error::{RuleFileError, RuleFileErrors, nearest};
use super::literals::file_and_node_literals;
use super::rule_file::{DOC_KEYS, InvalidSpec, RELATION_KEYS, RULE_KEYS, RuleDoc, TechleadMetadata, TestsSpec};
use super::yaml_tree::{Pos, YNode, parse_documents};
use crate::analysis::finding::Severity;
use crate::analysis::language::{Lang, names_list};
use crate::analysis::rules::{InvalidCase, Matcher, Rule, RuleMeta, RuleSet, RuleTests, TextMatcher};

/// The text of one rule file and the name to use for it in messages.
#[derive(Clone, Debug)]
pub struct RuleSource {
    pub path: String,
    pub text: String,
}

/// Compiles every rule of every file; on any problem, returns all of them.
pub fn compile(sources: &[RuleSource]) -> Result<RuleSet, RuleFileErrors> {
    let mut errors = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    let mut first_seen: HashMap<String, String> = HashMap::new();
    for source in sources {
        match compile_file(source) {
            Ok(file_rules) => {
                for (rule, id_pos) in file_rules {
                    let here = format!("{}:{}", source.path, id_pos.line);
                    if let Some(first) = first_seen.get(&rule.id) {
                        errors.push(RuleFileError::new(&source.path, id_pos, format!("duplicate rule id `{}`, already defined at {first}", rule.id), "give one of the rules another `id`"));
                        continue;
                    }
                    first_seen.insert(rule.id.clone(), here);
                    rules.push(rule);
                }
            }
            Err(mut file_errors) => errors.append(&mut file_errors),
        }
    }
    if errors.is_empty() { Ok(RuleSet { rules }) } else { Err(RuleFileErrors(errors)) }
}

/// Compiles one file; returns each rule with the place of its id.
fn compile_file(source: &RuleSource) -> Result<Vec<(Rule, Pos)>, Vec<RuleFileError>> {
    let path = source.path.as_str();
    let docs =
        parse_documents(&source.text).map_err(|e| vec![RuleFileError::new(path, e.pos, format!("YAML syntax error: {}", e.message), "fix the YAML syntax (check indentation, quotes and colons)")])?;
    if docs.is_empty() {
        return Err(vec![RuleFileError::new(path, Pos { line: 1, column: 1 }, "the file holds no rule", "add at least `id`, `language` and `rule`, or delete the file")]);
    }
    if docs.iter().any(super::taint_rule::is_taint) {
        return super::taint_rule::compile_taint_file(path, &source.text, &docs);
    }
    let mut errors = Vec::new();
    for doc in &docs {
        check_shape(path, doc, &mut errors);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if docs.iter().any(is_text) {
        return compile_text_file(source, &docs);
    }
    let parsed: Vec<RuleDoc> = ast_grep_config::from_multiple(&source.text).map_err(|e| {
        let pos = e.location().map(|l| Pos { line: l.line() as usize, column: l.column() as usize }).unwrap_or(docs[0].pos);
        vec![RuleFileError::new(path, pos, first_line(&e.to_string()), "see the rule schema in rules/schema.json")]
    })?;
    let stem = Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or("rule").to_string();
    let many = parsed.len() > 1;
    let mut rules = Vec::new();
    for (index, (doc, tree)) in parsed.into_iter().zip(&docs).enumerate() {
        let default_id = if many { format!("{stem}-{}", index + 1) } else { stem.clone() };
        match compile_doc(path, doc, tree, default_id) {
            Ok(Some(rule)) => rules.push((rule, tree.key_pos("id").unwrap_or(tree.pos))),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(rules) } else { Err(errors) }
}

/// `language: text`: a regex rule over every file's text.
fn is_text(doc: &YNode) -> bool {
    doc.get("language").and_then(YNode::as_str).is_some_and(|l| l.eq_ignore_ascii_case("text"))
}

/// Checks keys and the language before serde runs, so the errors can point at
/// the exact key and suggest the nearest valid one.
fn check_shape(path: &str, doc: &YNode, errors: &mut Vec<RuleFileError>) {
    if doc.as_str().is_some() || !doc.items().is_empty() {
        errors.push(RuleFileError::new(path, doc.pos, "a rule must be a mapping of keys", "write the rule as `key: value` lines (id, language, rule, ...)"));
        return;
    }
    check_keys(path, doc, DOC_KEYS, "a rule file", errors);
    match doc.get("language") {
        None => errors.push(RuleFileError::new(path, doc.pos, "missing `language`", format!("add `language:` with one of {}", names_list()))),
        Some(lang) if is_text(doc) => check_keys(path, doc.get("rule").unwrap_or(lang), &["regex", "not"], "a text rule", errors),
        Some(lang) => {
            if let Err(e) = Lang::from_name(lang.as_str().unwrap_or_default()) {
                errors.push(RuleFileError::new(path, lang.pos, format!("unknown language `{}`", e.given), e.fix()));
            }
        }
    }
    match doc.get("rule") {
        None => errors.push(RuleFileError::new(path, doc.pos, "missing `rule`", "add `rule:` with at least a `pattern` or a `kind`")),
        Some(_) if is_text(doc) => {}
        Some(rule) => check_rule_object(path, rule, false, errors),
    }
    if let Some(utils) = doc.get("utils") {
        for (_, util) in utils.entries() {
            check_rule_object(path, util, false, errors);
        }
    }
    if let Some(tests) = doc.get("tests") {
        check_tests(path, tests, errors);
    }
    if let Some(metadata) = doc.get("metadata") {
        check_metadata_keys(path, metadata, errors);
    }
}

/// `tests: {valid: [code], invalid: [code | {code, fixed}]}`. serde cannot
/// catch a misspelt `fixd:` (an entry may be a string or a mapping, and
/// the mapping form would just lose its expected fix), so it is caught here.
fn check_tests(path: &str, tests: &YNode, errors: &mut Vec<RuleFileError>) {
    check_keys(path, tests, &["valid", "invalid"], "`tests`", errors);
    for item in tests.get("valid").map_or(&[][..], YNode::items) {
        if item.as_str().is_none() {
            errors.push(RuleFileError::new(path, item.pos, "a `tests.valid` entry must be a code snippet", "write the code as a string (a `|` block for several lines)"));
        }
    }
    for item in tests.get("invalid").map_or(&[][..], YNode::items) {
        if item.as_str().is_some() {
            continue;
        }
        check_keys(path, item, &["code", "fixed"], "a `tests.invalid` entry", errors);
        if item.get("code").is_none() {
            errors.push(RuleFileError::new(
                path,
                item.pos,
                "a `tests.invalid` entry has no `code`",
                "add `code:` with the snippet that must give a finding (and `fixed:` with the text after the fix)",
            ));
        }
    }
}

/// techlead's `metadata` keys (`tags`, `cwe`, `owasp`, `confidence`, `applies_in_tests`). Other
/// keys are allowed, as in ast-grep, where `metadata` is free-form; but a key
/// one typo away from ours (`tag`, `cwes`, `confidance`) is an error, since
/// its value would otherwise be silently lost.
fn check_metadata_keys(path: &str, metadata: &YNode, errors: &mut Vec<RuleFileError>) {
    const OURS: &[&str] = &["tags", "cwe", "owasp", "confidence", "applies_in_tests"];
    for (key, _) in metadata.entries() {
        let given = key.name.to_ascii_lowercase();
        if OURS.contains(&key.name.as_str()) {
            continue;
        }
        let near = OURS.iter().find(|ours| given == **ours || strsim::damerau_levenshtein(&given, ours) <= (ours.len() / 3).max(1));
        if let Some(near) = near {
            errors.push(RuleFileError::new(path, key.pos, format!("unknown key `{}` in `metadata`", key.name), format!("did you mean `{near}`?")));
        }
    }
}

fn check_rule_object(path: &str, rule: &YNode, relation: bool, errors: &mut Vec<RuleFileError>) {
    let allowed: Vec<&str> = if relation { RULE_KEYS.iter().chain(RELATION_KEYS).copied().collect() } else { RULE_KEYS.to_vec() };
    check_keys(path, rule, &allowed, "a rule object", errors);
    for (key, value) in rule.entries() {
        match key.name.as_str() {
            "all" | "any" => value.items().iter().for_each(|item| check_rule_object(path, item, false, errors)),
            "not" => check_rule_object(path, value, false, errors),
            "inside" | "has" | "precedes" | "follows" => check_rule_object(path, value, true, errors),
            _ => {}
        }
    }
}

fn check_keys(path: &str, node: &YNode, allowed: &[&str], what: &str, errors: &mut Vec<RuleFileError>) {
    for (key, _) in node.entries() {
        if !allowed.contains(&key.name.as_str()) {
            let fix = match nearest(&key.name, allowed) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("valid keys here are: {}", allowed.join(", ")),
            };
            errors.push(RuleFileError::new(path, key.pos, format!("unknown key `{}` in {what}", key.name), fix));
        }
    }
}

fn compile_doc(path: &str, doc: RuleDoc, tree: &YNode, default_id: String) -> Result<Option<Rule>, RuleFileError> {
    let RuleDoc { tests, mut rule } = doc;
    let lang = rule.language;
    if rule.id.is_empty() {
        rule.id = default_id;
    }
    let severity = match rule.severity {
        AgSeverity::Off => return Ok(None),
        AgSeverity::Hint => Severity::Hint,
        AgSeverity::Info => Severity::Info,
        AgSeverity::Warning => Severity::Warning,
        AgSeverity::Error => Severity::Error,
    };
    let meta = read_metadata(path, &rule, tree)?;
    let files = compile_globs(path, tree, "files", serde_json::to_value(&rule.files).unwrap_or_default())?;
    let ignores = compile_globs(path, tree, "ignores", serde_json::to_value(&rule.ignores).unwrap_or_default())?;
    let (required, node_literals) = tree.get("rule").map(|r| file_and_node_literals(r, tree.get("constraints"))).unwrap_or_default();
    let tests = rule_tests(tests);
    let id = rule.id.clone();
    check_patterns(path, tree, lang)?;
    let also = lang.rules_also_run_on().filter_map(|dialect| compile_for_dialect(path, tree, &rule, dialect)).collect();
    let config = RuleConfig::try_from(rule, &GlobalRules::default()).map_err(|e| locate_rule_error(path, tree, lang, &e))?;
    Ok(Some(Rule {
        id,
        severity,
        matcher: Matcher::Ast { lang, config: Box::new(config), also },
        meta,
        tests,
        origin: format!("{path}:{}", tree.pos.line),
        files,
        ignores,
        required_literals: required,
        node_literals,
    }))
}

/// The rule compiled again for a language whose grammar also accepts the
/// rule's own (TSX for TypeScript). A rule that does not fit that grammar
/// (a pattern such as `<T>x` reads differently in TSX, or a node kind it
/// lacks) stays on its own language: that is not the author's mistake, so it
/// is logged, not reported.
fn compile_for_dialect(path: &str, tree: &YNode, rule: &ast_grep_config::SerializableRuleConfig<Lang>, dialect: Lang) -> Option<(Lang, RuleConfig<Lang>)> {
    let mut rule = rule.clone();
    rule.language = dialect;
    let compiled = match check_patterns(path, tree, dialect) {
        Err(e) => Err(e.problem),
        Ok(()) => RuleConfig::try_from(rule, &GlobalRules::default()).map_err(|e| error_chain(&e)),
    };
    match compiled {
        Ok(config) => Some((dialect, config)),
        Err(why) => {
            tracing::debug!(rule = %tree.get("id").and_then(YNode::as_str).unwrap_or(path), %dialect, %why, "rule does not run on {dialect}");
            None
        }
    }
}

fn read_metadata(path: &str, rule: &ast_grep_config::SerializableRuleConfig<Lang>, tree: &YNode) -> Result<RuleMeta, RuleFileError> {
    let ours: TechleadMetadata = match &rule.metadata {
        None => TechleadMetadata::default(),
        Some(metadata) => {
            let value = serde_json::to_value(metadata).unwrap_or_default();
            serde_json::from_value(value).map_err(|e| {
                let pos = tree.key_pos("metadata").unwrap_or(tree.pos);
                RuleFileError::new(
                    path,
                    pos,
                    format!("invalid `metadata`: {e}"),
                    "`tags`, `cwe` and `owasp` take a string or a list of strings; `confidence` is low, medium or high; `applies_in_tests` is true or false",
                )
            })?
        }
    };
    Ok(RuleMeta {
        message: rule.message.clone(),
        note: rule.note.clone(),
        url: rule.url.clone(),
        tags: ours.tags,
        cwe: ours.cwe.into_vec(),
        owasp: ours.owasp.into_vec(),
        confidence: ours.confidence.map(|c| c.as_str().to_string()),
        applies_in_tests: ours.applies_in_tests,
    })
}

/// `globs` is ast-grep's `files`/`ignores` list as JSON (its glob type is not
/// public): each item a string or `{glob, caseInsensitive}`.
pub(super) fn compile_globs(path: &str, tree: &YNode, key: &str, globs: serde_json::Value) -> Result<Option<GlobSet>, RuleFileError> {
    let serde_json::Value::Array(globs) = globs else { return Ok(None) };
    let pos = tree.key_pos(key).unwrap_or(tree.pos);
    let mut builder = GlobSetBuilder::new();
    for glob in &globs {
        let (text, case_insensitive) = match glob {
            serde_json::Value::String(text) => (text.as_str(), false),
            config => (config["glob"].as_str().unwrap_or_default(), config["caseInsensitive"].as_bool().unwrap_or(false)),
        };
        let compiled = GlobBuilder::new(text)
            .case_insensitive(case_insensitive)
            .literal_separator(true)
            .build()
            .map_err(|e| RuleFileError::new(path, pos, format!("bad glob `{text}` in `{key}`: {e}"), "write a glob such as `src/**/*.py`"))?;
        builder.add(compiled);
        // `src/**` should also match `./src/x` style paths that walkers produce.
        if let Some(stripped) = text.strip_prefix("./") {
            builder.add(GlobBuilder::new(stripped).literal_separator(true).build().expect("checked above"));
        }
    }
    builder.build().map(Some).map_err(|e| RuleFileError::new(path, pos, format!("bad globs in `{key}`: {e}"), "check the glob syntax"))
}

/// ast-grep says what failed, not where: find the first `pattern`, `regex` or
/// `kind` below `rule`/`utils` that fails on its own, and point at it.
fn locate_rule_error(path: &str, tree: &YNode, lang: Lang, error: &dyn std::error::Error) -> RuleFileError {
    let mut found: Option<RuleFileError> = None;
    let mut visit = |key: Option<&str>, node: &YNode| {
        if found.is_some() {
            return;
        }
        let Some(text) = node.as_str() else { return };
        found = match key {
            Some("pattern") | Some("context") => pattern_problem(text, lang).map(|problem| {
                RuleFileError::new(
                    path,
                    node.pos,
                    format!("pattern `{text}` does not parse as {lang}: {problem}"),
                    "write the pattern as valid code of the rule's language, with $VARS for the parts that vary",
                )
            }),
            Some("regex") => regex::Regex::new(text)
                .err()
                .map(|e| RuleFileError::new(path, node.pos, format!("bad regex `{text}`: {}", last_line(&e.to_string())), "fix the regular expression (Rust regex syntax; no look-around)")),
            Some("kind") => (lang.kind_to_id(text) == 0)
                .then(|| RuleFileError::new(path, node.pos, format!("`{text}` is not a node kind of {lang}"), "use a kind from the language's tree-sitter grammar (see the ast-grep playground)")),
            _ => None,
        };
    };
    for key in ["rule", "utils", "constraints"] {
        if let Some(node) = tree.get(key) {
            node.walk(Some(key), &mut visit);
        }
    }
    found.unwrap_or_else(|| {
        let pos = tree.key_pos("rule").unwrap_or(tree.pos);
        RuleFileError::new(path, pos, format!("invalid rule: {}", error_chain(error)), "check the rule against https://ast-grep.github.io/reference/yaml.html")
    })
}

/// Why a pattern is unusable: it fails to build, or tree-sitter had to
/// recover from a syntax error (such a pattern matches nothing useful).
pub(super) fn pattern_problem(text: &str, lang: Lang) -> Option<String> {
    match Pattern::try_new(text, lang) {
        Err(e) => Some(e.to_string()),
        Ok(pattern) if pattern.has_error() => Some("the code has a syntax error".to_string()),
        Ok(_) => None,
    }
}

/// Finds broken patterns up front: ast-grep accepts some of them silently.
fn check_patterns(path: &str, tree: &YNode, lang: Lang) -> Result<(), RuleFileError> {
    let mut problem = None;
    let mut visit = |key: Option<&str>, node: &YNode| {
        if problem.is_none()
            && matches!(key, Some("pattern") | Some("context"))
            && let Some(text) = node.as_str()
            && let Some(why) = pattern_problem(text, lang)
        {
            problem = Some(RuleFileError::new(
                path,
                node.pos,
                format!("pattern `{text}` does not parse as {lang}: {why}"),
                "write the pattern as valid code of the rule's language, with $VARS for the parts that vary",
            ));
        }
    };
    for key in ["rule", "utils"] {
        if let Some(node) = tree.get(key) {
            node.walk(Some(key), &mut visit);
        }
    }
    problem.map_or(Ok(()), Err)
}

pub(super) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(e) = source {
        parts.push(e.to_string());
        source = e.source();
    }
    parts.join(": ")
}

fn last_line(text: &str) -> String {
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(text).trim().to_string()
}

pub(super) fn first_line(text: &str) -> String {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or(text).trim().to_string()
}

/// A file of text rules (`language: text`): `rule` holds a `regex` and
/// optionally `not: {regex}` for matches to drop.
fn compile_text_file(source: &RuleSource, docs: &[YNode]) -> Result<Vec<(Rule, Pos)>, Vec<RuleFileError>> {
    let path = source.path.as_str();
    let values: Vec<serde_json::Value> = ast_grep_config::from_multiple(&source.text).map_err(|e| vec![RuleFileError::new(path, docs[0].pos, first_line(&e.to_string()), "fix the YAML")])?;
    let stem = Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or("rule").to_string();
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (index, (value, tree)) in values.into_iter().zip(docs).enumerate() {
        let default_id = if docs.len() > 1 { format!("{stem}-{}", index + 1) } else { stem.clone() };
        match compile_text_doc(path, value, tree, default_id) {
            Ok(Some(rule)) => rules.push((rule, tree.key_pos("id").unwrap_or(tree.pos))),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(rules) } else { Err(errors) }
}

fn compile_text_doc(path: &str, value: serde_json::Value, tree: &YNode, default_id: String) -> Result<Option<Rule>, RuleFileError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct TextDoc {
        id: Option<String>,
        #[allow(dead_code)]
        language: String,
        #[serde(default)]
        severity: Option<String>,
        #[serde(default)]
        message: String,
        note: Option<String>,
        url: Option<String>,
        metadata: Option<serde_json::Value>,
        rule: TextSpec,
        files: Option<serde_json::Value>,
        ignores: Option<serde_json::Value>,
        tests: Option<super::rule_file::TestsSpec>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct TextSpec {
        regex: String,
        not: Option<NotSpec>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct NotSpec {
        regex: String,
    }
    let doc: TextDoc = serde_json::from_value(value).map_err(|e| RuleFileError::new(path, tree.pos, format!("invalid text rule: {e}"), "a text rule has `rule: {regex: ..., not: {regex: ...}}`"))?;
    let severity = match doc.severity.as_deref().unwrap_or("hint") {
        "off" => return Ok(None),
        level => level.parse::<Severity>().map_err(|e| RuleFileError::new(path, tree.key_pos("severity").unwrap_or(tree.pos), e, "use hint, info, warning, error or off"))?,
    };
    let rule_node = tree.get("rule").unwrap_or(tree);
    let regex_at = |key: &str, text: &str, node: Option<&YNode>| {
        regex::Regex::new(text).map_err(|e| {
            let pos = node.map_or(rule_node.pos, |n| n.pos);
            RuleFileError::new(path, pos, format!("bad regex `{text}` in `{key}`: {}", last_line(&e.to_string())), "fix the regular expression (Rust regex syntax; no look-around)")
        })
    };
    let regex = regex_at("regex", &doc.rule.regex, rule_node.get("regex"))?;
    let exclude = doc.rule.not.as_ref().map(|n| regex_at("not.regex", &n.regex, rule_node.get("not").and_then(|n| n.get("regex")))).transpose()?;
    let metadata: TechleadMetadata = match doc.metadata {
        Some(m) => serde_json::from_value(m)
            .map_err(|e| RuleFileError::new(path, tree.key_pos("metadata").unwrap_or(tree.pos), format!("invalid `metadata`: {e}"), "`tags`, `cwe` and `owasp` take a string or a list of strings"))?,
        None => TechleadMetadata::default(),
    };
    Ok(Some(Rule {
        id: doc.id.filter(|id| !id.is_empty()).unwrap_or(default_id),
        severity,
        matcher: Matcher::Text(TextMatcher { regex, exclude }),
        meta: RuleMeta {
            message: doc.message,
            note: doc.note,
            url: doc.url,
            tags: metadata.tags,
            cwe: metadata.cwe.into_vec(),
            owasp: metadata.owasp.into_vec(),
            confidence: metadata.confidence.map(|c| c.as_str().to_string()),
            applies_in_tests: metadata.applies_in_tests,
        },
        tests: rule_tests(doc.tests),
        origin: format!("{path}:{}", tree.pos.line),
        files: compile_globs(path, tree, "files", doc.files.unwrap_or_default())?,
        ignores: compile_globs(path, tree, "ignores", doc.ignores.unwrap_or_default())?,
        required_literals: super::literals::regex_literals(&doc.rule.regex),
        node_literals: None,
    }))
}

/// A rule's `tests` as written → the snippets `techlead test` runs.
pub(super) fn rule_tests(tests: Option<TestsSpec>) -> RuleTests {
    let tests = tests.unwrap_or_default();
    let invalid = tests
        .invalid
        .into_iter()
        .map(|case| match case {
            InvalidSpec::Code(code) => InvalidCase { code, fixed: None },
            InvalidSpec::WithFix { code, fixed } => InvalidCase { code, fixed },
        })
        .collect();
    RuleTests { valid: tests.valid, invalid }
}
