//! The analysis: pure functions from source text and compiled rules to findings.
//! No network, no async runtime, no GitHub types: the CLI and the review
//! pipeline both call into it.

pub mod budget;
pub mod change;
pub mod deps;
pub mod diff;
pub mod engine;
pub mod file_policy;
pub mod finding;
pub mod gate;
pub mod language;
pub mod metrics;
pub mod prefilter;
pub mod rule_tests;
pub mod rules;
pub mod suppress;
pub mod taint;
