//! One review of one head commit, top to bottom: read the pull request, analyse
//! its changed files, then post one check run, one review and one summary
//! comment. Every step is idempotent, so a retry after a crash completes the
//! review instead of repeating it.

pub mod analyse;
pub mod body;
pub mod change;
pub mod commands;
pub mod deps;
pub mod host;
pub mod local;
pub mod markers;
pub mod plan;
pub mod quality;
pub mod repo_config;

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::Context;
use http::StatusCode;

use crate::analysis::finding::Severity;
use crate::analysis::rules::RuleSet;
use crate::config::{RuleFileError, RuleSource};
use crate::event::ReviewRequest;
use crate::github::GitHub;
use crate::github::api::{Annotation, CheckOutput, Conclusion};
use host::ReviewHost;
use plan::Plan;

/// The check run's name, shown in the pull request's checks list.
pub const CHECK_NAME: &str = "techlead";

/// How reviews are run; defaults match the documentation.
#[derive(Clone, Debug)]
pub struct ReviewSettings {
    pub max_inline_comments: usize,
    pub fail_level: Severity,
    pub review_drafts: bool,
    /// Post the review as REQUEST_CHANGES when the gate fails.
    pub request_changes_on_failure: bool,
    /// Post and edit the summary comment.
    pub post_summary: bool,
    pub max_file_bytes: usize,
    /// A function pushed past a metric threshold fails the gate.
    pub metrics_fail_gate: bool,
    /// The OSV advisories dependency changes are checked against (reloaded when the directory changes).
    pub advisories: Option<Arc<crate::analysis::deps::osv::AdvisorySource>>,
    /// A coverage report given for this review (Action mode, `--coverage`).
    pub coverage: Option<Arc<crate::analysis::deps::coverage::CoverageReport>>,
}

impl Default for ReviewSettings {
    fn default() -> Self {
        ReviewSettings {
            max_inline_comments: 25,
            fail_level: Severity::Error,
            review_drafts: false,
            request_changes_on_failure: false,
            post_summary: true,
            max_file_bytes: 1024 * 1024,
            metrics_fail_gate: true,
            advisories: None,
            coverage: None,
        }
    }
}

/// What every review shares: the default rules (and their sources, to
/// recompile with a repository's own rules) and the server's settings.
pub struct ReviewContext {
    pub rules: Arc<RuleSet>,
    pub rule_sources: Arc<Vec<RuleSource>>,
    pub settings: ReviewSettings,
    pub config_cache: repo_config::ConfigCache,
}

/// What happened, for logs and tests.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Reviewed {
        new_comments: usize,
        fixed: usize,
        gate_failed: bool,
        /// Findings on the lines the pull request changed.
        findings: usize,
        /// The summary comment, as posted (for the dashboard).
        summary: String,
        /// How long each part of the review took (`/metrics`'
        /// `techlead_review_stage_seconds`): where an author's wait goes.
        stages: Vec<(&'static str, std::time::Duration)>,
    },
    /// A newer commit is the head now. Its own job normally reviews it; the
    /// worker makes sure one exists (pushes can be delivered out of order).
    Stale {
        current: crate::ids::CommitSha,
    },
    /// The repository's config or rule files are broken; the check run says where.
    ConfigError,
    /// A command was answered with a comment.
    Answered,
    SkippedDraft,
    /// A finished workflow run that the repository does not read coverage
    /// from, or whose head has no review yet (its review reads the coverage).
    NothingToDo,
    Closed,
}

/// `ignored`: rules silenced on this pull request with `@techlead ignore`, and by whom.
pub async fn review(gh: &GitHub, ctx: &ReviewContext, req: &ReviewRequest, ignored: &[(String, String)]) -> anyhow::Result<Outcome> {
    review_on(&gh.installation(req.installation), ctx, req, ignored).await
}

/// The review itself, on any [`ReviewHost`]: GitHub, or a local repository
/// (`techlead demo`, `techlead review --local`).
pub async fn review_on(inst: &impl ReviewHost, ctx: &ReviewContext, req: &ReviewRequest, ignored: &[(String, String)]) -> anyhow::Result<Outcome> {
    let (repo, pr, head) = (&req.repo, req.pr, &req.head_sha);
    let pull = inst.pull(repo, pr).await.context("reading the pull request")?;
    if !pull.open {
        return Ok(Outcome::Closed);
    }
    if pull.head_sha != *head {
        return Ok(Outcome::Stale { current: pull.head_sha });
    }
    let effective = match repo_config::load(inst, ctx, repo, head).await.context("reading the repository's config")? {
        repo_config::Loaded::Ready(effective) => effective,
        repo_config::Loaded::Invalid(errors) => {
            let output = config_error_output(&inst.web_url(), req, &errors);
            if inst.can_write_check_runs() {
                let check_run = start_check_run(inst, repo, head).await?;
                inst.complete_check_run(repo, check_run, Conclusion::Failure, output).await?;
            } else {
                // No check run (Action mode): the error goes in the one summary comment, edited on each push.
                upsert_summary(inst, req, &format!("{}\n{}", output.summary, markers::SUMMARY)).await?;
            }
            return Ok(Outcome::ConfigError);
        }
    };
    let (settings, rules) = (&effective.settings, effective.rules.as_ref());
    if pull.draft && !settings.review_drafts {
        return Ok(Outcome::SkippedDraft);
    }
    // A finished workflow run re-reviews a reviewed head only for the coverage the config reads from it.
    if !deps::wants_trigger(inst, &effective.config.file, req).await? {
        return Ok(Outcome::NothingToDo);
    }
    // Check runs need an App; with a plain token (Action mode) they are skipped.
    let check_run = match inst.can_write_check_runs() {
        true => Some(start_check_run(inst, repo, head).await?),
        false => None,
    };
    let mut stages = Stages::start();
    let mut files = inst.pull_files(repo, pr).await.context("listing the changed files")?;
    files.files.retain(|f| effective.config.reviews_path(&f.path));
    let commits = analyse::Commits { base: &pull.base_sha, head };
    let pr_files = files.files.clone();
    let mut analysis = analyse::analyse(inst, rules, repo, commits, files.files, settings.max_file_bytes, &effective.config.file).await.context("reading the changed files")?;
    stages.done("analysis");
    let existing = inst.review_comments(repo, pr).await.context("reading earlier review comments")?;
    let ignored: HashMap<String, String> = ignored.iter().cloned().collect();
    let at = change::Where { repo, base: &pull.base_sha, head };
    let change_settings = crate::config::repo::change_settings(&effective.config.file);
    let whole = change::assess(inst, at, &pr_files, &mut analysis, pull.labels.clone(), &change_settings, settings.max_file_bytes).await.context("reading the pull request as a whole")?;
    let whole = change::attach(whole, &mut analysis, &pr_files, &ignored);
    stages.done("change");
    let mut extras =
        deps::dependencies(inst, repo, &pull.base_sha, head, &pr_files, &effective.config.file, settings.advisories.as_deref(), &mut analysis).await.context("reviewing the dependency changes")?;
    match (&settings.coverage, &effective.config.file.coverage) {
        (Some(report), _) => extras.coverage = Some(deps::coverage_on_new_code(report, &pr_files, &effective.config.file)),
        (None, Some(source)) => deps::coverage_from_artifact(inst, repo, head, source, &pr_files, &effective.config.file, &mut extras).await,
        (None, None) => {}
    }
    stages.done("dependencies");
    let mut plan = Plan::build(analysis, &existing, &ignored, settings.max_inline_comments, settings.fail_level, files.truncated);
    plan.metrics_fail_gate = settings.metrics_fail_gate;
    plan.change = Some(whole);
    let docs: HashMap<&str, Option<&str>> = rules.rules.iter().map(|r| (r.id.as_str(), r.meta.url.as_deref())).collect();

    let event = if settings.request_changes_on_failure && plan.gate_failed() { "REQUEST_CHANGES" } else { "COMMENT" };
    post_review(inst, req, &mut plan, &docs, event).await?;
    for fixed in &plan.fixed {
        let text = match &fixed.ignored_by {
            Some(author) => body::ignored_comment(&fixed.body, &fixed.fingerprint, author),
            None => body::fixed_comment(&fixed.body, &fixed.fingerprint, head),
        };
        inst.update_review_comment(repo, fixed.comment_id, &text).await?;
    }
    let gate_failed = plan.gate_failed() || extras.coverage_gate_failed();
    let mut summary = body::summary(&plan, head, gate_failed);
    summary.push_str(&extras.summary());
    if check_run.is_none() {
        summary.push_str("\nℹ️ No check run: check runs need a GitHub App, and this review ran with a token (Action mode).\n");
    }
    if settings.post_summary {
        upsert_summary(inst, req, &summary).await?;
    }
    let conclusion = if gate_failed { Conclusion::Failure } else { Conclusion::Success };
    if let Some(check_run) = check_run {
        let mut output = check_output(&plan, summary.clone());
        output.annotations.extend(extras.annotations());
        if gate_failed && !plan.gate_failed() {
            output.title = output.title.replace("quality gate passed", "quality gate failed (coverage on new code)");
        }
        inst.complete_check_run(repo, check_run, conclusion, output).await?;
    }
    stages.done("publish");
    Ok(Outcome::Reviewed { new_comments: plan.new_inline.len(), fixed: plan.fixed.len(), gate_failed, findings: plan.on_diff().count(), summary, stages: stages.taken })
}

/// The time each stage of a review took, measured one after the other.
struct Stages {
    since: std::time::Instant,
    taken: Vec<(&'static str, std::time::Duration)>,
}

impl Stages {
    fn start() -> Stages {
        Stages { since: std::time::Instant::now(), taken: Vec::new() }
    }

    fn done(&mut self, stage: &'static str) {
        self.taken.push((stage, self.since.elapsed()));
        self.since = std::time::Instant::now();
    }
}

/// Posts the new inline comments as one review. If GitHub refuses an anchor
/// (422), the comments are posted one by one and the refused ones move to the summary.
async fn post_review(inst: &impl ReviewHost, req: &ReviewRequest, plan: &mut Plan, docs: &HashMap<&str, Option<&str>>, event: &str) -> anyhow::Result<()> {
    if plan.new_inline.is_empty() {
        return Ok(());
    }
    let blob = format!("{}/{}/blob/{}", inst.web_url(), req.repo, req.head_sha);
    for placed in &mut plan.new_inline {
        placed.comment.body = body::inline_comment(placed, docs.get(placed.finding.rule_id.as_str()).copied().flatten(), &blob);
    }
    let comments: Vec<_> = plan.new_inline.iter().map(|p| p.comment.clone()).collect();
    let intro = format!("techlead found {} new issue{} in {}.", comments.len(), if comments.len() == 1 { "" } else { "s" }, req.head_sha.short());
    match inst.create_review(&req.repo, req.pr, &req.head_sha, &intro, &comments, event).await {
        Ok(()) => Ok(()),
        Err(e) if e.status() == Some(StatusCode::UNPROCESSABLE_ENTITY) => {
            tracing::warn!(error = %e, "GitHub refused the review; posting its comments one by one");
            let mut kept = Vec::new();
            for placed in std::mem::take(&mut plan.new_inline) {
                match inst.create_review_comment(&req.repo, req.pr, &req.head_sha, &placed.comment).await {
                    Ok(()) => kept.push(placed),
                    Err(e) if e.status() == Some(StatusCode::UNPROCESSABLE_ENTITY) => plan.refused.push(placed.finding),
                    Err(e) => return Err(e.into()),
                }
            }
            plan.new_inline = kept;
            // The comments went one by one; the review's verdict still has to be given.
            if event != "COMMENT" {
                inst.create_review(&req.repo, req.pr, &req.head_sha, &intro, &[], event).await?;
            }
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// After the last failed attempt: the check run must not stay "in progress"
/// for ever, so it is completed as failed with the reason, and a re-run of
/// the check (or `@techlead review`) tries again.
pub async fn give_up(gh: &GitHub, req: &ReviewRequest, error: &str) -> anyhow::Result<()> {
    if !gh.can_write_check_runs() {
        return Ok(());
    }
    let inst = gh.installation(req.installation);
    let check_run = start_check_run(&inst, &req.repo, &req.head_sha).await?;
    let summary = format!(
        "techlead could not review {} after several attempts. The last error was:\n\n```text\n{}\n```\n\nRe-run this check, or comment `@techlead review`, to try again.",
        req.head_sha.short(),
        error
    );
    let output = CheckOutput { title: "techlead could not review this commit".into(), summary: body::truncate(summary, body::GITHUB_TEXT_LIMIT), text: None, annotations: Vec::new() };
    inst.complete_check_run(&req.repo, check_run, Conclusion::Failure, output).await?;
    Ok(())
}

/// Our check run on `head`: reused when a retry or re-run finds it, else created.
async fn start_check_run(inst: &impl ReviewHost, repo: &crate::ids::RepoName, head: &crate::ids::CommitSha) -> anyhow::Result<u64> {
    Ok(match inst.find_check_run(repo, head, CHECK_NAME).await? {
        Some(id) => {
            inst.restart_check_run(repo, id).await?;
            id
        }
        None => inst.create_check_run(repo, head, CHECK_NAME).await?,
    })
}

/// The check run for a broken config: every error with a link to its line.
fn config_error_output(web_url: &str, req: &ReviewRequest, errors: &[RuleFileError]) -> CheckOutput {
    let mut summary = String::from("techlead did not review this commit: its configuration is invalid. Fix it and push again; the built-in defaults are not used in its place.\n\n");
    summary.push_str(&repo_config::error_list(web_url, &req.repo, &req.head_sha, errors));
    // Annotations can only point into the reviewed repository: an error in the
    // organisation's config is in the summary, with its link, only.
    let annotations = errors
        .iter()
        .filter(|e| e.repo.is_none())
        .map(|e| Annotation {
            path: e.path.clone(),
            start_line: e.pos.line,
            end_line: e.pos.line,
            level: "failure",
            title: "techlead configuration".into(),
            message: format!("{}; {}", e.problem, e.fix),
        })
        .collect();
    CheckOutput { title: "Invalid techlead configuration".into(), summary: body::truncate(summary, body::GITHUB_TEXT_LIMIT), text: None, annotations }
}

/// Creates the summary comment once; later reviews edit it in place.
async fn upsert_summary(inst: &impl ReviewHost, req: &ReviewRequest, summary: &str) -> anyhow::Result<()> {
    let comments = inst.issue_comments(&req.repo, req.pr).await?;
    match comments.iter().find(|c| markers::is_summary(&c.body)) {
        Some(existing) if existing.body == summary => Ok(()),
        Some(existing) => Ok(inst.update_issue_comment(&req.repo, existing.id, summary).await?),
        None => Ok(inst.create_issue_comment(&req.repo, req.pr, summary).await?),
    }
}

fn check_output(plan: &Plan, summary: String) -> CheckOutput {
    let annotations = plan
        .on_diff()
        .chain(&plan.outside_diff)
        .map(|f| Annotation {
            path: f.path.clone(),
            start_line: f.start.line,
            end_line: f.end.line.max(f.start.line),
            level: match f.severity {
                Severity::Error => "failure",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            },
            title: f.rule_id.clone(),
            message: f.message.clone(),
        })
        .collect();
    let n = plan.on_diff().count();
    let title = if plan.gate_failed() { format!("{} — quality gate failed", count(n)) } else { format!("{} — quality gate passed", count(n)) };
    CheckOutput { title, summary: body::truncate(summary.replace(markers::SUMMARY, ""), body::GITHUB_TEXT_LIMIT), text: None, annotations }
}

fn count(n: usize) -> String {
    format!("{n} finding{} on changed lines", if n == 1 { "" } else { "s" })
}
