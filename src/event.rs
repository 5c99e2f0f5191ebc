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
    /// Stop reporting the rule on this pull request.
    Ignore(String),
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
                ("ignore", Some(rule)) => Some(PrCommand::Ignore(rule.trim_matches('`').to_string())),
                _ => None,
            }
        })
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
        assert_eq!(PrCommand::parse("@techlead explain"), None);
        assert_eq!(PrCommand::parse("ask @techlead review later"), None);
    }
}
