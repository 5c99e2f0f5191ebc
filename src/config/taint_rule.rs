//! Taint rule files (`mode: taint`) → compiled taint rules. Each entry of
//! `sources`, `sinks`, `sanitizers` and `propagators` is an ordinary ast-grep
//! rule object plus a few keys of ours; every problem is a located error.

use std::path::Path;

use ast_grep_config::{DeserializeEnv, Fixer, SerializableRuleCore};
use serde::Deserialize;

use super::compile::{compile_globs, error_chain, first_line, pattern_problem, rule_tests};
use super::error::{RuleFileError, nearest};
use super::literals::{node_literals, required_literals};
use super::rule_file::{RELATION_KEYS, RULE_KEYS, TechleadMetadata, TestsSpec};
use super::yaml_tree::{Pos, YNode};
use crate::analysis::finding::Severity;
use crate::analysis::gate::{NodeNeeds, parent_kinds};
use crate::analysis::language::Lang;
use crate::analysis::rules::{Matcher, Rule, RuleMeta};
use crate::analysis::taint::languages::{syntax_of, taint_languages};
use crate::analysis::taint::{Component, Role, TaintSpec};

/// Top-level keys of a taint rule.
pub const TAINT_DOC_KEYS: &[&str] =
    &["id", "language", "mode", "severity", "message", "note", "url", "metadata", "files", "ignores", "fix", "tests", "sources", "sinks", "sanitizers", "propagators", "returns_clean"];

/// Keys of ours an entry may hold beside the rule object's, per role.
fn entry_keys(role: Role) -> &'static [&'static str] {
    match role {
        Role::Source => &["constraints", "utils", "label"],
        Role::Sink => &["constraints", "utils", "focus", "requires"],
        Role::Sanitizer => &["constraints", "utils"],
        Role::Propagator => &["constraints", "utils", "from", "to"],
    }
}

const ROLES: [Role; 4] = [Role::Source, Role::Sink, Role::Sanitizer, Role::Propagator];

/// Whether a rule document is a taint rule.
pub fn is_taint(doc: &YNode) -> bool {
    doc.get("mode").and_then(YNode::as_str).is_some_and(|m| m == "taint")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaintDoc {
    id: Option<String>,
    language: String,
    #[allow(dead_code)]
    mode: String,
    severity: Option<String>,
    #[serde(default)]
    message: String,
    note: Option<String>,
    url: Option<String>,
    metadata: Option<serde_json::Value>,
    files: Option<serde_json::Value>,
    ignores: Option<serde_json::Value>,
    fix: Option<String>,
    tests: Option<TestsSpec>,
    #[serde(default)]
    returns_clean: Vec<String>,
}

/// Compiles a file of taint rules; returns each rule with the place of its id.
pub fn compile_taint_file(path: &str, text: &str, docs: &[YNode]) -> Result<Vec<(Rule, Pos)>, Vec<RuleFileError>> {
    let stem = Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or("rule").to_string();
    let values: Vec<serde_json::Value> = ast_grep_config::from_multiple(text).map_err(|e| vec![RuleFileError::new(path, docs[0].pos, first_line(&e.to_string()), "fix the YAML")])?;
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (index, (value, tree)) in values.into_iter().zip(docs).enumerate() {
        if !is_taint(tree) {
            errors.push(RuleFileError::new(path, tree.pos, "a file with a taint rule holds only taint rules", "move the other rule to a file of its own (one rule per file)"));
            continue;
        }
        let default_id = if docs.len() > 1 { format!("{stem}-{}", index + 1) } else { stem.clone() };
        let shape = check_taint_shape(path, tree);
        if !shape.is_empty() {
            errors.extend(shape);
            continue;
        }
        match compile_taint_doc(path, value, tree, default_id) {
            Ok(Some(rule)) => rules.push((rule, tree.key_pos("id").unwrap_or(tree.pos))),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(rules) } else { Err(errors) }
}

fn unknown_key(path: &str, key: &super::yaml_tree::YKey, allowed: &[&str], what: &str) -> RuleFileError {
    let fix = match nearest(&key.name, allowed) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("valid keys here are: {}", allowed.join(", ")),
    };
    RuleFileError::new(path, key.pos, format!("unknown key `{}` in {what}", key.name), fix)
}

/// Keys, the language, the presence of sources and sinks, and each entry's
/// own keys, before anything is compiled.
fn check_taint_shape(path: &str, doc: &YNode) -> Vec<RuleFileError> {
    let mut errors = Vec::new();
    for (key, _) in doc.entries() {
        if !TAINT_DOC_KEYS.contains(&key.name.as_str()) {
            let mut e = unknown_key(path, key, TAINT_DOC_KEYS, "a taint rule");
            if key.name == "rule" {
                e.fix = "a taint rule has no `rule`: put the patterns under `sources` and `sinks` (and `sanitizers`, `propagators`)".into();
            }
            errors.push(e);
        }
    }
    match doc.get("language").and_then(YNode::as_str) {
        None => errors.push(RuleFileError::new(path, doc.pos, "missing `language`", format!("add `language:` with one of {}", taint_languages()))),
        Some(given) => match Lang::from_name(given) {
            Err(e) => errors.push(RuleFileError::new(path, doc.get("language").map_or(doc.pos, |l| l.pos), format!("unknown language `{}`", e.given), e.fix())),
            Ok(lang) if syntax_of(lang.name()).is_none() => errors.push(RuleFileError::new(
                path,
                doc.get("language").map_or(doc.pos, |l| l.pos),
                format!("taint mode does not support {}", lang.name()),
                format!("taint rules run on {}; write a syntactic rule (`rule:`) for {}", taint_languages(), lang.name()),
            )),
            Ok(_) => {}
        },
    }
    for role in [Role::Source, Role::Sink] {
        let entries = doc.get(role.key()).map_or(&[][..], YNode::items);
        if entries.is_empty() {
            let what = if role == Role::Source {
                "where untrusted data enters, e.g. `- pattern: request.args.get($$$)`"
            } else {
                "where it does harm, e.g. `- pattern: $CUR.execute($QUERY, $$$)` with `focus: QUERY`"
            };
            errors.push(RuleFileError::new(
                path,
                doc.key_pos(role.key()).unwrap_or(doc.pos),
                format!("a taint rule needs at least one entry in `{}`", role.key()),
                format!("add `{}:` with {what}", role.key()),
            ));
        }
    }
    for role in ROLES {
        let Some(list) = doc.get(role.key()) else { continue };
        if list.items().is_empty() && !list.entries().is_empty() {
            errors.push(RuleFileError::new(path, list.pos, format!("`{}` must be a list of rule objects", role.key()), format!("write each entry as `- pattern: ...` under `{}:`", role.key())));
            continue;
        }
        for entry in list.items() {
            check_entry(path, role, entry, &mut errors);
        }
    }
    errors
}

fn check_entry(path: &str, role: Role, entry: &YNode, errors: &mut Vec<RuleFileError>) {
    if entry.entries().is_empty() {
        errors.push(RuleFileError::new(path, entry.pos, format!("an entry of `{}` must be a rule object", role.key()), "write it as a mapping, e.g. `- pattern: eval($X)`"));
        return;
    }
    let allowed: Vec<&str> = RULE_KEYS.iter().chain(entry_keys(role)).copied().collect();
    for (key, _) in entry.entries() {
        if !allowed.contains(&key.name.as_str()) {
            let mut all_ours: Vec<&str> = RULE_KEYS.to_vec();
            for r in ROLES {
                all_ours.extend(entry_keys(r));
            }
            let mut e = unknown_key(path, key, &allowed, &format!("an entry of `{}`", role.key()));
            if all_ours.contains(&key.name.as_str()) {
                e.fix = match key.name.as_str() {
                    "focus" | "requires" => "`focus` and `requires` belong to `sinks` entries".into(),
                    "label" => "`label` belongs to `sources` entries".into(),
                    _ => "`from` and `to` belong to `propagators` entries".into(),
                };
            }
            errors.push(e);
        }
    }
    for (key, value) in entry.entries() {
        match key.name.as_str() {
            "all" | "any" => value.items().iter().for_each(|item| check_rule_keys(path, item, false, errors)),
            "not" => check_rule_keys(path, value, false, errors),
            "inside" | "has" | "precedes" | "follows" => check_rule_keys(path, value, true, errors),
            _ => {}
        }
    }
    if !entry.entries().iter().any(|(k, _)| RULE_KEYS.contains(&k.name.as_str())) {
        errors.push(RuleFileError::new(path, entry.pos, format!("an entry of `{}` has no rule", role.key()), "add a `pattern`, `kind` or `regex` (any ast-grep rule key)"));
    }
    let mentions = |var: &str| {
        let mut found = false;
        entry.walk(None, &mut |_, node| found |= node.as_str().is_some_and(|s| s.contains(&format!("${var}"))));
        found
    };
    for key in ["focus", "from", "to"] {
        if let Some(value) = entry.get(key) {
            let var = value.as_str().unwrap_or_default().trim_start_matches('$');
            if var.is_empty() || !mentions(var) {
                errors.push(RuleFileError::new(
                    path,
                    value.pos,
                    format!("`{key}: {var}` names no metavariable of the entry"),
                    format!("name a metavariable the pattern binds, without `$` (e.g. `{key}: QUERY` for `$QUERY`)"),
                ));
            }
        }
    }
    if role == Role::Propagator && (entry.get("from").is_none() || entry.get("to").is_none()) {
        errors.push(RuleFileError::new(path, entry.pos, "a propagator needs `from` and `to`", "add `from: ITEM` and `to: LIST` naming the metavariables taint moves between"));
    }
    if let Some(requires) = entry.get("requires")
        && requires.items().is_empty()
    {
        errors.push(RuleFileError::new(path, requires.pos, "`requires` must be a list of labels", "write `requires: [user-input]`"));
    }
}

fn check_rule_keys(path: &str, rule: &YNode, relation: bool, errors: &mut Vec<RuleFileError>) {
    let allowed: Vec<&str> = if relation { RULE_KEYS.iter().chain(RELATION_KEYS).copied().collect() } else { RULE_KEYS.to_vec() };
    for (key, value) in rule.entries() {
        if !allowed.contains(&key.name.as_str()) {
            errors.push(unknown_key(path, key, &allowed, "a rule object"));
        }
        match key.name.as_str() {
            "all" | "any" => value.items().iter().for_each(|item| check_rule_keys(path, item, false, errors)),
            "not" => check_rule_keys(path, value, false, errors),
            "inside" | "has" | "precedes" | "follows" => check_rule_keys(path, value, true, errors),
            _ => {}
        }
    }
}

fn compile_taint_doc(path: &str, value: serde_json::Value, tree: &YNode, default_id: String) -> Result<Option<Rule>, RuleFileError> {
    let mut value = value;
    let entries: Vec<(Role, serde_json::Value)> = ROLES.iter().map(|role| (*role, value.as_object_mut().and_then(|o| o.remove(role.key())).unwrap_or(serde_json::Value::Array(vec![])))).collect();
    let doc: TaintDoc = serde_json::from_value(value).map_err(|e| RuleFileError::new(path, tree.pos, format!("invalid taint rule: {e}"), "see the taint section of docs/writing-rules.md"))?;
    let severity = match doc.severity.as_deref().unwrap_or("hint") {
        "off" => return Ok(None),
        level => level.parse::<Severity>().map_err(|e| RuleFileError::new(path, tree.key_pos("severity").unwrap_or(tree.pos), e, "use hint, info, warning, error or off"))?,
    };
    let lang = Lang::from_name(&doc.language).map_err(|e| RuleFileError::new(path, tree.pos, e.to_string(), e.fix()))?;
    let spec = compile_spec(path, tree, lang, &entries, &doc)?;
    let also = lang
        .rules_also_run_on()
        .filter(|dialect| syntax_of(dialect.name()).is_some())
        .filter_map(|dialect| match compile_spec(path, tree, dialect, &entries, &doc) {
            Ok(spec) => Some((dialect, spec)),
            Err(e) => {
                tracing::debug!(rule = %tree.get("id").and_then(YNode::as_str).unwrap_or(path), %dialect, why = %e.problem, "taint rule does not run on {dialect}");
                None
            }
        })
        .collect();
    let metadata: TechleadMetadata = match doc.metadata {
        Some(m) => serde_json::from_value(m).map_err(|e| {
            RuleFileError::new(
                path,
                tree.key_pos("metadata").unwrap_or(tree.pos),
                format!("invalid `metadata`: {e}"),
                "`tags`, `cwe` and `owasp` take a string or a list of strings; `confidence` is low, medium or high",
            )
        })?,
        None => TechleadMetadata::default(),
    };
    // A taint rule can only report where a sink matches: the sinks' literals
    // are what a file must hold (when every sink names some).
    let required_literals = literals_of_any(tree, "sinks");
    Ok(Some(Rule {
        id: doc.id.filter(|id| !id.is_empty()).unwrap_or(default_id),
        severity,
        matcher: Matcher::Taint { lang, spec: Box::new(spec), also },
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
        required_literals,
        node_literals: None,
    }))
}

/// The components of a taint rule compiled for one language.
fn compile_spec(path: &str, tree: &YNode, lang: Lang, entries: &[(Role, serde_json::Value)], doc: &TaintDoc) -> Result<TaintSpec, RuleFileError> {
    let mut components = Vec::new();
    for (role, list) in entries {
        let items = list.as_array().cloned().unwrap_or_default();
        let nodes = tree.get(role.key()).map_or(&[][..], YNode::items);
        for (item, node) in items.into_iter().zip(nodes) {
            components.push(compile_component(path, node, lang, *role, item)?);
        }
    }
    let fixer = doc
        .fix
        .as_deref()
        .map(|fix| Fixer::from_str(fix, &lang))
        .transpose()
        .map_err(|e| RuleFileError::new(path, tree.key_pos("fix").unwrap_or(tree.pos), format!("invalid `fix`: {e}"), "write the replacement text, with the sink's $VARS"))?;
    // Nor can it report without a source: when every source names some
    // literal, a file must also hold one of theirs.
    Ok(TaintSpec { components, returns_clean: doc.returns_clean.clone(), fixer, source_literals: literals_of_any(tree, "sources") })
}

/// The literals a file must hold one of for some entry of `sinks` or
/// `sources` to match: `None` when an entry promises none.
fn literals_of_any(tree: &YNode, key: &str) -> Option<Vec<String>> {
    let entries = tree.get(key).map_or(&[][..], YNode::items);
    let literals: Option<Vec<Vec<String>>> = entries.iter().map(|e| required_literals(e, e.get("constraints"))).collect();
    literals.filter(|l| !l.is_empty()).map(|l| l.concat())
}

fn compile_component(path: &str, node: &YNode, lang: Lang, role: Role, item: serde_json::Value) -> Result<Component, RuleFileError> {
    let serde_json::Value::Object(mut map) = item else {
        return Err(RuleFileError::new(path, node.pos, format!("an entry of `{}` must be a rule object", role.key()), "write it as a mapping, e.g. `- pattern: eval($X)`"));
    };
    let take = |map: &mut serde_json::Map<String, serde_json::Value>, key: &str| map.remove(key).and_then(|v| v.as_str().map(|s| s.trim_start_matches('$').to_string()));
    let focus = take(&mut map, "focus");
    let label = take(&mut map, "label");
    let from = take(&mut map, "from");
    let to = take(&mut map, "to");
    let requires: Vec<String> = map.remove("requires").and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
    let constraints = map.remove("constraints");
    let utils = map.remove("utils");
    let parents = parent_kinds(&serde_json::Value::Object(map.clone()), lang);
    let core = serde_json::json!({ "rule": map, "constraints": constraints, "utils": utils });
    let identity = core.to_string();
    let located = |problem: String| {
        let mut found = None;
        node.walk(None, &mut |key, n| {
            if found.is_none()
                && key == Some("pattern")
                && let Some(text) = n.as_str()
                && let Some(why) = pattern_problem(text, lang)
            {
                found = Some(RuleFileError::new(
                    path,
                    n.pos,
                    format!("pattern `{text}` does not parse as {lang}: {why}"),
                    "write the pattern as valid code of the rule's language, with $VARS for the parts that vary",
                ));
            }
        });
        found.unwrap_or_else(|| {
            RuleFileError::new(path, node.pos, format!("invalid entry of `{}`: {problem}", role.key()), "check the rule object against https://ast-grep.github.io/reference/yaml.html")
        })
    };
    let core: SerializableRuleCore = serde_json::from_value(core).map_err(|e| located(e.to_string()))?;
    let matcher = core.get_matcher(DeserializeEnv::new(lang)).map_err(|e| located(error_chain(&e)))?;
    if let Some(problem) = pattern_error_in(node, lang) {
        return Err(located(problem));
    }
    let needs = NodeNeeds { parents, literals: node_literals(node, node.get("constraints")) };
    Ok(Component { role, shown: shown(node), identity, matcher, focus, label, requires, from, to, needs })
}

/// An entry in one line: its first rule key with its value, and our keys.
fn shown(entry: &YNode) -> String {
    let mut parts = Vec::new();
    for (key, value) in entry.entries() {
        let text = match value.as_str() {
            Some(text) => text.to_string(),
            None if key.name == "pattern" => value.get("context").and_then(YNode::as_str).map_or("{…}".to_string(), |c| format!("{{context: {c}}}")),
            None if key.name == "requires" => format!("[{}]", value.items().iter().filter_map(YNode::as_str).collect::<Vec<_>>().join(", ")),
            None => "{…}".to_string(),
        };
        parts.push(format!("{}: {text}", key.name));
    }
    parts.join(", ")
}

/// ast-grep accepts some broken patterns silently; find them up front.
fn pattern_error_in(node: &YNode, lang: Lang) -> Option<String> {
    let mut problem = None;
    node.walk(None, &mut |key, n| {
        if problem.is_none()
            && key == Some("pattern")
            && let Some(text) = n.as_str()
        {
            problem = pattern_problem(text, lang);
        }
    });
    problem
}

/// Adds taint mode to the rule-file JSON Schema: `mode`, the four lists
/// (each entry a rule object plus our keys), `returns_clean`; `rule` is
/// required only when `mode` is not `taint`, `sources` and `sinks` when it is.
pub fn extend_json_schema(schema: &mut serde_json::Value) {
    use serde_json::json;
    let rule_props = schema["$defs"]["SerializableRule"]["properties"].clone();
    let mut entry_props = rule_props.as_object().cloned().unwrap_or_default();
    let string_list = json!({ "type": "array", "items": { "type": "string" } });
    for (key, value) in [
        ("constraints", schema["properties"]["constraints"].clone()),
        ("utils", schema["properties"]["utils"].clone()),
        ("focus", json!({ "type": "string", "description": "Sinks: the metavariable (without `$`) whose node must carry the taint; without it, the whole match." })),
        ("label", json!({ "type": "string", "description": "Sources: the label the taint carries, for sinks that `require` it." })),
        ("requires", json!({ "type": "array", "items": { "type": "string" }, "description": "Sinks: fire only for taint with one of these labels." })),
        ("from", json!({ "type": "string", "description": "Propagators: the metavariable taint moves from." })),
        ("to", json!({ "type": "string", "description": "Propagators: the metavariable taint moves to." })),
    ] {
        entry_props.insert(key.to_string(), value);
    }
    let Some(defs) = schema["$defs"].as_object_mut() else { return };
    defs.insert(
        "TaintEntry".into(),
        json!({
            "description": "An ast-grep rule object (pattern, kind, regex, inside, has, all/any/not, matches) plus techlead's taint keys.",
            "type": "object",
            "additionalProperties": false,
            "properties": entry_props,
        }),
    );
    let list = |what: &str| json!({ "type": "array", "items": { "$ref": "#/$defs/TaintEntry" }, "description": what });
    let Some(props) = schema["properties"].as_object_mut() else { return };
    props.insert("mode".into(), json!({ "enum": ["taint"], "description": "`taint`: follow untrusted data from `sources` to `sinks` instead of matching one `rule`." }));
    props.insert("sources".into(), list("Taint mode: where untrusted data enters."));
    props.insert("sinks".into(), list("Taint mode: where untrusted data does harm."));
    props.insert("sanitizers".into(), list("Taint mode: what makes data safe; taint stops there."));
    props.insert("propagators".into(), list("Taint mode: calls that move taint from `from` to `to` (`$LIST.append($ITEM)`)."));
    props.insert(
        "returns_clean".into(),
        json!({ "description": "Taint mode: functions whose return value is clean whatever they receive (`len`, `int`).", "items": string_list["items"], "type": "array" }),
    );
    schema["required"] = json!(["language"]);
    schema["allOf"] = json!([{
        "if": { "properties": { "mode": { "const": "taint" } }, "required": ["mode"] },
        "then": { "required": ["sources", "sinks"] },
        "else": { "required": ["rule"] },
    }]);
}
