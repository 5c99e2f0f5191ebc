//! `techlead scan` as a user runs it: output formats, exit codes, filters,
//! skipped files, suppression comments and `--diff`.

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn scan(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("techlead").unwrap().current_dir(dir).env("NO_COLOR", "1").arg("scan").args(args).output().unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// A small rule pack used by these tests, one rule per language that matters here.
fn rules(dir: &Path) {
    let rule = |lang: &str, id: &str, pattern: &str, severity: &str| {
        format!("id: {id}\nlanguage: {lang}\nseverity: {severity}\nmessage: do not call $F\nnote: |\n  Why it matters.\n\n  How to fix.\nmetadata:\n  tags: [security]\n  cwe: CWE-95\nrule:\n  pattern: {pattern}\n  all: [{{pattern: $F($$$A)}}]\n")
    };
    write(dir, "rules/py.yml", rule("python", "py-eval", "eval($X)", "error"));
    write(dir, "rules/js.yml", rule("javascript", "js-eval", "eval($X)", "warning"));
    write(dir, "rules/go.yml", rule("go", "go-exec", "exec($X)", "warning"));
    write(dir, "rules/rb.yml", rule("ruby", "rb-eval", "eval($X)", "info"));
    write(dir, "rules/sh.yml", "id: sh-eval\nlanguage: bash\nseverity: hint\nmessage: eval in shell\nrule:\n  kind: command\n  has:\n    kind: command_name\n    regex: ^eval$\n");
    write(dir, "rules/py-fix.yml", "id: py-print\nlanguage: python\nseverity: hint\nmessage: print left in\nrule:\n  pattern: print($X)\nfix: logger.info($X)\n");
}

#[test]
fn text_output_is_a_code_frame_with_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    write(dir.path(), "src/app.py", "def f(data):\n    return eval(data)\n\nprint(x)\n");
    let out = scan(dir.path(), &["--rules", "rules", "src"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let expected = "error[py-eval]: do not call eval\n --> src/app.py:2:12\n  |\n2 |     return eval(data)\n  |            ^^^^^^^^^^\n  = note: Why it matters.\n";
    assert!(text.contains(expected), "{text}");
    assert!(text.contains("hint[py-print]: print left in\n --> src/app.py:4:1\n  |\n4 | print(x)\n  | ^^^^^^^^\n  = fix: logger.info(x)\n"), "{text}");
    assert!(text.trim_end().lines().last().unwrap().starts_with("2 findings (1 error, 1 hint) in 1 file (1 parsed, 0 skipped), 6 rules,"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn json_output_is_the_documented_object() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    write(dir.path(), "a.py", "eval(x)\nprint(y)\n");
    let out = scan(dir.path(), &["--rules", "rules", "--format", "json", "a.py"]);
    let report = json(&out);
    assert_eq!(report["version"], 1);
    assert_eq!(report["counts"]["total"], 2);
    assert_eq!(report["counts"]["by_severity"]["error"], 1);
    assert_eq!(report["counts"]["by_rule"]["py-print"], 1);
    assert_eq!(report["files"]["scanned"], 1);
    assert!(report["timing"]["elapsed_ms"].as_f64().unwrap() >= 0.0);
    let first = &report["findings"][0];
    assert_eq!(first["rule_id"], "py-eval");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "a.py");
    assert_eq!(first["start"], serde_json::json!({"line": 1, "column": 1}));
    assert_eq!(first["end"], serde_json::json!({"line": 1, "column": 8}));
    assert_eq!(first["tags"], serde_json::json!(["security"]));
    assert!(first["note"].as_str().unwrap().starts_with("Why it matters."));
    assert!(first.get("fix").is_none());
    let second = &report["findings"][1];
    assert_eq!(second["fix"]["replacement"], "logger.info(y)");
    assert_eq!(second["fix"]["fixed_lines"], "logger.info(y)");
}

#[test]
fn sarif_output_has_the_structure_code_scanning_accepts() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    write(dir.path(), "a.py", "eval(x)\nprint(y)\n");
    let sarif = json(&scan(dir.path(), &["--rules", "rules", "--format", "sarif", "a.py"]));
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "techlead");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let eval = rules.iter().find(|r| r["id"] == "py-eval").unwrap();
    assert_eq!(eval["shortDescription"]["text"], "do not call $F");
    assert_eq!(eval["fullDescription"]["text"], "Why it matters.");
    assert!(eval["help"]["markdown"].as_str().unwrap().contains("How to fix."));
    assert_eq!(eval["properties"]["tags"], serde_json::json!(["security", "external/cwe/cwe-95"]));
    assert_eq!(eval["defaultConfiguration"]["level"], "error");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let r = &results[0];
    assert_eq!(r["ruleId"], "py-eval");
    assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], "py-eval");
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "a.py");
    assert_eq!(loc["region"]["startLine"], 1);
    assert_eq!(r["partialFingerprints"]["techlead/v1"].as_str().unwrap().len(), 20);
    let fix = &results[1]["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "logger.info(y)");
    assert_eq!(fix["deletedRegion"]["startLine"], 2);
}

#[test]
fn exit_codes_follow_the_fail_level() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    write(dir.path(), "clean.py", "x = 1\n");
    write(dir.path(), "hint.py", "print(x)\n");
    assert_eq!(scan(dir.path(), &["--rules", "rules", "clean.py"]).status.code(), Some(0));
    assert_eq!(scan(dir.path(), &["--rules", "rules", "hint.py"]).status.code(), Some(1));
    assert_eq!(scan(dir.path(), &["--rules", "rules", "--fail-level", "error", "hint.py"]).status.code(), Some(0));
    assert_eq!(scan(dir.path(), &["--rules", "rules", "--format", "yaml", "hint.py"]).status.code(), Some(2));
    let missing = scan(dir.path(), &["--rules", "rules", "nope/"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nope/ does not exist"));
}

#[test]
fn rule_and_severity_filters() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    write(dir.path(), "a.py", "eval(x)\nprint(y)\n");
    let only = json(&scan(dir.path(), &["--rules", "rules", "--format", "json", "--rule", "py-print", "a.py"]));
    assert_eq!(only["counts"]["total"], 1);
    assert_eq!(only["findings"][0]["rule_id"], "py-print");
    let severe = json(&scan(dir.path(), &["--rules", "rules", "--format", "json", "--severity", "warning", "-j", "1", "a.py"]));
    assert_eq!(severe["counts"]["total"], 1);
    assert_eq!(severe["findings"][0]["rule_id"], "py-eval");
    let typo = scan(dir.path(), &["--rules", "rules", "--rule", "py-evl", "a.py"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `py-eval`?"));
}

#[test]
fn binaries_large_files_and_gitignored_files_are_skipped_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    write(dir.path(), ".gitignore", "generated/\n");
    write(dir.path(), "generated/g.py", "eval(x)\n");
    write(dir.path(), "big.py", format!("eval(x)\n{}", "x = 1\n".repeat(600)));
    write(dir.path(), "blob.py", b"eval(x)\0\x01\x02");
    write(dir.path(), "ok.py", "eval(x)\n");
    write(dir.path(), "bundle.min.js", format!("{};\n", "eval(a);var b=1".repeat(150)));
    write(dir.path(), "api_pb2.py", "# Generated by the protocol buffer compiler.  DO NOT EDIT!\neval(x)\n");
    // The ignore crate honours .gitignore inside a git repository.
    std::process::Command::new("git").arg("init").arg("-q").current_dir(dir.path()).status().unwrap();
    let out = scan(dir.path(), &["--rules", "rules", "--max-file-size", "3000", "--format", "json", "."]);
    let report = json(&out);
    let paths: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec!["ok.py"]);
    let skipped = report["files"]["skipped"].as_array().unwrap();
    assert!(skipped.iter().any(|s| s["path"] == "big.py" && s["reason"] == "larger than 3000 bytes"), "{skipped:?}");
    assert!(skipped.iter().any(|s| s["path"] == "blob.py" && s["reason"] == "binary"), "{skipped:?}");
    assert!(skipped.iter().any(|s| s["path"] == "bundle.min.js" && s["reason"] == "minified"), "{skipped:?}");
    assert!(skipped.iter().any(|s| s["path"] == "api_pb2.py" && s["reason"] == "generated"), "{skipped:?}");
    let text = String::from_utf8(scan(dir.path(), &["--rules", "rules", "--max-file-size", "3000", "."]).stdout).unwrap();
    assert!(text.contains("skipped: big.py (larger than 3000 bytes)"), "{text}");
}

#[test]
fn suppression_comments_work_in_each_comment_syntax() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    write(dir.path(), "a.py", "eval(a)  # techlead-ignore\n# techlead-ignore: py-eval\neval(b)\n# techlead-ignore: other-rule\neval(c)\n");
    write(dir.path(), "a.js", "eval(a) // techlead-ignore: js-eval\n/* techlead-ignore */\neval(b)\neval(c)\n");
    write(dir.path(), "a.go", "package main\n\nfunc f() {\n\t// techlead-ignore: go-exec\n\texec(a)\n\texec(c)\n}\n");
    write(dir.path(), "a.rb", "eval(a) # techlead-ignore\n# ast-grep-ignore: rb-eval\neval(b)\neval(c)\n");
    write(dir.path(), "a.sh", "eval \"$a\" # techlead-ignore: sh-eval\neval \"$c\"\n");
    let report = json(&scan(dir.path(), &["--rules", "rules", "--format", "json", "."]));
    let mut hits: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}", f["path"].as_str().unwrap(), f["start"]["line"]))
        .collect();
    hits.sort();
    assert_eq!(hits, vec!["a.go:6", "a.js:4", "a.py:5", "a.rb:4", "a.sh:2"]);
}

#[test]
fn long_lines_are_shown_as_a_window_around_the_match() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    write(dir.path(), "long.py", format!("x = [{}] + eval(data)\n", "1, ".repeat(200)));
    let text = String::from_utf8(scan(dir.path(), &["--rules", "rules", "long.py"]).stdout).unwrap();
    let frame: Vec<&str> = text.lines().skip(3).take(2).collect();
    assert!(frame[0].starts_with("1 | …") && frame[0].contains("eval(data)") && frame[0].chars().count() < 260, "{text}");
    let caret = frame[1].find('^').unwrap();
    assert_eq!(&frame[0][frame[0].char_indices().nth(frame[1][..caret].chars().count()).unwrap().0..][..4], "eval", "{text}");
}

#[test]
fn extensionless_scripts_are_recognised_by_their_shebang() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    write(dir.path(), "bin/tool", "#!/usr/bin/env python3\neval(x)\n");
    write(dir.path(), "bin/run", "#!/bin/bash\neval \"$1\"\n");
    let report = json(&scan(dir.path(), &["--rules", "rules", "--format", "json", "bin"]));
    let ids: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["sh-eval", "py-eval"]);
}

#[test]
fn files_no_rule_can_match_are_not_parsed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rules/py.yml", "id: py-eval\nlanguage: python\nmessage: m\nrule:\n  pattern: eval($X)\n");
    write(dir.path(), "a.py", "x = 1\n");
    write(dir.path(), "b.py", "eval(x)\n");
    write(dir.path(), "c.py", "evaluate(x)\n");
    let report = json(&scan(dir.path(), &["--rules", "rules", "--format", "json", "."]));
    assert_eq!(report["files"]["scanned"], 3);
    assert_eq!(report["files"]["parsed"], 2, "only files containing `eval` are parsed");
    assert_eq!(report["counts"]["total"], 1);
}

#[test]
fn diff_keeps_only_findings_on_lines_added_since_base() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(d)
            .status()
            .unwrap();
        assert!(status.success());
    };
    rules(d);
    write(d, "a.py", "eval(old)\n");
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "base"]);
    write(d, "a.py", "eval(old)\neval(new)\n");
    write(d, "b.py", "eval(untouched)\n");
    let report = json(&scan(d, &["--rules", "rules", "--format", "json", "--diff", "HEAD", "."]));
    let hits: Vec<String> = report["findings"].as_array().unwrap().iter().map(|f| format!("{}:{}", f["path"].as_str().unwrap(), f["start"]["line"])).collect();
    assert_eq!(hits, vec!["a.py:2"]);
    let bad = scan(d, &["--rules", "rules", "--diff", "no-such-rev", "."]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("git diff"), "{}", String::from_utf8_lossy(&bad.stderr));
}

#[test]
fn rules_list_and_show_describe_the_builtin_rules() {
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("ID "), "{text}");
    assert!(text.contains("python-eval-used") && text.contains("security"), "{text}");
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "show", "python-eval-used"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for part in ["python-eval-used  (python, error)", "cwe         CWE-95", "flagged:\n    result = eval(data)", "fixed:\n    result = ast.literal_eval(data)", "not flagged:"] {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "show", "python-eval-use"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `python-eval-used`?"));
}

#[test]
fn help_and_version_exist_for_every_command() {
    for args in [vec!["--help"], vec!["scan", "--help"], vec!["test", "--help"], vec!["rules", "--help"], vec!["rules", "list", "--help"]] {
        let out = Command::cargo_bin("techlead").unwrap().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage:"), "{args:?}");
    }
    let out = Command::cargo_bin("techlead").unwrap().arg("--version").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), format!("techlead {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn text_rules_find_secrets_in_any_file_without_quoting_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".env", "GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\n");
    write(dir.path(), "docs/setup.md", "Use `AKIAIOSFODNN7EXAMPLE` as in AWS's docs, never a real key.\n");
    write(dir.path(), "deploy/key.txt", "-----BEGIN RSA PRIVATE KEY-----\n");
    let rules = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/text");
    let report = json(&scan(dir.path(), &["--rules", rules, "--format", "json", "."]));
    let mut hits: Vec<String> = report["findings"].as_array().unwrap().iter().map(|f| format!("{}:{}", f["path"].as_str().unwrap(), f["rule_id"].as_str().unwrap())).collect();
    hits.sort();
    assert_eq!(hits, vec![".env:secret-github-token", "deploy/key.txt:secret-private-key"]);
    let text = String::from_utf8(report.to_string().into_bytes()).unwrap();
    assert!(!text.contains("ghp_0123456789"), "the message never quotes the secret");
}

#[test]
fn metrics_ride_along_with_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    rules(dir.path());
    write(dir.path(), "a.py", "def f(x):\n    if x:\n        return eval(x)\n    return 0\n");
    write(dir.path(), "data.json", "{\"a\": 1}\n");
    let report = json(&scan(dir.path(), &["--rules", "rules", "--format", "json", "--metrics", "."]));
    let metrics = report["metrics"].as_array().unwrap();
    assert_eq!(metrics.len(), 1, "only languages with functions: {metrics:?}");
    let f = &metrics[0]["metrics"]["functions"][0];
    assert_eq!((f["name"].as_str(), f["cyclomatic"].as_u64(), f["cognitive"].as_u64()), (Some("f"), Some(2), Some(1)));
    assert_eq!(report["counts"]["total"], 1, "findings are still reported");
    let without = json(&scan(dir.path(), &["--rules", "rules", "--format", "json", "."]));
    assert!(without.get("metrics").is_none());
}
