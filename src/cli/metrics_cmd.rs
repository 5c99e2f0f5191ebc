//! `techlead metrics`: walk like `scan`, measure every file of a supported
//! language in parallel, print a table per file or JSON.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde::Serialize;

use super::local_config::LocalConfig;
use super::output::Skipped;
use super::{CliError, exit};
use crate::analysis::budget::Deadline;
use crate::analysis::file_policy::{self, FilePolicy};
use crate::analysis::language::Lang;
use crate::analysis::metrics::{FileMetrics, FunctionMetrics, Value, measure_within};
use crate::analysis::rules::RuleSet;
use crate::config::repo::{LimitsSection, parse_seconds};

#[derive(Args)]
pub struct MetricsArgs {
    /// Files and directories to measure (default: the current directory). `.gitignore` is respected.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,
    /// Skip files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    max_file_size: u64,
    /// Seconds the measuring of one file may take before it is stopped and
    /// reported (default: the config's `limits.file_timeout`, else 10).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    file_timeout: Option<Duration>,
    /// The repository config (default: `.github/techlead.yml` or
    /// `.techlead.yml` found from the first path upwards): its `paths` leave
    /// files out and its `limits.file_timeout` is the budget, as in `scan`
    /// and the review.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

/// The metrics of one file, as printed.
#[derive(Serialize)]
struct MeasuredFile {
    path: String,
    language: Lang,
    #[serde(flatten)]
    metrics: FileMetrics,
}

/// The JSON document: `{version, files[], skipped[]}`.
#[derive(Serialize)]
struct Report {
    version: u32,
    files: Vec<MeasuredFile>,
    skipped: Vec<Skipped>,
}

enum Outcome {
    Measured(MeasuredFile),
    Skipped(Skipped),
    Unsupported,
}

pub fn run(args: MetricsArgs) -> Result<u8, CliError> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let local = LocalConfig::find(args.config.as_deref(), &paths[0])?;
    let mut files = walk(&paths)?;
    if let Some(local) = &local {
        files.retain(|f| local.reviews(f));
    }
    let timeout = args.file_timeout.unwrap_or_else(|| local.as_ref().map(|l| l.config.file.limits.file_timeout()).unwrap_or_else(|| LimitsSection::default().file_timeout()));
    // Vendored code is left out as in `scan` and the review.
    let paths = local.as_ref().map(|l| l.config.file.paths.clone()).unwrap_or_default();
    let policy = FilePolicy::new(&paths.tests, &RuleSet::default()).with_vendored(&paths.vendored);
    let mut vendored = Vec::new();
    files.retain(|f| {
        let relative = local.as_ref().map_or_else(|| display_path(f), |l| l.relative(f));
        let Some(reason) = policy.skip_path(&relative) else { return true };
        if Lang::detect(f, b"").is_some() {
            vendored.push(Skipped { path: display_path(f), reason: reason.to_string() });
        }
        false
    });
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.unwrap_or(0)).build().context("cannot start worker threads")?;
    let outcomes: Vec<Outcome> = pool.install(|| files.par_iter().map(|path| measure_file(path, args.max_file_size, timeout)).collect());
    let mut report = Report { version: 1, files: Vec::new(), skipped: vendored };
    for outcome in outcomes {
        match outcome {
            Outcome::Measured(file) => report.files.push(file),
            Outcome::Skipped(skip) => report.skipped.push(skip),
            Outcome::Unsupported => {}
        }
    }
    report.files.sort_by(|a, b| worst(b).cmp(&worst(a)).then_with(|| a.path.cmp(&b.path)));
    let out = match args.format {
        Format::Json => serde_json::to_string_pretty(&report).context("cannot write JSON")? + "\n",
        Format::Text => render_text(&report),
    };
    print!("{out}");
    Ok(exit::CLEAN)
}

/// How bad a function is: cognitive first, then cyclomatic.
fn badness(f: &FunctionMetrics) -> (u32, u32) {
    (f.cognitive, f.cyclomatic)
}

fn worst(file: &MeasuredFile) -> Option<(u32, u32)> {
    file.metrics.functions.iter().map(badness).max()
}

fn measure_file(path: &Path, max_size: u64, timeout: Duration) -> Outcome {
    let shown = display_path(path);
    let skipped = |reason: String| Outcome::Skipped(Skipped { path: shown.clone(), reason });
    let by_name = Lang::detect(path, b"");
    if by_name.is_none() && path.extension().is_some() {
        return Outcome::Unsupported;
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
    let Some(lang) = by_name.or_else(|| Lang::detect(path, &bytes)) else { return Outcome::Unsupported };
    let source = match file_policy::admit(&bytes) {
        Ok(source) => source,
        Err(reason) => return skipped(reason.to_string()),
    };
    match measure_within(lang, &source, &Deadline::after(timeout)) {
        Ok(metrics) => Outcome::Measured(MeasuredFile { path: shown, language: lang, metrics }),
        Err(stopped) => skipped(stopped.to_string()),
    }
}

/// The files under `paths`; a path that does not exist or cannot be walked is an error (exit 2).
fn walk(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for root in paths {
        if !root.exists() {
            bail!("{} does not exist", root.display());
        }
        if root.is_file() {
            std::fs::File::open(root).with_context(|| format!("cannot read {}", root.display()))?;
        }
        for entry in ignore::WalkBuilder::new(root).build() {
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

fn render_text(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        render_file(&mut out, file);
    }
    for skip in &report.skipped {
        let _ = writeln!(out, "skipped {}: {}", skip.path, skip.reason);
    }
    let functions: usize = report.files.iter().map(|f| f.metrics.functions.len()).sum();
    let _ = writeln!(out, "{} files, {} functions measured", report.files.len(), functions);
    out
}

fn render_file(out: &mut String, file: &MeasuredFile) {
    let m = &file.metrics;
    let count = match m.function_count {
        Value::Computed(n) => n.to_string(),
        Value::Unsupported => "unsupported".to_string(),
    };
    let _ = writeln!(out, "{} ({}): {} sloc, {} comment, {} blank lines; functions: {}", file.path, file.language, m.sloc, m.comment_lines, m.blank_lines, count);
    if m.functions.is_empty() {
        out.push('\n');
        return;
    }
    let mut functions: Vec<&FunctionMetrics> = m.functions.iter().collect();
    functions.sort_by(|a, b| badness(b).cmp(&badness(a)).then(a.header_line.cmp(&b.header_line)));
    let width = functions.iter().map(|f| f.name.chars().count()).max().unwrap_or(0).clamp(8, 60);
    let _ = writeln!(out, "  {:<width$}  {:>6}  {:>9}  {:>10}  {:>5}  {:>7}  {:>6}  {:>5}", "function", "line", "cognitive", "cyclomatic", "sloc", "nesting", "params", "exits");
    for f in functions {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>6}  {:>9}  {:>10}  {:>5}  {:>7}  {:>6}  {:>5}",
            shorten(&f.name, width),
            f.header_line,
            f.cognitive,
            f.cyclomatic,
            f.sloc,
            f.max_nesting,
            shown(f.parameters),
            shown(f.exits)
        );
    }
    out.push('\n');
}

fn shown(value: Value) -> String {
    match value {
        Value::Computed(n) => n.to_string(),
        Value::Unsupported => "n/a".to_string(),
    }
}

fn shorten(name: &str, width: usize) -> String {
    if name.chars().count() <= width {
        return name.to_string();
    }
    let tail: String = name.chars().rev().take(width - 1).collect::<Vec<_>>().into_iter().rev().collect();
    format!("…{tail}")
}
