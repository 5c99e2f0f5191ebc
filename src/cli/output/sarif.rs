//! SARIF 2.1.0, in the shape GitHub code scanning accepts: rules with help and
//! tags (CWE as `external/cwe/cwe-N`), results with `partialFingerprints` and fixes.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::ScanReport;
use crate::analysis::finding::{Finding, Severity};
use crate::analysis::rules::{Rule, RuleSet};
use crate::config::repo::{BuiltinCheck, builtin_checks, describe_check};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log of a scan: `report`'s findings and, with `--diff`, the
/// checks of the change as a whole (`checks`). Every rule of the run and every
/// built-in check is described, found or not, so code scanning can show any
/// of them.
pub fn render(report: &ScanReport, rules: &RuleSet, checks: &[&Finding]) -> String {
    let builtins = builtin_checks();
    let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).chain(builtins.iter().map(|c| c.id)).collect();
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let names = rule_names(&ids);
    let descriptors: Vec<Value> = rules.rules.iter().map(|r| rule_descriptor(r, &names)).chain(builtins.iter().map(|c| check_descriptor(c, &names))).collect();
    let value = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "techlead",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/techlead-dev/techlead",
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": report.findings.iter().chain(checks.iter().copied()).map(|f| result(f, &index)).collect::<Vec<_>>(),
        }],
    });
    let mut out = serde_json::to_string_pretty(&value).expect("sarif serializes");
    out.push('\n');
    out
}

/// A built-in check (metric, pull-request, dependency) as a SARIF rule.
fn check_descriptor(check: &BuiltinCheck, names: &HashMap<&str, String>) -> Value {
    let mut what = check.what.to_string();
    if let Some(first) = what.get(..1) {
        what = first.to_uppercase() + &what[1..];
    }
    let help = describe_check(check);
    let mut descriptor = json!({
        "id": check.id,
        "shortDescription": { "text": format!("{what}.") },
        "fullDescription": { "text": format!("{what}: a built-in {}.", check.family) },
        "help": { "text": help, "markdown": help },
        "defaultConfiguration": { "level": level(check.default_severity) },
        "properties": { "tags": [check.tag] },
    });
    if let Some(name) = names.get(check.id) {
        descriptor["name"] = json!(name);
    }
    descriptor
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// Each rule's SARIF `name`: its id as PascalCase words (`python-eval-used` →
/// `PythonEvalUsed`), the readable identifier SARIF asks for beside the opaque
/// `id` (which it must not repeat). A name two rules would share is left out
/// for both, as SARIF allows, rather than naming two rules alike.
fn rule_names<'a>(ids: &[&'a str]) -> HashMap<&'a str, String> {
    let pascal = |id: &str| {
        let mut name = String::new();
        for word in id.split(|c: char| !c.is_alphanumeric()) {
            let mut chars = word.chars();
            name.extend(chars.next().into_iter().flat_map(char::to_uppercase).chain(chars));
        }
        name
    };
    let mut by_name: HashMap<String, Vec<&str>> = HashMap::new();
    for id in ids {
        by_name.entry(pascal(id)).or_default().push(id);
    }
    by_name.into_iter().filter(|(name, ids)| ids.len() == 1 && !name.is_empty() && name != ids[0]).map(|(name, ids)| (ids[0], name)).collect()
}

fn rule_descriptor(rule: &Rule, names: &HashMap<&str, String>) -> Value {
    let meta = &rule.meta;
    let mut tags = meta.tags.clone();
    tags.extend(meta.cwe.iter().map(|cwe| format!("external/cwe/{}", cwe.to_lowercase())));
    let note = meta.note.clone().unwrap_or_else(|| meta.message.clone());
    let mut properties = json!({ "tags": tags });
    if let Some(confidence) = &meta.confidence {
        properties["precision"] = json!(match confidence.as_str() {
            "high" => "high",
            "medium" => "medium",
            _ => "low",
        });
    }
    let mut descriptor = json!({
        "id": rule.id,
        "shortDescription": { "text": short_description(&meta.message, meta.note.as_deref(), &rule.id) },
        "fullDescription": { "text": note.split("\n\n").next().unwrap_or_default().trim() },
        "help": { "text": note, "markdown": note },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": properties,
    });
    if let Some(name) = names.get(rule.id.as_str()) {
        descriptor["name"] = json!(name);
    }
    if let Some(url) = &meta.url {
        descriptor["helpUri"] = json!(url);
    }
    descriptor
}

/// The rule's message as a title: code scanning shows it for every alert of
/// the rule, where a raw `$VAR` means nothing. A metavariable at the start or
/// the end is dropped with what only served it (a code span, a parenthesis, a
/// dangling `in`); one in mid-sentence would leave a hole (`format string of
/// is not a literal`), so the note's first sentence is used instead, or, when
/// that is too long for a title, the message with `…` in the hole.
fn short_description(message: &str, note: Option<&str>, rule_id: &str) -> String {
    const GAP: char = '\u{1}';
    let metavar = regex::Regex::new(r"\.?\${1,3}[A-Z_][A-Z0-9_]*\.?").expect("valid regex");
    if !metavar.is_match(message) {
        return message.to_string();
    }
    let span = regex::Regex::new(r"`([^`]*)`").expect("valid regex");
    let text = span.replace_all(message, |caps: &regex::Captures| {
        let code = &caps[1];
        if !metavar.is_match(code) {
            return caps[0].to_string();
        }
        // `$E.printStackTrace()` still names something; `$P = false` does not.
        let rest = metavar.replace_all(code, "");
        let rest = rest.trim();
        if rest.starts_with(|c: char| c.is_alphanumeric() || c == '_') { format!("`{rest}`") } else { GAP.to_string() }
    });
    let text = metavar.replace_all(&text, GAP.to_string().as_str());
    let text = regex::Regex::new(r"\([^()]*\x01[^()]*\)").expect("valid regex").replace_all(&text, GAP.to_string().as_str());
    let mut words: Vec<&str> = text.split_whitespace().collect();
    while words.first().is_some_and(|w| w.chars().all(|c| c == GAP)) {
        words.remove(0);
    }
    const DANGLING: &[&str] = &["in", "to", "by", "with", "for", "of", "from", "on", "is", "as"];
    while let Some(last) = words.last() {
        let bare = last.trim_end_matches([':', ',', ';', '(', GAP]);
        if bare.is_empty() || DANGLING.contains(&bare) {
            words.pop();
        } else {
            break;
        }
    }
    let title = words.join(" ");
    let title = title.trim_end_matches([':', ',', ';']);
    if title.contains(GAP) {
        return note.and_then(first_sentence).filter(|s| s.len() <= MAX_TITLE).unwrap_or_else(|| title.replace(GAP, "…"));
    }
    if title.is_empty() { rule_id.to_string() } else { title.to_string() }
}

/// Longer note sentences do not make a title.
const MAX_TITLE: usize = 100;

/// The first sentence of a note, without the `What it finds:` label the
/// built-in notes open with.
fn first_sentence(note: &str) -> Option<String> {
    let paragraph = note.split("\n\n").next()?.split_whitespace().collect::<Vec<_>>().join(" ");
    let paragraph = paragraph.strip_prefix("What it finds:").unwrap_or(&paragraph).trim();
    let sentence = paragraph.split_once(". ").map_or(paragraph, |(first, _)| first).trim_end_matches('.');
    (!sentence.is_empty()).then(|| sentence.to_string())
}

/// A SARIF `artifactLocation`: a relative path against `%SRCROOT%`, or a
/// `file://` URI for an absolute one (a bare `/home/...` is not a URI).
fn artifact_location(path: &str) -> Value {
    let encoded = percent_encode(path);
    match path.strip_prefix('/') {
        Some(_) => json!({ "uri": format!("file://{encoded}") }),
        None => json!({ "uri": encoded, "uriBaseId": "%SRCROOT%" }),
    }
}

/// Escapes what may not appear in a URI path (spaces, `%`, `#`, `?`, non-ASCII).
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b':' | b'@' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn region(start: crate::analysis::finding::Position, end: crate::analysis::finding::Position) -> Value {
    json!({ "startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column })
}

fn result(finding: &Finding, index: &HashMap<&str, usize>) -> Value {
    let location = artifact_location(&finding.path);
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
    if !finding.trace.is_empty() {
        // The path of a taint finding, as code scanning shows it: one thread
        // of locations from the source to the sink.
        let locations: Vec<Value> = finding
            .trace
            .iter()
            .map(|step| {
                let at = crate::analysis::finding::Position { line: step.line, column: step.column };
                json!({ "location": {
                    "physicalLocation": { "artifactLocation": artifact_location(&step.path), "region": region(at, at) },
                    "message": { "text": step.note },
                } })
            })
            .collect();
        result["codeFlows"] = json!([{ "threadFlows": [{ "locations": locations }] }]);
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

#[cfg(test)]
mod tests {
    use super::short_description;

    #[test]
    fn titles_lose_their_metavariables() {
        let note = Some("What it finds: calls whose format string is not a literal. More.\n\nWhy.");
        let cases = [
            ("hard-coded credential in `$NAME`", "hard-coded credential"),
            ("`$CALL` runs a string as code", "runs a string as code"),
            ("`$E.printStackTrace()` writes to stderr instead of the log", "`printStackTrace()` writes to stderr instead of the log"),
            ("`subprocess.$FN` runs a built command through the shell (`shell=True`)", "`subprocess` runs a built command through the shell (`shell=True`)"),
            ("JWT validation check turned off: `$P = false`", "JWT validation check turned off"),
            ("container runs privileged (`$KEY: true`)", "container runs privileged"),
            ("secret stored in `UserDefaults` (key `$K`)", "secret stored in `UserDefaults`"),
            ("`createHash($ALG)` uses a broken hash", "`createHash()` uses a broken hash"),
            ("`$MOD.$FN` can run arbitrary code while loading", "can run arbitrary code while loading"),
            ("do not call $F", "do not call"),
            ("format string of `$FN` is not a literal", "calls whose format string is not a literal"),
            ("no metavariable, `${{ github.event }}` kept", "no metavariable, `${{ github.event }}` kept"),
            ("$X", "rule-id"),
        ];
        for (message, title) in cases {
            assert_eq!(short_description(message, note, "rule-id"), title, "{message}");
        }
        assert_eq!(short_description("use `$A` instead of `$B`", None, "r"), "use … instead", "no note: a visible hole");
    }
}
