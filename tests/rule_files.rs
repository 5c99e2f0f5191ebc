//! Rule files as their authors meet them: ast-grep files load unchanged, and
//! every kind of mistake is reported at once as `path:line:col: what; fix`.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn techlead() -> Command {
    Command::cargo_bin("techlead").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Runs `techlead test --rules DIR`, expecting exit code 2; returns stderr.
fn rule_errors(dir: &Path) -> String {
    let out = techlead().args(["test", "--rules"]).arg(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "stdout: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn every_bad_file_is_reported_at_once_with_place_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "syntax.yml", "id: a\nlanguage: python\nrule:\n  pattern: [unclosed\n");
    write(d, "unknown-key.yml", "id: b\nlanguage: python\nmesage: hi\nrule:\n  patern: eval($X)\n");
    write(d, "unknown-lang.yml", "id: c\nlanguage: pyhton\nrule:\n  pattern: eval($X)\n");
    write(d, "not-shipped.yml", "id: c2\nlanguage: lua\nrule:\n  kind: call\n");
    write(d, "bad-pattern.yml", "id: d\nlanguage: python\nrule:\n  all:\n    - pattern: eval($X\n");
    write(d, "bad-regex.yml", "id: e\nlanguage: python\nrule:\n  kind: identifier\n  regex: \"a(b\"\n");
    write(d, "dup-1.yml", "id: same\nlanguage: python\nrule:\n  kind: call\n");
    write(d, "dup-2.yml", "language: go\nid: same\nrule:\n  kind: call_expression\n");
    let err = rule_errors(d);
    let expect = [
        "syntax.yml:4:12: YAML syntax error",
        "unknown-key.yml:3:1: unknown key `mesage` in a rule file; did you mean `message`?",
        "unknown-key.yml:5:3: unknown key `patern` in a rule object; did you mean `pattern`?",
        "unknown-lang.yml:2:11: unknown language `pyhton`; did you mean `python`?",
        "not-shipped.yml:2:11: unknown language `lua`; techlead supports: python,",
        "bad-pattern.yml:5:16: pattern `eval($X` does not parse as python",
        "bad-regex.yml:5:10: bad regex `a(b`: error: unclosed group; fix the regular expression",
        "dup-2.yml:2:1: duplicate rule id `same`, already defined at ",
    ];
    for line in expect {
        assert!(err.contains(line), "missing `{line}` in:\n{err}");
    }
    assert!(err.contains("8 error(s) in rule files"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn an_existing_ast_grep_file_with_several_rules_works_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    // Everything here is plain ast-grep: utils + matches, constraints,
    // transform, fix, message interpolation, relational rules with stopBy/field.
    write(
        dir.path(),
        "rules/ast-grep.yml",
        r#"id: no-await-in-loop
language: TypeScript
severity: warning
message: Avoid await in a loop ($CALL)
utils:
  is-loop:
    any:
      - kind: for_statement
      - kind: for_in_statement
      - kind: while_statement
rule:
  pattern: await $CALL
  inside:
    matches: is-loop
    stopBy: end
---
id: console-to-logger
language: TypeScript
severity: info
message: use the logger instead of console.$M
rule:
  pattern: console.$M($$$ARGS)
constraints:
  M:
    regex: ^(log|debug)$
transform:
  UPPER:
    convert:
      source: $M
      toCase: upperCase
fix: logger.log("$UPPER", $$$ARGS)
---
id: no-var-assign-in-if
language: TypeScript
rule:
  kind: assignment_expression
  inside:
    kind: if_statement
    field: condition
    stopBy: end
message: assignment in a condition
"#,
    );
    write(dir.path(), "src/app.ts", "async function f(xs: string[]) {\n  for (const x of xs) {\n    await fetch(x);\n  }\n  console.log(\"hi\", 1);\n  console.error(\"kept\");\n  if (a = b) {}\n}\n");
    let out = techlead().current_dir(dir.path()).args(["scan", "--format", "json", "--rules", "rules", "src"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let summary: Vec<(String, u64, String)> =
        findings.iter().map(|f| (f["rule_id"].as_str().unwrap().to_string(), f["start"]["line"].as_u64().unwrap(), f["message"].as_str().unwrap().to_string())).collect();
    assert_eq!(
        summary,
        vec![
            ("no-await-in-loop".into(), 3, "Avoid await in a loop (fetch(x))".into()),
            ("console-to-logger".into(), 5, "use the logger instead of console.log".into()),
            ("no-var-assign-in-if".into(), 7, "assignment in a condition".into()),
        ]
    );
    assert_eq!(findings[1]["fix"]["replacement"], "logger.log(\"LOG\", \"hi\", 1)");
}

#[test]
fn id_defaults_to_the_file_stem_and_globs_limit_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rules/no-print.yml", "language: python\nmessage: print left in\nrule:\n  pattern: print($$$A)\nfiles: ['src/**']\nignores: ['src/vendor/**']\n");
    write(dir.path(), "src/a.py", "print(1)\n");
    write(dir.path(), "src/vendor/b.py", "print(2)\n");
    write(dir.path(), "scripts/c.py", "print(3)\n");
    let out = techlead().current_dir(dir.path()).args(["scan", "--format", "json", "--rules", "rules", "."]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits: Vec<(&str, &str)> = report["findings"].as_array().unwrap().iter().map(|f| (f["rule_id"].as_str().unwrap(), f["path"].as_str().unwrap())).collect();
    assert_eq!(hits, vec![("no-print", "src/a.py")]);
}

#[test]
fn inline_tests_report_noisy_missing_and_wrong_fix() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "r.yml",
        r#"id: py-no-eval
language: python
message: no eval
rule:
  pattern: eval($X)
fix: safe_eval($X)
tests:
  valid:
    - "eval(ok_really)"
    - "safe_eval(x)"
  invalid:
    - "exec(x)"
    - code: "eval(a)"
      fixed: "literal_eval(a)"
    - code: "eval(b)"
      fixed: "safe_eval(b)"
"#,
    );
    let out = techlead().args(["test", "--rules"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("noisy: a finding on line(s) [1] of a valid snippet"), "{text}");
    assert!(text.contains("missing: no finding in an invalid snippet"), "{text}");
    assert!(text.contains("wrong fix for:") && text.contains("| safe_eval(a)"), "{text}");
    assert!(text.trim_end().ends_with("2 passed, 3 failed"), "{text}");
}

#[test]
fn text_rules_are_checked_like_the_others() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.yml", "id: t\nlanguage: text\nmessage: m\nrule:\n  regex: \"a(b\"\n");
    write(dir.path(), "key.yml", "id: u\nlanguage: text\nmessage: m\nrule:\n  regexp: abc\n");
    let err = rule_errors(dir.path());
    assert!(err.contains("bad.yml:5:10: bad regex `a(b` in `regex`: error: unclosed group"), "{err}");
    assert!(err.contains("key.yml:5:3: unknown key `regexp` in a text rule; did you mean `regex`?"), "{err}");
}

#[test]
fn misspelt_keys_in_tests_and_metadata_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "fix-key.yml",
        "id: f\nlanguage: python\nmessage: m\nrule:\n  pattern: eval($X)\nfix: safe($X)\ntests:\n  invalid:\n    - eval(b)\n    - code: eval(a)\n      fixd: safe(a)\n    - fixed: safe(c)\n",
    );
    write(d, "meta-key.yml", "id: g\nlanguage: python\nmessage: m\nmetadata:\n  tag: [security]\n  author: someone\n  Confidance: high\nrule:\n  pattern: eval($X)\n");
    write(d, "text-meta.yml", "id: h\nlanguage: text\nmessage: m\nmetadata:\n  cwes: CWE-798\nrule:\n  regex: abc\n");
    let err = rule_errors(d);
    let expect = [
        "fix-key.yml:11:7: unknown key `fixd` in a `tests.invalid` entry; did you mean `fixed`?",
        "fix-key.yml:12:7: a `tests.invalid` entry has no `code`; add `code:`",
        "meta-key.yml:5:3: unknown key `tag` in `metadata`; did you mean `tags`?",
        "meta-key.yml:7:3: unknown key `Confidance` in `metadata`; did you mean `confidence`?",
        "text-meta.yml:5:3: unknown key `cwes` in `metadata`; did you mean `cwe`?",
    ];
    for line in expect {
        assert!(err.contains(line), "missing `{line}` in:\n{err}");
    }
    assert!(!err.contains("author"), "free-form metadata keys stay allowed, as in ast-grep:\n{err}");
    assert!(err.contains("5 error(s) in rule files"), "{err}");
}
