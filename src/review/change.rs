//! The pull request as a whole in a review: gathers what
//! [`crate::analysis::change`] needs from the host (texts the analysis did not
//! already read, the base side where the public API may have moved, the
//! file list and `CODEOWNERS`), runs it, and hands its findings to the plan:
//! those on added lines are commented like any finding, the rest go in the
//! summary and the gate.

use std::collections::HashMap;

use futures_util::stream::{self, StreamExt};

use super::analyse::{Analysis, FileResult};
use super::commands::finding_key;
use super::host::ReviewHost;
use super::plan::Plan;
use crate::analysis::change::codeowners::{CODEOWNERS_PATHS, CodeOwners};
use crate::analysis::change::resolve::RepoIndex;
use crate::analysis::change::settings::ChangeSettings;
use crate::analysis::change::{self, ChangeReport, ChangedFile, FileStatus, RepoFacts};
use crate::analysis::diff::parse_patch;
use crate::analysis::finding::Finding;
use crate::github::GitHubError;
use crate::github::api::ChangedFile as PrFile;
use crate::ids::{CommitSha, RepoName};

/// Files fetched at once.
const PARALLEL_FETCHES: usize = 8;

/// Where the change is.
#[derive(Clone, Copy)]
pub struct Where<'a> {
    pub repo: &'a RepoName,
    pub base: &'a CommitSha,
    pub head: &'a CommitSha,
}

/// The walkthrough and checks of the pull request. Texts the analysis read
/// are reused; the rest are fetched, in parallel, only where a check reads them.
pub async fn assess(
    host: &impl ReviewHost,
    at: Where<'_>,
    pr_files: &[PrFile],
    analysis: &mut Analysis,
    labels: Vec<String>,
    settings: &ChangeSettings,
    max_file_bytes: usize,
) -> Result<ChangeReport, GitHubError> {
    let mut texts = std::mem::take(&mut analysis.texts);
    let quality: HashMap<&str, _> = analysis.quality.iter().map(|q| (q.path.as_str(), (q.before.clone(), q.after.clone()))).collect();
    // Files the analysis left out as too large or unreadable stay unread here too.
    let unread: HashMap<&str, &str> = analysis.skipped.iter().filter(|s| s.reason != "generated").map(|s| (s.path.as_str(), s.reason.as_str())).collect();
    let mut files: Vec<ChangedFile> = pr_files
        .iter()
        .map(|f| {
            let mut file = ChangedFile::from_patch(&f.path, f.previous_path.as_deref(), FileStatus::from_github(&f.status), f.patch.as_deref());
            if let Some((head, base)) = texts.remove(&f.path) {
                file.head = Some(head);
                file.base = base;
            }
            file.metrics = quality.get(f.path.as_str()).cloned();
            file
        })
        .collect();
    let keep = |text: Option<String>| text.filter(|t| t.len() <= max_file_bytes && !t.as_bytes()[..t.len().min(8000)].contains(&0));
    let want_head: Vec<(usize, String)> =
        (0..files.len()).filter(|&i| files[i].head.is_none() && change::needs_head(&files[i]) && !unread.contains_key(files[i].path.as_str())).map(|i| (i, files[i].path.clone())).collect();
    let heads: Vec<_> = stream::iter(want_head).map(|(i, path)| async move { (i, host.file_text(at.repo, &path, at.head).await) }).buffered(PARALLEL_FETCHES).collect().await;
    for (i, text) in heads {
        files[i].head = keep(text?);
    }
    let want_base: Vec<(usize, String)> = (0..files.len())
        .filter(|&i| files[i].base.is_none() && !unread.contains_key(files[i].path.as_str()) && change::needs_base(&files[i], settings))
        .map(|i| (i, files[i].base_path().to_string()))
        .collect();
    let bases: Vec<_> = stream::iter(want_base).map(|(i, path)| async move { (i, host.file_text(at.repo, &path, at.base).await) }).buffered(PARALLEL_FETCHES).collect().await;
    for (i, text) in bases {
        files[i].base = keep(text?);
    }
    let repo = repo_facts(host, at.repo, at.head, labels).await?;
    Ok(tokio::task::block_in_place(|| change::assess(&files, &repo, settings)))
}

/// The file list at the head and `CODEOWNERS`, as GitHub picks it.
async fn repo_facts(host: &impl ReviewHost, repo: &RepoName, head: &CommitSha, labels: Vec<String>) -> Result<RepoFacts, GitHubError> {
    let listing = match host.tree(repo, head).await {
        Ok(listing) => Some(listing),
        Err(e) if e.status().is_some_and(|s| s.as_u16() == 404) => None,
        Err(e) => return Err(e),
    };
    let index = listing.map(|l| RepoIndex::new(l.iter().map(|(path, _)| path.as_str())));
    let mut codeowners = None;
    if let Some(index) = &index
        && let Some(path) = CODEOWNERS_PATHS.iter().find(|p| index.has_file(p))
        && let Some(text) = host.file_text(repo, path, head).await?
    {
        codeowners = Some(CodeOwners::parse(path, &text));
    }
    Ok(RepoFacts { files: index, codeowners, labels: Some(labels) })
}

/// Hands the findings to the review: those on added lines join their file's
/// findings (commented inline, deduplicated and marked fixed like any
/// other); findings silenced with `@techlead ignore` are dropped.
pub fn attach(mut report: ChangeReport, analysis: &mut Analysis, pr_files: &[PrFile], ignored: &HashMap<String, String>) -> ChangeReport {
    let silenced = |f: &Finding| ignored.contains_key(&f.rule_id) || ignored.contains_key(&finding_key(&f.rule_id, &f.fingerprint));
    report.on_change.retain(|f| !silenced(f));
    for finding in std::mem::take(&mut report.on_lines) {
        match analysis.files.iter_mut().find(|f| f.path == finding.path) {
            Some(file) => file.findings.push(finding.clone()),
            None => {
                let changed = pr_files.iter().find(|f| f.path == finding.path).and_then(|f| f.patch.as_deref()).map(parse_patch);
                analysis.files.push(FileResult { path: finding.path.clone(), findings: vec![finding.clone()], changed });
            }
        }
        report.on_lines.push(finding);
    }
    report
}

/// The summary's walkthrough section (empty when the review computed none).
pub fn summary_section(plan: &Plan) -> String {
    plan.change.as_ref().map(change::render::markdown).unwrap_or_default()
}

/// The gate's rows for the pull-request checks about the change as a whole
/// (those on added lines count with the other findings on changed lines).
pub fn gate_rows(plan: &Plan) -> (Vec<String>, Vec<String>) {
    let Some(change) = &plan.change else { return (Vec::new(), Vec::new()) };
    let condition = format!("pull request checks at or above `{}` on the change as a whole (size, tests, changelog, public API removed)", plan.fail_level);
    let failing: Vec<&Finding> = change.on_change.iter().filter(|f| f.severity >= plan.fail_level).collect();
    if failing.is_empty() {
        return (Vec::new(), vec![format!("| ✅ | {condition} | none |")]);
    }
    let listed: Vec<String> = failing.iter().map(|f| format!("`{}` {}", f.rule_id, f.message.replace('\n', " ").replace('|', "\\|"))).collect();
    (vec![format!("| ❌ | {condition} | {} |", listed.join("; "))], Vec::new())
}

/// Why the pull-request checks fail the gate, if they do (findings on added
/// lines are already counted with the other findings on changed lines).
pub fn gate_reasons(plan: &Plan) -> Vec<String> {
    let Some(change) = &plan.change else { return Vec::new() };
    change.on_change.iter().filter(|f| f.severity >= plan.fail_level).map(|f| format!("`{}`: {}", f.rule_id, f.message)).collect()
}
