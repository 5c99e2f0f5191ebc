//! `techlead metrics` as a user runs it: JSON and text output, ordering,
//! skipped files, `.gitignore`, and exit codes.

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

fn metrics(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("techlead").unwrap().current_dir(dir).env("NO_COLOR", "1").arg("metrics").args(args).output().unwrap()
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "simple.py", "def one():\n    return 1\n");
    write(dir.path(), "src/tangled.rs", "fn calm() {}\n\nfn knotted(a: u32) -> u32 {\n    if a > 1 {\n        for _ in 0..a {\n            if a % 2 == 0 { return 1; }\n        }\n    }\n    0\n}\n");
    write(dir.path(), "config.json", "{\"a\": 1}\n");
    write(dir.path(), "notes.txt", "not code\n");
    write(dir.path(), "image.py", b"\x00\x01binary");
    write(dir.path(), "ignored/gen.py", "def gen():\n    pass\n");
    write(dir.path(), ".gitignore", "ignored/\n");
    fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

#[test]
fn json_lists_files_worst_first_with_unsupported_metrics_spelled_out() {
    let dir = project();
    let out = metrics(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["version"], 1);
    let paths: Vec<&str> = report["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    // Worst function first (knotted: cognitive 6), then simple.py; config.json has no functions.
    assert_eq!(paths, ["src/tangled.rs", "simple.py", "config.json"]);

    let rust = &report["files"][0];
    assert_eq!(rust["language"], "rust");
    assert_eq!(rust["function_count"], 2);
    let knotted = &rust["functions"][1];
    assert_eq!(knotted["name"], "knotted");
    assert_eq!((knotted["cyclomatic"].as_u64(), knotted["cognitive"].as_u64()), (Some(4), Some(6)));
    assert_eq!((knotted["start_line"].as_u64(), knotted["header_line"].as_u64(), knotted["end_line"].as_u64()), (Some(3), Some(3), Some(10)));
    assert_eq!(knotted["max_nesting"], 3);
    assert_eq!(rust["summary"]["cognitive"]["max"], 6);
    assert_eq!(rust["summary"]["cognitive"]["average"], 3.0);
    assert_eq!((rust["sloc"].as_u64(), rust["blank_lines"].as_u64()), (Some(9), Some(1)));

    let json = &report["files"][2];
    assert_eq!(json["function_count"], "unsupported");
    assert_eq!(json["summary"]["cyclomatic"], "unsupported");

    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["path"], "image.py");
    assert_eq!(skipped[0]["reason"], "binary");
}

#[test]
fn text_shows_a_table_per_file_worst_function_first() {
    let dir = project();
    let out = metrics(dir.path(), &["src"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("src/tangled.rs (rust): 9 sloc, 0 comment, 1 blank lines; functions: 2\n"), "{text}");
    let knotted = text.find("  knotted ").expect(&text);
    let calm = text.find("  calm ").expect(&text);
    assert!(knotted < calm, "worst function first:\n{text}");
    assert!(text.contains("cognitive  cyclomatic"), "{text}");
    assert!(text.ends_with("1 files, 2 functions measured\n"), "{text}");
}

#[test]
fn missing_paths_and_bad_usage_exit_2() {
    let dir = project();
    let out = metrics(dir.path(), &["no-such-dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-dir does not exist"));
    assert_eq!(metrics(dir.path(), &["--format", "xml"]).status.code(), Some(2));
    assert_eq!(metrics(dir.path(), &["--no-such-flag"]).status.code(), Some(2));
}
