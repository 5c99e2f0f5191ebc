//! What `techlead scan` and `techlead metrics` analyse and how they weigh it
//! (`analysis::file_policy`), and the time budget per file: each case as a
//! user meets it, through the real binary.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn techlead(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("techlead").unwrap().current_dir(dir).env("NO_COLOR", "1").args(args).output().unwrap()
}

/// A scan with the built-in rules, as JSON.
fn scan_json(dir: &Path, args: &[&str]) -> (Value, Option<i32>) {
    let out = techlead(dir, &[&["scan", "--format", "json"], args].concat());
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)));
    (report, out.status.code())
}

fn findings<'a>(report: &'a Value, path: &str) -> Vec<&'a Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["path"] == path).collect()
}

fn skipped(report: &Value) -> Vec<(String, String)> {
    report["files"]["skipped"].as_array().unwrap().iter().map(|s| (s["path"].as_str().unwrap().to_string(), s["reason"].as_str().unwrap().to_string())).collect()
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::process::Command::new("git").arg("init").arg("-q").current_dir(dir.path()).status().unwrap();
    dir
}

/// A bundle as minifiers write it: a licence comment, then the code packed on one line.
fn bundle() -> String {
    let body: String = (0..300).map(|i| format!("function f{i}(a,b){{var c=a[b]||{{}};return c.k{i}=b,eval(c.x{i})}}")).collect();
    format!("/*! widget v2.1.0 | MIT License */\n!function(){{{body}}}();\n")
}

#[test]
fn bytes_that_are_not_utf8_are_analysed_with_their_positions() {
    let dir = repo();
    // A Latin-1 comment: `é` and `è` are single bytes that are not UTF-8.
    write(dir.path(), "app.py", b"# caf\xe9 cr\xe8me\ndef run(data):\n    return eval(data)\n");
    let (report, code) = scan_json(dir.path(), &["--rule", "python-eval-used", "."]);
    assert_eq!(code, Some(1), "{report}");
    let found = findings(&report, "app.py");
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!((found[0]["start"]["line"].as_u64(), found[0]["start"]["column"].as_u64()), (Some(3), Some(12)));
    assert!(skipped(&report).is_empty(), "{report}");

    let out = techlead(dir.path(), &["metrics", "--format", "json", "app.py"]);
    let metrics: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(metrics["files"][0]["path"], "app.py", "{metrics}");
    assert_eq!(metrics["files"][0]["functions"][0]["name"], "run", "{metrics}");
}

#[test]
fn only_a_nul_byte_in_the_first_8000_bytes_makes_a_file_binary() {
    let dir = repo();
    write(dir.path(), "early.py", b"eval(x)\n\0\x01");
    write(dir.path(), "late.py", [b"x = 1\n".repeat(1500), b"eval(y)\n".to_vec(), b"# \0\n".to_vec()].concat());
    let (report, _) = scan_json(dir.path(), &["--rule", "python-eval-used", "."]);
    assert_eq!(skipped(&report), vec![("early.py".to_string(), "binary".to_string())]);
    assert_eq!(findings(&report, "late.py").len(), 1, "{report}");
}

#[test]
fn minified_means_packed_bundles_not_long_lines_or_deep_nesting() {
    let dir = repo();
    // Six lines, one of them a 3,000-character comment.
    let comment = "the story of this function, told at length; ".repeat(68);
    write(dir.path(), "long_comment.py", format!("import os\n\n# {comment}\ndef run(cmd):\n    return eval(cmd)\n\n"));
    // 400 nested `if`s: most of the bytes are indentation.
    let mut nested = String::from("def deep(x):\n");
    for depth in 1..=400 {
        nested.push_str(&format!("{}if x > {depth}:\n", "    ".repeat(depth)));
    }
    nested.push_str(&format!("{}return eval(x)\n", "    ".repeat(401)));
    write(dir.path(), "nested.py", nested);
    write(dir.path(), "static/widget.min.js", bundle());
    // Minifiers that wrap their output at about 500 columns are caught too.
    let wrapped: String = bundle().as_bytes().chunks(520).map(|c| String::from_utf8_lossy(c).into_owned() + "\n").collect();
    write(dir.path(), "static/wrapped.js", wrapped);
    let (report, _) = scan_json(dir.path(), &["--rule", "python-eval-used", "--rule", "javascript-eval-used", "."]);
    assert_eq!(findings(&report, "long_comment.py").len(), 1, "{report}");
    assert_eq!(findings(&report, "nested.py").len(), 1, "{report}");
    let mut skips = skipped(&report);
    skips.sort();
    assert_eq!(skips, vec![("static/widget.min.js".to_string(), "minified".to_string()), ("static/wrapped.js".to_string(), "minified".to_string())]);
}

#[test]
fn generated_means_a_generators_marker_in_the_header() {
    let dir = repo();
    write(dir.path(), "api_pb2.py", "# -*- coding: utf-8 -*-\n# Generated by the protocol buffer compiler.  DO NOT EDIT!\n# source: api.proto\neval(x)\n");
    write(dir.path(), "gen.go", "// Code generated by sqlc. DO NOT EDIT.\n// versions:\n//   sqlc v1.25.0\n\npackage db\n");
    // Words about generators, in a hand-written file: analysed.
    write(
        dir.path(),
        "notes.py",
        "\"\"\"Skips files whose header says `// Code generated ... DO NOT EDIT.` or `@generated`.\"\"\"\n# Generated files are nobody's to review; this one is ours.\neval(x)\n",
    );
    write(dir.path(), "late.py", "import os\n\n# Code generated by hand. DO NOT EDIT.\neval(x)\n");
    let (report, _) = scan_json(dir.path(), &["--rule", "python-eval-used", "--rule", "go-exec-shell-injection", "."]);
    let mut skips = skipped(&report);
    skips.sort();
    assert_eq!(skips, vec![("api_pb2.py".to_string(), "generated".to_string()), ("gen.go".to_string(), "generated".to_string())]);
    assert_eq!(findings(&report, "notes.py").len(), 1, "{report}");
    assert_eq!(findings(&report, "late.py").len(), 1, "{report}");
}

#[test]
fn the_modules_that_define_the_policy_are_not_skipped_by_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (report, _) = scan_json(root, &["src/analysis/file_policy"]);
    assert!(skipped(&report).is_empty(), "{report}");
    assert_eq!(report["files"]["scanned"], 3, "{report}");
}

#[test]
fn findings_in_tests_and_docs_are_info_and_never_fail_the_gate() {
    let dir = repo();
    write(dir.path(), "src/app.py", "eval(x)\n");
    write(dir.path(), "tests/test_app.py", "eval(x)\n");
    write(dir.path(), "docs/guide.md", "Set `password = \"hunter2hunter2\"` in your settings.\n");
    let (report, code) = scan_json(dir.path(), &["--rule", "python-eval-used", "--rule", "secret-hardcoded-password", "--fail-level", "info", "tests", "docs"]);
    assert_eq!(code, Some(0), "test and docs findings never fail the gate: {report}");
    for path in ["tests/test_app.py", "docs/guide.md"] {
        let found = findings(&report, path);
        assert_eq!(found.len(), 1, "{report}");
        assert_eq!(found[0]["severity"], "info", "{report}");
        assert!(found[0]["tags"].as_array().unwrap().contains(&Value::from("test-path")), "{report}");
    }
    let (report, code) = scan_json(dir.path(), &["--rule", "python-eval-used", "--fail-level", "info", "src"]);
    assert_eq!((code, findings(&report, "src/app.py")[0]["severity"].as_str()), (Some(1), Some("error")));

    // A real private key matters in a fixture too: the rule says so (`applies_in_tests`).
    // techlead-ignore: secret-private-key (a made-up key, for the rule to find)
    write(dir.path(), "tests/fixtures/deploy_key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
    let (report, code) = scan_json(dir.path(), &["--rule", "secret-private-key", "tests"]);
    assert_eq!((code, findings(&report, "tests/fixtures/deploy_key")[0]["severity"].as_str()), (Some(1), Some("error")), "{report}");
}

#[test]
fn test_paths_are_configurable() {
    let dir = repo();
    write(dir.path(), ".techlead.yml", "paths:\n  tests: ['qa/**']\n");
    write(dir.path(), "qa/check.py", "eval(x)\n");
    write(dir.path(), "tests/test_app.py", "eval(x)\n");
    let (report, code) = scan_json(dir.path(), &["--rule", "python-eval-used", "."]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(findings(&report, "qa/check.py")[0]["severity"], "info", "{report}");
    assert_eq!(findings(&report, "tests/test_app.py")[0]["severity"], "error", "the default list is replaced: {report}");
    write(dir.path(), ".techlead.yml", "paths:\n  tests: ['qa/[a']\n");
    let out = techlead(dir.path(), &["scan", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".techlead.yml:2:11: bad glob `qa/[a` in `paths.tests`"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn manifests_and_lock_files_are_data() {
    let dir = repo();
    let dependency = "{\n  \"dependencies\": {\n    \"pbkdf2-password\": \"1.2.1\",\n    \"express\": \"4.19.2\"\n  }\n}\n";
    write(dir.path(), "web/package.json", dependency);
    write(dir.path(), "web/package-lock.json", dependency);
    // The same text in a settings file is a hard-coded password.
    write(dir.path(), "web/settings.json", dependency);
    let (report, _) = scan_json(dir.path(), &["--rule", "secret-hardcoded-password", "."]);
    let paths: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, vec!["web/settings.json"], "{report}");
    // A real credential in a manifest is still one.
    // techlead-ignore: secret-private-key (a key header alone, for the rule to find)
    write(dir.path(), "web/package.json", "{\"config\": {\"key\": \"-----BEGIN RSA PRIVATE KEY-----\"}}\n");
    let (report, _) = scan_json(dir.path(), &["--rule", "secret-private-key", "web/package.json"]);
    assert_eq!(findings(&report, "web/package.json").len(), 1, "{report}");
}

/// A rule built to be slow (for every name, every enclosing list is
/// searched to its last node) and a file built to make it so (lists nested
/// 300 deep): seconds of work at the least, so a budget of 0.2 s stops it.
fn slow_case(dir: &Path) {
    write(
        dir,
        "rules/slow.yml",
        "id: slow-nested-lookup\nlanguage: python\nseverity: warning\nmessage: slow\nrule:\n  kind: identifier\n  inside:\n    kind: list\n    stopBy: end\n    has:\n      kind: string\n      stopBy: end\n---\nid: py-eval\nlanguage: python\nseverity: error\nmessage: eval\nrule:\n  pattern: eval($X)\n",
    );
    let mut nested = String::from("data = ");
    for i in 0..300 {
        nested.push_str(&format!("[v{i}, "));
    }
    nested.push_str(&"]".repeat(300));
    nested.push('\n');
    write(dir, "slow.py", nested);
    write(dir, "ok.py", "eval(x)\n");
}

#[test]
fn a_file_over_its_time_budget_is_reported_and_the_scan_goes_on() {
    let dir = repo();
    slow_case(dir.path());
    let (report, code) = scan_json(dir.path(), &["--rules", "rules", "--file-timeout", "0.2", "slow.py", "ok.py"]);
    assert_eq!(code, Some(1));
    assert_eq!(skipped(&report), vec![("slow.py".to_string(), "analysis stopped after 0.2 s".to_string())]);
    assert_eq!(findings(&report, "ok.py").len(), 1, "the rest goes on: {report}");
    let text = String::from_utf8(techlead(dir.path(), &["scan", "--rules", "rules", "--file-timeout", "0.2", "slow.py", "ok.py"]).stdout).unwrap();
    assert!(text.contains("skipped: slow.py (analysis stopped after 0.2 s)"), "{text}");

    // The repository config sets the same budget.
    write(dir.path(), ".techlead.yml", "limits:\n  file_timeout: 0.2\n");
    let (report, _) = scan_json(dir.path(), &["--rules", "rules", "slow.py"]);
    assert_eq!(skipped(&report).len(), 1, "{report}");
    write(dir.path(), ".techlead.yml", "limits:\n  file_timeout: -1\n");
    let out = techlead(dir.path(), &["scan", "--rules", "rules", "ok.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".techlead.yml:2:17: `limits.file_timeout` must be a number of seconds above 0"), "{}", String::from_utf8_lossy(&out.stderr));

    let out = techlead(dir.path(), &["scan", "--file-timeout", "0", "ok.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the time budget per file must be a number of seconds above 0"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn metrics_have_the_same_budget() {
    let dir = repo();
    write(dir.path(), "big.py", "def f(x):\n    return x\n".repeat(20_000));
    let out = techlead(dir.path(), &["metrics", "--format", "json", "--file-timeout", "0.000001", "big.py"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["skipped"][0]["reason"], "analysis stopped after 0.000001 s", "{report}");
    assert_eq!(report["files"].as_array().unwrap().len(), 0);

    // The repository config's budget and paths hold for `metrics` as for `scan`.
    write(dir.path(), ".techlead.yml", "limits:\n  file_timeout: 0.000001\npaths:\n  exclude: [\"legacy/**\"]\n");
    write(dir.path(), "legacy/lib.py", "def g(y):\n    return y\n");
    let out = techlead(dir.path(), &["metrics", "--format", "json", "."]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let skipped: Vec<&str> = report["skipped"].as_array().unwrap().iter().map(|s| s["path"].as_str().unwrap()).collect();
    assert!(skipped.contains(&"big.py"), "the config's budget stops big.py: {report}");
    assert!(!report.to_string().contains("legacy/lib.py"), "paths.exclude leaves legacy out: {report}");
    // The flag still wins over the config.
    let out = techlead(dir.path(), &["metrics", "--format", "json", "--file-timeout", "10", "big.py"]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"].as_array().unwrap().len(), 1, "{report}");
}

/// Third-party code checked in (`vendor/`, `node_modules/`, a package's
/// JavaScript build in `dist/`) is skipped and listed as `vendored` by
/// `scan` and `metrics`; `paths.vendored` replaces the list.
#[test]
fn vendored_code_is_skipped_unless_the_config_says_otherwise() {
    let dir = repo();
    write(dir.path(), "app/main.js", "eval(x)\n");
    write(dir.path(), "static/vendor/jquery/jquery.js", "eval(y)\n");
    write(dir.path(), "node_modules/left-pad/index.js", "eval(z)\n");
    write(dir.path(), "pkg/dist/bundle.js", "eval(w)\n");
    write(dir.path(), "pkg/dist/build_tool.py", "eval(v)\n");
    write(dir.path(), ".techlead.yml", "# defaults\n");
    let (report, _) = scan_json(dir.path(), &["."]);
    let mut vendored: Vec<String> = skipped(&report).into_iter().filter(|(_, why)| why == "vendored").map(|(path, _)| path).collect();
    vendored.sort();
    assert_eq!(vendored, ["node_modules/left-pad/index.js", "pkg/dist/bundle.js", "static/vendor/jquery/jquery.js"]);
    assert_eq!(findings(&report, "app/main.js").len(), 1);
    assert_eq!(findings(&report, "pkg/dist/build_tool.py").len(), 1, "only JavaScript build output in dist/ is vendored");

    let out = techlead(dir.path(), &["metrics", "--format", "json", "."]);
    let metrics: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(metrics["skipped"].as_array().unwrap().iter().any(|s| s["path"] == "static/vendor/jquery/jquery.js" && s["reason"] == "vendored"), "{metrics}");

    write(dir.path(), ".techlead.yml", "paths:\n  vendored: [\"static/vendor/**\"]\n");
    let (report, _) = scan_json(dir.path(), &["."]);
    assert_eq!(findings(&report, "node_modules/left-pad/index.js").len(), 1, "the config's list replaces the default: {report}");
    assert!(findings(&report, "static/vendor/jquery/jquery.js").is_empty());
}
