//! GitHub webhook JSON → [`Event`]. The only place that knows webhook shapes.

use serde::Deserialize;

use crate::event::{CommandRequest, Event, PrCommand, ReviewRequest, WorkflowRunRequest};
use crate::ids::{CommitSha, InstallationId, PrNumber, RepoName};

/// A payload we should understand but cannot: answered 400.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PayloadError {
    #[error("malformed JSON: {0}")]
    Json(String),
    #[error("missing or invalid field: {0}")]
    Field(String),
}

#[derive(Deserialize)]
struct Installation {
    id: u64,
}

#[derive(Deserialize)]
struct Repository {
    full_name: String,
}

#[derive(Deserialize)]
struct Head {
    sha: String,
}

#[derive(Deserialize)]
struct PullRequest {
    number: u64,
    head: Head,
    #[serde(default)]
    draft: bool,
}

#[derive(Deserialize)]
struct PullRequestEvent {
    action: String,
    installation: Option<Installation>,
    repository: Repository,
    pull_request: PullRequest,
}

#[derive(Deserialize)]
struct PrRef {
    number: u64,
}

#[derive(Deserialize)]
struct Suite {
    head_sha: String,
    #[serde(default)]
    pull_requests: Vec<PrRef>,
}

#[derive(Deserialize)]
struct CheckSuiteEvent {
    action: String,
    installation: Option<Installation>,
    repository: Repository,
    check_suite: Suite,
}

#[derive(Deserialize)]
struct CheckRunEvent {
    action: String,
    installation: Option<Installation>,
    repository: Repository,
    check_run: Suite,
}

#[derive(Deserialize)]
struct RepoRef {
    full_name: String,
}

#[derive(Deserialize)]
struct InstallationEvent {
    action: String,
    installation: Installation,
    #[serde(default)]
    repositories: Vec<RepoRef>,
    #[serde(default)]
    repositories_added: Vec<RepoRef>,
    #[serde(default)]
    repositories_removed: Vec<RepoRef>,
}

/// Translates one delivery. `event` is the `X-GitHub-Event` header.
pub fn parse(event: &str, body: &[u8]) -> Result<Event, PayloadError> {
    match event {
        "ping" => {
            serde_json::from_slice::<serde_json::Value>(body).map_err(|e| PayloadError::Json(e.to_string()))?;
            Ok(Event::Ping)
        }
        "pull_request" => pull_request(decode(body)?),
        "check_suite" => {
            let e: CheckSuiteEvent = decode(body)?;
            rerun(&e.action, &["requested", "rerequested"], e.installation, e.repository, e.check_suite, "check_suite")
        }
        "check_run" => {
            let e: CheckRunEvent = decode(body)?;
            rerun(&e.action, &["rerequested"], e.installation, e.repository, e.check_run, "check_run")
        }
        "issue_comment" => issue_comment(decode(body)?),
        "workflow_run" => workflow_run(decode(body)?),
        // Jobs are parts of a run; the run's own `completed` event is the one acted on.
        "workflow_job" => {
            let e: ActionOnly = decode(body)?;
            Ok(Event::Ignored(format!("workflow_job.{} is not acted on (workflow_run.completed is)", e.action)))
        }
        "pull_request_review_comment" => review_comment(decode(body)?),
        "installation" | "installation_repositories" => {
            let e: InstallationEvent = decode(body)?;
            let repositories = e.repositories.iter().chain(&e.repositories_added).chain(&e.repositories_removed).filter_map(|r| RepoName::parse(&r.full_name)).collect();
            Ok(Event::Installation { installation: InstallationId(e.installation.id), action: format!("{event}.{}", e.action), repositories })
        }
        other => Ok(Event::Ignored(format!("event `{other}` is not handled"))),
    }
}

#[derive(Deserialize)]
struct CommentUser {
    login: String,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Deserialize)]
struct Comment {
    #[serde(default)]
    body: String,
    user: CommentUser,
    #[serde(default)]
    author_association: String,
    /// In a review thread: the thread's first comment.
    #[serde(default)]
    in_reply_to_id: Option<u64>,
}

#[derive(Deserialize)]
struct Issue {
    number: u64,
    /// Present only when the issue is a pull request.
    pull_request: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct IssueCommentEvent {
    action: String,
    installation: Option<Installation>,
    repository: Repository,
    issue: Issue,
    comment: Comment,
}

/// The `author_association` values trusted with commands. `MEMBER` is any
/// member of the organisation that owns the repository, whatever their
/// permission on it: the GitHub API techlead may call has no endpoint for a
/// user's permission, so this is the documented limit (docs/configuration.md).
const WRITERS: [&str; 3] = ["OWNER", "MEMBER", "COLLABORATOR"];

fn issue_comment(e: IssueCommentEvent) -> Result<Event, PayloadError> {
    if e.action != "created" {
        return Ok(Event::Ignored(format!("issue_comment.{} is not a command", e.action)));
    }
    let Some(command) = PrCommand::parse(&e.comment.body) else {
        return Ok(Event::Ignored("comment holds no @techlead command".into()));
    };
    if e.issue.pull_request.is_none() {
        return Ok(Event::Ignored("commands work on pull requests only".into()));
    }
    if e.comment.user.kind == "Bot" {
        return Ok(Event::Ignored("comments by bots are not commands".into()));
    }
    if !WRITERS.contains(&e.comment.author_association.as_str()) {
        return Ok(Event::Ignored(format!("{} has no write access ({}); command ignored", e.comment.user.login, e.comment.author_association)));
    }
    Ok(Event::Command(CommandRequest {
        installation: installation(e.installation)?,
        repo: repo(&e.repository)?,
        pr: PrNumber(e.issue.number),
        author: e.comment.user.login,
        command: command.in_thread(e.comment.in_reply_to_id),
    }))
}

#[derive(Deserialize)]
struct PullRef {
    number: u64,
}

#[derive(Deserialize)]
struct ReviewCommentEvent {
    action: String,
    installation: Option<Installation>,
    repository: Repository,
    pull_request: PullRef,
    comment: Comment,
}

/// A reply in a review comment's thread, e.g. `@techlead ignore RULE_ID`
/// under techlead's own comment.
fn review_comment(e: ReviewCommentEvent) -> Result<Event, PayloadError> {
    let as_issue_comment = IssueCommentEvent {
        action: e.action,
        installation: e.installation,
        repository: e.repository,
        issue: Issue { number: e.pull_request.number, pull_request: Some(serde_json::Value::Bool(true)) },
        comment: e.comment,
    };
    issue_comment(as_issue_comment)
}

#[derive(Deserialize)]
struct ActionOnly {
    action: String,
}

#[derive(Deserialize)]
struct Workflow {
    #[serde(default)]
    name: String,
    #[serde(default)]
    path: String,
}

#[derive(Deserialize)]
struct WorkflowRun {
    id: u64,
    head_sha: String,
    #[serde(default)]
    conclusion: Option<String>,
    #[serde(default)]
    pull_requests: Vec<PrRef>,
}

#[derive(Deserialize)]
struct WorkflowRunEvent {
    action: String,
    installation: Option<Installation>,
    repository: Repository,
    workflow: Workflow,
    workflow_run: WorkflowRun,
}

/// A finished workflow run on a pull request's head: where coverage comes from.
fn workflow_run(e: WorkflowRunEvent) -> Result<Event, PayloadError> {
    if e.action != "completed" {
        return Ok(Event::Ignored(format!("workflow_run.{} is not finished", e.action)));
    }
    // As for check suites: GitHub lists the run's pull requests in the same
    // repository; a run of a branch without one has no review to complete.
    let Some(pr) = e.workflow_run.pull_requests.first() else {
        return Ok(Event::Ignored(format!("workflow_run.completed for {} names no pull request", e.workflow_run.head_sha)));
    };
    Ok(Event::WorkflowRun(WorkflowRunRequest {
        installation: installation(e.installation)?,
        repo: repo(&e.repository)?,
        pr: PrNumber(pr.number),
        head_sha: CommitSha(e.workflow_run.head_sha),
        run_id: e.workflow_run.id,
        workflow_name: e.workflow.name,
        workflow_path: e.workflow.path,
        conclusion: e.workflow_run.conclusion.unwrap_or_default(),
    }))
}

fn decode<'a, T: Deserialize<'a>>(body: &'a [u8]) -> Result<T, PayloadError> {
    serde_json::from_slice(body).map_err(|e| if e.is_data() { PayloadError::Field(e.to_string()) } else { PayloadError::Json(e.to_string()) })
}

fn repo(repository: &Repository) -> Result<RepoName, PayloadError> {
    RepoName::parse(&repository.full_name).ok_or_else(|| PayloadError::Field(format!("repository.full_name `{}`", repository.full_name)))
}

fn installation(installation: Option<Installation>) -> Result<InstallationId, PayloadError> {
    installation.map(|i| InstallationId(i.id)).ok_or_else(|| PayloadError::Field("installation (is the webhook set on the App?)".into()))
}

const REVIEW_ACTIONS: [&str; 4] = ["opened", "synchronize", "reopened", "ready_for_review"];

fn pull_request(e: PullRequestEvent) -> Result<Event, PayloadError> {
    if !REVIEW_ACTIONS.contains(&e.action.as_str()) {
        return Ok(Event::Ignored(format!("pull_request.{} does not change the code", e.action)));
    }
    Ok(Event::Review(ReviewRequest {
        installation: installation(e.installation)?,
        repo: repo(&e.repository)?,
        pr: PrNumber(e.pull_request.number),
        head_sha: CommitSha(e.pull_request.head.sha),
        draft: e.pull_request.draft,
        trigger: format!("pull_request.{}", e.action),
    }))
}

fn rerun(action: &str, wanted: &[&str], inst: Option<Installation>, repository: Repository, suite: Suite, event: &str) -> Result<Event, PayloadError> {
    if !wanted.contains(&action) {
        return Ok(Event::Ignored(format!("{event}.{action} is not a review request")));
    }
    // GitHub lists the pull requests of the head in the same repository; a head
    // with none (a branch without a PR, or a fork) has nothing to review.
    let Some(pr) = suite.pull_requests.first() else {
        return Ok(Event::Ignored(format!("{event}.{action} for {} names no pull request", suite.head_sha)));
    };
    Ok(Event::Review(ReviewRequest {
        installation: installation(inst)?,
        repo: repo(&repository)?,
        pr: PrNumber(pr.number),
        head_sha: CommitSha(suite.head_sha),
        // A re-run is an explicit request: the draft state is checked when the review runs.
        draft: false,
        trigger: format!("{event}.{action}"),
    }))
}
