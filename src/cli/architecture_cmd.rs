//! `techlead architecture check [PATH]`: every import of a whole tree (not
//! only a diff) against the repository config's `architecture:` rules, so a
//! team can see what adopting a rule on legacy code means before it gates
//! pull requests.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use rayon::prelude::*;

use super::local_config::LocalConfig;
use super::{CliError, exit};
use crate::analysis::change::architecture::{Violation, violations};
use crate::analysis::change::imports::{resolved_imports, syntax_of};
use crate::analysis::change::resolve::RepoIndex;
use crate::analysis::file_policy;
use crate::analysis::language::Lang;
use crate::config::repo::compile_rules;

#[derive(Subcommand)]
pub enum ArchitectureCommand {
    /// Check every import under PATH (default: the repository here) against the `architecture:` rules.
    Check(CheckArgs),
}

#[derive(Args)]
pub struct CheckArgs {
    /// A directory of the repository; only files under it are checked, against the whole repository's files.
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// The repository config (default: `.github/techlead.yml` or `.techlead.yml` of the repository).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Skip files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    max_file_size: u64,
}

#[derive(ValueEnum, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

pub fn run(command: ArchitectureCommand) -> Result<u8, CliError> {
    match command {
        ArchitectureCommand::Check(args) => check(args),
    }
}

fn check(args: CheckArgs) -> Result<u8, CliError> {
    let start = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if !start.is_dir() {
        return Err(anyhow::anyhow!("{} is not a directory; pass a directory of the repository", start.display()).into());
    }
    let Some(local) = LocalConfig::find(args.config.as_deref(), &start)? else {
        return Err(anyhow::anyhow!("no .github/techlead.yml or .techlead.yml here: write `architecture:` rules in one (see docs/configuration.md)").into());
    };
    let rules = compile_rules(&local.config.file.architecture);
    if rules.is_empty() {
        return Err(anyhow::anyhow!("{} has no `architecture:` rules; add some (see docs/configuration.md)", local.path.display()).into());
    }
    let root = repository_root(&start).unwrap_or_else(|| local.root.clone());
    let files = list_files(&root)?;
    let index = RepoIndex::new(files.iter().map(String::as_str));
    let under = relative(&root, &start)?;
    let checked: Vec<&String> = files.iter().filter(|f| under.is_empty() || f.starts_with(&format!("{under}/"))).filter(|f| local.config.reviews_path(f)).collect();
    let mut found: Vec<Violation> = checked
        .par_iter()
        .flat_map_iter(|path| {
            let lang = Lang::detect(Path::new(path.as_str()), b"").filter(|l| syntax_of(*l).is_some());
            let text = lang.and_then(|_| read_text(&root.join(path.as_str()), args.max_file_size));
            match (lang, text) {
                (Some(lang), Some(text)) => resolved_imports(lang, path, &text, &index).into_iter().flat_map(|import| violations(&rules, path, &import)).collect(),
                _ => Vec::new(),
            }
        })
        .collect();
    found.sort_by(|a, b| (&a.path, a.line, &a.module).cmp(&(&b.path, b.line, &b.module)));
    match args.format {
        Format::Text => {
            for v in &found {
                println!("{}:{}: [{}] {}", v.path, v.line, v.rule, v.message.replace('`', ""));
            }
            let files_with = found.iter().map(|v| &v.path).collect::<std::collections::BTreeSet<_>>().len();
            println!("{} violation{} in {files_with} file{} ({} files checked, {} rule{})", found.len(), plural(found.len()), plural(files_with), checked.len(), rules.len(), plural(rules.len()));
        }
        Format::Json => {
            let document = serde_json::json!({ "violations": found, "files_checked": checked.len(), "rules": rules.len() });
            println!("{}", serde_json::to_string_pretty(&document).expect("violations serialize"));
        }
    }
    Ok(if found.is_empty() { exit::CLEAN } else { exit::FINDINGS })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The git work tree holding `dir`, if it is in one.
fn repository_root(dir: &Path) -> Option<PathBuf> {
    let output = Command::new("git").arg("-C").arg(dir).args(["rev-parse", "--show-toplevel"]).output().ok()?;
    output.status.success().then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
}

/// `dir` relative to `root`, with `/` separators (`""` for the root itself).
fn relative(root: &Path, dir: &Path) -> anyhow::Result<String> {
    let root = std::fs::canonicalize(root).with_context(|| format!("cannot read {}", root.display()))?;
    let dir = std::fs::canonicalize(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    match dir.strip_prefix(&root) {
        Ok(rest) => Ok(rest.to_string_lossy().replace('\\', "/")),
        Err(_) => bail!("{} is outside the repository at {}", dir.display(), root.display()),
    }
}

/// Every file of the repository (`.gitignore` respected), relative to `root`.
fn list_files(root: &Path) -> anyhow::Result<Vec<String>> {
    let mut files = Vec::new();
    let walker = ignore::WalkBuilder::new(root).hidden(false).filter_entry(|e| e.file_name() != ".git").build();
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot list the files under {}", root.display()))?;
        if entry.file_type().is_some_and(|t| t.is_file())
            && let Ok(rest) = entry.path().strip_prefix(root)
        {
            files.push(rest.to_string_lossy().replace('\\', "/"));
        }
    }
    files.sort();
    Ok(files)
}

/// A file's text, unless it is too large, binary, minified or generated.
fn read_text(path: &Path, max_size: u64) -> Option<String> {
    let bytes = std::fs::read(path).ok().filter(|b| b.len() as u64 <= max_size)?;
    file_policy::admit(&bytes).ok()
}
