//! `techlead scan`: walk, read, scan in parallel, filter, print.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::output::{self, ScanReport, Skipped};
use super::local_config::LocalConfig;
use super::{exit, rule_sources, CliError, Level, RuleArgs};
use crate::analysis::diff::{parse_git_diff, ChangedLines};
use crate::analysis::engine::Engine;
use crate::analysis::finding::{Finding, Severity};
use crate::analysis::language::Lang;
use crate::analysis::metrics::{self, FileMetrics};
use crate::config::error::nearest;

#[derive(Args)]
pub struct ScanArgs {
    /// Files and directories to scan (default: the current directory). `.gitignore` is respected.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Report only findings at or above this level.
    #[arg(long, value_enum, default_value_t = Level::Hint)]
    severity: Level,
    /// Exit with 1 when a finding is at or above this level (default: the
    /// config's `gate.fail_level`, else any finding).
    #[arg(long, value_enum)]
    fail_level: Option<Level>,
    /// The repository config to apply (default: `.github/techlead.yml` or
    /// `.techlead.yml` of the repository being scanned).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Run only this rule; repeatable.
    #[arg(long = "rule", value_name = "ID")]
    only: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,
    /// Keep only findings on lines added since this git revision (as the PR review does).
    #[arg(long, value_name = "BASE")]
    diff: Option<String>,
    /// Also compute function metrics on the same parse (JSON: `metrics` per file).
    #[arg(long)]
    metrics: bool,
    /// Skip files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    max_file_size: u64,
}

#[derive(ValueEnum, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Sarif,
}

pub fn run(args: ScanArgs) -> Result<u8, CliError> {
    let started = Instant::now();
    // Logs only on request: a scan's output is its report. `RUST_LOG=debug`
    // tells, for instance, which TypeScript rules do not also run on TSX.
    if std::env::var_os("RUST_LOG").is_some() {
        crate::telemetry::init_logging();
    }
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let local = LocalConfig::find(args.config.as_deref(), &paths[0])?;
    let mut sources = rule_sources(&args.rules)?;
    if let Some(local) = &local {
        sources.extend(local.rule_sources()?);
    }
    let mut rules = crate::config::compile(&sources)?;
    if let Some(local) = &local {
        local.config.apply(&mut rules)?;
    }
    if !args.only.is_empty() {
        for id in &args.only {
            if rules.get(id).is_none() {
                let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
                let hint = nearest(id, &ids).map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
                return Err(anyhow::anyhow!("no rule with id `{id}`{hint}").into());
            }
        }
        rules.retain(|r| args.only.contains(&r.id));
    }
    let min_severity: Severity = args.severity.into();
    rules.retain(|r| r.severity >= min_severity);

    let (mut files, unreadable) = walk(&paths)?;
    if let Some(local) = &local {
        files.retain(|f| local.reviews(f));
    }
    let changed = args.diff.as_deref().map(|base| added_lines_since(base, &paths[0])).transpose()?;

    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build().context("cannot start worker threads")?;
    let engine = Engine::new(&rules);
    let progress = progress_bar(files.len());
    let outcomes: Vec<FileOutcome> = pool.install(|| {
        files
            .par_iter()
            .map(|path| {
                let outcome = scan_file(&engine, path, args.max_file_size, args.metrics);
                if let Some(bar) = &progress {
                    bar.inc(1);
                }
                outcome
            })
            .collect()
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    let mut report = ScanReport { rules: rules.rules.len(), skipped: unreadable, ..ScanReport::default() };
    for outcome in outcomes {
        match outcome {
            FileOutcome::Scanned { findings, parsed, metrics } => {
                report.files_scanned += 1;
                report.files_parsed += usize::from(parsed);
                report.findings.extend(findings);
                report.metrics.extend(metrics);
            }
            FileOutcome::Skipped(skip) => report.skipped.push(skip),
            FileOutcome::Counted(reason) => *report.skipped_counts.entry(reason).or_default() += 1,
            FileOutcome::Unsupported => {}
        }
    }
    if let Some(changed) = &changed {
        report.findings.retain(|f| changed.contains(f));
    }
    report.findings.sort_by(|a, b| (&a.path, a.start, &a.rule_id).cmp(&(&b.path, b.start, &b.rule_id)));
    report.elapsed = started.elapsed();

    let out = match args.format {
        Format::Text => output::text::render(&report, use_color()),
        Format::Json => output::json::render(&report),
        Format::Sarif => output::sarif::render(&report, &rules),
    };
    print!("{out}");
    let fail_level: Severity = match (args.fail_level, &local) {
        (Some(level), _) => level.into(),
        (None, Some(local)) => local.config.file.gate.fail_level,
        (None, None) => Severity::Hint,
    };
    Ok(if report.findings.iter().any(|f| f.severity >= fail_level) { exit::FINDINGS } else { exit::CLEAN })
}

enum FileOutcome {
    Scanned { findings: Vec<Finding>, parsed: bool, metrics: Option<(String, FileMetrics)> },
    /// A source file that was not scanned: listed, since its findings are missing.
    Skipped(Skipped),
    /// A file of no known language that was not scanned (images, archives,
    /// data): only the text rules would have read it, so it is counted by
    /// reason rather than listed, which would bury the report.
    Counted(String),
    Unsupported,
}

/// Bytes read first to tell binary files (a NUL byte, as git decides) and to
/// find a `#!` line, before reading a whole file.
const SNIFF_BYTES: u64 = 8 * 1024;

fn scan_file(engine: &Engine, path: &Path, max_size: u64, measure: bool) -> FileOutcome {
    let shown = display_path(path);
    // Decide from the name first, so files no rule looks at are never read.
    let by_name = Lang::detect(path, b"");
    if !engine.has_rules_for(by_name) && (by_name.is_some() || path.extension().is_some()) {
        return FileOutcome::Unsupported;
    }
    let cannot_read = |e: std::io::Error| FileOutcome::Skipped(Skipped { path: shown.clone(), reason: format!("cannot read: {e}") });
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => return cannot_read(e),
    };
    let mut bytes = Vec::new();
    if let Err(e) = (&mut file).take(SNIFF_BYTES).read_to_end(&mut bytes) {
        return cannot_read(e);
    }
    let lang = by_name.or_else(|| Lang::detect(path, &bytes));
    if !engine.has_rules_for(lang) {
        return FileOutcome::Unsupported;
    }
    let skipped = |reason: String| match lang {
        Some(_) => FileOutcome::Skipped(Skipped { path: shown.clone(), reason }),
        None => FileOutcome::Counted(reason),
    };
    if bytes.contains(&0) {
        return skipped("binary".to_string());
    }
    // One byte past the limit is enough to know the file is over it.
    match (&mut file).take(max_size.saturating_add(1).saturating_sub(bytes.len() as u64)).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > max_size => return skipped(format!("larger than {max_size} bytes")),
        Ok(_) => {}
        Err(e) => return cannot_read(e),
    }
    let Ok(source) = String::from_utf8(bytes) else {
        return skipped("not UTF-8 text".to_string());
    };
    if looks_minified(&source) {
        return skipped("minified".to_string());
    }
    if crate::analysis::generated::is_generated(&source) {
        return skipped("generated".to_string());
    }
    let (scan, metrics) = engine.scan_measured(&shown, &source, lang, measure && lang.is_some_and(|l| metrics::support(l).functions));
    FileOutcome::Scanned { findings: scan.findings, parsed: scan.parsed, metrics: metrics.map(|m| (shown, m)) }
}

/// Minified or generated one-line bundles: nobody reviews them line by line,
/// and every finding would point at the same giant line.
fn looks_minified(source: &str) -> bool {
    const MIN_BYTES: usize = 2048;
    const MAX_AVERAGE_LINE: usize = 300;
    source.len() >= MIN_BYTES && source.len() / (source.lines().count().max(1)) > MAX_AVERAGE_LINE
}

/// The files under `paths`, and the directories that could not be read:
/// those are reported and skipped, the rest of the scan goes on.
fn walk(paths: &[PathBuf]) -> anyhow::Result<(Vec<PathBuf>, Vec<Skipped>)> {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for root in paths {
        if !root.exists() {
            bail!("{} does not exist; pass files or directories that exist", root.display());
        }
        // Hidden files are scanned (`.env`, `.github/`), but not git's own directory.
        let walker = ignore::WalkBuilder::new(root).hidden(false).filter_entry(|e| e.file_name() != ".git").build();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => files.push(entry.into_path()),
                Ok(_) => {}
                Err(e) => {
                    let path = error_path(&e).unwrap_or(root);
                    // What went wrong, without the path the walker wraps around it.
                    let reason = e.io_error().map_or_else(|| e.to_string(), |io| io.kind().to_string());
                    unreadable.push(Skipped { path: display_path(path), reason: format!("cannot read: {reason}") });
                }
            }
        }
    }
    Ok((files, unreadable))
}

fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}

fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// The lines `--diff BASE` keeps, keyed by canonical path.
struct AddedLines {
    changed: HashMap<PathBuf, ChangedLines>,
    /// Untracked (not ignored) files: new, so every line counts as added.
    untracked: HashSet<PathBuf>,
}

impl AddedLines {
    fn contains(&self, finding: &Finding) -> bool {
        let Ok(path) = std::fs::canonicalize(&finding.path) else { return false };
        self.untracked.contains(&path) || self.changed.get(&path).is_some_and(|lines| lines.is_added(finding.start.line))
    }
}

/// What a pull request from this work tree into BASE would add: the diff from
/// `git merge-base BASE HEAD` (GitHub's three-dot diff, so commits that only
/// BASE has are not counted as ours) to the work tree, plus untracked files.
/// The options pin the output format against the user's git config
/// (`diff.noprefix`, `color.ui`, external diff drivers, `diff.relative`).
fn added_lines_since(base: &str, scanned: &Path) -> anyhow::Result<AddedLines> {
    let dir = if scanned.is_dir() { scanned } else { scanned.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")) };
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"], base)?.trim());
    let merge_base = git(&top, &["merge-base", base, "HEAD"], base)?;
    let diff = git(
        &top,
        &["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/", "--unified=0", merge_base.trim(), "--"],
        base,
    )?;
    let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"], base)?;
    let canonical = |path: &str| std::fs::canonicalize(top.join(path)).ok();
    Ok(AddedLines {
        changed: parse_git_diff(&diff).into_iter().filter_map(|(path, lines)| Some((canonical(&path)?, lines))).collect(),
        untracked: untracked.split('\0').filter(|p| !p.is_empty()).filter_map(canonical).collect(),
    })
}

fn git(dir: &Path, args: &[&str], base: &str) -> anyhow::Result<String> {
    let output = Command::new("git").arg("-C").arg(dir).args(args).output().context("--diff needs git, which cannot be run; install git or drop --diff")?;
    if !output.status.success() {
        bail!(
            "--diff {base}: `git {}` failed: {}; pass a branch, tag or commit of this repository that shares history with HEAD (in a shallow clone, fetch it first)",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// A progress bar on stderr, only for long scans on a terminal.
fn progress_bar(files: usize) -> Option<indicatif::ProgressBar> {
    (files > 500 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(files as u64);
        bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}").expect("valid template"));
        bar
    })
}
