//! Handlers for the documented operations, keyed by `operationId`. Bodies
//! start from the description's response example and take their facts from
//! the state, so clients see GitHub's shapes with the test's data.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};

use super::openapi::spec;
use super::state::{PullState, RepoState, State};
use super::util::{base64_github, blob_sha, iso8601_in, percent_encode};
use super::{FakeFile, actions, checks, reviews};

/// GitHub stops listing a pull request's files after this many.
pub const MAX_PR_FILES: usize = 3000;

/// What a handler gets besides the state.
pub struct Ctx<'a> {
    /// Decoded path parameters (`owner`, `repo`, `pull_number`, ...).
    pub params: &'a HashMap<String, String>,
    pub query: &'a [(String, String)],
    /// The validated JSON body.
    pub body: Option<Value>,
    /// Raw request path, for `Link` URLs.
    pub path: &'a str,
    /// Installation of the token used, for repository endpoints.
    pub installation: Option<u64>,
}

impl Ctx<'_> {
    pub fn param(&self, name: &str) -> &str {
        self.params.get(name).map(String::as_str).unwrap_or_default()
    }

    /// A numeric path parameter (validated as integer already).
    pub fn number(&self, name: &str) -> u64 {
        self.param(name).parse().unwrap_or_default()
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn body_str(&self, field: &str) -> Option<&str> {
        self.body.as_ref().and_then(|b| b[field].as_str())
    }
}

/// An answer, plus a violation to record when the request was well-formed
/// but GitHub would still refuse it (e.g. a comment outside the diff).
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
    pub violation: Option<String>,
}

impl Reply {
    pub fn json(status: u16, body: Value) -> Reply {
        Reply { status, headers: Vec::new(), body: Some(body), violation: None }
    }

    /// GitHub's `basic-error` shape.
    pub fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, json!({ "message": message, "documentation_url": "https://docs.github.com/rest", "status": status.to_string() }))
    }

    pub fn not_found() -> Reply {
        Reply::error(404, "Not Found")
    }

    /// 422 that is also recorded as a violation.
    pub fn rejected(body: Value, violation: String) -> Reply {
        Reply { violation: Some(violation), ..Reply::json(422, body) }
    }
}

pub fn dispatch(st: &mut State, op_id: &str, ctx: &Ctx<'_>) -> Reply {
    match op_id {
        "apps/create-installation-access-token" => create_token(st, ctx),
        "apps/get-authenticated" => Reply::json(200, spec().example(op_id, "200", None)),
        "apps/list-installations" => list_installations(st, ctx),
        "apps/get-repo-installation" => repo_installation(st, ctx),
        "rate-limit/get" => Reply::json(200, spec().example(op_id, "200", None)),
        "repos/get" => get_repo(st, ctx),
        "pulls/get" => with_pull(st, ctx, |st, repo, pull| Reply::json(200, pull_json(&st.base_url, repo, pull))),
        "pulls/list-files" => list_files(st, ctx),
        "pulls/list-commits" => list_commits(st, ctx),
        "repos/get-content" => get_content(st, ctx),
        "git/get-blob" => get_blob(st, ctx),
        "git/get-tree" => get_tree(st, ctx),
        "repos/compare-commits" => compare(st, ctx),
        "pulls/create-review" => reviews::create_review(st, ctx),
        "pulls/list-reviews" => reviews::list_reviews(st, ctx),
        "pulls/list-review-comments" => reviews::list_review_comments(st, ctx),
        "pulls/create-review-comment" => reviews::create_review_comment(st, ctx),
        "pulls/update-review-comment" => reviews::update_review_comment(st, ctx),
        "pulls/delete-review-comment" => reviews::delete_review_comment(st, ctx),
        "issues/list-comments" => reviews::list_issue_comments(st, ctx),
        "issues/create-comment" => reviews::create_issue_comment(st, ctx),
        "issues/update-comment" => reviews::update_issue_comment(st, ctx),
        "checks/create" => checks::create(st, ctx),
        "checks/update" => checks::update(st, ctx),
        "checks/list-for-ref" => checks::list_for_ref(st, ctx),
        "repos/create-commit-status" => checks::create_status(st, ctx),
        "actions/list-workflow-runs-for-repo" => actions::list_runs(st, ctx),
        "actions/get-workflow-run" => actions::get_run(st, ctx),
        "actions/list-workflow-run-artifacts" => actions::list_artifacts(st, ctx),
        "actions/get-artifact" => actions::get_artifact(st, ctx),
        "actions/download-artifact" => actions::download_artifact(st, ctx),
        other => Reply::error(501, &format!("fake GitHub does not implement {other}")),
    }
}

/// Runs `f` on the pull request named by the path, or answers 404.
pub fn with_pull(st: &mut State, ctx: &Ctx<'_>, f: impl FnOnce(&State, &RepoState, &PullState) -> Reply) -> Reply {
    let Some(repo) = st.repo(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let Some(pull) = repo.pulls.get(&ctx.number("pull_number")) else {
        return Reply::not_found();
    };
    f(st, repo, pull)
}

/// One page of `items` per `per_page` (default 30, at most 100) and `page`,
/// with GitHub's `Link` header (`prev`/`next`/`last`/`first` as they apply).
pub fn paginate(st: &State, ctx: &Ctx<'_>, items: Vec<Value>) -> (Vec<Value>, Vec<(String, String)>) {
    let per_page = ctx.query("per_page").and_then(|v| v.parse::<usize>().ok()).filter(|&n| n > 0).unwrap_or(30).min(100);
    let page = ctx.query("page").and_then(|v| v.parse::<usize>().ok()).filter(|&n| n > 0).unwrap_or(1);
    let last = items.len().div_ceil(per_page).max(1);
    let slice: Vec<Value> = items.into_iter().skip((page - 1) * per_page).take(per_page).collect();
    let url = |p: usize| {
        let mut q: Vec<String> = ctx.query.iter().filter(|(k, _)| k != "page").map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect();
        q.push(format!("page={p}"));
        format!("<{}{}?{}>", st.base_url, ctx.path, q.join("&"))
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", url((page - 1).min(last))));
    }
    if page < last {
        links.push(format!("{}; rel=\"next\"", url(page + 1)));
        links.push(format!("{}; rel=\"last\"", url(last)));
    }
    if page > 1 {
        links.push(format!("{}; rel=\"first\"", url(1)));
    }
    let headers = if links.is_empty() { Vec::new() } else { vec![("link".to_string(), links.join(", "))] };
    (slice, headers)
}

/// A paginated JSON array answer.
pub fn page_reply(st: &State, ctx: &Ctx<'_>, items: Vec<Value>) -> Reply {
    let (page, headers) = paginate(st, ctx, items);
    Reply { headers, ..Reply::json(200, Value::Array(page)) }
}

/// The user the App acts as, put on everything it creates.
pub fn bot_user() -> Value {
    let mut user = spec().example("issues/create-comment", "201", None)["user"].clone();
    user["login"] = json!("techlead[bot]");
    user["id"] = json!(9_000_001);
    user["type"] = json!("Bot");
    user
}

fn create_token(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let installation = ctx.number("installation_id");
    if !st.installations.contains(&installation) {
        let mut r = Reply::not_found();
        r.violation = Some(format!("installation {installation} is unknown (add_repo/add_installation)"));
        return r;
    }
    let token = format!("ghs_fake_{}", st.tokens.len() + 1);
    st.tokens.insert(token.clone(), installation);
    let mut v = spec().example("apps/create-installation-access-token", "201", None);
    v["token"] = json!(token);
    v["expires_at"] = json!(iso8601_in(Duration::from_secs(3600)));
    v["repository_selection"] = json!("selected");
    if let Some(obj) = v.as_object_mut() {
        obj.remove("repositories");
    }
    Reply::json(201, v)
}

fn installation_json(id: u64, account: &str) -> Value {
    let mut v = spec().example("apps/get-repo-installation", "200", None);
    v["id"] = json!(id);
    v["account"]["login"] = json!(account);
    v["access_tokens_url"] = json!(format!("https://api.github.com/app/installations/{id}/access_tokens"));
    v
}

fn list_installations(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let items = st
        .installations
        .iter()
        .map(|&id| {
            let account = st.repos.values().find(|r| r.installation_id == id).map(|r| r.owner.clone());
            installation_json(id, &account.unwrap_or_else(|| "octocat".into()))
        })
        .collect();
    page_reply(st, ctx, items)
}

fn repo_installation(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    match st.repo(ctx.param("owner"), ctx.param("repo")) {
        Some(r) => Reply::json(200, installation_json(r.installation_id, &r.owner)),
        None => Reply::not_found(),
    }
}

fn get_repo(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let Some(r) = st.repo(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let mut v = spec().example("repos/get", "200", None);
    v["name"] = json!(r.name);
    v["full_name"] = json!(r.full_name());
    v["owner"]["login"] = json!(r.owner);
    v["url"] = json!(format!("{}/repos/{}", st.base_url, r.full_name()));
    v["html_url"] = json!(format!("https://github.com/{}", r.full_name()));
    Reply::json(200, v)
}

fn repo_json_fields(v: &mut Value, base_url: &str, repo: &RepoState) {
    v["name"] = json!(repo.name);
    v["full_name"] = json!(repo.full_name());
    v["owner"]["login"] = json!(repo.owner);
    v["url"] = json!(format!("{base_url}/repos/{}", repo.full_name()));
    v["html_url"] = json!(format!("https://github.com/{}", repo.full_name()));
}

pub fn pull_json(base_url: &str, repo: &RepoState, pull: &PullState) -> Value {
    let pr = &pull.pr;
    let n = pr.number;
    let full = repo.full_name();
    let mut v = spec().example("pulls/get", "200", None);
    v["number"] = json!(n);
    v["id"] = json!(1_000_000 + n);
    v["state"] = json!("open");
    v["draft"] = json!(pr.draft);
    v["merged"] = json!(false);
    // The upstream example's team lacks the required `type`; no reviewers is
    // both valid and what a fresh PR has.
    v["requested_teams"] = json!([]);
    v["requested_reviewers"] = json!([]);
    v["url"] = json!(format!("{base_url}/repos/{full}/pulls/{n}"));
    v["html_url"] = json!(format!("https://github.com/{full}/pull/{n}"));
    v["diff_url"] = json!(format!("https://github.com/{full}/pull/{n}.diff"));
    v["patch_url"] = json!(format!("https://github.com/{full}/pull/{n}.patch"));
    v["issue_url"] = json!(format!("{base_url}/repos/{full}/issues/{n}"));
    for (side, sha) in [("head", &pr.head_sha), ("base", &pr.base_sha)] {
        v[side]["sha"] = json!(sha);
        repo_json_fields(&mut v[side]["repo"], base_url, repo);
    }
    let (adds, dels) = pr.files.iter().fold((0, 0), |(a, d), f| {
        let (fa, fd) = pull.patches.get(&f.filename).map(|p| p.counts()).unwrap_or((0, 0));
        (a + fa, d + fd)
    });
    v["additions"] = json!(adds);
    v["deletions"] = json!(dels);
    v["changed_files"] = json!(pr.files.len());
    v["commits"] = json!(pull.heads.len());
    if let Some(labels) = &pull.labels {
        let template = v["labels"][0].clone();
        v["labels"] = labels
            .iter()
            .map(|name| {
                let mut label = template.clone();
                label["name"] = json!(name);
                label
            })
            .collect();
    }
    v
}

pub fn file_json(base_url: &str, repo: &RepoState, pull: &PullState, f: &FakeFile) -> Value {
    let full = repo.full_name();
    let head = &pull.pr.head_sha;
    let mut v = spec().example("pulls/list-files", "200", None)[0].clone();
    let (adds, dels) = pull.patches.get(&f.filename).map(|p| p.counts()).unwrap_or((0, 0));
    let content_id = f.head_content.clone().unwrap_or_else(|| format!("{}@{head}", f.filename));
    v["sha"] = json!(blob_sha(&content_id));
    v["filename"] = json!(f.filename);
    v["status"] = json!(f.status);
    v["additions"] = json!(adds);
    v["deletions"] = json!(dels);
    v["changes"] = json!(adds + dels);
    v["blob_url"] = json!(format!("https://github.com/{full}/blob/{head}/{}", f.filename));
    v["raw_url"] = json!(format!("https://github.com/{full}/raw/{head}/{}", f.filename));
    v["contents_url"] = json!(format!("{base_url}/repos/{full}/contents/{}?ref={head}", f.filename));
    match &f.patch {
        Some(p) => v["patch"] = json!(p),
        None => {
            v.as_object_mut().expect("object").remove("patch");
        }
    }
    v
}

fn list_files(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    with_pull(st, ctx, |st, repo, pull| {
        let files = pull.pr.files.iter().take(MAX_PR_FILES).map(|f| file_json(&st.base_url, repo, pull, f)).collect();
        page_reply(st, ctx, files)
    })
}

fn list_commits(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    with_pull(st, ctx, |st, _repo, pull| {
        let template = spec().example("pulls/list-commits", "200", None)[0].clone();
        let commits = pull
            .heads
            .iter()
            .map(|sha| {
                let mut c = template.clone();
                c["sha"] = json!(sha);
                c
            })
            .collect();
        page_reply(st, ctx, commits)
    })
}

/// The largest file the contents API returns with its content.
const CONTENTS_API_LIMIT: usize = 1024 * 1024;

fn get_content(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let Some(repo) = st.repo(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let path = ctx.param("path");
    let git_ref = ctx.query("ref").unwrap_or("HEAD");
    let key = (git_ref.to_string(), path.to_string());
    let raw = repo.raw_contents.get(&key).cloned();
    let Some(content) = repo.contents.get(&key) else {
        return Reply::not_found();
    };
    let bytes = raw.unwrap_or_else(|| content.as_bytes().to_vec());
    let full = repo.full_name();
    let sha = blob_sha(&String::from_utf8_lossy(&bytes));
    let mut v = spec().example("repos/get-content", "200", Some("response-if-content-is-a-file"));
    let url = format!("{}/repos/{full}/contents/{path}?ref={git_ref}", st.base_url);
    let html = format!("https://github.com/{full}/blob/{git_ref}/{path}");
    let git = format!("{}/repos/{full}/git/blobs/{sha}", st.base_url);
    v["type"] = json!("file");
    // Over 1 MB GitHub sends no content ("encoding": "none"); the file is
    // read through `git/blobs` (up to 100 MB) instead.
    let too_large = bytes.len() > CONTENTS_API_LIMIT;
    v["encoding"] = json!(if too_large { "none" } else { "base64" });
    v["size"] = json!(bytes.len());
    v["name"] = json!(path.rsplit('/').next().unwrap_or(path));
    v["path"] = json!(path);
    v["content"] = json!(if too_large { String::new() } else { base64_github(&bytes) });
    v["sha"] = json!(sha);
    v["url"] = json!(url);
    v["html_url"] = json!(html);
    v["git_url"] = json!(git);
    v["download_url"] = json!(format!("https://raw.githubusercontent.com/{full}/{git_ref}/{path}"));
    v["_links"] = json!({ "self": url, "git": git, "html": html });
    Reply::json(200, v)
}

fn get_blob(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let Some(repo) = st.repo(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let sha = ctx.param("file_sha");
    let Some(content) = repo.blobs.get(sha) else {
        return Reply::not_found();
    };
    let mut v = spec().example("git/get-blob", "200", None);
    v["content"] = json!(base64_github(content.as_bytes()));
    v["encoding"] = json!("base64");
    v["sha"] = json!(sha);
    v["size"] = json!(content.len());
    v["url"] = json!(format!("{}/repos/{}/git/blobs/{sha}", st.base_url, repo.full_name()));
    Reply::json(200, v)
}

/// Every file stored at the given commit, as a flat list of blobs (the same
/// for `recursive` or not; tests do not need directory entries).
fn get_tree(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let Some(repo) = st.repo(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let tree_sha = ctx.param("tree_sha");
    let mut entries: Vec<(&String, &String)> = repo.contents.iter().filter(|((r, _), _)| r == tree_sha).map(|((_, p), c)| (p, c)).collect();
    if entries.is_empty() {
        return Reply::not_found();
    }
    entries.sort();
    let full = repo.full_name();
    let tree: Vec<Value> = entries
        .into_iter()
        .map(|(path, content)| {
            let sha = blob_sha(content);
            json!({
                "path": path, "mode": "100644", "type": "blob", "sha": sha, "size": content.len(),
                "url": format!("{}/repos/{full}/git/blobs/{sha}", st.base_url),
            })
        })
        .collect();
    let mut v = spec().example("git/get-tree", "200", Some("default-response"));
    v["sha"] = json!(tree_sha);
    v["url"] = json!(format!("{}/repos/{full}/git/trees/{tree_sha}", st.base_url));
    v["tree"] = Value::Array(tree);
    v["truncated"] = json!(false);
    Reply::json(200, v)
}

/// `base...head` of a known pull request: its files (one commit ahead).
fn compare(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let Some(repo) = st.repo(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let Some((base, head)) = ctx.param("basehead").split_once("...") else {
        return Reply::not_found();
    };
    let Some(pull) = repo.pulls.values().find(|p| p.pr.base_sha == base && p.pr.head_sha == head) else {
        return Reply::not_found();
    };
    let mut v = spec().example("repos/compare-commits", "200", None);
    v["status"] = json!("ahead");
    v["ahead_by"] = json!(1);
    v["behind_by"] = json!(0);
    v["base_commit"]["sha"] = json!(base);
    v["merge_base_commit"]["sha"] = json!(base);
    let files: Vec<Value> = pull.pr.files.iter().take(MAX_PR_FILES).map(|f| file_json(&st.base_url, repo, pull, f)).collect();
    v["files"] = Value::Array(files);
    Reply::json(200, v)
}
