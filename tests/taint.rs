//! Taint mode end to end, through the real binary: per language, realistic
//! handlers whose lines are labelled `expect:` (a flow the rule must report on
//! the next line) or `safe:` (a look-alike it must not); located errors for
//! broken taint rules; traces in JSON, SARIF and text; and properties that
//! must hold whatever the names and the unrelated code around a flow.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

const RULES: &str = "tests/data/taint/rules";
/// An empty config: the repository's own leaves `tests/data` out.
const DEFAULTS: &str = "tests/data/taint/defaults.yml";
const LANGUAGES: &[&str] = &["python", "javascript", "java", "go", "php", "ruby", "csharp", "kotlin", "scala"];

fn techlead() -> Command {
    Command::cargo_bin("techlead").expect("the binary is built")
}

/// Scans `target` with the test taint rules; the JSON report.
fn scan_json(target: &Path) -> Value {
    let out = techlead().args(["scan", "--config", DEFAULTS, "--rules", RULES, "--format", "json"]).arg(target).output().expect("techlead runs");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("JSON report ({e}): {}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// (path, line) of every finding.
fn finding_lines(report: &Value) -> Vec<(String, u64)> {
    report["findings"].as_array().expect("findings").iter().map(|f| (f["path"].as_str().unwrap_or_default().to_string(), f["start"]["line"].as_u64().unwrap_or(0))).collect()
}

#[test]
fn every_language_reports_its_flows_and_nothing_else() {
    let mut problems = Vec::new();
    let mut expected_total = 0;
    let mut safe_total = 0;
    for language in LANGUAGES {
        let dir = PathBuf::from("tests/data/taint").join(language);
        let found = finding_lines(&scan_json(&dir));
        let mut labelled: BTreeMap<(String, u64), bool> = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).expect("the language's test files") {
            let path = entry.expect("a file").path();
            let text = std::fs::read_to_string(&path).expect("utf-8");
            let shown = path.display().to_string();
            for (i, line) in text.lines().enumerate() {
                let comment = line.trim_start().trim_start_matches(['#', '/']).trim_start();
                let next = (i + 2) as u64;
                if comment.starts_with("expect:") {
                    labelled.insert((shown.clone(), next), true);
                } else if comment.starts_with("safe:") {
                    labelled.insert((shown.clone(), next), false);
                }
            }
        }
        assert!(labelled.values().filter(|e| **e).count() >= 2 && labelled.values().filter(|e| !**e).count() >= 2, "{language}: too few labelled lines");
        for ((path, line), expected) in &labelled {
            let reported = found.iter().any(|(p, l)| p == path && l == line);
            if *expected && !reported {
                problems.push(format!("{path}:{line}: the flow is not reported"));
            }
            if !*expected && reported {
                problems.push(format!("{path}:{line}: a safe look-alike is reported"));
            }
        }
        for (path, line) in &found {
            if !labelled.contains_key(&(path.clone(), *line)) {
                problems.push(format!("{path}:{line}: reported on a line labelled neither expect nor safe"));
            }
        }
        expected_total += labelled.values().filter(|e| **e).count();
        safe_total += labelled.values().filter(|e| !**e).count();
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    assert!(expected_total >= 25 && safe_total >= 25, "{expected_total} expected, {safe_total} safe");
}

#[test]
fn the_test_rules_pass_their_own_tests() {
    let out = techlead().args(["test", "--rules", RULES]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains(" passed, 0 failed"), "{text}");
}

#[test]
fn a_finding_carries_its_trace_in_json_sarif_and_text() {
    let file = Path::new("tests/data/taint/python/handlers.py");
    let report = scan_json(file);
    let first = &report["findings"][0];
    let trace = first["trace"].as_array().expect("a trace");
    let notes: Vec<&str> = trace.iter().map(|s| s["note"].as_str().unwrap_or_default()).collect();
    assert_eq!(notes, ["source: `request.args.get(\"name\")`", "`name`", "`query`", "sink: `cur.execute(query)`"], "{first}");
    assert_eq!(trace.iter().map(|s| s["line"].as_u64().unwrap_or(0)).collect::<Vec<_>>(), [25, 25, 26, 28]);
    assert_eq!(first["message"], "user input reaches the SQL text of `cur.execute(query)`");

    let out = techlead().args(["scan", "--config", DEFAULTS, "--rules", RULES, "--format", "sarif"]).arg(file).output().expect("runs");
    let sarif: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let result = &sarif["runs"][0]["results"][0];
    let locations = result["codeFlows"][0]["threadFlows"][0]["locations"].as_array().expect("a thread flow");
    assert_eq!(locations.len(), 4);
    assert_eq!(locations[0]["location"]["physicalLocation"]["region"]["startLine"], 25);
    assert_eq!(locations[0]["location"]["message"]["text"], "source: `request.args.get(\"name\")`");
    assert_eq!(locations[3]["location"]["physicalLocation"]["region"]["startLine"], 28);

    let out = techlead().args(["scan", "--config", DEFAULTS, "--rules", RULES]).arg(file).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("= data flow:\n"), "{text}");
    assert!(text.contains("1. tests/data/taint/python/handlers.py:25:12  source: `request.args.get(\"name\")`"), "{text}");
    assert!(text.contains("4. tests/data/taint/python/handlers.py:28:5  sink: `cur.execute(query)`"), "{text}");
}

/// Writes `rule` to a fresh directory and returns what `techlead test` says of it.
fn load_error(rule: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("bad.yml"), rule).expect("write");
    let out = techlead().args(["test", "--rules"]).arg(dir.path()).output().expect("runs");
    assert!(!out.status.success(), "a broken rule must fail");
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)).replace(&dir.path().display().to_string(), "DIR")
}

#[test]
fn broken_taint_rules_are_located_errors_with_a_fix() {
    let head = "id: r\nlanguage: python\nmode: taint\nmessage: m\n";
    let no_sink = load_error(&format!("{head}sources:\n  - pattern: input()\n"));
    assert!(no_sink.contains("DIR/bad.yml:1:1: a taint rule needs at least one entry in `sinks`; add `sinks:`"), "{no_sink}");
    let no_source = load_error(&format!("{head}sinks:\n  - pattern: eval($X)\n"));
    assert!(no_source.contains("needs at least one entry in `sources`"), "{no_source}");
    let focus = load_error(&format!("{head}sources:\n  - pattern: input()\nsinks:\n  - pattern: eval($X)\n    focus: CODE\n"));
    assert!(focus.contains("DIR/bad.yml:9:12: `focus: CODE` names no metavariable of the entry; name a metavariable the pattern binds"), "{focus}");
    let misplaced = load_error(&format!("{head}sources:\n  - pattern: input()\n    focus: X\nsinks:\n  - pattern: eval($X)\n"));
    assert!(misplaced.contains("DIR/bad.yml:7:5: unknown key `focus` in an entry of `sources`; `focus` and `requires` belong to `sinks` entries"), "{misplaced}");
    let syntactic = load_error(&format!("{head}rule:\n  pattern: eval($X)\nsources:\n  - pattern: input()\nsinks:\n  - pattern: eval($X)\n"));
    assert!(syntactic.contains("unknown key `rule` in a taint rule; a taint rule has no `rule`"), "{syntactic}");
    let language = load_error("id: r\nlanguage: bash\nmode: taint\nsources:\n  - pattern: $1\nsinks:\n  - pattern: eval $X\n");
    assert!(language.contains("DIR/bad.yml:2:11: taint mode does not support bash"), "{language}");
    let pattern = load_error(&format!("{head}sources:\n  - pattern: input(\nsinks:\n  - pattern: eval($X)\n"));
    assert!(pattern.contains("DIR/bad.yml:6:14: pattern `input(` does not parse as python"), "{pattern}");
    let propagator = load_error(&format!("{head}sources:\n  - pattern: input()\nsinks:\n  - pattern: eval($X)\npropagators:\n  - pattern: $L.append($I)\n    from: I\n"));
    assert!(propagator.contains("a propagator needs `from` and `to`"), "{propagator}");
}

/// Identifiers of the Python handlers that name local variables.
const LOCALS: &[&str] = &["name", "query", "limit", "other", "status", "term", "parts", "word", "size", "table", "day", "cb"];

/// Renames `word` everywhere it stands as a whole identifier.
fn rename(text: &str, from: &str, to: &str) -> String {
    let pattern = regex::Regex::new(&format!(r"\b{from}\b")).expect("valid regex");
    pattern.replace_all(text, to).into_owned()
}

/// The reported sinks as the text of their lines, so that runs over
/// differently laid out files can be compared.
fn reported_sinks(text: &str, dir: &Path) -> Vec<String> {
    let file = dir.join("handlers.py");
    std::fs::write(&file, text).expect("write");
    let lines: Vec<&str> = text.lines().collect();
    let mut sinks: Vec<String> = finding_lines(&scan_json(&file)).into_iter().map(|(_, line)| lines[line as usize - 1].trim().to_string()).collect();
    sinks.sort();
    sinks
}

#[test]
fn renaming_variables_or_adding_unrelated_statements_never_changes_the_reported_sinks() {
    let original = std::fs::read_to_string("tests/data/taint/python/handlers.py").expect("the handlers");
    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = reported_sinks(&original, dir.path());
    assert!(baseline.len() >= 8, "{baseline:?}");
    let mut rng = StdRng::seed_from_u64(12);
    for round in 0..6 {
        // Rename a random half of the locals to fresh names.
        let mut text = original.clone();
        let mut renamed: Vec<(&str, String)> = Vec::new();
        for local in LOCALS {
            if rng.random_bool(0.5) {
                let fresh = format!("v{round}_{}", rng.random_range(1000..9999));
                text = rename(&text, local, &fresh);
                renamed.push((local, fresh));
            }
        }
        // Insert unrelated statements before random statements of function bodies.
        let mut lines: Vec<String> = Vec::new();
        for line in text.lines() {
            let body_statement = line.starts_with("    ") && !line.starts_with("     ") && !line.trim_start().starts_with('#');
            if body_statement && rng.random_bool(0.3) {
                lines.push(format!("    unrelated_{} = len(\"padding\") * {}", rng.random_range(0..100), rng.random_range(0..9)));
            }
            lines.push(line.to_string());
        }
        let changed = lines.join("\n") + "\n";
        let mut expected: Vec<String> = baseline.clone();
        for (from, to) in &renamed {
            expected = expected.iter().map(|s| rename(s, from, to)).collect();
        }
        expected.sort();
        assert_eq!(reported_sinks(&changed, dir.path()), expected, "round {round}, renamed {renamed:?}");
    }
}

#[test]
fn fingerprints_do_not_move_when_unrelated_lines_are_inserted_above() {
    let original = std::fs::read_to_string("tests/data/taint/python/handlers.py").expect("the handlers");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("handlers.py");
    let fingerprints = |text: &str| {
        std::fs::write(&file, text).expect("write");
        let mut prints: Vec<String> = scan_json(&file)["findings"].as_array().expect("findings").iter().map(|f| f["fingerprint"].as_str().unwrap_or_default().to_string()).collect();
        prints.sort();
        prints
    };
    let before = fingerprints(&original);
    let shifted = original.replacen("import sqlite3\n", "import sqlite3\nimport logging\n\nLOG = logging.getLogger(__name__)\n", 1);
    assert_eq!(fingerprints(&shifted), before);
    assert!(!before.is_empty());
}

#[test]
fn the_rule_schema_accepts_taint_rules_and_refuses_broken_ones() {
    let out = techlead().args(["rules", "schema"]).output().expect("runs");
    let schema: Value = serde_json::from_slice(&out.stdout).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for entry in std::fs::read_dir(RULES).expect("the test rules") {
        let path = entry.expect("a file").path();
        let text = std::fs::read_to_string(&path).expect("utf-8");
        let doc: Value = serde_saphyr::from_str(&text).expect("YAML");
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    let broken = [
        serde_json::json!({"id": "x", "language": "python", "mode": "taint", "sources": [{"pattern": "a"}]}),
        serde_json::json!({"id": "x", "language": "python", "mode": "taint", "sources": [{"pattern": "a", "focuss": "A"}], "sinks": [{"pattern": "b"}]}),
        serde_json::json!({"id": "x", "language": "python"}),
    ];
    for doc in broken {
        assert!(!validator.is_valid(&doc), "accepted: {doc}");
    }
}

#[test]
fn rules_show_lists_a_taint_rules_parts() {
    let out = techlead().args(["rules", "show", "test-python-path-traversal", "--rules", RULES]).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("mode        taint"), "{text}");
    assert!(text.contains("sources     pattern: request.args.get($$$), label: user-input"), "{text}");
    assert!(text.contains("sinks       pattern: open($PATH, $$$), focus: PATH, requires: [user-input]"), "{text}");
    assert!(text.contains("sanitizers  pattern: os.path.basename($X)"), "{text}");
}
