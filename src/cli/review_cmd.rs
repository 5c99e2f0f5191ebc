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
    #[arg(long, env = "GITHUB_TOKEN", hide_env_values = true, required_unless_present = "local")]
    github_token: Option<String>,
    /// The repository, `owner/name`.
    #[arg(long, env = "GITHUB_REPOSITORY", required_unless_present = "local")]
    repo: Option<String>,
    /// The pull request number.
    #[arg(long, required_unless_present = "local", conflicts_with = "local")]
    pr: Option<u64>,
    /// Review the current branch of the local git repository instead, as the App would review it as a pull request; nothing is posted.
    #[arg(long)]
    local: bool,
    /// With --local: the branch, tag or commit the branch would merge into (default: its upstream, else `main`, else `master`).
    #[arg(long, value_name = "REV", requires = "local")]
    base: Option<String>,
    /// With --local: write the review as a page (the summary, the diff with its comments, the check run) instead of printing it.
    #[arg(long, value_name = "FILE", requires = "local")]
    html: Option<std::path::PathBuf>,
    /// GitHub's API; a GitHub Enterprise Server API URL also works.
    #[arg(long, env = "TECHLEAD_GITHUB_API_URL", default_value = "https://api.github.com")]
    github_api_url: String,
    /// Inline comments per review, unless the repository config says otherwise.
    #[arg(long, default_value_t = 25)]
    max_inline_comments: usize,
    /// Findings at or above this level fail the gate (and the command, with exit code 1).
    #[arg(long, value_enum, default_value_t = Level::Error)]
    fail_level: Level,
    /// A directory of OSV advisories that dependency changes are checked against.
    #[arg(long, env = "TECHLEAD_ADVISORIES", value_name = "DIR")]
    advisories: Option<std::path::PathBuf>,
    /// A coverage report of the pull request's head (lcov, Cobertura, JaCoCo,
    /// Go coverprofile, coverage.py JSON); repeatable: coverage on new code.
    #[arg(long = "coverage", value_name = "FILE")]
    coverage: Vec<std::path::PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
}

pub fn run(args: ReviewArgs) -> Result<u8, CliError> {
    if args.local {
        return super::local_review::run(args.base.as_deref(), args.html, &args.rules);
    }
    let (Some(github_token), Some(full_name), Some(pr)) = (args.github_token, args.repo, args.pr) else {
        return Err(anyhow::anyhow!("--github-token, --repo and --pr are needed to review a pull request on GitHub (or --local to review the current branch)").into());
    };
    let repo = RepoName::parse(&full_name).ok_or_else(|| anyhow::anyhow!("--repo must be owner/name, not `{full_name}`"))?;
    let rules = load_rules(&args.rules)?;
    let ctx = ReviewContext {
        rules: Arc::new(rules),
        rule_sources: Arc::new(rule_sources(&args.rules)?),
        settings: ReviewSettings {
            max_inline_comments: args.max_inline_comments,
            fail_level: args.fail_level.into(),
            review_drafts: true,
            advisories: args.advisories.clone().map(|dir| Arc::new(crate::analysis::deps::osv::AdvisorySource::new(dir))),
            coverage: if args.coverage.is_empty() { None } else { Some(Arc::new(super::scan::read_coverage_reports(&args.coverage)?)) },
            ..ReviewSettings::default()
        },
        config_cache: Default::default(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    let outcome = runtime.block_on(async {
        // The HTTP client needs the runtime, so it is built inside it.
        let gh = GitHub::new(&args.github_api_url, Auth::Token(Secret::new(github_token)), RetryPolicy::default())?;
        // The token works for any installation id: the App's are not used.
        let inst = gh.installation(InstallationId(0));
        let pull = inst.pull(&repo, PrNumber(pr)).await.context("reading the pull request")?;
        let request = ReviewRequest { installation: InstallationId(0), repo: repo.clone(), pr: PrNumber(pr), head_sha: pull.head_sha, draft: pull.draft, trigger: "cli.review".into() };
        review::review(&gh, &ctx, &request, &[]).await
    })?;
    eprintln!("note: check runs need a GitHub App; this review posted the summary and the inline comments only");
    match outcome {
        Outcome::Reviewed { new_comments, fixed, gate_failed, .. } => {
            println!("reviewed {repo} #{pr}: {new_comments} new comment(s), {fixed} marked fixed, quality gate {}", if gate_failed { "failed" } else { "passed" });
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
