//! Rule files (and, later, repository config): load, check, compile.
//! The only place YAML is read.

pub mod builtin;
pub mod compile;
pub mod error;
pub mod literals;
pub mod manifest;
pub mod repo;
pub mod rule_file;
pub mod taint_rule;
pub mod yaml_tree;

use std::path::Path;

use anyhow::Context;

pub use compile::{RuleSource, compile};
pub use error::{RuleFileError, RuleFileErrors};

/// Rule files are YAML files; `schema.json` and test data beside them are not.
pub fn is_rule_file(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yml" | "yaml"))
}

/// Reads every rule file under `dir` (or `dir` itself when it is a file).
pub fn read_rule_dir(dir: &Path) -> anyhow::Result<Vec<RuleSource>> {
    let mut sources = Vec::new();
    if dir.is_file() {
        let text = std::fs::read_to_string(dir).with_context(|| format!("cannot read rule file {}", dir.display()))?;
        sources.push(RuleSource { path: dir.display().to_string(), text });
        return Ok(sources);
    }
    if !dir.is_dir() {
        anyhow::bail!("rule directory {} does not exist", dir.display());
    }
    for entry in ignore::WalkBuilder::new(dir).standard_filters(false).hidden(true).sort_by_file_name(|a, b| a.cmp(b)).build() {
        let entry = entry.with_context(|| format!("cannot walk {}", dir.display()))?;
        let path = entry.path();
        if entry.file_type().is_some_and(|t| t.is_file()) && is_rule_file(path) {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read rule file {}", path.display()))?;
            sources.push(RuleSource { path: path.display().to_string(), text });
        }
    }
    Ok(sources)
}
