//! The labelled corpus (`tests/corpus/<dir>/`): every annotation holds.
//!
//! Each corpus dir is scanned as a root by the real binary with the built-in
//! rules and default settings, and each annotation (in a comment of the
//! file's language, on the line above the line it labels) is checked:
//! - `techlead-expect: <rule-id>[, ...]`: each named rule reports a finding
//!   starting on the next line;
//! - `techlead-safe`: no finding of a security rule starts on the next line;
//! - `techlead-known-miss: <rule-id-or-class> <why>`: no finding of that rule
//!   starts there (once one does, the annotation becomes `techlead-expect`).
//!
//! `bench/recall.py` reads the annotations the same way and measures recall
//! and precision; this test only enforces them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use techlead::analysis::language::Lang;

/// Comment tokens for files of no language in the table (Dockerfiles, templates, text).
const DEFAULT_COMMENTS: &[&str] = &["#", "//", "/*", "<!--"];

#[derive(Debug, PartialEq)]
enum Label {
    Expect(Vec<String>),
    Safe,
    KnownMiss(String),
}

fn comment_starts(path: &Path, head: &[u8]) -> &'static [&'static str] {
    Lang::detect(path, head).map_or(DEFAULT_COMMENTS, |lang| lang.spec().comment_starts)
}

fn rule_id(text: &str) -> Option<String> {
    let id: String = text.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
    (!id.is_empty()).then_some(id)
}

/// The label a line carries for the line after it, if any.
fn label_of(line: &str, comments: &[&str]) -> Option<Label> {
    let at = line.find("techlead-")?;
    if !comments.iter().any(|c| line[..at].contains(c)) {
        return None;
    }
    let rest = &line[at + "techlead-".len()..];
    if let Some(ids) = rest.strip_prefix("expect:") {
        return Some(Label::Expect(ids.split(',').filter_map(rule_id).collect()));
    }
    if let Some(what) = rest.strip_prefix("known-miss:") {
        return Some(Label::KnownMiss(rule_id(what).unwrap_or_default()));
    }
    rest.strip_prefix("safe").filter(|after| !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')).map(|_| Label::Safe)
}

/// (relative path, labelled line) -> label, for every file under `root`.
fn labels(root: &Path) -> BTreeMap<(String, u64), Label> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            let comments = comment_starts(&path, text.as_bytes());
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            for (index, line) in text.lines().enumerate() {
                if let Some(label) = label_of(line, comments) {
                    out.insert((rel.clone(), index as u64 + 2), label);
                }
            }
        }
    }
    out
}

struct Scan {
    /// (path, start line) -> rule ids whose finding starts there
    findings: HashMap<(String, u64), BTreeSet<String>>,
    security: BTreeSet<String>,
}

/// The rules directory of this checkout: the same rules as the embedded ones
/// (`builtin_rules.rs` checks that), read fresh so a rule file added since the
/// binary was built is not missed.
fn rules_dir() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/rules").to_string()
}

fn scan(root: &Path) -> Scan {
    // Default settings: an empty repository config, so the config of the
    // repository the corpus sits in (which leaves `tests/corpus/` out of its
    // own scans) does not apply.
    let config = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(config.path(), "# default settings\n").unwrap();
    let config_path = config.path().to_str().unwrap();
    let out =
        Command::cargo_bin("techlead").unwrap().current_dir(root).args(["scan", "--format", "json", "--severity", "hint", "--config", config_path, "--rules", &rules_dir(), "."]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("scan of {} printed no JSON ({e}): {}", root.display(), String::from_utf8_lossy(&out.stderr)));
    let mut findings: HashMap<(String, u64), BTreeSet<String>> = HashMap::new();
    let mut security = BTreeSet::new();
    for f in report["findings"].as_array().unwrap() {
        let id = f["rule_id"].as_str().unwrap().to_string();
        let path = f["path"].as_str().unwrap().trim_start_matches("./").to_string();
        if f["tags"].as_array().is_some_and(|tags| tags.iter().any(|t| t == "security")) {
            security.insert(id.clone());
        }
        findings.entry((path, f["start"]["line"].as_u64().unwrap())).or_default().insert(id);
    }
    Scan { findings, security }
}

/// Every violated annotation of one corpus dir, as `dir/file:line: what`.
fn violations(root: &Path, known_rules: &BTreeSet<String>) -> Vec<String> {
    let dir = root.file_name().unwrap().to_string_lossy().to_string();
    let scan = scan(root);
    let mut problems = Vec::new();
    let empty = BTreeSet::new();
    for ((path, line), label) in labels(root) {
        let here = scan.findings.get(&(path.clone(), line)).unwrap_or(&empty);
        let at = format!("{dir}/{path}:{line}");
        match label {
            Label::Expect(ids) if ids.is_empty() => problems.push(format!("{at}: techlead-expect names no rule")),
            Label::Expect(ids) => {
                for id in ids {
                    if !known_rules.contains(&id) {
                        problems.push(format!("{at}: expected {id} is not a built-in rule"));
                    } else if !here.contains(&id) {
                        problems.push(format!("{at}: expected {id} not reported"));
                    }
                }
            }
            Label::Safe => {
                for id in here.iter().filter(|id| scan.security.contains(*id)) {
                    problems.push(format!("{at}: security finding {id} on a safe line"));
                }
            }
            Label::KnownMiss(id) => {
                if here.contains(&id) {
                    problems.push(format!("{at}: known-miss {id} now caught (make it techlead-expect)"));
                }
            }
        }
    }
    problems
}

fn builtin_rule_ids() -> BTreeSet<String> {
    let out = Command::cargo_bin("techlead").unwrap().args(["rules", "list", "--json", "--rules", &rules_dir()]).output().unwrap();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    rules.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

fn corpus_dirs(corpus: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(corpus) else { return Vec::new() };
    let mut dirs: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    dirs.sort();
    dirs
}

#[test]
fn every_corpus_annotation_holds() {
    let known = builtin_rule_ids();
    let mut problems = Vec::new();
    for dir in corpus_dirs(Path::new("tests/corpus")) {
        problems.extend(violations(&dir, &known));
    }
    assert!(problems.is_empty(), "{} violated corpus annotations (bench/recall.py --problems lists them too):\n{}", problems.len(), problems.join("\n"));
}

/// The checker itself: a corpus with one annotation of each kind broken and
/// one of each kind kept is reported exactly where it is broken.
#[test]
fn a_violated_annotation_is_reported_with_its_place() {
    let corpus = tempfile::tempdir().unwrap();
    let root = corpus.path().join("python");
    std::fs::create_dir_all(root.join("svc")).unwrap();
    std::fs::write(
        root.join("svc/loader.py"),
        "import yaml\n\n\ndef load(stream):\n    # techlead-expect: python-yaml-unsafe-load\n    a = yaml.load(stream)\n    # techlead-expect: python-yaml-unsafe-load\n    b = yaml.safe_load(stream)\n    # techlead-safe\n    c = yaml.load(stream)\n    # techlead-safe: the safe loader\n    d = yaml.safe_load(stream)\n    # techlead-known-miss: python-yaml-unsafe-load flip me\n    e = yaml.load(stream)\n    return a, b, c, d, e\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("docker")).unwrap();
    std::fs::write(root.join("docker/Dockerfile"), "FROM python:3.12\n# techlead-expect: no-such-rule-anywhere\nRUN true\n").unwrap();
    let problems = violations(&root, &builtin_rule_ids());
    assert_eq!(
        problems,
        [
            "python/docker/Dockerfile:3: expected no-such-rule-anywhere is not a built-in rule",
            "python/svc/loader.py:8: expected python-yaml-unsafe-load not reported",
            "python/svc/loader.py:10: security finding python-yaml-unsafe-load on a safe line",
            "python/svc/loader.py:14: known-miss python-yaml-unsafe-load now caught (make it techlead-expect)",
        ]
    );
}

#[test]
fn annotations_are_read_only_inside_a_comment_of_the_files_language() {
    let py = comment_starts(Path::new("app.py"), b"");
    assert_eq!(label_of("    # techlead-expect: python-eval-used, python-exec-used", py), Some(Label::Expect(vec!["python-eval-used".into(), "python-exec-used".into()])));
    assert_eq!(label_of("x = 'techlead-safe'", py), None, "a string is not a comment");
    assert_eq!(label_of("// techlead-safe", py), None, "`//` is no Python comment");
    let js = comment_starts(Path::new("view.jsx"), b"");
    assert_eq!(label_of("      {/* techlead-safe */}", js), Some(Label::Safe));
    assert_eq!(label_of("// techlead-known-miss: xss-dom innerHTML through a helper", js), Some(Label::KnownMiss("xss-dom".into())));
    assert_eq!(label_of("# techlead-safe", comment_starts(Path::new("Dockerfile"), b"FROM alpine")), Some(Label::Safe));
    assert_eq!(label_of("// techlead-safeguard", js), None);
}
