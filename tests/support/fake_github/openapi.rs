//! Checks every request against GitHub's own OpenAPI description
//! (`shared/github/openapi-subset.json`), so the bot cannot pass a test by
//! sending something the fake accepts but GitHub would not.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use super::util::percent_decode;

/// The loaded description with one compiled body validator per operation.
pub struct Spec {
    doc: Value,
    operations: Vec<Operation>,
}

/// One documented operation (method + path template).
pub struct Operation {
    pub method: String,
    pub template: String,
    pub operation_id: String,
    segments: Vec<Segment>,
    params: Vec<Param>,
    body: Option<BodySpec>,
}

enum Segment {
    Literal(String),
    /// `multi` is GitHub's `x-multi-segment`: the value may contain `/`.
    Param {
        name: String,
        multi: bool,
    },
}

struct Param {
    name: String,
    location: String,
    required: bool,
    schema: Value,
}

struct BodySpec {
    required: bool,
    /// `None` when the description documents a body without a schema
    /// (`GET .../contents/{path}` only lists example summaries).
    validator: Option<jsonschema::Validator>,
}

/// A request matched to its operation, with its decoded path parameters.
pub struct Matched<'a> {
    pub op: &'a Operation,
    pub path_params: HashMap<String, String>,
}

/// Why a request does not conform; `status` is what GitHub would answer.
#[derive(Debug)]
pub struct Invalid {
    pub status: u16,
    pub problems: Vec<String>,
}

/// The shared, lazily loaded description (parsing 478 KB and compiling the
/// validators once per test binary, not once per server).
pub fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let file = super::super::shared_github_dir().join("openapi-subset.json");
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        Spec::load(serde_json::from_str(&text).expect("openapi-subset.json is JSON"))
    })
}

impl Spec {
    fn load(doc: Value) -> Spec {
        let schemas = doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
        let converted: Map<String, Value> = schemas.iter().map(|(k, v)| (k.clone(), to_json_schema(v))).collect();
        let mut operations = Vec::new();
        for (template, item) in doc["paths"].as_object().expect("paths") {
            let item = item.as_object().expect("path item");
            for (method, op) in item {
                if !["get", "post", "patch", "put", "delete"].contains(&method.as_str()) {
                    continue;
                }
                operations.push(Operation::load(&doc, template, method, op, &converted));
            }
        }
        Spec { doc, operations }
    }

    /// Finds the operation for `method` and the raw (still percent-encoded)
    /// request path. Literal segments win over parameters, as on GitHub
    /// (`/pulls/comments/1` is a comment, not pull request "comments").
    pub fn find(&self, method: &str, raw_path: &str) -> Result<Matched<'_>, String> {
        let segs: Vec<&str> = raw_path.trim_start_matches('/').split('/').collect();
        let mut best: Option<(usize, Matched<'_>)> = None;
        let mut path_known = false;
        for op in &self.operations {
            let mut params = HashMap::new();
            if !match_segments(&op.segments, &segs, &mut params) {
                continue;
            }
            path_known = true;
            if !op.method.eq_ignore_ascii_case(method) {
                continue;
            }
            let literals = op.segments.iter().filter(|s| matches!(s, Segment::Literal(_))).count();
            if best.as_ref().is_none_or(|(n, _)| literals > *n) {
                best = Some((literals, Matched { op, path_params: params }));
            }
        }
        match best {
            Some((_, m)) => Ok(m),
            None if path_known => Err(format!("{method} {raw_path}: method not documented for this path")),
            None => Err(format!("{method} {raw_path}: no such operation in openapi-subset.json")),
        }
    }

    /// Checks path and query parameters and the body; returns the parsed body.
    pub fn validate(&self, m: &Matched<'_>, query: &[(String, String)], body: &[u8]) -> Result<Option<Value>, Invalid> {
        let op = m.op;
        let mut problems = Vec::new();
        for p in &op.params {
            let value = match p.location.as_str() {
                "path" => m.path_params.get(&p.name).cloned(),
                "query" => query.iter().find(|(k, _)| *k == p.name).map(|(_, v)| v.clone()),
                _ => continue,
            };
            match value {
                None if p.required => problems.push(format!("missing required {} parameter `{}`", p.location, p.name)),
                None => {}
                Some(v) => {
                    if let Err(e) = check_scalar(&v, &p.schema) {
                        problems.push(format!("{} parameter `{}`={v:?}: {e}", p.location, p.name));
                    }
                }
            }
        }
        for (k, _) in query {
            if !op.params.iter().any(|p| p.location == "query" && p.name == *k) {
                problems.push(format!("query parameter `{k}` is not documented for {}", op.operation_id));
            }
        }
        if !problems.is_empty() {
            return Err(Invalid { status: 422, problems });
        }
        let body_is_empty = body.iter().all(u8::is_ascii_whitespace);
        let Some(spec) = &op.body else {
            if body_is_empty {
                return Ok(None);
            }
            return Err(Invalid { status: 422, problems: vec![format!("{} takes no request body", op.operation_id)] });
        };
        if body_is_empty {
            if spec.required {
                return Err(Invalid { status: 422, problems: vec![format!("{} requires a JSON body", op.operation_id)] });
            }
            return Ok(None);
        }
        let value: Value = serde_json::from_slice(body).map_err(|e| Invalid { status: 400, problems: vec![format!("Problems parsing JSON: {e}")] })?;
        if let Some(validator) = &spec.validator {
            let problems: Vec<String> = validator.iter_errors(&value).map(|e| format!("body{}: {e}", e.instance_path())).collect();
            if !problems.is_empty() {
                return Err(Invalid { status: 422, problems });
            }
        }
        Ok(Some(value))
    }

    /// The documented example answer of an operation for `status`, following
    /// the `$ref` into `components.examples`; `name` picks one of several
    /// examples, otherwise the first is used.
    pub fn example(&self, operation_id: &str, status: &str, name: Option<&str>) -> Value {
        let op = self.operation_json(operation_id);
        let examples = &op["responses"][status]["content"]["application/json"]["examples"];
        let examples = examples.as_object().unwrap_or_else(|| panic!("{operation_id} has no {status} example"));
        let example = match name {
            Some(n) => &examples[n],
            None => examples.values().next().expect("at least one example"),
        };
        let resolved = self.resolve(example);
        resolved["value"].clone()
    }

    /// Problems of an answer body against the documented response schema of
    /// `operation_id` for `status` (empty when it conforms). Used to test the
    /// fake itself: its answers must look like GitHub's.
    pub fn response_problems(&self, operation_id: &str, status: u16, body: &Value) -> Vec<String> {
        let op = self.operation_json(operation_id);
        let response = self.resolve(&op["responses"][status.to_string()]);
        let schema = &response["content"]["application/json"]["schema"];
        if schema.is_null() {
            return vec![format!("{operation_id} documents no JSON body for {status}")];
        }
        let schemas: Map<String, Value> = self.doc["components"]["schemas"].as_object().map(|m| m.iter().map(|(k, v)| (k.clone(), to_json_schema(v))).collect()).unwrap_or_default();
        let root = json!({ "allOf": [to_json_schema(schema)], "components": { "schemas": schemas } });
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("response schema of {operation_id} does not compile: {e}"));
        validator.iter_errors(body).map(|e| format!("{}: {e}", e.instance_path())).collect()
    }

    fn operation_json(&self, operation_id: &str) -> &Value {
        let op = self.operations.iter().find(|o| o.operation_id == operation_id).unwrap_or_else(|| panic!("unknown operationId {operation_id}"));
        &self.doc["paths"][&op.template][op.method.to_ascii_lowercase()]
    }

    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        resolve(&self.doc, v)
    }
}

impl Operation {
    fn load(doc: &Value, template: &str, method: &str, op: &Value, schemas: &Map<String, Value>) -> Operation {
        let params: Vec<Param> = op["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| {
                        let p = resolve(doc, p);
                        Param {
                            name: p["name"].as_str().unwrap_or_default().to_string(),
                            location: p["in"].as_str().unwrap_or_default().to_string(),
                            required: p["required"].as_bool().unwrap_or(false),
                            schema: p["schema"].clone(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let multi = |name: &str| {
            op["parameters"].as_array().into_iter().flatten().any(|p| {
                let p = resolve(doc, p);
                p["name"] == name && p["x-multi-segment"] == true
            })
        };
        let segments = template
            .trim_start_matches('/')
            .split('/')
            .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => Segment::Param { name: name.to_string(), multi: multi(name) },
                None => Segment::Literal(s.to_string()),
            })
            .collect();
        let body = op.get("requestBody").map(|rb| {
            let rb = resolve(doc, rb);
            let schema = &rb["content"]["application/json"]["schema"];
            let validator = (!schema.is_null()).then(|| {
                let root = json!({
                    "allOf": [to_json_schema(schema)],
                    "components": { "schemas": schemas },
                });
                jsonschema::options().with_draft(jsonschema::Draft::Draft4).should_validate_formats(true).build(&root).unwrap_or_else(|e| panic!("schema of {method} {template} does not compile: {e}"))
            });
            BodySpec { required: rb["required"].as_bool().unwrap_or(false), validator }
        });
        Operation { method: method.to_ascii_uppercase(), template: template.to_string(), operation_id: op["operationId"].as_str().unwrap_or_default().to_string(), segments, params, body }
    }
}

/// Follows a local `$ref` (`#/components/...`); other values are returned as is.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("dangling $ref {r}")),
        None => v,
    }
}

/// Matches path segments against a template, backtracking over how many
/// segments a multi-segment parameter takes.
fn match_segments(tpl: &[Segment], segs: &[&str], params: &mut HashMap<String, String>) -> bool {
    let Some((first, rest)) = tpl.split_first() else {
        return segs.is_empty();
    };
    match first {
        Segment::Literal(l) => segs.first() == Some(&l.as_str()) && match_segments(rest, &segs[1..], params),
        Segment::Param { name, multi } => {
            let max = if *multi { segs.len() } else { segs.len().min(1) };
            for take in (1..=max).rev() {
                let value = segs[..take].join("/");
                if value.is_empty() {
                    continue;
                }
                if match_segments(rest, &segs[take..], params) {
                    params.insert(name.clone(), percent_decode(&value, false));
                    return true;
                }
            }
            false
        }
    }
}

/// Checks one path or query value (always a string on the wire) against its
/// parameter schema: type, enum and integer-ness.
fn check_scalar(value: &str, schema: &Value) -> Result<(), String> {
    match schema["type"].as_str() {
        Some("integer") if value.parse::<i64>().is_err() => return Err("not an integer".into()),
        Some("number") if value.parse::<f64>().is_err() => return Err("not a number".into()),
        Some("boolean") if !["true", "false"].contains(&value) => {
            return Err("not true/false".into());
        }
        _ => {}
    }
    let matches = |a: &Value| a.as_str() == Some(value) || serde_json::from_str::<Value>(value).is_ok_and(|v| v == *a);
    if let Some(allowed) = schema["enum"].as_array()
        && !allowed.iter().any(matches)
    {
        return Err(format!("not one of {}", Value::Array(allowed.clone())));
    }
    if schema["type"] == "string" && value.is_empty() {
        return Err("empty".into());
    }
    Ok(())
}

/// Turns an OpenAPI 3.0 schema into JSON Schema (draft 4): `nullable: true`
/// becomes "or null", and annotation keywords that are not JSON Schema
/// (`discriminator`, `example`, `x-*`, ...) are dropped. Property names are
/// never touched, only keywords.
pub fn to_json_schema(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    let mut nullable = false;
    for (k, v) in map {
        match k.as_str() {
            "nullable" => nullable = v == true,
            "discriminator" | "example" | "examples" | "externalDocs" | "xml" | "deprecated" | "readOnly" | "writeOnly" => {}
            k if k.starts_with("x-") => {}
            "properties" | "patternProperties" => {
                let props = v.as_object().map(|m| m.iter().map(|(n, s)| (n.clone(), to_json_schema(s))).collect());
                out.insert(k.to_string(), Value::Object(props.unwrap_or_default()));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let list = v.as_array().map(|l| l.iter().map(to_json_schema).collect()).unwrap_or_default();
                out.insert(k.to_string(), Value::Array(list));
            }
            "items" | "additionalProperties" | "not" => {
                out.insert(k.to_string(), to_json_schema(v));
            }
            _ => {
                out.insert(k.to_string(), v.clone());
            }
        }
    }
    if nullable {
        // Wrapping (instead of adding "null" to `type`) also covers `enum`,
        // `allOf` and `$ref`, which would otherwise still reject null.
        json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] })
    } else {
        Value::Object(out)
    }
}
