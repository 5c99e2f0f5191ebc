//! `techlead scan --diff` shows the pull request as a whole (walkthrough and
//! checks, text and JSON) on a git repository built here, and
//! `techlead architecture check` checks a whole tree.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// One small rule, so the test does not wait for the built-in rules to compile.
fn rules_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.yml", "id: no-eval\nlanguage: python\nmessage: eval\nseverity: warning\nrule: {pattern: eval($A)}\n");
    dir
}

fn techlead(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("techlead").unwrap().current_dir(dir).env("NO_COLOR", "1").args(args).output().unwrap()
}

const CONFIG: &str = "architecture:\n  - name: the domain knows no web framework\n    files: [\"src/domain/**\"]\n    forbid: [\"src/web/**\", \"flask\"]\n";
const ORDERS: &str = "def total(items):\n    \"\"\"The sum.\"\"\"\n    return sum(items)\n\n\ndef legacy(items):\n    \"\"\"Old.\"\"\"\n    return total(items)\n";
const ORDERS_HEAD: &str = "from flask import request\n\n\ndef total(items, tax):\n    \"\"\"The sum.\"\"\"\n    return sum(items) * tax\n";

/// A repository on `main`, and a branch that changes the domain: an import
/// the rules forbid, a changed and a removed public function, no test.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    write(root, ".github/techlead.yml", CONFIG);
    write(root, ".github/CODEOWNERS", "*  @acme/core\n/src/web/  @acme/web\n/tools/\n");
    write(root, "src/domain/orders.py", ORDERS);
    write(root, "src/web/views.py", "def index():\n    \"\"\"Home.\"\"\"\n    return 1\n");
    write(root, "CHANGELOG.md", "# Changelog\n");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "base"]);
    git(root, &["checkout", "-qb", "feature"]);
    write(root, "src/domain/orders.py", ORDERS_HEAD);
    git(root, &["commit", "-qam", "orders"]);
    // Not committed yet: an untracked file is part of the change too.
    write(root, "tools/gen.py", "def make():\n    return 1\n");
    dir
}

fn checks(walkthrough: &Value) -> Vec<String> {
    walkthrough["checks"].as_array().unwrap().iter().map(|f| format!("{} {}:{}", f["rule_id"].as_str().unwrap(), f["path"].as_str().unwrap(), f["start"]["line"])).collect()
}

#[test]
fn scan_diff_shows_the_walkthrough_and_the_checks() {
    let repo = repository();
    let rules = rules_dir();
    let rules = rules.path().to_str().unwrap();
    let out = techlead(repo.path(), &["scan", "--rules", rules, "--diff", "main", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(1), "the forbidden import is an error: {}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let walkthrough = &report["walkthrough"];
    assert_eq!(walkthrough["size"]["label"], "S");
    assert_eq!(walkthrough["files"], 2);
    let areas: Vec<(&str, &str)> = walkthrough["areas"].as_array().unwrap().iter().map(|a| (a["name"].as_str().unwrap(), a["owners"][0].as_str().unwrap_or("-"))).collect();
    assert_eq!(areas, vec![("src/domain", "@acme/core"), ("tools", "-")]);
    let risks: Vec<&str> = walkthrough["risks"].as_array().unwrap().iter().map(|r| r["reason"].as_str().unwrap()).collect();
    assert_eq!(risks, vec!["public API changed"]);
    assert_eq!(
        checks(walkthrough),
        vec![
            "pr/tests-missing src/domain/orders.py:1",
            "pr/breaking-change src/domain/orders.py:4",
            "architecture/forbidden-import src/domain/orders.py:1",
            "pr/public-api-undocumented tools/gen.py:1",
            "pr/unowned-file tools/gen.py:1",
            "pr/changelog-missing :1",
            "pr/breaking-change src/domain/orders.py:1",
        ]
    );
    let messages: Vec<&str> = walkthrough["checks"].as_array().unwrap().iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(messages.contains(&"the signature of public `total` changed from `def total(items)` to `def total(items, tax)`"), "{messages:?}");
    assert!(messages.contains(&"public `legacy` was removed from `src/domain/orders.py` (was `def legacy(items)`)"), "{messages:?}");

    let out = techlead(repo.path(), &["scan", "--rules", rules, "--diff", "main", "."]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Walkthrough: size S · effort 2/5"), "{text}");
    assert!(text.contains("  - public API changed: legacy removed from src/domain/orders.py, total changed its signature in src/domain/orders.py"), "{text}");
    assert!(
        text.contains(
            "  error architecture/forbidden-import src/domain/orders.py:1: src/domain/orders.py imports flask, which the architecture rule \"the domain knows no web framework\" forbids (flask)"
        ),
        "{text}"
    );
}

#[test]
fn checks_follow_the_repo_config() {
    let repo = repository();
    write(repo.path(), ".github/techlead.yml", &format!("{CONFIG}rules:\n  disable: [pr/unowned-file, pr/changelog-missing]\n  severity:\n    architecture/forbidden-import: warning\n"));
    let rules = rules_dir();
    let out = techlead(repo.path(), &["scan", "--rules", rules.path().to_str().unwrap(), "--diff", "main", "--format", "json", "--fail-level", "error", "."]);
    assert_eq!(out.status.code(), Some(0), "nothing is an error any more: {}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = checks(&report["walkthrough"]);
    assert!(!found.iter().any(|c| c.starts_with("pr/unowned-file") || c.starts_with("pr/changelog-missing")), "{found:?}");
    let import = report["walkthrough"]["checks"].as_array().unwrap().iter().find(|f| f["rule_id"] == "architecture/forbidden-import").unwrap().clone();
    assert_eq!(import["severity"], "warning");
}

#[test]
fn a_misspelt_check_id_is_a_located_error() {
    let repo = repository();
    write(repo.path(), ".github/techlead.yml", "rules:\n  disable: [pr/too-larg]\n");
    let rules = rules_dir();
    let out = techlead(repo.path(), &["scan", "--rules", rules.path().to_str().unwrap(), "--diff", "main", "."]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".github/techlead.yml:2:13: `pr/too-larg` in `rules.disable` is no rule id, tag or language techlead knows; did you mean `pr/too-large`?"), "{err}");
}

#[test]
fn architecture_check_reports_every_violation_of_a_tree() {
    let repo = repository();
    write(repo.path(), ".github/techlead.yml", &format!("{CONFIG}  - name: layers\n    layers: [src/web, src/domain]\n"));
    write(repo.path(), "src/domain/prices.py", "from src.web import views\n\n\ndef price():\n    return views.index()\n");
    let out = techlead(repo.path(), &["architecture", "check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        vec![
            "src/domain/orders.py:1: [the domain knows no web framework] src/domain/orders.py imports flask, which the architecture rule \"the domain knows no web framework\" forbids (flask)",
            "src/domain/prices.py:1: [the domain knows no web framework] src/domain/prices.py imports src.web (src/web/views.py), which the architecture rule \"the domain knows no web framework\" forbids (src/web/**)",
            "src/domain/prices.py:1: [layers] src/domain/prices.py (layer src/domain) imports src.web (src/web/views.py) from layer src/web: in the architecture rule \"layers\" a layer may import only the layers after it",
            "3 violations in 2 files (7 files checked, 2 rules)",
        ]
    );
    let out = techlead(repo.path(), &["architecture", "check", "src/web"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 violations in 0 files (1 files checked, 2 rules)"));

    write(repo.path(), ".github/techlead.yml", "review:\n  drafts: true\n");
    let out = techlead(repo.path(), &["architecture", "check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no `architecture:` rules; add some (see docs/configuration.md)"));
}
