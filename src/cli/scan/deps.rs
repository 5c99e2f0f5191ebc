//! `scan --advisories DIR` and `scan --diff BASE [--coverage FILE]`: the
//! dependency review and coverage on new code, from git and the work tree,
//! with the same analysis the pull-request review runs.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde_json::json;

use super::since::git;
use crate::analysis::deps::coverage::{self, CoverageReport, NewCodeCoverage, verdict};
use crate::analysis::deps::files::classify;
use crate::analysis::deps::osv::AdvisoryIndex;
use crate::analysis::deps::review::{DependencyChecks, DependencyReport, FileVersions, LicensePolicy, review};
use crate::analysis::diff::parse_git_diff;
use crate::analysis::finding::Finding;
use crate::config::repo::{RepoConfigFile, dependency_checks};

/// What the scan asked for beyond the rules.
pub(in crate::cli) struct DepsRequest<'a> {
    pub diff: Option<&'a str>,
    pub advisories: Option<&'a Path>,
    pub coverage: &'a [PathBuf],
    pub config: &'a RepoConfigFile,
}

/// What it adds to the report.
#[derive(Default)]
pub(in crate::cli) struct DepsOutcome {
    pub findings: Vec<Finding>,
    /// Lines for the text report, before the summary line.
    pub notes: Vec<String>,
    pub dependencies: Option<serde_json::Value>,
    pub coverage: Option<serde_json::Value>,
    /// `gate.new_code_coverage` failed.
    pub coverage_gate_failed: bool,
}

/// The repository and the change `--diff BASE` describes.
struct Change {
    top: PathBuf,
    merge_base: String,
    /// Every path the change touches (deleted ones too), relative to `top`.
    paths: BTreeSet<String>,
    /// Added lines per path; untracked files count whole.
    added: BTreeMap<String, BTreeSet<usize>>,
}

fn change_since(base: &str, scanned: &Path) -> anyhow::Result<Change> {
    let dir = if scanned.is_dir() { scanned } else { scanned.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")) };
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"], base)?.trim());
    let merge_base = git(&top, &["merge-base", base, "HEAD"], base)?.trim().to_string();
    let names = git(&top, &["diff", "--name-only", "--no-relative", "-z", &merge_base, "--"], base)?;
    let diff = git(&top, &["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "--src-prefix=a/", "--dst-prefix=b/", "--unified=0", &merge_base, "--"], base)?;
    let untracked = git(&top, &["ls-files", "--others", "--exclude-standard", "-z"], base)?;
    let mut added: BTreeMap<String, BTreeSet<usize>> = parse_git_diff(&diff).into_iter().map(|(path, lines)| (path, lines.added)).collect();
    let mut paths: BTreeSet<String> = names.split('\0').filter(|p| !p.is_empty()).map(str::to_string).collect();
    for path in untracked.split('\0').filter(|p| !p.is_empty()) {
        let lines = std::fs::read_to_string(top.join(path)).map(|t| t.lines().count()).unwrap_or(0);
        added.insert(path.to_string(), (1..=lines).collect());
        paths.insert(path.to_string());
    }
    Ok(Change { top, merge_base, paths, added })
}

/// How a repository path is shown: relative to the current directory when it is inside it.
fn shown(top: &Path, path: &str) -> String {
    let full = top.join(path);
    let cwd = std::env::current_dir().ok().and_then(|c| std::fs::canonicalize(c).ok());
    let top = std::fs::canonicalize(top).unwrap_or_else(|_| top.to_path_buf());
    match cwd.and_then(|c| top.join(path).strip_prefix(&c).ok().map(Path::to_path_buf)) {
        Some(relative) => relative.to_string_lossy().into_owned(),
        None => full.to_string_lossy().into_owned(),
    }
}

pub(in crate::cli) fn run(request: &DepsRequest<'_>, scanned: &Path, walked: &[PathBuf]) -> anyhow::Result<DepsOutcome> {
    let mut outcome = DepsOutcome::default();
    if request.diff.is_none() && !request.coverage.is_empty() {
        bail!("--coverage needs --diff BASE: coverage is measured on the lines a change adds");
    }
    let advisories = request
        .advisories
        .map(|dir| {
            let started = std::time::Instant::now();
            let index = AdvisoryIndex::load(dir)?;
            if !index.unreadable.is_empty() {
                eprintln!("warning: {} file(s) in {} are not OSV records and were left out, e.g. {}", index.unreadable.len(), dir.display(), index.unreadable[0]);
            }
            tracing::debug!(elapsed = ?started.elapsed(), records = index.records, "advisories indexed");
            anyhow::Ok(index)
        })
        .transpose()?;
    let policy = request.config.dependencies.policy().map_err(|(_, problem, _)| anyhow::anyhow!("dependencies.licenses: {problem}"))?;
    let enabled = request.config.dependencies.enabled;
    let checks = dependency_checks(request.config);
    let change = request.diff.map(|base| change_since(base, scanned)).transpose()?;
    match &change {
        Some(change) if enabled => dependency_diff(change, advisories.as_ref(), &policy, &checks, &mut outcome)?,
        None if enabled && advisories.is_some() => audit(walked, advisories.as_ref().expect("checked"), &policy, &checks, &mut outcome),
        _ => {}
    }
    if let Some(change) = &change
        && !request.coverage.is_empty()
    {
        coverage_on_new_code(change, request, &mut outcome)?;
    }
    Ok(outcome)
}

fn dependency_diff(change: &Change, advisories: Option<&AdvisoryIndex>, policy: &LicensePolicy, checks: &DependencyChecks, outcome: &mut DepsOutcome) -> anyhow::Result<()> {
    let mut texts = Vec::new();
    for path in change.paths.iter().filter(|p| classify(p).is_some()) {
        let base = std::process::Command::new("git").arg("-C").arg(&change.top).args(["show", &format!("{}:{path}", change.merge_base)]).output().context("running git show")?;
        let base = base.status.success().then(|| String::from_utf8_lossy(&base.stdout).into_owned());
        let head = std::fs::read_to_string(change.top.join(path)).ok();
        texts.push((shown(&change.top, path), path.clone(), base, head));
    }
    let files: Vec<FileVersions<'_>> = texts.iter().map(|(_, path, base, head)| FileVersions { path, base: base.as_deref(), head: head.as_deref() }).collect();
    let changed: HashSet<String> = change.paths.iter().cloned().collect();
    let exists = |path: &str| change.top.join(path).is_file();
    let mut report = review(&files, &changed, &exists, advisories, policy, checks);
    // Findings point at files as the rest of the scan shows them.
    for finding in &mut report.findings {
        if let Some((shown, ..)) = texts.iter().find(|(_, path, ..)| *path == finding.path) {
            finding.path = shown.clone();
        }
    }
    outcome.notes.extend(dependency_notes(&report, advisories.is_some()));
    outcome.dependencies = Some(dependencies_json(&report));
    outcome.findings.append(&mut report.findings);
    Ok(())
}

/// Without `--diff`: every lockfile in the scanned paths against the advisories.
fn audit(walked: &[PathBuf], advisories: &AdvisoryIndex, policy: &LicensePolicy, checks: &DependencyChecks, outcome: &mut DepsOutcome) {
    let texts: Vec<(String, String)> = walked
        .iter()
        .filter_map(|p| {
            let path = p.to_string_lossy().replace('\\', "/");
            classify(&path)?.lock?;
            Some((path, std::fs::read_to_string(p).ok()?))
        })
        .collect();
    let files: Vec<FileVersions<'_>> = texts.iter().map(|(path, text)| FileVersions { path, base: None, head: Some(text) }).collect();
    let report = review(&files, &HashSet::new(), &|_| false, Some(advisories), policy, checks);
    outcome.notes.push(format!("dependencies: {} package(s) in {} lockfile(s) checked against {} advisories", report.changes.len(), files.len(), advisories.records));
    for (path, error) in &report.unreadable {
        outcome.notes.push(format!("warning: {path}: {error}; its packages were not checked"));
    }
    outcome.dependencies = Some(dependencies_json(&report));
    outcome.findings.extend(report.findings);
}

fn dependency_notes(report: &DependencyReport, with_advisories: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if report.changes.is_empty() && report.unreadable.is_empty() {
        return notes;
    }
    notes.push(format!("dependency changes ({}):", report.changes.len()));
    for c in &report.changes {
        let versions = match (&c.from, &c.to) {
            (Some(from), Some(to)) => format!("{from} -> {to}"),
            (None, Some(to)) => to.clone(),
            (Some(from), None) => from.clone(),
            (None, None) => String::new(),
        };
        notes.push(format!("  {:<10} {} {} ({}) in {}", c.kind.as_str(), c.name, versions, c.ecosystem, c.path));
    }
    for (path, error) in &report.unreadable {
        notes.push(format!("warning: {path}: {error}; its changes are not known"));
    }
    if !with_advisories {
        notes.push("advisories: not checked (give --advisories DIR, a directory of OSV records)".to_string());
    }
    notes
}

fn dependencies_json(report: &DependencyReport) -> serde_json::Value {
    json!({
        "advisories": report.advisories,
        "changes": report.changes.iter().map(|c| json!({
            "path": c.path, "ecosystem": c.ecosystem.osv_name(), "name": c.name, "change": c.kind.as_str(),
            "from": c.from, "to": c.to, "direct": c.direct, "line": c.line,
        })).collect::<Vec<_>>(),
        "unreadable": report.unreadable.iter().map(|(path, e)| json!({"path": path, "error": e.to_string()})).collect::<Vec<_>>(),
    })
}

/// Reads and merges `--coverage` reports.
pub(in crate::cli) fn read_reports(files: &[PathBuf]) -> anyhow::Result<CoverageReport> {
    let mut merged = CoverageReport::default();
    for file in files {
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read coverage report {}", file.display()))?;
        let (_, report) = coverage::read(&text).with_context(|| format!("{}", file.display()))?;
        merged.merge(report);
    }
    Ok(merged)
}

fn coverage_on_new_code(change: &Change, request: &DepsRequest<'_>, outcome: &mut DepsOutcome) -> anyhow::Result<()> {
    let report = read_reports(request.coverage)?;
    let measured = coverage::new_code(&report, &change.added);
    outcome.notes.push(measured.headline());
    for f in &measured.files {
        let uncovered = if f.uncovered.is_empty() { String::new() } else { format!(", not run: lines {}", coverage::ranges_text(&f.uncovered)) };
        outcome.notes.push(format!("  {}: {} of {}{uncovered}", shown(&change.top, &f.path), f.covered, f.coverable));
    }
    if !measured.not_in_report.is_empty() {
        outcome.notes.push(format!("  not in the coverage report (not measured): {}", measured.not_in_report.join(", ")));
    }
    let gate = &request.config.gate;
    let verdict = gate.new_code_coverage.map(|minimum| verdict(&measured, minimum, gate.new_code_min_lines));
    if let Some(verdict) = &verdict {
        outcome.notes.push(verdict.describe());
        outcome.coverage_gate_failed = verdict.failed();
    }
    outcome.coverage = Some(coverage_json(&measured, verdict.as_ref().map(|v| v.failed())));
    Ok(())
}

fn coverage_json(measured: &NewCodeCoverage, gate_failed: Option<bool>) -> serde_json::Value {
    json!({
        "covered": measured.covered,
        "coverable": measured.coverable,
        "percent": measured.percent().map(|p| (p * 10.0).round() / 10.0),
        "files": measured.files.iter().map(|f| json!({"path": f.path, "covered": f.covered, "coverable": f.coverable, "uncovered": f.uncovered})).collect::<Vec<_>>(),
        "not_in_report": measured.not_in_report,
        "gate_failed": gate_failed,
    })
}
