//! The rule file as written: an ast-grep rule plus techlead's own keys.
//! These types are only deserialized and turned into a JSON Schema; what runs
//! is `analysis::rules::Rule`, made by `compile`.

use ast_grep_config::SerializableRuleConfig;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::analysis::language::Lang;

/// One rule document. A file may hold several, separated by `---`.
#[derive(Deserialize, JsonSchema)]
#[schemars(title = "techlead rule", description = "An ast-grep rule (https://ast-grep.github.io/reference/yaml.html) plus techlead's `tests` and `metadata` keys.")]
pub struct RuleDoc {
    /// Snippets the rule must not match (`valid`) and must match (`invalid`).
    /// `techlead test` runs them.
    #[serde(default)]
    pub tests: Option<TestsSpec>,
    #[serde(flatten)]
    pub rule: SerializableRuleConfig<Lang>,
}

#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct TestsSpec {
    /// Code that must give no finding.
    #[serde(default)]
    pub valid: Vec<String>,
    /// Code that must give a finding; with `fixed`, what the fix must turn it into.
    #[serde(default)]
    pub invalid: Vec<InvalidSpec>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum InvalidSpec {
    Code(String),
    WithFix { code: String, fixed: Option<String> },
}

/// The keys techlead reads from `metadata`; other keys are kept and ignored.
#[derive(Deserialize, JsonSchema, Default)]
pub struct TechleadMetadata {
    /// Categories such as `security`, `standards`, `performance`.
    #[serde(default)]
    pub tags: Vec<String>,
    /// CWE ids, e.g. `CWE-95`.
    #[serde(default)]
    pub cwe: OneOrMany,
    /// OWASP Top 10 categories, e.g. `A03:2021 - Injection`.
    #[serde(default)]
    pub owasp: OneOrMany,
    /// How sure a finding is to be a real problem.
    pub confidence: Option<Confidence>,
    /// What the rule finds matters in test, fixture and docs files, and in
    /// manifests and lock files, too (a real private key or cloud token
    /// does): its findings there keep their severity and can fail the gate.
    /// Default: false (such findings are reported at `info`).
    #[serde(default)]
    pub applies_in_tests: bool,
}

#[derive(Deserialize, JsonSchema, Default)]
#[serde(untagged)]
pub enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => vec![],
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

/// Ordered: `Low < Medium < High`.
#[derive(Deserialize, serde::Serialize, JsonSchema, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    /// A rule's `metadata.confidence` as compiled; `medium` when it states none.
    pub fn of_rule(stated: Option<&str>) -> Confidence {
        match stated {
            Some("low") => Confidence::Low,
            Some("high") => Confidence::High,
            _ => Confidence::Medium,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Top-level keys a rule document may hold.
pub const DOC_KEYS: &[&str] =
    &["id", "language", "rule", "constraints", "utils", "transform", "fix", "rewriters", "message", "note", "severity", "labels", "files", "ignores", "url", "metadata", "tests"];

/// Keys of a rule object (`rule:`, items of `all`/`any`, `not`, relational targets).
pub const RULE_KEYS: &[&str] = &["pattern", "kind", "regex", "nthChild", "range", "inside", "has", "precedes", "follows", "all", "any", "not", "matches"];

/// Extra keys a relational rule (`inside`, `has`, `precedes`, `follows`) may hold.
pub const RELATION_KEYS: &[&str] = &["stopBy", "field"];

/// The JSON Schema of rule files, with techlead's metadata keys spelled out.
pub fn json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(RuleDoc)).expect("schema serializes");
    let mut metadata = serde_json::to_value(schemars::schema_for!(TechleadMetadata)).expect("schema serializes");
    let defs = metadata.as_object_mut().and_then(|m| m.remove("$defs"));
    if let Some(obj) = metadata.as_object_mut() {
        obj.remove("$schema");
        obj.insert("additionalProperties".into(), true.into());
        obj.insert("description".into(), "Extra information; techlead reads `tags`, `cwe`, `owasp`, `confidence` and `applies_in_tests`.".into());
    }
    if let Some(root) = schema.as_object_mut() {
        let all_defs = root.entry("$defs").or_insert_with(|| serde_json::json!({}));
        if let (Some(all), Some(serde_json::Value::Object(extra))) = (all_defs.as_object_mut(), defs) {
            all.extend(extra);
        }
        if let Some(all) = all_defs.as_object_mut() {
            all.insert("Metadata".into(), metadata);
        }
    }
    super::taint_rule::extend_json_schema(&mut schema);
    schema
}
