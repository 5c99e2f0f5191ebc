//! Errors a rule author reads: each names the file, the place, what is wrong
//! and how to fix it.

use std::fmt;

use super::yaml_tree::Pos;

/// One problem in one rule file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {problem}; {fix}", line = pos.line, column = pos.column)]
pub struct RuleFileError {
    pub path: String,
    pub pos: Pos,
    /// What is wrong.
    pub problem: String,
    /// How to fix it.
    pub fix: String,
}

impl RuleFileError {
    pub fn new(path: &str, pos: Pos, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        RuleFileError { path: path.to_string(), pos, problem: problem.into(), fix: fix.into() }
    }
}

/// Every problem found while loading a set of rule files; loading reports all of
/// them at once rather than stopping at the first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleFileErrors(pub Vec<RuleFileError>);

impl fmt::Display for RuleFileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.0 {
            writeln!(f, "{error}")?;
        }
        write!(f, "{} error(s) in rule files", self.0.len())
    }
}

impl std::error::Error for RuleFileErrors {}

/// The closest of `candidates` to `given`, for "did you mean" hints.
pub fn nearest<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(given, c), *c))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
