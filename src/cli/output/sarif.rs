//! SARIF 2.1.0, in the shape GitHub code scanning accepts: rules with help and
//! tags (CWE as `external/cwe/cwe-N`), results with `partialFingerprints` and fixes.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::ScanReport;
use crate::analysis::finding::{Finding, Severity};
use crate::analysis::rules::{Rule, RuleSet};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(report: &ScanReport, rules: &RuleSet) -> String {
    let index: HashMap<&str, usize> = rules.rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let value = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "techlead",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/techlead-dev/techlead",
                "rules": rules.rules.iter().map(rule_descriptor).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "results": report.findings.iter().map(|f| result(f, &index)).collect::<Vec<_>>(),
        }],
    });
    let mut out = serde_json::to_string_pretty(&value).expect("sarif serializes");
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn rule_descriptor(rule: &Rule) -> Value {
    let meta = &rule.meta;
    let mut tags = meta.tags.clone();
    tags.extend(meta.cwe.iter().map(|cwe| format!("external/cwe/{}", cwe.to_lowercase())));
    let note = meta.note.clone().unwrap_or_else(|| meta.message.clone());
    let mut properties = json!({ "tags": tags });
    if let Some(confidence) = &meta.confidence {
        properties["precision"] = json!(match confidence.as_str() { "high" => "high", "medium" => "medium", _ => "low" });
    }
    let mut descriptor = json!({
        "id": rule.id,
        "name": rule.id,
        "shortDescription": { "text": meta.message },
        "fullDescription": { "text": note.split("\n\n").next().unwrap_or_default().trim() },
        "help": { "text": note, "markdown": note },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": properties,
    });
    if let Some(url) = &meta.url {
        descriptor["helpUri"] = json!(url);
    }
    descriptor
}

fn region(start: crate::analysis::finding::Position, end: crate::analysis::finding::Position) -> Value {
    json!({ "startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column })
}

fn result(finding: &Finding, index: &HashMap<&str, usize>) -> Value {
    let location = json!({ "uri": finding.path, "uriBaseId": "%SRCROOT%" });
    let mut result = json!({
        "ruleId": finding.rule_id,
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "locations": [{ "physicalLocation": { "artifactLocation": location, "region": region(finding.start, finding.end) } }],
        "partialFingerprints": { "techlead/v1": finding.fingerprint },
    });
    if let Some(&i) = index.get(finding.rule_id.as_str()) {
        result["ruleIndex"] = json!(i);
    }
    if let Some(fix) = &finding.fix {
        result["fixes"] = json!([{
            "description": { "text": format!("Replace with `{}`", fix.replacement) },
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{ "deletedRegion": region(fix.start, fix.end), "insertedContent": { "text": fix.replacement } }],
            }],
        }]);
    }
    result
}
