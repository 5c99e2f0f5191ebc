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
        format!(
            "id: {id}\nlanguage: {lang}\nseverity: {severity}\nmessage: do not call $F\nnote: |\n  Why it matters.\n\n  How to fix.\nmetadata:\n  tags: [security]\n  cwe: CWE-95\nrule:\n  pattern: {pattern}\n  all: [{{pattern: $F($$$A)}}]\n"
        )
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
    // A built-in note tells why it matters and how to fix it; the finding says what.
    let out = scan(dir.path(), &["--rule", "python-eval-used", "src"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n  = note: `eval` executes any Python expression it is given;"), "{text}");
    assert!(text.contains("\n  = help: parse data with `ast.literal_eval`"), "{text}");
    assert!(!text.contains("What it finds"), "{text}");
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
    assert_eq!(eval["shortDescription"]["text"], "do not call", "no raw metavariable in a title");
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
    // An absolute path is a file:// URI; unusual characters are escaped.
    write(dir.path(), "my dir/b#1.py", "eval(x)\n");
    let absolute = dir.path().join("my dir");
    let sarif = json(&scan(dir.path(), &["--rules", "rules", "--format", "sarif", absolute.to_str().unwrap()]));
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], format!("file://{}/my%20dir/b%231.py", dir.path().display()));
    assert!(location.get("uriBaseId").is_none(), "{location}");
    let sarif = json(&scan(dir.path(), &["--rules", "rules", "--format", "sarif", "my dir"]));
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!((location["uri"].as_str(), location["uriBaseId"].as_str()), (Some("my%20dir/b%231.py"), Some("%SRCROOT%")));
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
    let mut hits: Vec<String> = report["findings"].as_array().unwrap().iter().map(|f| format!("{}:{}", f["path"].as_str().unwrap(), f["start"]["line"])).collect();
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
    // Literals also come from the constraints of a pattern's variables, and
    // from the end of a regex; the search ignores ASCII case, as `(?i)` does.
    write(dir.path(), "rules/py.yml", "id: py-load\nlanguage: python\nmessage: m\nrule:\n  pattern: $F($X)\nconstraints:\n  F:\n    regex: (?i)^(\\w+\\.)*unsafe_load$\n");
    write(dir.path(), "d.py", "yaml.UNSAFE_LOAD(x)\n");
    let report = json(&scan(dir.path(), &["--rules", "rules", "--format", "json", "."]));
    assert_eq!((report["files"]["scanned"].as_u64(), report["files"]["parsed"].as_u64()), (Some(4), Some(1)));
    assert_eq!(hits(&report), vec!["d.py:1"]);
}

/// Runs git in `dir` with a fixed identity, asserting success.
fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

fn hits(report: &Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| format!("{}:{}", f["path"].as_str().unwrap(), f["start"]["line"])).collect()
}

#[test]
fn diff_keeps_only_findings_on_lines_added_since_base() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    rules(d);
    write(d, "a.py", "eval(old)\n");
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "base"]);
    write(d, "a.py", "eval(old)\neval(new)\n");
    write(d, "b.py", "eval(untouched)\n");
    git(d, &["add", "b.py"]);
    git(d, &["commit", "-qm", "b"]);
    git(d, &["reset", "-q", "--soft", "HEAD~1"]);
    let report = json(&scan(d, &["--rules", "rules", "--format", "json", "--diff", "HEAD", "."]));
    assert_eq!(hits(&report), vec!["a.py:2", "b.py:1"], "uncommitted and staged changes count");
    let bad = scan(d, &["--rules", "rules", "--diff", "no-such-rev", "."]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("--diff no-such-rev: `git merge-base no-such-rev HEAD` failed") && err.contains("; pass a branch"), "{err}");
}

#[test]
fn diff_compares_with_the_merge_base_like_a_pull_request() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    rules(d);
    write(d, ".gitignore", "ignored.py\n");
    write(d, "a.py", "eval(old)\nx = 1\n");
    git(d, &["init", "-q"]);
    // Settings that change `git diff`'s output must not change what is found.
    for (key, value) in [("diff.noprefix", "true"), ("diff.mnemonicPrefix", "true"), ("color.ui", "always"), ("diff.relative", "true")] {
        git(d, &["config", key, value]);
    }
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "base"]);
    git(d, &["checkout", "-qb", "feature"]);
    // main moves on after the branch was made: its changes are not the branch's.
    git(d, &["checkout", "-q", "main"]);
    write(d, "a.py", "eval(fixed_on_main_only)\nx = 1\n");
    git(d, &["commit", "-qam", "main moves on"]);
    git(d, &["checkout", "-q", "feature"]);
    // The branch adds two lines, one of which reads `+++ ` in the diff.
    write(d, "a.py", "eval(old)\nx = 1\n++ eval(plus)\neval(mine)\n");
    write(d, "new/c.py", "eval(in_an_untracked_file)\n");
    write(d, "ignored.py", "eval(ignored)\n");
    fs::create_dir_all(d.join("sub")).unwrap();
    let report = json(&scan(&d.join("sub"), &["--rules", "../rules", "--format", "json", "--diff", "main", ".."]));
    assert_eq!(hits(&report), vec!["../a.py:3", "../a.py:4", "../new/c.py:1"]);
}

#[test]
fn rules_list_and_show_describe_the_builtin_rules() {
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("ID "), "{text}");
    assert!(text.contains("python-eval-used") && text.contains("security"), "{text}");
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "show", "python-yaml-unsafe-load"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for part in ["python-yaml-unsafe-load  (python, error)", "cwe         CWE-502", "flagged:\n    config = yaml.load(stream)", "not flagged:\n    config = yaml.safe_load(stream)"] {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }
    // A rule with a fix shows each flagged example next to its fixed form.
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "show", "python-flask-debug-true"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let fixed = "flagged:\n    if __name__ == \"__main__\":\n        app.run(host=\"0.0.0.0\", debug=True)\nfixed:\n    if __name__ == \"__main__\":\n        app.run(host=\"0.0.0.0\", debug=False)";
    assert!(text.contains(fixed), "missing {fixed:?} in {text}");
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
    // techlead-ignore: secret-github-token (a made-up token, for the rule to find)
    write(dir.path(), ".env", "GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\n");
    write(dir.path(), "docs/setup.md", "Use `AKIAIOSFODNN7EXAMPLE` as in AWS's docs, never a real key.\n");
    // techlead-ignore: secret-private-key (a key header alone, for the rule to find)
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

#[test]
fn typescript_rules_also_run_on_tsx_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/App.tsx", "export const App = ({ code }: { code: string }) => {\n  const value = eval(code);\n  return <div title={value}>{code}</div>;\n};\n");
    // The built-in rules: `typescript-eval-used` is written for TypeScript only.
    let report = json(&scan(dir.path(), &["--format", "json", "--rule", "typescript-eval-used", "src"]));
    assert_eq!(hits(&report), vec!["src/App.tsx:2"]);
}

#[test]
fn a_typescript_rule_that_does_not_parse_as_tsx_stays_on_typescript() {
    let dir = tempfile::tempdir().unwrap();
    // `<string>x` is a cast in TypeScript but the start of an element in TSX.
    write(dir.path(), "rules/cast.yml", "id: ts-cast\nlanguage: typescript\nmessage: old-style cast\nrule:\n  pattern: <string>$X\n");
    write(dir.path(), "rules/eval.yml", "id: ts-eval\nlanguage: typescript\nmessage: eval\nrule:\n  pattern: eval($X)\n");
    write(dir.path(), "a.ts", "const a = <string>b;\n");
    write(dir.path(), "b.tsx", "const a = <div>{eval(b)}</div>;\n");
    let out = Command::cargo_bin("techlead").unwrap().current_dir(dir.path()).env("RUST_LOG", "debug").args(["scan", "--rules", "rules", "--format", "json", "."]).output().unwrap();
    let report = json(&out);
    let found: Vec<String> = report["findings"].as_array().unwrap().iter().map(|f| format!("{}:{}", f["path"].as_str().unwrap(), f["rule_id"].as_str().unwrap())).collect();
    assert_eq!(found, vec!["a.ts:ts-cast", "b.tsx:ts-eval"]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("rule does not run on tsx") && log.contains("ts-cast"), "{log}");
}

#[test]
fn a_text_rule_and_a_language_rule_on_the_same_line_give_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "settings.py", "DEBUG = False\npassword = \"s3cr3t!pass\"\n");
    write(dir.path(), "settings.ini", "password = \"s3cr3t!pass\"\n");
    let report = json(&scan(dir.path(), &["--format", "json", "--rule", "python-hardcoded-password", "--rule", "secret-hardcoded-password", "."]));
    let found: Vec<String> = report["findings"].as_array().unwrap().iter().map(|f| format!("{}:{}:{}", f["path"].as_str().unwrap(), f["start"]["line"], f["rule_id"].as_str().unwrap())).collect();
    // Both rules report CWE-259; the Python rule is kept, it knows the variable.
    assert_eq!(found, vec!["settings.ini:1:secret-hardcoded-password", "settings.py:2:python-hardcoded-password"]);
}

#[test]
fn binary_files_of_no_known_language_are_counted_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    rules(d);
    write(d, "rules/secret.yml", "id: secret\nlanguage: text\nmessage: a secret\nrule:\n  regex: SECRET_[0-9]+\n");
    for name in ["img.png", "data.bin", "assets/font.woff", "tool"] {
        write(d, name, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR SECRET_1");
    }
    // Sniffed from its first bytes: never read whole, not reported as too large.
    write(d, "huge.dat", [b"\0".repeat(10), b"SECRET_2 ".repeat(1000)].concat());
    write(d, "notes.txt", "SECRET_3 ".repeat(400));
    write(d, "big.py", format!("eval(x)\n{}", "x = 1\n".repeat(600)));
    write(d, "blob.py", b"eval(x)\0\x01\x02");
    write(d, "ok.txt", "SECRET_4\n");
    let out = scan(d, &["--rules", "rules", "--max-file-size", "3000", "."]);
    let text = String::from_utf8(out.stdout).unwrap();
    for line in ["skipped: big.py (larger than 3000 bytes)\n", "skipped: blob.py (binary)\n", "skipped 5 binary files\n", "skipped 1 file of no known language (larger than 3000 bytes)\n"] {
        assert!(text.contains(line), "missing {line:?} in {text}");
    }
    for name in ["img.png", "data.bin", "font.woff", "tool", "huge.dat", "notes.txt"] {
        assert!(!text.contains(name), "{name} is counted, not listed: {text}");
    }
    assert!(text.contains("1 finding (1 hint) in 8 files (0 parsed, 8 skipped)"), "ok.txt and the rule files: {text}");
    let report = json(&scan(d, &["--rules", "rules", "--max-file-size", "3000", "--format", "json", "."]));
    assert_eq!(report["files"]["skipped_counts"], serde_json::json!({"binary": 5, "larger than 3000 bytes": 1}));
    assert_eq!(report["files"]["skipped"].as_array().unwrap().len(), 2);
}

#[test]
fn an_unreadable_directory_is_reported_and_the_scan_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    rules(d);
    write(d, "ok.py", "eval(a)\n");
    write(d, "locked/hidden.py", "eval(b)\n");
    fs::set_permissions(d, fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
    // root reads every directory: run the scan as `nobody` then.
    let root = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let bin = assert_cmd::cargo::cargo_bin("techlead");
    let mut cmd = if root { std::process::Command::new("setpriv") } else { std::process::Command::new(&bin) };
    if root {
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
    }
    let out = cmd.current_dir(d).env("NO_COLOR", "1").args(["scan", "--rules", "rules", "."]).output().unwrap();
    fs::set_permissions(d.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("--> ok.py:1:1"), "{text}");
    assert!(text.contains("skipped: locked (cannot read: permission denied)\n"), "{text}");
}
