//! The SARIF that `techlead scan --format sarif` writes, checked by the
//! official validator (Microsoft's SARIF Multitool, npm
//! `@microsoft/sarif-multitool`) with the SARIF and GitHub rule kinds, the
//! checks GitHub code scanning applies on upload, over a scan of `examples/`
//! and over data-flow findings with their `codeFlows`. `.ci/run` installs the tool
//! into `target/sarif-multitool`; `SARIF_MULTITOOL` may name another copy of
//! its executable. Without it the test fails and says how to install it.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const INSTALL: &str = "npm install --no-audit --no-fund --prefix target/sarif-multitool @microsoft/sarif-multitool@5.7.0";

/// The Multitool's own executable. npm's `bin` wrapper runs it through a
/// shell, which would split `Sarif;Gh` at the `;`, so the test calls it directly.
fn multitool() -> PathBuf {
    if let Some(path) = std::env::var_os("SARIF_MULTITOOL").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    let (platform, exe) = match std::env::consts::OS {
        "macos" => ("darwin", "Sarif.Multitool"),
        "windows" => ("win32", "Sarif.Multitool.exe"),
        _ => ("linux", "Sarif.Multitool"),
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sarif-multitool/node_modules/@microsoft").join(format!("sarif-multitool-{platform}")).join(exe);
    assert!(path.is_file(), "the SARIF Multitool is not installed at {}: install it with `{INSTALL}` (and `chmod u+x` its executable), or set SARIF_MULTITOOL to its executable", path.display());
    path
}

/// `techlead scan --format sarif ARGS...` from the repository root.
fn scan_as_sarif(args: &[&str]) -> Value {
    let out = assert_cmd::Command::cargo_bin("techlead").unwrap().current_dir(env!("CARGO_MANIFEST_DIR")).args(["scan", "--format", "sarif"]).args(args).output().unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "scan failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("scan output is not JSON: {e}"))
}

/// What the validator reports about `sarif` at level warning or error.
fn validator_problems(sarif: &Value) -> Vec<String> {
    let tool = multitool();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("scan.sarif");
    std::fs::write(&input, serde_json::to_vec_pretty(sarif).unwrap()).unwrap();
    let report = dir.path().join("validation.sarif");
    let run = Command::new(&tool)
        .args(["validate", "--rule-kind", "Sarif;Gh", "--output"])
        .arg(&report)
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; install it with `{INSTALL}`", tool.display()));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "the validator failed ({}): {stdout}{}", run.status, String::from_utf8_lossy(&run.stderr));
    let report: Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let run = &report["runs"][0];
    let failures = run["invocations"].as_array().into_iter().flatten().flat_map(|i| i["toolExecutionNotifications"].as_array().into_iter().flatten());
    let failures: Vec<&Value> = failures.filter(|n| n["level"].as_str() == Some("error")).collect();
    assert!(failures.is_empty(), "the validator could not check everything: {failures:?}");
    // SARIF's default level is `warning`; notes are advice, not problems.
    run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"].as_str().unwrap_or("warning") != "note" && r["kind"].as_str().unwrap_or("fail") == "fail")
        .map(|r| format!("{} {}: {}", r["level"].as_str().unwrap_or("warning"), r["ruleId"].as_str().unwrap_or("?"), r["message"]["text"].as_str().unwrap_or_default()))
        .collect()
}

#[test]
fn a_scan_of_the_examples_passes_the_sarif_multitool_with_no_error_or_warning() {
    let sarif = scan_as_sarif(&["examples"]);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty(), "the examples must give findings, so the validator checks results too");
    let problems = validator_problems(&sarif);
    assert!(problems.is_empty(), "{} problems in the SARIF of `techlead scan examples`:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn data_flow_findings_pass_the_sarif_multitool_with_their_code_flows() {
    // This repository's own config leaves its test data out: scan it with none.
    let dir = tempfile::tempdir().unwrap();
    let no_config = dir.path().join("techlead.yml");
    std::fs::write(&no_config, "").unwrap();
    let sarif = scan_as_sarif(&["--config", no_config.to_str().unwrap(), "--rules", "tests/data/taint/rules", "tests/data/taint"]);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["codeFlows"].is_array()), "the taint test data must give findings with codeFlows");
    let problems = validator_problems(&sarif);
    assert!(problems.is_empty(), "{} problems in the SARIF of the taint test data:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_rule_has_a_readable_name_that_is_not_its_id() {
    // One file is enough: every rule of the run is described, found or not.
    let sarif = scan_as_sarif(&["examples/vulnerable/app.py"]);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() > 100, "the built-in rules are described");
    let mut names = std::collections::HashSet::new();
    for rule in rules {
        let name = rule["name"].as_str().unwrap_or_else(|| panic!("{} has no name", rule["id"]));
        assert_ne!(rule["name"], rule["id"]);
        assert!(names.insert(name.to_string()), "two rules are named {name}");
    }
    let eval = rules.iter().find(|r| r["id"] == "python-eval-used").unwrap();
    assert_eq!(eval["name"], "PythonEvalUsed");
}

#[test]
fn pull_request_and_dependency_checks_are_sarif_results_with_their_rules() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| assert!(Command::new("git").args(["-c", "user.email=t@example.com", "-c", "user.name=t"]).args(args).current_dir(root).status().unwrap().success());
    let lock = |version: &str| {
        format!(
            "{{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"packages\": {{\n    \"\": {{\n      \"name\": \"app\"\n    }},\n    \"node_modules/lodash\": {{\n      \"version\": \"{version}\"\n    }}\n  }}\n}}\n"
        )
    };
    std::fs::write(root.join("techlead.yml"), "").unwrap();
    std::fs::write(root.join("app.py"), "def total(items):\n    return sum(items)\n").unwrap();
    std::fs::write(root.join("package-lock.json"), lock("4.17.21")).unwrap();
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "base"]);
    std::fs::write(root.join("app.py"), "def total(items):\n    return sum(items)\n\n\ndef average(items):\n    return total(items) / len(items)\n").unwrap();
    std::fs::write(root.join("package-lock.json"), lock("4.17.20")).unwrap();
    let osv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/osv");
    let out = assert_cmd::Command::cargo_bin("techlead")
        .unwrap()
        .current_dir(root)
        // A small rule set keeps the log small (the validator's time grows
        // with the rules described); the checks are described all the same.
        .args([
            "scan",
            "--format",
            "sarif",
            "--config",
            "techlead.yml",
            "--rules",
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/taint/rules"),
            "--diff",
            "main",
            "--advisories",
            osv.to_str().unwrap(),
            ".",
        ])
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("no SARIF ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    for id in ["pr/tests-missing", "pr/public-api-undocumented", "dependency/vulnerable", "dependency/downgraded"] {
        let result = results.iter().find(|r| r["ruleId"] == id).unwrap_or_else(|| panic!("no {id} result: {results:#?}"));
        let index = result["ruleIndex"].as_u64().unwrap_or_else(|| panic!("{id} has no ruleIndex")) as usize;
        assert_eq!(rules[index]["id"], id, "the ruleIndex of {id} points at its descriptor");
    }
    let problems = validator_problems(&sarif);
    assert!(problems.is_empty(), "{} problems in the SARIF of a change:\n{}", problems.len(), problems.join("\n"));
}
