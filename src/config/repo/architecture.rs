//! The `architecture` section of the repo config: which files may import
//! what. Each entry is either a `files` + `forbid` rule or a `layers` rule;
//! both compile to [`ArchitectureRule`]s the analysis checks imports against.

use globset::{Glob, GlobSetBuilder};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ConfigDoc;
use crate::analysis::change::architecture::{ArchitectureRule, Target};
use crate::config::error::RuleFileError;

/// One architecture rule.
#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ArchitectureEntry {
    /// What the rule protects, as findings name it.
    pub name: String,
    /// Globs of the files the rule is about (with `forbid`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// What those files may not import: repository paths or globs
    /// (`src/web/**`), and module names (`flask`, `django.*`; a name also
    /// covers its submodules).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbid: Vec<String>,
    /// Layers, outermost first (`[src/web, src/service, src/domain]`): each
    /// may import only the layers after it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<String>,
}

/// The compiled rules (entries were checked when their file was parsed;
/// one that still fails to compile is left out).
pub fn compile_rules(entries: &[ArchitectureEntry]) -> Vec<ArchitectureRule> {
    entries
        .iter()
        .filter_map(|entry| {
            if !entry.layers.is_empty() {
                let layers = entry.layers.iter().map(|l| Target::new(l)).collect::<Result<Vec<_>, _>>().ok()?;
                return Some(ArchitectureRule::Layers { name: entry.name.clone(), layers });
            }
            let mut files = GlobSetBuilder::new();
            for glob in &entry.files {
                files.add(Glob::new(glob).ok()?);
            }
            let forbid = entry.forbid.iter().map(|f| Target::new(f)).collect::<Result<Vec<_>, _>>().ok()?;
            Some(ArchitectureRule::Forbid { name: entry.name.clone(), files: files.build().ok()?, forbid })
        })
        .collect()
}

impl ConfigDoc {
    /// Checks each `architecture` entry: one kind of rule, and valid globs.
    pub(super) fn check_architecture(&self) -> Result<(), RuleFileError> {
        for (i, entry) in self.file.architecture.iter().enumerate() {
            let at = |key: &str| {
                let mut path = vec!["architecture".to_string(), i.to_string()];
                if !key.is_empty() {
                    path.push(key.to_string());
                }
                self.node_at(&path).map_or(self.pos(&["architecture"]), |n| n.pos)
            };
            let name = &entry.name;
            let forbids = !entry.files.is_empty() || !entry.forbid.is_empty();
            if forbids && !entry.layers.is_empty() {
                return Err(self.error(
                    at("layers"),
                    format!("architecture rule \"{name}\" has both `layers` and `files`/`forbid`"),
                    "split it into two rules: one with `files` and `forbid`, one with `layers`",
                ));
            }
            if entry.layers.is_empty() && (entry.files.is_empty() || entry.forbid.is_empty()) {
                let missing = if entry.files.is_empty() { "files" } else { "forbid" };
                return Err(self.error(
                    at(""),
                    format!("architecture rule \"{name}\" has no `{missing}`"),
                    "give `files` (the globs the rule is about) and `forbid` (what they may not import), or `layers`",
                ));
            }
            if !entry.layers.is_empty() && entry.layers.len() < 2 {
                return Err(self.error(at("layers"), format!("architecture rule \"{name}\" has one layer"), "list at least two layers, outermost first"));
            }
            for (key, list) in [("files", &entry.files), ("forbid", &entry.forbid), ("layers", &entry.layers)] {
                for (j, item) in list.iter().enumerate() {
                    let problem = if key == "files" { Glob::new(item).err().map(|e| e.kind().to_string()) } else { Target::new(item).err() };
                    if let Some(problem) = problem {
                        let pos = self.node_at(&["architecture".into(), i.to_string(), key.into(), j.to_string()]).map_or(at(key), |n| n.pos);
                        return Err(self.error(pos, format!("bad glob `{item}` in `architecture[{i}].{key}`: {problem}"), "write a glob such as `src/web/**`, or a plain path or module name"));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::ConfigDoc;

    fn message(text: &str) -> String {
        ConfigDoc::parse(None, ".github/techlead.yml", text).unwrap_err().to_string()
    }

    #[test]
    fn rules_are_checked_where_they_are_written() {
        let ok = "architecture:\n  - name: the domain knows no web framework\n    files: [\"src/domain/**\"]\n    forbid: [\"src/web/**\", \"flask\", \"django.*\"]\n  - name: layers\n    layers: [\"src/web\", \"src/service\", \"src/domain\"]\n";
        let doc = ConfigDoc::parse(None, ".github/techlead.yml", ok).unwrap();
        assert_eq!(super::compile_rules(&doc.file.architecture).len(), 2);
        assert_eq!(
            message("architecture:\n  - name: x\n    files: [a]\n"),
            ".github/techlead.yml:2:5: architecture rule \"x\" has no `forbid`; give `files` (the globs the rule is about) and `forbid` (what they may not import), or `layers`"
        );
        assert!(message("architecture:\n  - name: x\n    layers: [a]\n").starts_with(".github/techlead.yml:3:13: architecture rule \"x\" has one layer"));
        assert!(message("architecture:\n  - name: x\n    files: [a]\n    forbid: ['b/[c']\n").starts_with(".github/techlead.yml:4:14: bad glob `b/[c` in `architecture[0].forbid`"));
        assert!(message("architecture:\n  - name: x\n    fobid: [a]\n").starts_with(".github/techlead.yml:3:5: unknown key `fobid`; did you mean `forbid`?"));
        assert!(message("architecture:\n  name: x\n").contains("must be a list"));
    }
}
