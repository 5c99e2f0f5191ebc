//! GitHub Actions in the fake: workflow runs of a head commit, their
//! artifacts, and the artifact download (302 to a storage URL this server
//! also answers, outside the API as GitHub's storage host is).

use axum::body::Body;
use axum::response::Response;
use serde_json::{Value, json};

use super::openapi::spec;
use super::routes::{Ctx, Reply, paginate};
use super::state::State;

/// Path prefix of the fake artifact storage (not an API path).
pub const STORAGE_PREFIX: &str = "/_artifact-storage/";

/// A workflow run the test sets up, with its artifacts.
#[derive(Clone, Debug)]
pub struct FakeWorkflowRun {
    pub id: u64,
    pub owner: String,
    pub repo: String,
    pub name: String,
    pub path: String,
    pub head_sha: String,
    pub status: String,
    pub conclusion: Option<String>,
    /// Artifact name → zip bytes.
    pub artifacts: Vec<(u64, String, Vec<u8>)>,
}

fn runs_of<'a>(st: &'a State, ctx: &Ctx<'_>) -> impl Iterator<Item = &'a FakeWorkflowRun> {
    let (owner, repo) = (ctx.param("owner").to_string(), ctx.param("repo").to_string());
    st.workflow_runs.iter().filter(move |r| r.owner == owner && r.repo == repo)
}

fn run_json(st: &State, run: &FakeWorkflowRun) -> Value {
    let mut v = spec().example("actions/get-workflow-run", "200", None);
    v["id"] = json!(run.id);
    v["name"] = json!(run.name);
    v["path"] = json!(run.path);
    v["head_sha"] = json!(run.head_sha);
    v["status"] = json!(run.status);
    v["conclusion"] = json!(run.conclusion);
    v["artifacts_url"] = json!(format!("{}/repos/{}/{}/actions/runs/{}/artifacts", st.base_url, run.owner, run.repo, run.id));
    v
}

/// `GET /repos/{owner}/{repo}/actions/runs` (filters `head_sha` and `status`).
pub fn list_runs(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let runs: Vec<Value> = runs_of(st, ctx)
        .filter(|r| ctx.query("head_sha").is_none_or(|sha| sha == r.head_sha))
        .filter(|r| ctx.query("status").is_none_or(|s| s == r.status || r.conclusion.as_deref() == Some(s)))
        .map(|r| run_json(st, r))
        .collect();
    let total = runs.len();
    let (page, headers) = paginate(st, ctx, runs);
    Reply { headers, ..Reply::json(200, json!({ "total_count": total, "workflow_runs": page })) }
}

/// `GET /repos/{owner}/{repo}/actions/runs/{run_id}`.
pub fn get_run(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    match runs_of(st, ctx).find(|r| r.id == ctx.number("run_id")) {
        Some(run) => Reply::json(200, run_json(st, run)),
        None => Reply::not_found(),
    }
}

fn artifact_json(st: &State, run: &FakeWorkflowRun, (id, name, bytes): &(u64, String, Vec<u8>)) -> Value {
    let mut v = spec().example("actions/get-artifact", "200", None);
    v["id"] = json!(id);
    v["name"] = json!(name);
    v["size_in_bytes"] = json!(bytes.len());
    v["expired"] = json!(false);
    v["archive_download_url"] = json!(format!("{}/repos/{}/{}/actions/artifacts/{id}/zip", st.base_url, run.owner, run.repo));
    v["workflow_run"]["id"] = json!(run.id);
    v["workflow_run"]["head_sha"] = json!(run.head_sha);
    v
}

/// `GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts`.
pub fn list_artifacts(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let Some(run) = runs_of(st, ctx).find(|r| r.id == ctx.number("run_id")) else { return Reply::not_found() };
    let artifacts: Vec<Value> = run.artifacts.iter().map(|a| artifact_json(st, run, a)).collect();
    Reply::json(200, json!({ "total_count": artifacts.len(), "artifacts": artifacts }))
}

/// `GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}`.
pub fn get_artifact(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let id = ctx.number("artifact_id");
    for run in runs_of(st, ctx) {
        if let Some(a) = run.artifacts.iter().find(|a| a.0 == id) {
            return Reply::json(200, artifact_json(st, run, a));
        }
    }
    Reply::not_found()
}

/// `GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}`:
/// 302 to the storage URL, as GitHub answers.
pub fn download_artifact(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let id = ctx.number("artifact_id");
    if ctx.param("archive_format") != "zip" || !runs_of(st, ctx).any(|r| r.artifacts.iter().any(|a| a.0 == id)) {
        return Reply::not_found();
    }
    Reply { status: 302, headers: vec![("location".into(), format!("{}{STORAGE_PREFIX}{id}.zip?sig=test", st.base_url))], body: None, violation: None }
}

/// The storage host: the zip bytes, for a request without GitHub credentials
/// (a token sent there would leak to another host; recorded as a violation).
pub fn storage(st: &mut State, path: &str, authorization: Option<&str>) -> Option<Response> {
    let id: u64 = path.strip_prefix(STORAGE_PREFIX)?.trim_end_matches(".zip").parse().ok()?;
    if authorization.is_some() {
        st.violations.push(format!("GET {path}: GitHub credentials sent to the artifact storage host"));
    }
    let bytes = st.workflow_runs.iter().flat_map(|r| &r.artifacts).find(|a| a.0 == id).map(|a| a.2.clone());
    Some(match bytes {
        Some(bytes) => Response::builder().status(200).header("content-type", "application/zip").body(Body::from(bytes)).expect("response"),
        None => Response::builder().status(404).body(Body::empty()).expect("response"),
    })
}
