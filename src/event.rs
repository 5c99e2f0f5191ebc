//! techlead's own event vocabulary. GitHub's webhook JSON is translated into
//! these at the edge (`github::webhook`); nothing past the webhook handler sees
//! GitHub's shapes.

use serde::{Deserialize, Serialize};

use crate::ids::{CommitSha, InstallationId, PrNumber, RepoName};

/// What a webhook delivery means to us.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Review this head commit of this pull request.
    Review(ReviewRequest),
    /// A command in a pull request comment, from a user with write access.
    Command(CommandRequest),
    /// The App was installed, removed, suspended, or its repositories changed.
    Installation { installation: InstallationId, action: String, repositories: Vec<RepoName> },
    /// A workflow run finished on a pull request's head: its artifacts may
    /// hold the coverage report the repository config names.
    WorkflowRun(WorkflowRunRequest),
    /// GitHub checking that the webhook works.
    Ping,
    /// A delivery we do not act on, and why.
    Ignored(String),
}

/// One review to run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRequest {
    pub installation: InstallationId,
    pub repo: RepoName,
    pub pr: PrNumber,
    pub head_sha: CommitSha,
    /// The pull request is a draft; skipped unless the repository asks for drafts.
    pub draft: bool,
    /// What caused it, e.g. `pull_request.opened`, for logs.
    pub trigger: String,
}

/// A completed workflow run of a pull request's head commit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowRunRequest {
    pub installation: InstallationId,
    pub repo: RepoName,
    pub pr: PrNumber,
    /// The commit the workflow ran on (the review of this head gets the coverage).
    pub head_sha: CommitSha,
    /// The run's id, for its artifacts.
    pub run_id: u64,
    /// The workflow's name and file (`ci`, `.github/workflows/ci.yml`): the
    /// repository config's `coverage.workflow` names one of them.
    pub workflow_name: String,
    pub workflow_path: String,
    /// `success`, `failure`, ...: a failed run may still have uploaded coverage.
    pub conclusion: String,
}

impl WorkflowRunRequest {
    /// Whether `wanted` (the config's `coverage.workflow`) names this run's
    /// workflow: its name, its file name with or without `.yml`, or its path.
    pub fn is_workflow(&self, wanted: &str) -> bool {
        workflow_matches(wanted, &self.workflow_name, &self.workflow_path)
    }
}

/// Whether `wanted` (a config's `coverage.workflow`) names a workflow: its
/// name, its file name with or without `.yml`, or its path.
pub fn workflow_matches(wanted: &str, name: &str, path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.trim_end_matches(".yml").trim_end_matches(".yaml");
    [name, path, file, stem].contains(&wanted)
}

/// `@techlead ...` in a pull request comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandRequest {
    pub installation: InstallationId,
    pub repo: RepoName,
    pub pr: PrNumber,
    /// Who asked, for the reply and the record.
    pub author: String,
    pub command: PrCommand,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrCommand {
    /// Review the current head again.
    Review,
    /// Reply with the rule's note.
    Explain(String),
    /// `@techlead ignore RULE_ID` outside a review thread: it names no
    /// finding, so it is answered with how to use it.
    Ignore(String),
    /// `@techlead ignore RULE_ID` in the review thread whose first comment is
    /// `thread`: stop reporting that comment's finding on this pull request.
    IgnoreFinding { rule: String, thread: u64 },
    /// `@techlead ignore RULE_ID everywhere`: stop reporting the rule on this pull request.
    IgnoreEverywhere(String),
}

impl PrCommand {
    /// Finds the first `@techlead <command>` line in a comment.
    pub fn parse(body: &str) -> Option<PrCommand> {
        body.lines().find_map(|line| {
            let rest = line.trim().strip_prefix("@techlead")?;
            let mut words = rest.split_whitespace();
            match (words.next()?, words.next()) {
                ("review", _) => Some(PrCommand::Review),
                ("explain", Some(rule)) => Some(PrCommand::Explain(rule.trim_matches('`').to_string())),
                ("ignore", Some(rule)) => {
                    let rule = rule.trim_matches('`').to_string();
                    Some(if words.next() == Some("everywhere") { PrCommand::IgnoreEverywhere(rule) } else { PrCommand::Ignore(rule) })
                }
                _ => None,
            }
        })
    }

    /// The command as written in a review thread (`in_reply_to`: the thread's
    /// first comment), where `ignore` names that comment's finding.
    pub fn in_thread(self, in_reply_to: Option<u64>) -> PrCommand {
        match (self, in_reply_to) {
            (PrCommand::Ignore(rule), Some(thread)) => PrCommand::IgnoreFinding { rule, thread },
            (command, _) => command,
        }
    }
}

/// What a queued job does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobPayload {
    Review(ReviewRequest),
    Command(CommandRequest),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_found_in_comments() {
        assert_eq!(PrCommand::parse("thanks!\n@techlead review"), Some(PrCommand::Review));
        assert_eq!(PrCommand::parse("@techlead explain `python-eval-used`"), Some(PrCommand::Explain("python-eval-used".into())));
        assert_eq!(PrCommand::parse("  @techlead ignore js-var please"), Some(PrCommand::Ignore("js-var".into())));
        assert_eq!(PrCommand::parse("@techlead ignore js-var everywhere"), Some(PrCommand::IgnoreEverywhere("js-var".into())));
        assert_eq!(PrCommand::Ignore("js-var".into()).in_thread(Some(7)), PrCommand::IgnoreFinding { rule: "js-var".into(), thread: 7 });
        assert_eq!(PrCommand::IgnoreEverywhere("js-var".into()).in_thread(Some(7)), PrCommand::IgnoreEverywhere("js-var".into()));
        assert_eq!(PrCommand::parse("@techlead explain"), None);
        assert_eq!(PrCommand::parse("ask @techlead review later"), None);
    }
}
