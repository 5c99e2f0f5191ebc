//! The dependency review and coverage on new code of a pull request: the
//! lockfiles and manifests it changes, read at base and head, and the
//! coverage report (from `--coverage` in Action mode, or a workflow's
//! artifact in the App), through the same pure analysis `techlead scan` runs.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::analyse::{Analysis, FileResult};
use super::host::ReviewHost;
use crate::analysis::deps::coverage::{self, CoverageReport, CoverageVerdict, NewCodeCoverage, verdict};
use crate::analysis::deps::files::{classify, sibling_lockfiles};
use crate::analysis::deps::osv::AdvisorySource;
use crate::analysis::deps::review::{DependencyReport, FileVersions, changes_table, review};
use crate::analysis::diff::parse_patch;
use crate::config::repo::{CoverageSection, RepoConfigFile};
use crate::github::GitHubError;
use crate::github::api::{Annotation, ArtifactFiles, ChangedFile, workflow_matches};
use crate::ids::{CommitSha, RepoName};

/// What the dependency review and the coverage add to a review.
#[derive(Default)]
pub struct Extras {
    pub dependencies: Option<DependencyReport>,
    /// Why the advisories were not checked, when a database was configured but failed to load.
    pub advisories_error: Option<String>,
    pub coverage: Option<(NewCodeCoverage, Option<CoverageVerdict>)>,
    /// Why coverage could not be computed, when it was asked for.
    pub coverage_error: Option<String>,
}

impl Extras {
    pub fn coverage_gate_failed(&self) -> bool {
        self.coverage.as_ref().and_then(|(_, v)| v.as_ref()).is_some_and(CoverageVerdict::failed)
    }

    /// The summary's sections: dependency changes, then coverage.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        if let Some(report) = &self.dependencies {
            let table = changes_table(report);
            if !table.is_empty() {
                out.push_str(&format!("\n### Dependency changes\n\n{table}"));
                match (&self.advisories_error, report.advisories) {
                    (Some(error), _) => out.push_str(&format!("\n⚠️ Advisories not checked: {error}\n")),
                    (None, Some(n)) => out.push_str(&format!("\nChecked against {n} advisories (OSV).\n")),
                    (None, None) => out.push_str("\nAdvisories not checked: no advisories database is configured (`TECHLEAD_ADVISORIES` / `--advisories`).\n"),
                }
            }
        }
        if let Some((measured, verdict)) = &self.coverage {
            out.push_str(&format!("\n### Coverage on new code\n\n{}", measured.markdown()));
            if let Some(verdict) = verdict {
                out.push_str(&format!("\n{}\n", verdict.describe()));
            }
        } else if let Some(error) = &self.coverage_error {
            out.push_str(&format!("\n### Coverage on new code\n\n⚠️ Not measured: {error}\n"));
        }
        out
    }

    /// Uncovered added ranges, as notices on the check run (never inline comments).
    pub fn annotations(&self) -> Vec<Annotation> {
        let Some((measured, _)) = &self.coverage else { return Vec::new() };
        measured
            .files
            .iter()
            .flat_map(|f| {
                f.uncovered.iter().map(|(start, end)| Annotation {
                    path: f.path.clone(),
                    start_line: *start,
                    end_line: *end,
                    level: "notice",
                    title: "Not covered by tests".into(),
                    message: if start == end { format!("Added line {start} is not covered by tests.") } else { format!("Added lines {start}-{end} are not covered by tests.") },
                })
            })
            .collect()
    }
}

/// Reviews the dependency files among `files` and adds the findings to `analysis`.
pub async fn dependencies(
    inst: &impl ReviewHost,
    repo: &RepoName,
    base: &CommitSha,
    head: &CommitSha,
    files: &[ChangedFile],
    config: &RepoConfigFile,
    advisories: Option<&AdvisorySource>,
    analysis: &mut Analysis,
) -> Result<Extras, GitHubError> {
    let mut extras = Extras::default();
    if !config.dependencies.enabled {
        return Ok(extras);
    }
    let wanted: Vec<&ChangedFile> = files.iter().filter(|f| classify(&f.path).is_some()).collect();
    if wanted.is_empty() {
        return Ok(extras);
    }
    // Few files, fetched one after the other.
    let mut texts = Vec::new();
    for file in wanted {
        let head_text = if file.status == "removed" { None } else { inst.file_text(repo, &file.path, head).await? };
        let base_text = if file.status == "added" { None } else { inst.file_text(repo, file.previous_path.as_deref().unwrap_or(&file.path), base).await? };
        texts.push((file, head_text, base_text));
    }
    let changed: HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
    // A changed manifest whose lockfiles did not change: does one exist at head?
    let mut existing = HashSet::new();
    for (file, head_text, _) in &texts {
        if let (Some(manifest), Some(_)) = (classify(&file.path).and_then(|k| k.manifest), head_text) {
            for lockfile in sibling_lockfiles(&file.path, manifest).into_iter().filter(|l| !changed.contains(l)) {
                if inst.file_text(repo, &lockfile, head).await?.is_some() {
                    existing.insert(lockfile);
                }
            }
        }
    }
    let index = match advisories.map(AdvisorySource::current).transpose() {
        Ok(index) => index,
        Err(e) => {
            extras.advisories_error = Some(e.to_string());
            None
        }
    };
    let versions: Vec<FileVersions<'_>> = texts.iter().map(|(f, h, b)| FileVersions { path: &f.path, base: b.as_deref(), head: h.as_deref() }).collect();
    let policy = config.dependencies.policy().unwrap_or_default();
    let mut report = review(&versions, &changed, &|p| existing.contains(p), index.as_deref(), &policy, &crate::config::repo::dependency_checks(config));
    for finding in std::mem::take(&mut report.findings) {
        match analysis.files.iter_mut().find(|f| f.path == finding.path) {
            Some(result) => result.findings.push(finding),
            None => {
                let patch = files.iter().find(|f| f.path == finding.path).and_then(|f| f.patch.as_deref()).map(parse_patch);
                analysis.files.push(FileResult { path: finding.path.clone(), findings: vec![finding], changed: patch });
            }
        }
    }
    extras.dependencies = Some(report);
    Ok(extras)
}

/// Coverage on the lines the pull request adds, against `report`.
pub fn coverage_on_new_code(report: &CoverageReport, files: &[ChangedFile], config: &RepoConfigFile) -> (NewCodeCoverage, Option<CoverageVerdict>) {
    let added: BTreeMap<String, BTreeSet<usize>> = files.iter().filter(|f| f.status != "removed").filter_map(|f| Some((f.path.clone(), parse_patch(f.patch.as_deref()?).added))).collect();
    let measured = coverage::new_code(report, &added);
    let gate = &config.gate;
    let verdict = gate.new_code_coverage.map(|minimum| verdict(&measured, minimum, gate.new_code_min_lines));
    (measured, verdict)
}

/// The trigger of a review that a finished workflow run asked for.
pub const WORKFLOW_RUN_TRIGGER: &str = "workflow_run.completed";

/// `workflow_run.completed:NAME:PATH`: the run's workflow travels in the trigger.
pub fn workflow_run_trigger(name: &str, path: &str) -> String {
    format!("{WORKFLOW_RUN_TRIGGER}:{name}:{path}")
}

/// Whether the review should run: always, unless a workflow run asked for it
/// and the config reads no coverage from that workflow, or the head has no
/// review yet (the review that comes reads the coverage itself).
pub async fn wants_trigger(inst: &impl ReviewHost, config: &RepoConfigFile, req: &crate::event::ReviewRequest) -> Result<bool, GitHubError> {
    let Some(workflow) = req.trigger.strip_prefix(WORKFLOW_RUN_TRIGGER).and_then(|w| w.strip_prefix(':')) else { return Ok(true) };
    let (name, path) = workflow.rsplit_once(':').unwrap_or((workflow, ""));
    let Some(source) = &config.coverage else { return Ok(false) };
    if !workflow_matches(&source.workflow, name, path) || !inst.can_write_check_runs() {
        return Ok(false);
    }
    Ok(inst.find_check_run(&req.repo, &req.head_sha, super::CHECK_NAME).await?.is_some())
}

/// Coverage from the workflow artifact the config names; what went wrong is
/// said in the summary, and the review goes on.
pub async fn coverage_from_artifact(inst: &impl ReviewHost, repo: &RepoName, head: &CommitSha, source: &CoverageSection, files: &[ChangedFile], config: &RepoConfigFile, extras: &mut Extras) {
    let found = match inst.artifact_files(repo, head, &source.workflow, &source.artifact, source.path.as_deref()).await {
        Ok(ArtifactFiles::Found { files: found, .. }) => found,
        Ok(ArtifactFiles::Missing(reason)) => {
            extras.coverage_error = Some(format!("{reason}; the figure appears when the workflow has finished"));
            return;
        }
        Err(e) => {
            extras.coverage_error = Some(format!("cannot read the artifact ({e}); the App needs the `actions: read` permission"));
            return;
        }
    };
    let mut merged = CoverageReport::default();
    let mut read_any = false;
    for (name, text) in &found {
        match coverage::read(text) {
            Ok((_, report)) => {
                merged.merge(report);
                read_any = true;
            }
            // A named file must be a report; other files of the artifact may be anything.
            Err(e) if source.path.is_some() => {
                extras.coverage_error = Some(format!("`{name}` in artifact `{}`: {e}", source.artifact));
                return;
            }
            Err(_) => {}
        }
    }
    if !read_any {
        extras.coverage_error = Some(format!("artifact `{}` holds no coverage report", source.artifact));
        return;
    }
    extras.coverage = Some(coverage_on_new_code(&merged, files, config));
}
