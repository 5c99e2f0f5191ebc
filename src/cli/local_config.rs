//! The repository config for local commands: the same `.github/techlead.yml`
//! the App reads, so a scan shows what the review will post.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::CliError;
use crate::config::repo::{self, CONFIG_PATHS, RepoConfig};
use crate::config::{self, RuleFileErrors, RuleSource};

/// A loaded config and the directory its paths are relative to.
pub struct LocalConfig {
    pub config: RepoConfig,
    pub root: PathBuf,
    pub path: PathBuf,
}

impl LocalConfig {
    /// `explicit` (from `--config`), else the config of the repository that
    /// contains `start`: the nearest directory upwards holding one of
    /// `.github/techlead.yml`, `.techlead.yml`, stopping at the git root.
    pub fn find(explicit: Option<&Path>, start: &Path) -> Result<Option<LocalConfig>, CliError> {
        let path = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => discover(start),
        };
        let Some(path) = path else { return Ok(None) };
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read the config {}", path.display()))?;
        let shown = path.display().to_string();
        let value = repo::parse_value(&shown, &text).map_err(|e| RuleFileErrors(vec![e]))?;
        if let Some(extends) = value.get("extends").and_then(|v| v.as_str()) {
            eprintln!("note: `extends: {extends}` is merged by the GitHub App; this local run uses {shown} alone");
        }
        let file = repo::check(&shown, &text, value).map_err(|e| RuleFileErrors(vec![e]))?;
        let root = config_root(&path);
        Ok(Some(LocalConfig { config: RepoConfig::new(file), root, path }))
    }

    /// The rule files of `rule_dirs`, read from disk.
    pub fn rule_sources(&self) -> Result<Vec<RuleSource>, CliError> {
        let mut sources = Vec::new();
        for dir in &self.config.file.rule_dirs {
            let dir = self.root.join(dir);
            for mut source in config::read_rule_dir(&dir)? {
                source.path = Path::new(&source.path).strip_prefix(&self.root).map(|p| p.display().to_string()).unwrap_or(source.path);
                sources.push(source);
            }
        }
        Ok(sources)
    }

    /// Whether the config's `paths` let `file` be reviewed.
    pub fn reviews(&self, file: &Path) -> bool {
        let absolute = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let relative = absolute.strip_prefix(&root).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_else(|_| file.to_string_lossy().into_owned());
        self.config.reviews_path(&relative)
    }
}

fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    let mut dir = if start.is_dir() { start.as_path() } else { start.parent()? };
    loop {
        if let Some(found) = CONFIG_PATHS.iter().map(|p| dir.join(p)).find(|p| p.is_file()) {
            return Some(found);
        }
        if dir.join(".git").exists() {
            return None;
        }
        dir = dir.parent()?;
    }
}

/// The repository root a config file belongs to.
fn config_root(path: &Path) -> PathBuf {
    let parent = path.parent().unwrap_or(Path::new("."));
    if parent.file_name().is_some_and(|n| n == ".github") {
        parent.parent().unwrap_or(Path::new(".")).to_path_buf()
    } else {
        parent.to_path_buf()
    }
}
