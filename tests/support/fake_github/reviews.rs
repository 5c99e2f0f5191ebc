//! Reviews, review comments and issue comments, including GitHub's check
//! that every review comment points at a line shown in the pull request diff.

use serde_json::{Value, json};

use super::diff::{PatchLine, Side};
use super::openapi::spec;
use super::routes::{Ctx, Reply, bot_user, page_reply};
use super::state::{PullState, RepoState, State};
use super::util::iso8601_now;

const REVIEW_DOCS: &str = "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request";
const COMMENT_DOCS: &str = "https://docs.github.com/rest/pulls/comments#create-a-review-comment-for-a-pull-request";

/// Where a review comment sits, once checked against the diff.
struct Anchor {
    path: String,
    line: Option<u32>,
    side: Option<&'static str>,
    start_line: Option<u32>,
    start_side: Option<&'static str>,
    position: Option<u32>,
    diff_hunk: String,
    subject_type: &'static str,
}

fn side_name(s: Side) -> &'static str {
    match s {
        Side::Left => "LEFT",
        Side::Right => "RIGHT",
    }
}

/// Checks a comment's anchor the way GitHub does: the file is part of the
/// PR, and `line` (and `start_line`) on their sides, or `position`, are lines
/// the diff shows; a range stays inside one hunk. The error says why.
fn resolve_anchor(pull: &PullState, c: &Value) -> Result<Anchor, String> {
    let path = c["path"].as_str().unwrap_or_default().to_string();
    if !pull.pr.files.iter().any(|f| f.filename == path) {
        return Err(format!("{path}: not a file of this pull request"));
    }
    if c["subject_type"] == "file" {
        return Ok(Anchor { path, line: None, side: None, start_line: None, start_side: None, position: None, diff_hunk: String::new(), subject_type: "file" });
    }
    let patch = pull.patches.get(&path).ok_or_else(|| format!("{path}: file has no patch, so no line can be commented"))?;
    let as_u32 = |v: &Value| v.as_u64().and_then(|n| u32::try_from(n).ok());
    let line_at = |p: Option<&PatchLine>, what: String| -> Result<PatchLine, String> { p.cloned().ok_or_else(|| format!("{path}: {what} is not part of the diff")) };
    let (end, side) = if let Some(line) = as_u32(&c["line"]) {
        let side = Side::parse(c["side"].as_str()).map_err(|e| format!("{path}: {e}"))?;
        (line_at(patch.find(side, line), format!("line {line} ({})", side_name(side)))?, side)
    } else if let Some(pos) = as_u32(&c["position"]) {
        let l = line_at(patch.at_position(pos), format!("position {pos}"))?;
        match (l.new, l.old) {
            (Some(_), _) => (l, Side::Right),
            (None, Some(_)) => (l, Side::Left),
            _ => return Err(format!("{path}: position {pos} is a hunk header")),
        }
    } else {
        return Err(format!("{path}: a comment needs `line` (with `side`) or `position`"));
    };
    let mut start = None;
    if let Some(start_line) = as_u32(&c["start_line"]) {
        let start_side = match c["start_side"].as_str() {
            Some(s) => Side::parse(Some(s)).map_err(|e| format!("{path}: start_{e}"))?,
            None => side,
        };
        let s = line_at(patch.find(start_side, start_line), format!("start_line {start_line} ({})", side_name(start_side)))?;
        if s.hunk != end.hunk {
            return Err(format!("{path}: start_line {start_line} must be part of the same hunk as the line"));
        }
        if s.position >= end.position {
            return Err(format!("{path}: start_line {start_line} must precede the end line"));
        }
        start = Some((start_line, start_side));
    }
    let line = match side {
        Side::Right => end.new,
        Side::Left => end.old,
    };
    Ok(Anchor {
        path,
        line,
        side: Some(side_name(side)),
        start_line: start.map(|s| s.0),
        start_side: start.map(|s| side_name(s.1)),
        position: Some(end.position),
        diff_hunk: patch.diff_hunk(&end),
        subject_type: "line",
    })
}

/// The facts of a new review comment other than its anchor.
struct NewComment<'a> {
    number: u64,
    id: u64,
    review_id: u64,
    commit_id: &'a str,
    body: &'a str,
}

/// A stored review comment in GitHub's `pull-request-review-comment` shape.
fn comment_json(base_url: &str, repo: &RepoState, c: &NewComment<'_>, a: &Anchor) -> Value {
    let NewComment { number, id, review_id, commit_id, body } = *c;
    let full = repo.full_name();
    let now = iso8601_now();
    let url = format!("{base_url}/repos/{full}/pulls/comments/{id}");
    let html = format!("https://github.com/{full}/pull/{number}#discussion_r{id}");
    let pr_url = format!("{base_url}/repos/{full}/pulls/{number}");
    let mut v = spec().example("pulls/update-review-comment", "200", None);
    v["url"] = json!(url);
    v["id"] = json!(id);
    v["node_id"] = json!(format!("PRRC_fake{id}"));
    v["pull_request_review_id"] = json!(review_id);
    v["diff_hunk"] = json!(a.diff_hunk);
    v["path"] = json!(a.path);
    v["position"] = json!(a.position);
    v["original_position"] = json!(a.position);
    v["commit_id"] = json!(commit_id);
    v["original_commit_id"] = json!(commit_id);
    v["user"] = bot_user();
    v["body"] = json!(body);
    v["created_at"] = json!(now);
    v["updated_at"] = json!(now);
    v["html_url"] = json!(html);
    v["pull_request_url"] = json!(pr_url);
    v["author_association"] = json!("NONE");
    v["_links"] = json!({ "self": { "href": url }, "html": { "href": html }, "pull_request": { "href": pr_url } });
    v["start_line"] = json!(a.start_line);
    v["original_start_line"] = json!(a.start_line);
    v["start_side"] = json!(a.start_side);
    v["line"] = json!(a.line);
    v["original_line"] = json!(a.line);
    v["side"] = json!(a.side);
    v["subject_type"] = json!(a.subject_type);
    v.as_object_mut().expect("object").remove("in_reply_to_id");
    v
}

/// The repository and pull request of the path, both needed mutably.
fn pull_mut<'a>(st: &'a mut State, ctx: &Ctx<'_>) -> Option<(&'a mut RepoState, u64)> {
    let number = ctx.number("pull_number");
    let repo = st.repo_mut(ctx.param("owner"), ctx.param("repo"))?;
    repo.pulls.contains_key(&number).then_some((repo, number))
}

pub fn create_review(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let base_url = st.base_url.clone();
    let review_id = st.next_id();
    let body = ctx.body.clone().unwrap_or_else(|| json!({}));
    let Some(repo) = st.repo(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let number = ctx.number("pull_number");
    let Some(pull) = repo.pulls.get(&number) else {
        return Reply::not_found();
    };
    let reject = |errors: Vec<String>, why: String| {
        let body = json!({ "message": "Unprocessable Entity", "errors": errors, "documentation_url": REVIEW_DOCS, "status": "422" });
        Reply::rejected(body, why)
    };
    let commit_id = body["commit_id"].as_str().unwrap_or(&pull.pr.head_sha).to_string();
    if !pull.heads.contains(&commit_id) {
        return reject(vec!["Commit is not part of the pull request".into()], format!("review commit_id {commit_id} is not a head of the PR"));
    }
    let event = body["event"].as_str();
    let comments = body["comments"].as_array().cloned().unwrap_or_default();
    let text = body["body"].as_str().unwrap_or_default();
    if matches!(event, Some("REQUEST_CHANGES" | "COMMENT")) && text.is_empty() && comments.is_empty() {
        return reject(vec!["Review body is required".into()], format!("{} review without body or comments", event.unwrap_or_default()));
    }
    let mut anchors = Vec::new();
    let mut problems = Vec::new();
    for (i, c) in comments.iter().enumerate() {
        match resolve_anchor(pull, c) {
            Ok(a) => anchors.push((a, c["body"].as_str().unwrap_or_default().to_string())),
            Err(e) => problems.push(format!("comments[{i}]: {e}")),
        }
    }
    if !problems.is_empty() {
        let errors = vec!["Line could not be resolved".to_string(); problems.len()];
        return reject(errors, format!("review rejected by GitHub: {}", problems.join("; ")));
    }
    let state = match event {
        Some("APPROVE") => "APPROVED",
        Some("REQUEST_CHANGES") => "CHANGES_REQUESTED",
        Some("COMMENT") => "COMMENTED",
        _ => "PENDING",
    };
    let full = repo.full_name();
    let html = format!("https://github.com/{full}/pull/{number}#pullrequestreview-{review_id}");
    let pr_url = format!("{base_url}/repos/{full}/pulls/{number}");
    let mut review = spec().example("pulls/create-review", "200", None);
    review["id"] = json!(review_id);
    review["node_id"] = json!(format!("PRR_fake{review_id}"));
    review["user"] = bot_user();
    review["body"] = json!(text);
    review["state"] = json!(state);
    review["html_url"] = json!(html);
    review["pull_request_url"] = json!(pr_url);
    review["_links"] = json!({ "html": { "href": html }, "pull_request": { "href": pr_url } });
    review["commit_id"] = json!(commit_id);
    if state == "PENDING" {
        review.as_object_mut().expect("object").remove("submitted_at");
    } else {
        review["submitted_at"] = json!(iso8601_now());
    }
    let ids: Vec<u64> = anchors.iter().map(|_| st.next_id()).collect();
    let repo = st.repo_mut(ctx.param("owner"), ctx.param("repo")).expect("looked up above");
    for ((anchor, text), id) in anchors.iter().zip(ids) {
        let new = NewComment { number, id, review_id, commit_id: &commit_id, body: text };
        let c = comment_json(&base_url, repo, &new, anchor);
        repo.review_comments.push((number, c));
    }
    repo.pulls.get_mut(&number).expect("looked up above").reviews.push(review.clone());
    Reply::json(200, review)
}

pub fn list_reviews(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let items = pull_mut(st, ctx).map(|(r, n)| r.pulls[&n].reviews.clone());
    match items {
        Some(items) => page_reply(st, ctx, items),
        None => Reply::not_found(),
    }
}

pub fn list_review_comments(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let items = pull_mut(st, ctx).map(|(r, n)| r.review_comments_of(n));
    match items {
        Some(items) => page_reply(st, ctx, items),
        None => Reply::not_found(),
    }
}

/// A single review comment: a reply (`in_reply_to`) copies its parent's
/// anchor, anything else is checked against the diff like a review's comments.
pub fn create_review_comment(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let base_url = st.base_url.clone();
    let id = st.next_id();
    let body = ctx.body.clone().unwrap_or_else(|| json!({}));
    let Some((repo, number)) = pull_mut(st, ctx) else {
        return Reply::not_found();
    };
    let reject = |field: &str, why: String| {
        let body = json!({
            "message": "Validation Failed",
            "errors": [{ "resource": "PullRequestReviewComment", "code": "custom", "field": field, "message": why }],
            "documentation_url": COMMENT_DOCS,
            "status": "422",
        });
        Reply::rejected(body, format!("review comment rejected by GitHub: {why}"))
    };
    let text = body["body"].as_str().unwrap_or_default();
    let commit_id = body["commit_id"].as_str().unwrap_or_default().to_string();
    let comment = if let Some(parent_id) = body["in_reply_to"].as_u64() {
        let Some(parent) = repo.review_comments.iter().find(|(n, c)| *n == number && c["id"] == parent_id) else {
            return reject("in_reply_to", format!("in_reply_to {parent_id} is not a review comment of this PR"));
        };
        let mut c = parent.1.clone();
        let now = iso8601_now();
        c["id"] = json!(id);
        c["node_id"] = json!(format!("PRRC_fake{id}"));
        c["in_reply_to_id"] = json!(parent_id);
        c["body"] = json!(text);
        c["user"] = bot_user();
        c["created_at"] = json!(now);
        c["updated_at"] = json!(now);
        c["url"] = json!(format!("{base_url}/repos/{}/pulls/comments/{id}", repo.full_name()));
        c
    } else {
        let pull = &repo.pulls[&number];
        if !pull.heads.contains(&commit_id) {
            return reject("commit_id", format!("commit_id {commit_id} is not a head of the PR"));
        }
        match resolve_anchor(pull, &body) {
            Ok(a) => {
                let new = NewComment { number, id, review_id: id, commit_id: &commit_id, body: text };
                comment_json(&base_url, repo, &new, &a)
            }
            Err(e) => return reject("pull_request_review_thread.line", e),
        }
    };
    repo.review_comments.push((number, comment.clone()));
    Reply::json(201, comment)
}

pub fn update_review_comment(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let id = ctx.number("comment_id");
    let text = ctx.body_str("body").unwrap_or_default().to_string();
    let Some(repo) = st.repo_mut(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    match repo.review_comments.iter_mut().find(|(_, c)| c["id"] == id) {
        Some((_, c)) => {
            c["body"] = json!(text);
            c["updated_at"] = json!(iso8601_now());
            Reply::json(200, c.clone())
        }
        None => Reply::not_found(),
    }
}

pub fn delete_review_comment(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let id = ctx.number("comment_id");
    let Some(repo) = st.repo_mut(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let before = repo.review_comments.len();
    repo.review_comments.retain(|(_, c)| c["id"] != id);
    if repo.review_comments.len() == before {
        return Reply::not_found();
    }
    Reply { status: 204, headers: Vec::new(), body: None, violation: None }
}

pub fn list_issue_comments(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let number = ctx.number("issue_number");
    let items = st.repo(ctx.param("owner"), ctx.param("repo")).filter(|r| r.pulls.contains_key(&number)).map(|r| r.issue_comments_of(number));
    match items {
        Some(items) => page_reply(st, ctx, items),
        None => Reply::not_found(),
    }
}

/// Issue comments exist only on the fake's pull requests (every PR is an issue).
pub fn create_issue_comment(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let base_url = st.base_url.clone();
    let id = st.next_id();
    let number = ctx.number("issue_number");
    let Some(repo) = st.repo_mut(ctx.param("owner"), ctx.param("repo")).filter(|r| r.pulls.contains_key(&number)) else {
        return Reply::not_found();
    };
    let full = repo.full_name();
    let now = iso8601_now();
    let mut v = spec().example("issues/create-comment", "201", None);
    v["id"] = json!(id);
    v["node_id"] = json!(format!("IC_fake{id}"));
    v["url"] = json!(format!("{base_url}/repos/{full}/issues/comments/{id}"));
    v["html_url"] = json!(format!("https://github.com/{full}/pull/{number}#issuecomment-{id}"));
    v["issue_url"] = json!(format!("{base_url}/repos/{full}/issues/{number}"));
    v["body"] = json!(ctx.body_str("body").unwrap_or_default());
    v["user"] = bot_user();
    v["created_at"] = json!(now);
    v["updated_at"] = json!(now);
    v["author_association"] = json!("NONE");
    repo.issue_comments.push((number, v.clone()));
    Reply::json(201, v)
}

pub fn update_issue_comment(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let id = ctx.number("comment_id");
    let text = ctx.body_str("body").unwrap_or_default().to_string();
    let Some(repo) = st.repo_mut(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    match repo.issue_comments.iter_mut().find(|(_, c)| c["id"] == id) {
        Some((_, c)) => {
            c["body"] = json!(text);
            c["updated_at"] = json!(iso8601_now());
            Reply::json(200, c.clone())
        }
        None => Reply::not_found(),
    }
}
