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
