//! A rule's inline tests: `valid` snippets must stay silent, `invalid` ones
//! must be found and, where given, fixed into the expected text.

use super::engine::{run_rules, scan_text};
use super::finding::Finding;
use super::rules::Rule;

/// Why one snippet failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestFailure {
    /// A finding in a snippet listed as valid.
    Noisy { snippet: String, lines: Vec<usize> },
    /// No finding in a snippet listed as invalid.
    Missing { snippet: String },
    /// The fix did not produce the expected text.
    WrongFix { snippet: String, expected: String, actual: String },
}

/// The outcome of one rule's tests.
#[derive(Debug)]
pub struct RuleTestReport {
    pub rule_id: String,
    pub passed: usize,
    pub failures: Vec<TestFailure>,
}

pub fn run(rule: &Rule) -> RuleTestReport {
    let mut report = RuleTestReport { rule_id: rule.id.clone(), passed: 0, failures: Vec::new() };
    let path = match rule.lang() {
        Some(lang) => format!("test.{}", lang.spec().extensions.first().copied().unwrap_or("txt")),
        None => "test.txt".to_string(),
    };
    let run = |code: &str| match rule.lang() {
        Some(lang) => run_rules(&[rule], &path, code, lang),
        None => scan_text(&[rule], &path, code, &["#", "//"]),
    };
    for snippet in &rule.tests.valid {
        let findings = run(snippet);
        if findings.is_empty() {
            report.passed += 1;
        } else {
            let lines = findings.iter().map(|f| f.start.line).collect();
            report.failures.push(TestFailure::Noisy { snippet: snippet.clone(), lines });
        }
    }
    for case in &rule.tests.invalid {
        let findings = run(&case.code);
        if findings.is_empty() {
            report.failures.push(TestFailure::Missing { snippet: case.code.clone() });
            continue;
        }
        if let Some(expected) = &case.fixed {
            let actual = apply_fixes(&case.code, &findings);
            if actual.trim_end() != expected.trim_end() {
                report.failures.push(TestFailure::WrongFix { snippet: case.code.clone(), expected: expected.clone(), actual });
                continue;
            }
        }
        report.passed += 1;
    }
    report
}

/// Applies every non-overlapping fix, first come first served, as `--fix` would.
pub fn apply_fixes(source: &str, findings: &[Finding]) -> String {
    let lines: Vec<usize> = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let offset = |line: usize, column: usize| {
        let start = lines[line - 1];
        start + source[start..].char_indices().nth(column - 1).map_or(source.len() - start, |(i, _)| i)
    };
    let mut edits: Vec<(usize, usize, &str)> =
        findings.iter().filter_map(|f| f.fix.as_ref()).map(|fix| (offset(fix.start.line, fix.start.column), offset(fix.end.line, fix.end.column), fix.replacement.as_str())).collect();
    edits.sort_by_key(|e| e.0);
    let mut out = String::with_capacity(source.len());
    let mut cursor = 0;
    for (start, end, replacement) in edits {
        if start < cursor {
            continue;
        }
        out.push_str(&source[cursor..start]);
        out.push_str(replacement);
        cursor = end;
    }
    out.push_str(&source[cursor..]);
    out
}
