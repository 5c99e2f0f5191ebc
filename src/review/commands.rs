//! `@techlead` commands from pull request comments: review again, explain a
//! rule, ignore a rule on this pull request.

use anyhow::Context;

use super::repo_config::{self, Loaded};
use super::{Outcome, ReviewContext, review};
use crate::analysis::rules::RuleSet;
use crate::config::error::nearest;
use crate::event::{CommandRequest, PrCommand, ReviewRequest};
use crate::github::GitHub;
use crate::github::api::Installation;

/// Runs one command. `ignored` are the rules already silenced on this pull
/// request (the caller recorded an `ignore` before calling).
pub async fn run(gh: &GitHub, ctx: &ReviewContext, cmd: &CommandRequest, ignored: &[(String, String)]) -> anyhow::Result<Outcome> {
    let inst = gh.installation(cmd.installation);
    match &cmd.command {
        PrCommand::Review => review(gh, ctx, &current_head(&inst, cmd).await?, ignored).await,
        PrCommand::Explain(rule_id) => {
            let rules = rules_at_head(&inst, ctx, cmd).await?;
            let reply = match rules.get(rule_id) {
                Some(rule) => {
                    let meta = &rule.meta;
                    let mut text = format!("**`{}`** ({}, {})\n\n{}\n", rule.id, rule.language_name(), rule.severity, meta.note.as_deref().unwrap_or(&meta.message).trim());
                    if let Some(url) = &meta.url {
                        text.push_str(&format!("\n[More about this rule]({url})\n"));
                    }
                    text
                }
                None => unknown_rule(&rules, rule_id),
            };
            inst.create_issue_comment(&cmd.repo, cmd.pr, &format!("@{} {reply}", cmd.author)).await?;
            Ok(Outcome::Answered)
        }
        PrCommand::Ignore(rule_id) => {
            if !ignored.iter().any(|(id, _)| id == rule_id) {
                let rules = rules_at_head(&inst, ctx, cmd).await?;
                inst.create_issue_comment(&cmd.repo, cmd.pr, &format!("@{} {}", cmd.author, unknown_rule(&rules, rule_id))).await?;
                return Ok(Outcome::Answered);
            }
            let reply = format!("🔕 `{rule_id}` is ignored on this pull request from now on, as @{} asked. Its open comments are marked ignored.", cmd.author);
            inst.create_issue_comment(&cmd.repo, cmd.pr, &reply).await?;
            review(gh, ctx, &current_head(&inst, cmd).await?, ignored).await
        }
    }
}

/// Whether `rule_id` names a rule this pull request is reviewed with.
pub async fn rule_exists(gh: &GitHub, ctx: &ReviewContext, cmd: &CommandRequest, rule_id: &str) -> anyhow::Result<bool> {
    let inst = gh.installation(cmd.installation);
    Ok(rules_at_head(&inst, ctx, cmd).await?.get(rule_id).is_some())
}

async fn current_head(inst: &Installation<'_>, cmd: &CommandRequest) -> anyhow::Result<ReviewRequest> {
    let pull = inst.pull(&cmd.repo, cmd.pr).await.context("reading the pull request")?;
    Ok(ReviewRequest { installation: cmd.installation, repo: cmd.repo.clone(), pr: cmd.pr, head_sha: pull.head_sha, draft: pull.draft, trigger: "issue_comment.command".into() })
}

/// The rules the pull request is reviewed with, the repository's own included.
async fn rules_at_head(inst: &Installation<'_>, ctx: &ReviewContext, cmd: &CommandRequest) -> anyhow::Result<std::sync::Arc<RuleSet>> {
    let head = current_head(inst, cmd).await?.head_sha;
    Ok(match repo_config::load(inst, ctx, &cmd.repo, &head).await? {
        Loaded::Ready(effective) => effective.rules,
        Loaded::Invalid(_) => ctx.rules.clone(),
    })
}

fn unknown_rule(rules: &RuleSet, rule_id: &str) -> String {
    let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    match nearest(rule_id, &ids) {
        Some(near) => format!("there is no rule `{rule_id}`; did you mean `{near}`?"),
        None => format!("there is no rule `{rule_id}`; `techlead rules list` shows them all."),
    }
}
