//! The built-in rules pass their own tests and keep the one-rule-per-file layout.

use std::path::Path;

use assert_cmd::Command;

#[test]
fn every_builtin_rule_passes_its_inline_tests() {
    let out = Command::cargo_bin("techlead").unwrap().args(["test", "--rules", "rules"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.trim_end().ends_with(" 0 failed"), "{text}");
    assert!(!text.contains("have no tests"), "every built-in rule needs tests: {text}");
}

#[test]
fn builtin_rules_are_one_per_file_named_by_id_under_their_language() {
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "list", "--json", "--rules", "rules"]).output().unwrap();
    assert!(out.status.success());
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(rules.len() >= 20, "only {} rules", rules.len());
    for rule in &rules {
        let origin = rule["origin"].as_str().unwrap();
        let path = Path::new(origin.rsplit_once(':').unwrap().0);
        assert_eq!(path.file_stem().unwrap(), rule["id"].as_str().unwrap(), "{origin}");
        let lang_dir = path.parent().unwrap().file_name().unwrap().to_str().unwrap();
        let lang = rule["language"].as_str().unwrap();
        // Dockerfile rules are text rules kept in a directory of their own.
        assert!(lang == lang_dir || (lang_dir == "typescript" && lang == "tsx") || (lang_dir == "dockerfile" && lang == "text"), "{origin} is a {lang} rule");
        assert!(!rule["tags"].as_array().unwrap().is_empty(), "{origin} has no tags");
    }
    let count = |langs: &[&str]| rules.iter().filter(|r| langs.contains(&r["language"].as_str().unwrap())).count();
    for langs in [&["python"][..], &["javascript", "typescript", "tsx"], &["java"], &["go"], &["ruby"], &["php"], &["c", "cpp"], &["csharp"], &["rust"]] {
        assert!(count(langs) >= 10, "{langs:?} has {} rules; the packs promise at least 10", count(langs));
    }
    assert!(rules.len() >= 150, "{} rules", rules.len());
}

#[test]
fn the_embedded_rules_are_the_rules_directory() {
    let list = |args: &[&str]| {
        let out = Command::cargo_bin("techlead").unwrap().args(args).output().unwrap();
        let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        rules.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(list(&["rules", "list", "--json"]), list(&["rules", "list", "--json", "--rules", "rules"]));
}

#[test]
fn committed_schema_is_fresh() {
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "schema"]).output().unwrap();
    let generated = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string("rules/schema.json").unwrap_or_default();
    assert!(generated.trim() == committed.trim(), "rules/schema.json is stale; regenerate it with `cargo run -- rules schema > rules/schema.json`");
    let schema: serde_json::Value = serde_json::from_str(&generated).unwrap();
    let props = &schema["properties"];
    for key in ["id", "language", "rule", "fix", "message", "note", "severity", "files", "ignores", "url", "metadata", "tests"] {
        assert!(props.get(key).is_some(), "schema lacks `{key}`");
    }
    assert!(schema["$defs"]["Metadata"]["properties"]["cwe"].is_object());
}

#[test]
fn the_catalogue_is_fresh() {
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "catalogue", "--rules", "rules"]).output().unwrap();
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).unwrap();
    let committed = std::fs::read_to_string("rules/README.md").unwrap_or_default();
    assert!(generated == committed, "rules/README.md is stale; regenerate it with `cargo run -- rules catalogue --rules rules > rules/README.md`");
    assert!(generated.contains("| `python-eval-used` | error | security | CWE-95 |"), "{generated}");
    // a coverage row per pack, and per pack the classes it covers by name
    assert!(generated.contains("## Coverage\n\n| pack | rules | security | classes (CWE) |"), "{generated}");
    assert!(generated.contains("| [dockerfile](#dockerfile-"), "Dockerfile rules have a pack of their own: {generated}");
    assert!(generated.contains("| SQL injection | CWE-89 |"), "{generated}");
}

#[test]
fn every_builtin_rule_is_documented_and_tested() {
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "list", "--json", "--rules", "rules"]).output().unwrap();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut problems = Vec::new();
    for rule in &rules {
        let id = rule["id"].as_str().unwrap();
        let note = rule["note"].as_str().unwrap_or_default();
        let labels = ["What it finds:", "Why it matters:", "How to fix it:", "Example:"];
        let paragraphs: Vec<&str> = note.trim().split("\n\n").collect();
        let ordered = labels.iter().all(|l| paragraphs.iter().any(|p| p.trim_start().starts_with(l)));
        if !ordered {
            problems.push(format!("{id}: note lacks What it finds / Why it matters / How to fix it / Example"));
        }
        if rule["tests"]["valid"].as_u64() < Some(2) || rule["tests"]["invalid"].as_u64() < Some(2) {
            problems.push(format!("{id}: needs at least 2 valid and 2 invalid tests"));
        }
        if rule["url"].is_null() {
            problems.push(format!("{id}: no docs url"));
        }
        let security = rule["tags"].as_array().unwrap().iter().any(|t| t == "security");
        if security && (rule["cwe"].as_array().unwrap().is_empty() || rule["confidence"].is_null()) {
            problems.push(format!("{id}: a security rule needs cwe and confidence"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every rule directory: each rule of each pack meets the full bar.
const FULL_BAR_DIRS: &[&str] =
    &["bash", "c", "cpp", "csharp", "dockerfile", "go", "hcl", "java", "javascript", "kotlin", "php", "python", "ruby", "rust", "scala", "swift", "text", "tsx", "typescript", "yaml"];

#[test]
fn every_rule_directory_is_held_to_the_full_bar() {
    let mut dirs: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap().map(|e| e.unwrap()).filter(|e| e.path().is_dir()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    dirs.sort();
    assert_eq!(dirs, FULL_BAR_DIRS, "a new pack meets the full bar from its first rule");
}

#[test]
fn language_packs_have_the_promised_breadth() {
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "list", "--json", "--rules", "rules"]).output().unwrap();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let security_in = |dir: &str| rules.iter().filter(|r| r["origin"].as_str().unwrap().split('/').nth(1) == Some(dir) && r["tags"].as_array().unwrap().iter().any(|t| t == "security")).count();
    let promised = [("python", 60), ("javascript", 60), ("typescript", 60), ("java", 60), ("go", 60), ("php", 60), ("ruby", 60), ("csharp", 60), ("c", 25), ("cpp", 25)];
    let short: Vec<String> = promised.iter().filter(|(dir, n)| security_in(dir) < *n).map(|(dir, n)| format!("rules/{dir}: {} security rules, {n} promised", security_in(dir))).collect();
    assert!(short.is_empty(), "{}", short.join("\n"));
    assert!(rules.len() >= 800, "{} rules; at least 800 promised", rules.len());
}

#[test]
fn rules_of_finished_packs_have_three_tests_each_way_and_full_metadata() {
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "list", "--json", "--rules", "rules"]).output().unwrap();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in &rules {
        let origin = rule["origin"].as_str().unwrap();
        let dir = origin.split('/').nth(1).unwrap_or_default();
        if !FULL_BAR_DIRS.contains(&dir) {
            continue;
        }
        checked += 1;
        let id = rule["id"].as_str().unwrap();
        let (valid, invalid) = (rule["tests"]["valid"].as_u64().unwrap_or(0), rule["tests"]["invalid"].as_u64().unwrap_or(0));
        if valid < 3 || invalid < 3 {
            problems.push(format!("{origin}: {id} has {valid} valid and {invalid} invalid tests; it needs at least 3 of each"));
        }
        let note = rule["note"].as_str().unwrap_or_default();
        for label in ["What it finds:", "Why it matters:", "How to fix it:", "Example:"] {
            if !note.split("\n\n").any(|p| p.trim_start().starts_with(label)) {
                problems.push(format!("{origin}: {id}'s note has no `{label}` paragraph"));
            }
        }
        if !rule["url"].as_str().is_some_and(|u| u.starts_with("https://")) {
            problems.push(format!("{origin}: {id} has no https docs url"));
        }
        if rule["tags"].as_array().unwrap().iter().any(|t| t == "security") {
            let empty = |key: &str| rule[key].as_array().is_none_or(|a| a.is_empty());
            if empty("cwe") || empty("owasp") {
                problems.push(format!("{origin}: {id} is a security rule without CWE and OWASP tags"));
            }
            if !matches!(rule["confidence"].as_str(), Some("high" | "medium" | "low")) {
                problems.push(format!("{origin}: {id} is a security rule without metadata.confidence (high, medium or low)"));
            }
        }
    }
    assert!(checked >= 200, "only {checked} rules under {FULL_BAR_DIRS:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn infrastructure_packs_have_the_promised_breadth() {
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "list", "--json", "--rules", "rules"]).output().unwrap();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let count = |prefix: &str| rules.iter().filter(|r| r["id"].as_str().unwrap().starts_with(prefix) && r["tags"].as_array().unwrap().iter().any(|t| t == "security")).count();
    for (prefix, at_least) in [("terraform-aws-", 40), ("terraform-gcp-", 30), ("terraform-azure-", 30), ("terraform-", 120), ("kubernetes-", 20), ("dockerfile-", 20), ("github-actions-", 20)] {
        assert!(count(prefix) >= at_least, "{} security rules start with `{prefix}`; the packs promise at least {at_least}", count(prefix));
    }
}
