//! `techlead review`: one review of one pull request with a token, for people
//! who cannot install the App (GitHub Actions). It posts the review and the
//! summary; check runs need an App, so they are skipped, and the summary says so.

use std::sync::Arc;

use anyhow::Context;
use clap::Args;

use super::{CliError, Level, RuleArgs, exit, load_rules, rule_sources};
use crate::event::ReviewRequest;
use crate::github::auth::Secret;
use crate::github::{Auth, GitHub, RetryPolicy};
use crate::ids::{InstallationId, PrNumber, RepoName};
use crate::review::{self, Outcome, ReviewContext, ReviewSettings};

#[derive(Args)]
pub struct ReviewArgs {
    /// A token that may write pull request reviews and comments (in Actions: `${{ github.token }}`).
    #[arg(long, env = "GITHUB_TOKEN", hide_env_values = true)]
    github_token: String,
    /// The repository, `owner/name`.
    #[arg(long, env = "GITHUB_REPOSITORY")]
    repo: String,
    /// The pull request number.
    #[arg(long)]
    pr: u64,
    /// GitHub's API; a GitHub Enterprise Server API URL also works.
    #[arg(long, env = "TECHLEAD_GITHUB_API_URL", default_value = "https://api.github.com")]
    github_api_url: String,
    /// Inline comments per review, unless the repository config says otherwise.
    #[arg(long, default_value_t = 25)]
    max_inline_comments: usize,
    /// Findings at or above this level fail the gate (and the command, with exit code 1).
    #[arg(long, value_enum, default_value_t = Level::Error)]
    fail_level: Level,
    #[command(flatten)]
    rules: RuleArgs,
}

pub fn run(args: ReviewArgs) -> Result<u8, CliError> {
    let repo = RepoName::parse(&args.repo).ok_or_else(|| anyhow::anyhow!("--repo must be owner/name, not `{}`", args.repo))?;
    let rules = load_rules(&args.rules)?;
    let ctx = ReviewContext {
        rules: Arc::new(rules),
        rule_sources: Arc::new(rule_sources(&args.rules)?),
        settings: ReviewSettings { max_inline_comments: args.max_inline_comments, fail_level: args.fail_level.into(), review_drafts: true, ..ReviewSettings::default() },
        config_cache: Default::default(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    let outcome = runtime.block_on(async {
        // The HTTP client needs the runtime, so it is built inside it.
        let gh = GitHub::new(&args.github_api_url, Auth::Token(Secret::new(args.github_token)), RetryPolicy::default())?;
        // The token works for any installation id: the App's are not used.
        let inst = gh.installation(InstallationId(0));
        let pull = inst.pull(&repo, PrNumber(args.pr)).await.context("reading the pull request")?;
        let request = ReviewRequest { installation: InstallationId(0), repo: repo.clone(), pr: PrNumber(args.pr), head_sha: pull.head_sha, draft: pull.draft, trigger: "cli.review".into() };
        review::review(&gh, &ctx, &request, &[]).await
    })?;
    eprintln!("note: check runs need a GitHub App; this review posted the summary and the inline comments only");
    match outcome {
        Outcome::Reviewed { new_comments, fixed, gate_failed } => {
            println!("reviewed {repo} #{}: {new_comments} new comment(s), {fixed} marked fixed, quality gate {}", args.pr, if gate_failed { "failed" } else { "passed" });
            Ok(if gate_failed { exit::FINDINGS } else { exit::CLEAN })
        }
        Outcome::ConfigError => {
            println!("the repository's techlead config is invalid; the errors are in a comment on the pull request");
            Ok(exit::ERROR)
        }
        other => {
            println!("not reviewed: {other:?}");
            Ok(exit::CLEAN)
        }
    }
}
