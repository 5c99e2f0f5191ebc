//! What a rule reports, in techlead's own terms (no ast-grep types leak out).

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Hint < Info < Warning < Error`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    /// The default fail level of the quality gate.
    #[default]
    Error,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::Hint, Severity::Info, Severity::Warning, Severity::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL.into_iter().find(|level| level.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| format!("unknown severity `{s}`; use one of hint, info, warning, error"))
    }
}

/// A place in a file: 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A suggested replacement for the matched code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// The text that replaces `start..end`.
    pub replacement: String,
    pub start: Position,
    pub end: Position,
    /// The whole lines `start.line..=end.line` as they read after the fix:
    /// what a GitHub suggestion block holds. `None` when those lines are too
    /// long to suggest (minified code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_lines: Option<String>,
}

/// One finding of one rule in one file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Finding {
    pub rule_id: String,
    pub severity: Severity,
    /// Path as given to the scan, with `/` separators.
    pub path: String,
    pub start: Position,
    pub end: Position,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    pub tags: Vec<String>,
    /// Stable across pushes: rule id, path and the normalised matched text,
    /// never the line number. See [`fingerprint`].
    pub fingerprint: String,
    /// The source line the finding starts on, for code frames.
    #[serde(skip)]
    pub context: LineContext,
    /// For a data-flow (taint) finding, the path of the data: the source,
    /// each step, the sink. Empty for every other finding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<TraceStep>,
}

/// One step of a taint finding's path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceStep {
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// What happens here: the source read, the variable assigned, the sink called.
    pub note: String,
}

/// The start line of a finding, cut to a window around the match when the
/// line is long, so memory stays bounded on minified code.
#[derive(Clone, Debug, Default)]
pub struct LineContext {
    pub text: String,
    /// The 1-based column of `text`'s first character in the real line.
    pub first_column: usize,
}

impl LineContext {
    const MAX_CHARS: usize = 240;

    pub fn new(line: &str, column: usize) -> LineContext {
        if line.len() <= Self::MAX_CHARS {
            return LineContext { text: line.to_string(), first_column: 1 };
        }
        let first_column = column.saturating_sub(Self::MAX_CHARS / 3).max(1);
        let text = line.chars().skip(first_column - 1).take(Self::MAX_CHARS).collect();
        LineContext { text, first_column }
    }
}

/// Hashes what identifies a finding when code moves: the rule, the file and the
/// matched text with whitespace collapsed; `occurrence` tells apart identical
/// matches in one file.
pub fn fingerprint(rule_id: &str, path: &str, matched: &str, occurrence: usize) -> String {
    use sha2::{Digest, Sha256};
    let normalized = matched.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut hasher = Sha256::new();
    for part in [rule_id, path, &normalized, &occurrence.to_string()] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex::encode(&hasher.finalize()[..10])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_ignores_layout_but_not_content() {
        let a = fingerprint("r", "a.py", "eval( x )", 0);
        assert_eq!(a, fingerprint("r", "a.py", "eval(\n  x\n)", 0));
        assert_ne!(a, fingerprint("r", "a.py", "eval(y)", 0));
        assert_ne!(a, fingerprint("r", "b.py", "eval( x )", 0));
    }
}
