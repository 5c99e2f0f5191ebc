//! Errors a rule author reads: each names the file, the place, what is wrong
//! and how to fix it.

use std::fmt;

use super::yaml_tree::Pos;

/// One problem in one rule or config file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {problem}; {fix}", self.place())]
pub struct RuleFileError {
    /// The repository holding the file when it is not the one being reviewed
    /// or scanned (the organisation config an `extends` names), as `OWNER/REPO`.
    pub repo: Option<String>,
    pub path: String,
    pub pos: Pos,
    /// What is wrong.
    pub problem: String,
    /// How to fix it.
    pub fix: String,
}

impl RuleFileError {
    pub fn new(path: &str, pos: Pos, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        RuleFileError { repo: None, path: path.to_string(), pos, problem: problem.into(), fix: fix.into() }
    }

    /// The same error, in a file of another repository.
    pub fn in_repo(mut self, repo: Option<&str>) -> Self {
        self.repo = repo.map(str::to_string);
        self
    }

    /// `path:line:col`, or `OWNER/REPO:path:line:col` for another repository's file.
    pub fn place(&self) -> String {
        let file = match &self.repo {
            Some(repo) => format!("{repo}:{}", self.path),
            None => self.path.clone(),
        };
        format!("{file}:{}:{}", self.pos.line, self.pos.column)
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
    candidates.iter().map(|c| (strsim::jaro_winkler(given, c), *c)).filter(|(score, _)| *score > 0.7).max_by(|a, b| a.0.total_cmp(&b.0)).map(|(_, c)| c)
}
