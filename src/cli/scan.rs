//! `techlead scan`: walk, read, scan in parallel, filter, print.

use std::collections::HashMap;
use std::io::IsTerminal;
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
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let local = LocalConfig::find(args.config.as_deref(), &paths[0])?;
    let mut sources = rule_sources(&args.rules)?;
    if let Some(local) = &local {
        sources.extend(local.rule_sources()?);
    }
    let mut rules = crate::config::compile(&sources)?;
    if let Some(local) = &local {
        local.config.apply(&mut rules);
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

    let mut files = walk(&paths)?;
    if let Some(local) = &local {
        files.retain(|f| local.reviews(f));
    }
    let changed = args.diff.as_deref().map(added_lines_since).transpose()?;

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

    let mut report = ScanReport { rules: rules.rules.len(), ..ScanReport::default() };
    for outcome in outcomes {
        match outcome {
            FileOutcome::Scanned { findings, parsed, metrics } => {
                report.files_scanned += 1;
                report.files_parsed += usize::from(parsed);
                report.findings.extend(findings);
                report.metrics.extend(metrics);
            }
            FileOutcome::Skipped(skip) => report.skipped.push(skip),
            FileOutcome::Unsupported => {}
        }
    }
    if let Some(changed) = &changed {
        report.findings.retain(|f| on_added_line(f, changed));
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
    Skipped(Skipped),
    Unsupported,
}

fn scan_file(engine: &Engine, path: &Path, max_size: u64, measure: bool) -> FileOutcome {
    let shown = display_path(path);
    let skipped = |reason: String| FileOutcome::Skipped(Skipped { path: shown.clone(), reason });
    // Decide from the name first, so files no rule looks at are never read.
    let by_name = Lang::detect(path, b"");
    if !engine.has_rules_for(by_name) && (by_name.is_some() || path.extension().is_some()) {
        return FileOutcome::Unsupported;
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > max_size => return skipped(format!("larger than {max_size} bytes")),
        Ok(_) => {}
        Err(e) => return skipped(format!("cannot read: {e}")),
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return skipped(format!("cannot read: {e}")),
    };
    let lang = by_name.or_else(|| Lang::detect(path, &bytes));
    if !engine.has_rules_for(lang) {
        return FileOutcome::Unsupported;
    }
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return skipped("binary".to_string());
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

fn walk(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for root in paths {
        if !root.exists() {
            bail!("{} does not exist", root.display());
        }
        // Hidden files are scanned (`.env`, `.github/`), but not git's own directory.
        let walker = ignore::WalkBuilder::new(root).hidden(false).filter_entry(|e| e.file_name() != ".git").build();
        for entry in walker {
            let entry = entry.with_context(|| format!("cannot walk {}", root.display()))?;
            if entry.file_type().is_some_and(|t| t.is_file()) {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// Runs `git diff BASE` and keys the added lines by absolute path.
fn added_lines_since(base: &str) -> anyhow::Result<HashMap<PathBuf, ChangedLines>> {
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let root = PathBuf::from(top.trim());
    let diff = git(&["diff", "--no-color", "--no-ext-diff", "--unified=0", base, "--"])?;
    Ok(parse_git_diff(&diff).into_iter().map(|(path, lines)| (root.join(path), lines)).collect())
}

fn git(args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new("git").args(args).output().context("cannot run git (needed by --diff)")?;
    if !output.status.success() {
        bail!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn on_added_line(finding: &Finding, changed: &HashMap<PathBuf, ChangedLines>) -> bool {
    let Ok(path) = std::fs::canonicalize(&finding.path) else { return false };
    changed
        .iter()
        .find(|(p, _)| std::fs::canonicalize(p).is_ok_and(|p| p == path))
        .is_some_and(|(_, lines)| lines.is_added(finding.start.line))
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
