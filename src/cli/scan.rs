//! `techlead scan`: walk, read, scan in parallel, filter, print.

mod change;
mod deps;
mod files;
mod since;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::local_config::LocalConfig;
use super::output::{self, ScanReport};
use super::{CliError, Level, RuleArgs, exit, rule_sources};
use crate::analysis::engine::Engine;
use crate::analysis::file_policy::{FilePolicy, counts_for_gate};
use crate::analysis::finding::Severity;
use crate::config::error::nearest;
use crate::config::repo::parse_seconds;
pub(super) use deps::read_reports as read_coverage_reports;
use files::{FileOutcome, ScanSettings, scan_file, walk};
use since::added_lines_since;

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
    /// A directory of OSV advisories (see `techlead advisories sync`): the
    /// package versions the change brings in (with --diff), or every locked
    /// version, are checked against them.
    #[arg(long, value_name = "DIR")]
    advisories: Option<PathBuf>,
    /// A coverage report (lcov, Cobertura, JaCoCo, Go coverprofile,
    /// coverage.py JSON; repeatable): with --diff, coverage on new code.
    #[arg(long = "coverage", value_name = "FILE")]
    coverage: Vec<PathBuf>,
    /// Seconds the analysis of one file may take before it is stopped and
    /// reported (default: the config's `limits.file_timeout`, else 10).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    file_timeout: Option<Duration>,
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
    let config_file = local.as_ref().map(|l| l.config.file.clone()).unwrap_or_default();
    let policy = FilePolicy::new(&config_file.paths.tests, &rules).with_vendored(&config_file.paths.vendored);
    let settings = ScanSettings {
        engine: &engine,
        policy: &policy,
        max_size: args.max_file_size,
        measure: args.metrics,
        timeout: args.file_timeout.unwrap_or_else(|| config_file.limits.file_timeout()),
        root: local.as_ref().map(|l| l.files.clone()),
    };
    let progress = progress_bar(files.len());
    let outcomes: Vec<FileOutcome> = pool.install(|| {
        files
            .par_iter()
            .map(|path| {
                let outcome = scan_file(&settings, path);
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
    let deps_config = local.as_ref().map(|l| l.config.file.clone()).unwrap_or_default();
    let request = deps::DepsRequest { diff: args.diff.as_deref(), advisories: args.advisories.as_deref(), coverage: &args.coverage, config: &deps_config };
    let extra = deps::run(&request, &paths[0], &files)?;
    report.findings.extend(extra.findings.into_iter().filter(|f| args.only.is_empty() || args.only.contains(&f.rule_id)));
    (report.notes, report.dependencies, report.coverage) = (extra.notes, extra.dependencies, extra.coverage);
    if let Some(changed) = &changed {
        report.findings.retain(|f| changed.contains(f));
    }
    // The pull request this work tree would open, as a whole: the same walkthrough and checks as the review.
    let whole = args.diff.as_deref().map(|base| change::assess_since(base, &paths[0], local.as_ref(), args.max_file_size)).transpose()?;
    if let Some(whole) = &whole {
        report.notes.push(crate::analysis::change::render::text(whole).trim_end().to_string());
        report.walkthrough = Some(crate::analysis::change::render::json(whole));
    }
    // Findings lowered to `info` in test files fall under `--severity` too.
    report.findings.retain(|f| f.severity >= min_severity);
    report.findings.sort_by(|a, b| (&a.path, a.start, &a.rule_id).cmp(&(&b.path, b.start, &b.rule_id)));
    report.elapsed = started.elapsed();

    let out = match args.format {
        Format::Text => output::text::render(&report, use_color()),
        Format::Json => output::json::render(&report),
        Format::Sarif => output::sarif::render(&report, &rules, &whole.iter().flat_map(|w| w.findings()).collect::<Vec<_>>()),
    };
    print!("{out}");
    if extra.coverage_gate_failed {
        return Ok(exit::FINDINGS);
    }
    let fail_level: Severity = match (args.fail_level, &local) {
        (Some(level), _) => level.into(),
        (None, Some(local)) => local.config.file.gate.fail_level,
        (None, None) => Severity::Hint,
    };
    let whole_fails = whole.iter().flat_map(|w| w.findings()).any(|f| f.severity >= fail_level);
    Ok(if whole_fails || report.findings.iter().any(|f| f.severity >= fail_level && counts_for_gate(f)) { exit::FINDINGS } else { exit::CLEAN })
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
