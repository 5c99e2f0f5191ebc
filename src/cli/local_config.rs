//! The repository config for local commands: the same `.github/techlead.yml`
//! the App reads, checked and merged the same way, so a scan shows what the
//! review will post.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::CliError;
use crate::config::repo::{CONFIG_PATHS, ConfigDoc, RepoConfig};
use crate::config::{self, RuleFileErrors, RuleSource};

/// A loaded config and the directory its paths are relative to.
pub struct LocalConfig {
    pub config: RepoConfig,
    pub root: PathBuf,
    /// `root`, resolved once, for the paths of the files a command looks at.
    pub files: RepoRoot,
    pub path: PathBuf,
    /// The organisation config merged in for `extends`, when one was found.
    pub org: Option<PathBuf>,
}

impl LocalConfig {
    /// `explicit` (from `--config`), else the config of the repository that
    /// contains `start`: the nearest directory upwards holding one of
    /// `.github/techlead.yml`, `.techlead.yml`, stopping at the git root.
    /// `extends` is resolved against a checkout of the organisation's
    /// repository beside this one (see [`find_with_org`](Self::find_with_org)).
    pub fn find(explicit: Option<&Path>, start: &Path) -> Result<Option<LocalConfig>, CliError> {
        Self::find_with_org(explicit, None, start)
    }

    /// Like [`find`](Self::find), with the organisation config that `extends`
    /// names given as a file (`--org-config`). Without one, `extends: OWNER`
    /// (or `OWNER/REPO`) is looked for in a checkout of `.github` (or `REPO`)
    /// beside the repository; when there is none, a warning says the result
    /// may differ from the review's.
    pub fn find_with_org(explicit: Option<&Path>, org_config: Option<&Path>, start: &Path) -> Result<Option<LocalConfig>, CliError> {
        let path = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => discover(start),
        };
        let Some(path) = path else { return Ok(None) };
        let own = parse(&path)?;
        let root = config_root(&path);
        let (org, org_path) = match own.extends() {
            None => (None, None),
            Some((owner, name)) => {
                let found = org_config.map(Path::to_path_buf).or_else(|| beside(&root, &name));
                match found {
                    Some(org_path) => (Some(parse(&org_path)?), Some(org_path)),
                    None => {
                        let extends = own.file.extends.as_deref().unwrap_or_default();
                        eprintln!(
                            "warning: `extends: {extends}` names {owner}/{name}, whose config is neither given with --org-config nor checked out beside this repository ({}); this run uses {} alone, so its results may differ from the review's",
                            root.parent().unwrap_or(Path::new("..")).join(&name).display(),
                            path.display()
                        );
                        (None, None)
                    }
                }
            }
        };
        let config = RepoConfig::from_docs(own, org).map_err(|e| RuleFileErrors(vec![e]))?;
        Ok(Some(LocalConfig { config, files: RepoRoot::new(&root), root, path, org: org_path }))
    }

    /// The rule files of `rule_dirs`, read from disk. A directory that does
    /// not exist, or holds no rule file, is an error at its `rule_dirs` entry.
    pub fn rule_sources(&self) -> Result<Vec<RuleSource>, CliError> {
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for dir in &self.config.file.rule_dirs {
            let full = self.root.join(dir);
            if !full.exists() {
                errors.push(self.config.item_error(
                    &["rule_dirs"],
                    dir,
                    format!("rule directory `{dir}` does not exist in {}", self.root.display()),
                    "add the directory with the team's rule files, or remove it from `rule_dirs`",
                ));
                continue;
            }
            let found = config::read_rule_dir(&full)?;
            if found.is_empty() {
                errors.push(self.config.item_error(
                    &["rule_dirs"],
                    dir,
                    format!("rule directory `{dir}` holds no rule file (`.yml` or `.yaml`)"),
                    "add the team's rule files there, or remove it from `rule_dirs`",
                ));
            }
            for mut source in found {
                source.path = Path::new(&source.path).strip_prefix(&self.root).map(|p| p.display().to_string()).unwrap_or(source.path);
                sources.push(source);
            }
        }
        if errors.is_empty() { Ok(sources) } else { Err(RuleFileErrors(errors).into()) }
    }

    /// Whether the config's `paths` let `file` be reviewed.
    pub fn reviews(&self, file: &Path) -> bool {
        self.config.reviews_path(&self.relative(file))
    }

    /// `file` relative to the repository root, as the config's globs see it
    /// (the path as given when it lies outside).
    pub fn relative(&self, file: &Path) -> String {
        self.files.relative(file).unwrap_or_else(|| file.to_string_lossy().into_owned())
    }
}

/// A repository root, to name files as its config's globs see them. The
/// one place `scan` and `metrics` (and `paths` filtering) get that name.
#[derive(Clone, Debug)]
pub struct RepoRoot {
    lexical: PathBuf,
    canonical: PathBuf,
}

impl RepoRoot {
    pub fn new(root: &Path) -> RepoRoot {
        let lexical = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| lexical.clone());
        RepoRoot { lexical, canonical }
    }

    /// `file` relative to the root, `/`-separated; `None` when it lies
    /// outside. The files of a walk usually start with the root as it was
    /// given, which needs no system call; only the others (`..`, symbolic
    /// links) are resolved, one `readlink` per path component.
    pub fn relative(&self, file: &Path) -> Option<String> {
        let lexical = std::path::absolute(file).ok().filter(|p| !p.components().any(|c| c == std::path::Component::ParentDir));
        let inside = match lexical.as_deref().and_then(|p| p.strip_prefix(&self.lexical).ok()) {
            Some(inside) => inside.to_path_buf(),
            None => std::fs::canonicalize(file).ok()?.strip_prefix(&self.canonical).ok()?.to_path_buf(),
        };
        Some(inside.to_string_lossy().replace('\\', "/"))
    }
}

fn parse(path: &Path) -> Result<ConfigDoc, CliError> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the config {}", path.display()))?;
    Ok(ConfigDoc::parse(None, &path.display().to_string(), &text).map_err(|e| RuleFileErrors(vec![e]))?)
}

/// The config of a checkout of the organisation's repository `name` next to `root`.
fn beside(root: &Path, name: &str) -> Option<PathBuf> {
    let root = std::fs::canonicalize(root).ok()?;
    let checkout = root.parent()?.join(name);
    CONFIG_PATHS.iter().map(|p| checkout.join(p)).find(|p| p.is_file())
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
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if parent.file_name().is_some_and(|n| n == ".github") { parent.parent().unwrap_or(Path::new(".")).to_path_buf() } else { parent.to_path_buf() }
}
