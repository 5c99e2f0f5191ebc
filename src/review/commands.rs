//! `@techlead` commands from pull request comments: review again, explain a
//! rule, ignore one finding (in its review thread) or, said explicitly, a
//! rule everywhere on this pull request.

use anyhow::Context;

use super::repo_config::{self, Effective, Loaded};
use super::{Outcome, ReviewContext, markers, review};
use crate::config::RuleFileError;
use crate::config::error::nearest;
use crate::config::repo::{builtin_check, builtin_checks, describe_check, metric_rule};
use crate::event::{CommandRequest, PrCommand, ReviewRequest};
use crate::github::GitHub;
use crate::github::api::Installation;
use crate::ids::{CommitSha, DeliveryId};

/// The suppression key of one finding: its rule id and fingerprint. A key
/// without `#` is a rule id, silenced everywhere on the pull request.
pub fn finding_key(rule_id: &str, fingerprint: &str) -> String {
    format!("{rule_id}#{fingerprint}")
}

/// Runs one command. `ignored` are the suppressions recorded on this pull
/// request, with who asked (the caller recorded an `ignore` before calling,
/// with the key [`suppression`] gave).
pub async fn run(gh: &GitHub, ctx: &ReviewContext, cmd: &CommandRequest, ignored: &[(String, String)], delivery: &DeliveryId) -> anyhow::Result<Outcome> {
    let inst = gh.installation(cmd.installation);
    let reply = match &cmd.command {
        PrCommand::Review => return review(gh, ctx, &current_head(&inst, cmd).await?, ignored).await,
        PrCommand::Explain(rule_id) => {
            let head = current_head(&inst, cmd).await?.head_sha;
            match at_head(&inst, ctx, cmd, &head).await? {
                Ok(effective) => explain(&effective, rule_id),
                Err(errors) => invalid_config(gh, cmd, &head, &errors),
            }
        }
        PrCommand::Ignore(rule_id) => format!(
            "`@techlead ignore {rule_id}` silences one finding, so it has to be written in that finding's thread: reply `@techlead ignore {rule_id}` under techlead's review comment about it. To silence every finding of `{rule_id}` on this pull request, comment `@techlead ignore {rule_id} everywhere`. Nothing was ignored."
        ),
        PrCommand::IgnoreFinding { rule, .. } | PrCommand::IgnoreEverywhere(rule) => match target(gh, ctx, cmd).await? {
            Target::Refused(why) => why,
            Target::Key { key, what } => {
                if !ignored.iter().any(|(k, _)| *k == key) {
                    anyhow::bail!("the suppression of `{rule}` was not recorded before the command ran");
                }
                let reply = format!("🔕 {what}, as @{} asked.", cmd.author);
                reply_once(&inst, cmd, &reply, delivery).await?;
                return review(gh, ctx, &current_head(&inst, cmd).await?, ignored).await;
            }
        },
    };
    reply_once(&inst, cmd, &format!("@{} {reply}", cmd.author), delivery).await?;
    Ok(Outcome::Answered)
}

/// Posts the reply to one command delivery at most once: a retried job finds
/// its earlier reply by the hidden marker instead of answering twice.
async fn reply_once(inst: &Installation<'_>, cmd: &CommandRequest, text: &str, delivery: &DeliveryId) -> anyhow::Result<()> {
    let marker = markers::reply(&delivery.0);
    if inst.issue_comments(&cmd.repo, cmd.pr).await?.iter().any(|c| c.body.contains(&marker)) {
        return Ok(());
    }
    inst.create_issue_comment(&cmd.repo, cmd.pr, &format!("{text}\n\n{marker}")).await?;
    Ok(())
}

/// What an ignore command silences, for the caller to record before running
/// it: `None` when it silences nothing (the command's reply says why).
pub async fn suppression(gh: &GitHub, ctx: &ReviewContext, cmd: &CommandRequest) -> anyhow::Result<Option<String>> {
    if !matches!(cmd.command, PrCommand::IgnoreFinding { .. } | PrCommand::IgnoreEverywhere(_)) {
        return Ok(None);
    }
    Ok(match target(gh, ctx, cmd).await? {
        Target::Key { key, .. } => Some(key),
        Target::Refused(_) => None,
    })
}

enum Target {
    /// The suppression key, and what it silences in words.
    Key { key: String, what: String },
    /// Nothing to silence; the reply says why.
    Refused(String),
}

async fn target(gh: &GitHub, ctx: &ReviewContext, cmd: &CommandRequest) -> anyhow::Result<Target> {
    let inst = gh.installation(cmd.installation);
    let head = current_head(&inst, cmd).await?.head_sha;
    let effective = match at_head(&inst, ctx, cmd, &head).await? {
        Ok(effective) => effective,
        Err(errors) => return Ok(Target::Refused(invalid_config(gh, cmd, &head, &errors))),
    };
    let (rule_id, thread) = match &cmd.command {
        PrCommand::IgnoreFinding { rule, thread } => (rule, Some(*thread)),
        PrCommand::IgnoreEverywhere(rule) => (rule, None),
        _ => return Ok(Target::Refused(String::new())),
    };
    if effective.rules.get(rule_id).is_none() && metric_rule(rule_id).is_none() {
        return Ok(Target::Refused(unknown_rule(&effective, rule_id)));
    }
    let Some(thread) = thread else {
        return Ok(Target::Key { key: rule_id.clone(), what: format!("Every finding of `{rule_id}` is ignored on this pull request from now on; its open comments are marked ignored") });
    };
    let comments = inst.review_comments(&cmd.repo, cmd.pr).await.context("reading the review comments")?;
    let Some(replied_to) = comments.iter().find(|c| c.id == thread) else {
        return Ok(Target::Refused("the review comment this reply is on is gone, so there is nothing to ignore.".into()));
    };
    // GitHub points every reply at the thread's first comment; follow one more step in case.
    let root = replied_to.in_reply_to.and_then(|id| comments.iter().find(|c| c.id == id)).unwrap_or(replied_to);
    let Some(fingerprint) = markers::open_fingerprint(&root.body).or_else(|| markers::fixed_fingerprint(&root.body)) else {
        return Ok(Target::Refused("this thread is not on a techlead finding; reply under techlead's comment about the finding to ignore.".into()));
    };
    match markers::rule_of(&root.body) {
        Some(found) if found == rule_id => Ok(Target::Key {
            key: finding_key(rule_id, fingerprint),
            what: format!(
                "This finding of `{rule_id}` in `{}` is ignored on this pull request from now on, and its comment is marked ignored; other findings of `{rule_id}` are still reported",
                root.path
            ),
        }),
        Some(found) => Ok(Target::Refused(format!("this thread is about `{found}`, not `{rule_id}`: write `@techlead ignore {found}` here to ignore this finding."))),
        None => Ok(Target::Refused("this thread is not on a techlead finding; reply under techlead's comment about the finding to ignore.".into())),
    }
}

async fn current_head(inst: &Installation<'_>, cmd: &CommandRequest) -> anyhow::Result<ReviewRequest> {
    let pull = inst.pull(&cmd.repo, cmd.pr).await.context("reading the pull request")?;
    Ok(ReviewRequest { installation: cmd.installation, repo: cmd.repo.clone(), pr: cmd.pr, head_sha: pull.head_sha, draft: pull.draft, trigger: "issue_comment.command".into() })
}

/// The config and rules the pull request is reviewed with at `head`, or the
/// errors of its invalid config: commands never fall back to the defaults.
async fn at_head(inst: &Installation<'_>, ctx: &ReviewContext, cmd: &CommandRequest, head: &CommitSha) -> anyhow::Result<Result<Effective, Vec<RuleFileError>>> {
    Ok(match repo_config::load(inst, ctx, &cmd.repo, head).await.context("reading the repository's config")? {
        Loaded::Ready(effective) => Ok(effective),
        Loaded::Invalid(errors) => Err(errors),
    })
}

fn invalid_config(gh: &GitHub, cmd: &CommandRequest, head: &CommitSha, errors: &[RuleFileError]) -> String {
    format!(
        "the techlead configuration at {} is invalid, so I cannot tell which rules this pull request is reviewed with (the built-in defaults are not used in its place). Fix it and push again:\n\n{}",
        head.short(),
        repo_config::error_list(&gh.web_url(), &cmd.repo, head, errors)
    )
}

fn explain(effective: &Effective, rule_id: &str) -> String {
    if let Some(rule) = effective.rules.get(rule_id) {
        let meta = &rule.meta;
        let mut text = format!("**`{}`** ({}, {})\n\n{}\n", rule.id, rule.language_name(), rule.severity, meta.note.as_deref().unwrap_or(&meta.message).trim());
        if let Some(url) = &meta.url {
            text.push_str(&format!("\n[More about this rule]({url})\n"));
        }
        return text;
    }
    let Some(metric) = metric_rule(rule_id) else {
        return match builtin_check(rule_id) {
            Some(check) => format!("**`{}`** (built-in check, {})\n\n{}\n", check.id, check.default_severity, describe_check(&check)),
            None => unknown_rule(effective, rule_id),
        };
    };
    let key = metric.threshold;
    let limit = effective.config.file.gate.thresholds.get(key).unwrap_or_default();
    format!(
        "**`{rule_id}`** (metric check of the quality gate)\n\nIt measures {}. A function this pull request adds, or makes worse, past `gate.thresholds.{key}` (here {limit}) is reported; code the pull request leaves alone never is. Tune it with `gate.thresholds.{key}`; `rules` and `paths.rules` select it like any rule (its tag is `metrics`).\n",
        metric.what
    )
}

fn unknown_rule(effective: &Effective, rule_id: &str) -> String {
    let checks = builtin_checks();
    let ids: Vec<&str> = effective.rules.rules.iter().map(|r| r.id.as_str()).chain(checks.iter().map(|c| c.id)).collect();
    match nearest(rule_id, &ids) {
        Some(near) => format!("there is no rule `{rule_id}`; did you mean `{near}`?"),
        None => format!("there is no rule `{rule_id}`; `techlead rules list` shows them all."),
    }
}
