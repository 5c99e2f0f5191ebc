//! `techlead rules catalogue`: the Markdown catalogue committed as
//! `rules/README.md`: a coverage table of every pack, then per pack the
//! vulnerability classes (CWE) it covers and a row per rule.
//!
//! A pack is the directory a rule file sits in (`rules/<pack>/<id>.yml`), so
//! the Dockerfile text rules get their own section beside the secret rules;
//! a rule loaded from elsewhere falls back to its language.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use crate::analysis::rules::{Rule, RuleSet};
use crate::config::repo::builtin_checks;

/// Short names of the weakness classes the built-in rules cite; a CWE not
/// listed here is shown by its number alone.
const CWE_NAMES: &[(&str, &str)] = &[
    ("CWE-14", "compiler removal of buffer clearing"),
    ("CWE-16", "configuration"),
    ("CWE-20", "improper input validation"),
    ("CWE-22", "path traversal"),
    ("CWE-73", "external control of file name"),
    ("CWE-74", "injection"),
    ("CWE-77", "command injection"),
    ("CWE-78", "OS command injection"),
    ("CWE-79", "cross-site scripting"),
    ("CWE-88", "argument injection"),
    ("CWE-89", "SQL injection"),
    ("CWE-90", "LDAP injection"),
    ("CWE-93", "CRLF injection"),
    ("CWE-94", "code injection"),
    ("CWE-95", "eval injection"),
    ("CWE-98", "PHP file inclusion"),
    ("CWE-113", "HTTP response splitting"),
    ("CWE-117", "log injection"),
    ("CWE-120", "buffer overflow (unchecked copy)"),
    ("CWE-121", "stack-based buffer overflow"),
    ("CWE-131", "incorrect buffer size"),
    ("CWE-134", "format string"),
    ("CWE-190", "integer overflow"),
    ("CWE-193", "off-by-one"),
    ("CWE-200", "information exposure"),
    ("CWE-209", "error message information exposure"),
    ("CWE-214", "sensitive data in process arguments"),
    ("CWE-215", "debug information exposure"),
    ("CWE-226", "sensitive data not cleared before reuse"),
    ("CWE-242", "inherently dangerous function"),
    ("CWE-250", "execution with unnecessary privileges"),
    ("CWE-252", "unchecked return value"),
    ("CWE-259", "hard-coded password"),
    ("CWE-269", "improper privilege management"),
    ("CWE-273", "unchecked privilege drop"),
    ("CWE-284", "improper access control"),
    ("CWE-285", "improper authorization"),
    ("CWE-287", "improper authentication"),
    ("CWE-295", "certificate validation disabled"),
    ("CWE-297", "host name not verified"),
    ("CWE-306", "missing authentication"),
    ("CWE-311", "missing encryption of sensitive data"),
    ("CWE-312", "cleartext storage of sensitive data"),
    ("CWE-319", "cleartext transmission"),
    ("CWE-320", "key management"),
    ("CWE-322", "key exchange without authentication"),
    ("CWE-324", "key past its expiration"),
    ("CWE-326", "inadequate encryption strength"),
    ("CWE-327", "broken or risky crypto algorithm"),
    ("CWE-328", "weak hash"),
    ("CWE-329", "predictable IV"),
    ("CWE-330", "insufficiently random values"),
    ("CWE-337", "predictable seed"),
    ("CWE-338", "weak PRNG"),
    ("CWE-345", "insufficient verification of data authenticity"),
    ("CWE-347", "signature not verified"),
    ("CWE-350", "reliance on reverse DNS"),
    ("CWE-352", "cross-site request forgery"),
    ("CWE-354", "integrity check value not validated"),
    ("CWE-367", "TOCTOU race"),
    ("CWE-377", "insecure temporary file"),
    ("CWE-384", "session fixation"),
    ("CWE-400", "uncontrolled resource consumption"),
    ("CWE-409", "decompression bomb"),
    ("CWE-427", "uncontrolled search path (dependency confusion)"),
    ("CWE-434", "unrestricted file upload"),
    ("CWE-444", "HTTP request smuggling"),
    ("CWE-470", "unsafe reflection"),
    ("CWE-489", "active debug code"),
    ("CWE-494", "download of code without integrity check"),
    ("CWE-502", "deserialization of untrusted data"),
    ("CWE-521", "weak password requirements"),
    ("CWE-532", "sensitive information in logs"),
    ("CWE-538", "sensitive file in an accessible place"),
    ("CWE-548", "directory listing"),
    ("CWE-601", "open redirect"),
    ("CWE-611", "XML external entities"),
    ("CWE-613", "insufficient session expiration"),
    ("CWE-614", "cookie without Secure"),
    ("CWE-617", "reachable assertion"),
    ("CWE-621", "variable extraction"),
    ("CWE-625", "permissive regular expression"),
    ("CWE-643", "XPath injection"),
    ("CWE-665", "improper initialization"),
    ("CWE-668", "exposure to the wrong sphere"),
    ("CWE-693", "protection mechanism failure"),
    ("CWE-697", "incorrect comparison"),
    ("CWE-706", "incorrectly resolved name"),
    ("CWE-732", "permissive file permissions"),
    ("CWE-749", "exposed dangerous method"),
    ("CWE-757", "old protocol version negotiated"),
    ("CWE-770", "allocation without limits"),
    ("CWE-776", "XML entity expansion"),
    ("CWE-778", "insufficient logging"),
    ("CWE-787", "out-of-bounds write"),
    ("CWE-798", "hard-coded credentials"),
    ("CWE-829", "inclusion of untrusted functionality"),
    ("CWE-843", "type confusion"),
    ("CWE-915", "mass assignment"),
    ("CWE-916", "weak password hash"),
    ("CWE-917", "expression language injection"),
    ("CWE-918", "server-side request forgery"),
    ("CWE-922", "insecure storage of sensitive information"),
    ("CWE-942", "permissive CORS"),
    ("CWE-943", "NoSQL injection"),
    ("CWE-1004", "cookie without HttpOnly"),
    ("CWE-1021", "clickjacking"),
    ("CWE-1059", "insufficient documentation"),
    ("CWE-1104", "unmaintained third-party components"),
    ("CWE-1164", "irrelevant code"),
    ("CWE-1188", "insecure default"),
    ("CWE-1275", "cookie without SameSite"),
    ("CWE-1321", "prototype pollution"),
    ("CWE-1327", "binding to an unrestricted address"),
    ("CWE-1333", "ReDoS"),
    ("CWE-1336", "template injection"),
    ("CWE-1357", "unpinned or unverified dependency"),
];

fn cwe_name(cwe: &str) -> &'static str {
    CWE_NAMES.iter().find(|(id, _)| *id == cwe).map_or("", |(_, name)| name)
}

/// `rules/<pack>/<file>:<line>` → `<pack>`; anything else → the rule's language.
fn pack_of(rule: &Rule) -> String {
    let path = rule.origin.rsplit_once(':').map_or(rule.origin.as_str(), |(path, _)| path);
    let mut parts = path.rsplit('/');
    let _file = parts.next();
    match parts.next() {
        Some(dir) if !dir.is_empty() && dir != "." => dir.to_string(),
        _ => rule.language_name().to_string(),
    }
}

fn is_security(rule: &Rule) -> bool {
    rule.meta.tags.iter().any(|t| t == "security")
}

fn cwe_number(cwe: &str) -> u32 {
    cwe.trim_start_matches("CWE-").parse().unwrap_or(u32::MAX)
}

/// The Markdown catalogue of a rule set.
pub fn catalogue(set: &RuleSet) -> String {
    let mut by_pack: BTreeMap<String, Vec<&Rule>> = BTreeMap::new();
    for rule in &set.rules {
        by_pack.entry(pack_of(rule)).or_default().push(rule);
    }
    let security = set.rules.iter().filter(|r| is_security(r)).count();
    let mut out = String::from("<!-- Generated by `techlead rules catalogue > rules/README.md`; do not edit. -->\n# Built-in rules\n\n");
    let _ = writeln!(out, "{} rules in {} packs, {security} of them security rules. `techlead rules show ID` prints one rule in full.\n", set.rules.len(), by_pack.len());
    out.push_str("## Coverage\n\n| pack | rules | security | classes (CWE) |\n| --- | --- | --- | --- |\n");
    for (pack, rules) in &by_pack {
        let cwes: BTreeSet<&str> = rules.iter().flat_map(|r| r.meta.cwe.iter().map(String::as_str)).collect();
        let mut cwes: Vec<&str> = cwes.into_iter().collect();
        cwes.sort_by_key(|c| cwe_number(c));
        let _ = writeln!(out, "| [{pack}](#{pack}-{}) | {} | {} | {} |", rules.len(), rules.len(), rules.iter().filter(|r| is_security(r)).count(), cwes.len());
    }
    out.push('\n');
    for (pack, rules) in &mut by_pack {
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let _ = writeln!(out, "## {pack} ({})\n", rules.len());
        let mut classes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for rule in rules.iter() {
            for cwe in &rule.meta.cwe {
                classes.entry(cwe.as_str()).or_default().push(rule.id.as_str());
            }
        }
        if !classes.is_empty() {
            let mut classes: Vec<(&str, Vec<&str>)> = classes.into_iter().collect();
            classes.sort_by_key(|(cwe, _)| cwe_number(cwe));
            out.push_str("| class | CWE | rules |\n| --- | --- | --- |\n");
            for (cwe, ids) in &classes {
                let _ = writeln!(out, "| {} | {cwe} | {} |", cwe_name(cwe), ids.len());
            }
            out.push('\n');
        }
        out.push_str("| id | severity | tags | CWE | finds |\n| --- | --- | --- | --- | --- |\n");
        for rule in rules.iter() {
            let finds = rule.meta.note.as_deref().map(what_it_finds).unwrap_or_else(|| rule.meta.message.clone());
            let _ = writeln!(out, "| `{}` | {} | {} | {} | {} |", rule.id, rule.severity, rule.meta.tags.join(", "), rule.meta.cwe.join(", "), finds.replace('|', "\\|"));
        }
        out.push('\n');
    }
    out.push_str("## Built-in checks\n\nChecks no rule file defines; the repo config selects, grades and path-filters them like rules (by id or tag).\n\n| id | default severity | tag | reports |\n| --- | --- | --- | --- |\n");
    for check in builtin_checks() {
        let _ = writeln!(out, "| `{}` | {} | {} | {} |", check.id, check.default_severity, check.tag, check.what.replace('|', "\\|"));
    }
    out
}

/// The first sentence of the note's first paragraph, without its `What it finds:` label.
fn what_it_finds(note: &str) -> String {
    let first = note.trim().split("\n\n").next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
    let first = first.strip_prefix("What it finds:").unwrap_or(&first).trim().to_string();
    match first.find(". ") {
        Some(end) => first[..=end].to_string(),
        None => first,
    }
}
