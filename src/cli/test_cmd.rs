//! `techlead test`: every rule's inline tests, with each failure explained.

use super::{CliError, RuleArgs, exit, load_rules};
use crate::analysis::rule_tests::{self, TestFailure};

pub fn run(args: &RuleArgs) -> Result<u8, CliError> {
    let rules = load_rules(args)?;
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut untested = Vec::new();
    for rule in &rules.rules {
        if rule.tests.valid.is_empty() && rule.tests.invalid.is_empty() {
            untested.push(rule.id.as_str());
        }
        let report = rule_tests::run(rule);
        passed += report.passed;
        failed += report.failures.len();
        for failure in &report.failures {
            println!("FAIL {} ({})", rule.id, rule.origin);
            match failure {
                TestFailure::Noisy { snippet, lines } => {
                    println!("  noisy: a finding on line(s) {lines:?} of a valid snippet:\n{}", indent(snippet));
                }
                TestFailure::Missing { snippet } => println!("  missing: no finding in an invalid snippet:\n{}", indent(snippet)),
                TestFailure::WrongFix { snippet, expected, actual } => println!("  wrong fix for:\n{}\n  expected:\n{}\n  got:\n{}", indent(snippet), indent(expected), indent(actual)),
            }
        }
    }
    if !untested.is_empty() {
        println!("note: {} rule(s) have no tests: {}", untested.len(), untested.join(", "));
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 { exit::CLEAN } else { exit::FINDINGS })
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    | {l}")).collect::<Vec<_>>().join("\n")
}
