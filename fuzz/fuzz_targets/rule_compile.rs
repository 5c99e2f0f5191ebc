//! Rule-file compile: any text must compile or give `path:line:col` errors,
//! never a panic; a rule that compiles then runs its own inline tests (which
//! drives the compiled matcher, fixer and message template).
#![no_main]

use libfuzzer_sys::fuzz_target;
use techlead::analysis::rule_tests;
use techlead::config::{RuleSource, compile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = RuleSource { path: "rules/fuzz.yml".into(), text: text.to_string() };
    match compile(&[source]) {
        Ok(set) => {
            for rule in &set.rules {
                rule_tests::run(rule);
            }
        }
        Err(errors) => {
            for error in &errors.0 {
                assert!(error.to_string().starts_with("rules/fuzz.yml:"), "an error that does not name the file: {error}");
            }
        }
    }
});
