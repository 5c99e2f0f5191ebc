//! Check runs and commit statuses.

use serde_json::{Value, json};

use super::openapi::spec;
use super::routes::{Ctx, Reply, paginate};
use super::state::{CheckRun, State};
use super::util::iso8601_now;

const CHECKS_DOCS: &str = "https://docs.github.com/rest/checks/runs";

/// Applies the fields of a create/update body to a run, as GitHub does:
/// `conclusion` implies `completed`, `completed` needs a `conclusion`, and
/// `output.annotations` are appended to the ones sent before.
fn apply(run: &mut CheckRun, body: &Value) -> Result<(), String> {
    let v = &mut run.value;
    for field in ["name", "details_url", "external_id", "started_at", "completed_at", "status", "conclusion"] {
        if let Some(x) = body.get(field) {
            v[field] = x.clone();
        }
    }
    if body.get("conclusion").is_some_and(|c| !c.is_null()) {
        v["status"] = json!("completed");
    }
    if v["status"] == "completed" {
        if v["conclusion"].is_null() {
            return Err("status `completed` needs a `conclusion`".into());
        }
        if v["completed_at"].is_null() {
            v["completed_at"] = json!(iso8601_now());
        }
    }
    if let Some(out) = body.get("output") {
        for field in ["title", "summary", "text"] {
            if let Some(x) = out.get(field) {
                v["output"][field] = x.clone();
            }
        }
        if let Some(list) = out["annotations"].as_array() {
            run.annotations.extend(list.iter().cloned());
        }
        v["output"]["annotations_count"] = json!(run.annotations.len());
    }
    Ok(())
}

fn reject(why: String) -> Reply {
    let body = json!({ "message": "Invalid request.", "errors": [why.clone()], "documentation_url": CHECKS_DOCS, "status": "422" });
    Reply::rejected(body, format!("check run rejected by GitHub: {why}"))
}

pub fn create(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let id = st.next_id();
    let base_url = st.base_url.clone();
    let app_id = st.app_id;
    let Some(repo) = st.repo_mut(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let full = repo.full_name();
    let mut v = spec().example("checks/create", "201", Some("example-of-in-progress-conclusion"));
    v["id"] = json!(id);
    v["node_id"] = json!(format!("CR_fake{id}"));
    v["external_id"] = json!("");
    v["url"] = json!(format!("{base_url}/repos/{full}/check-runs/{id}"));
    v["html_url"] = json!(format!("https://github.com/{full}/runs/{id}"));
    v["details_url"] = Value::Null;
    v["status"] = json!("queued");
    v["conclusion"] = Value::Null;
    v["started_at"] = json!(iso8601_now());
    v["completed_at"] = Value::Null;
    v["output"] = json!({
        "title": null, "summary": null, "text": null, "annotations_count": 0,
        "annotations_url": format!("{base_url}/repos/{full}/check-runs/{id}/annotations"),
    });
    v["pull_requests"] = json!([]);
    if let Some(app_id) = app_id {
        v["app"]["id"] = json!(app_id);
    }
    let mut run = CheckRun { value: v, annotations: Vec::new() };
    let body = ctx.body.clone().unwrap_or_default();
    run.value["head_sha"] = body["head_sha"].clone();
    if let Err(why) = apply(&mut run, &body) {
        return reject(why);
    }
    let answer = run.value.clone();
    repo.check_runs.push(run);
    Reply::json(201, answer)
}

pub fn update(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let id = ctx.number("check_run_id");
    let Some(repo) = st.repo_mut(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let Some(run) = repo.check_runs.iter_mut().find(|r| r.value["id"] == id) else {
        return Reply::not_found();
    };
    // Validate on a copy so a rejected update changes nothing.
    let mut updated = CheckRun { value: run.value.clone(), annotations: run.annotations.clone() };
    if let Err(why) = apply(&mut updated, ctx.body.as_ref().unwrap_or(&Value::Null)) {
        return reject(why);
    }
    *run = updated;
    Reply::json(200, run.value.clone())
}

pub fn list_for_ref(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let Some(repo) = st.repo(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let git_ref = ctx.param("ref");
    let runs: Vec<Value> = repo
        .check_runs
        .iter()
        .map(|r| &r.value)
        .filter(|r| r["head_sha"] == git_ref)
        .filter(|r| ctx.query("check_name").is_none_or(|n| r["name"] == n))
        .filter(|r| ctx.query("app_id").is_none_or(|a| r["app"]["id"].to_string() == a))
        .filter(|r| ctx.query("status").is_none_or(|s| r["status"] == s))
        .cloned()
        .collect();
    let total = runs.len();
    let (page, headers) = paginate(st, ctx, runs);
    Reply { headers, ..Reply::json(200, json!({ "total_count": total, "check_runs": page })) }
}

pub fn create_status(st: &mut State, ctx: &Ctx<'_>) -> Reply {
    let id = st.next_id();
    let Some(repo) = st.repo_mut(ctx.param("owner"), ctx.param("repo")) else {
        return Reply::not_found();
    };
    let body = ctx.body.clone().unwrap_or_default();
    let now = iso8601_now();
    let mut v = spec().example("repos/create-commit-status", "201", None);
    v["id"] = json!(id);
    v["state"] = body["state"].clone();
    v["description"] = body.get("description").cloned().unwrap_or(Value::Null);
    v["target_url"] = body.get("target_url").cloned().unwrap_or(Value::Null);
    v["context"] = body.get("context").cloned().unwrap_or_else(|| json!("default"));
    v["created_at"] = json!(now);
    v["updated_at"] = json!(now);
    v["sha"] = json!(ctx.param("sha"));
    repo.statuses.push(v.clone());
    Reply::json(201, v)
}
