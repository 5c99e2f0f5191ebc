//! The dashboard's pages: each handler reads the store (or the rules) and
//! fills one template. Forms that change anything carry the session's CSRF token.

use std::collections::BTreeSet;
use std::time::{Duration, UNIX_EPOCH};

use askama::Template;
use axum::Extension;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::{self, SESSION_COOKIE};
use super::{AppState, Viewer};
use crate::config::repo::{ConfigDoc, RepoConfig};
use crate::page::{chart, markdown};
use crate::queue::store::reads::{InstallationRow, JobRow, Overview, ReviewFilter, ReviewRow};

/// Rows a list shows at most.
const LIST_LIMIT: i64 = 200;

pub(super) fn render(page: impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("cannot render the page: {e}")).into_response(),
    }
}

fn failed(what: &str, error: anyhow::Error) -> Response {
    tracing::error!(error = %format!("{error:#}"), "dashboard: cannot read {what}");
    (StatusCode::INTERNAL_SERVER_ERROR, format!("cannot read {what}; the server log says why")).into_response()
}

fn when(ms: i64) -> String {
    crate::github::time::format(UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64))
}

fn duration(ms: i64) -> String {
    match ms {
        ..1_000 => format!("{ms} ms"),
        ..120_000 => format!("{:.1} s", ms as f64 / 1000.0),
        _ => format!("{:.1} min", ms as f64 / 60_000.0),
    }
}

/// A CSRF check for a form; bearer requests need none.
pub(super) fn csrf_ok(state: &AppState, headers: &HeaderMap, viewer: &Viewer, token: &str) -> bool {
    if viewer.bearer {
        return true;
    }
    match (&state.dashboard.keys, auth::cookie(headers, SESSION_COOKIE)) {
        (Some(keys), Some(session)) => keys.csrf_ok(session, token),
        _ => false,
    }
}

pub(super) fn csrf_refused() -> Response {
    (StatusCode::FORBIDDEN, "the form's CSRF token is missing or wrong: reload the page and try again").into_response()
}

// ---------- Overview ----------

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    viewer: Viewer,
    o: Overview,
    median: String,
    p95: String,
    chart: String,
}

pub async fn overview(State(state): State<AppState>, Extension(viewer): Extension<Viewer>) -> Response {
    let o = match state.store.overview().await {
        Ok(o) => o,
        Err(e) => return failed("the overview", e),
    };
    let data = chart::XyChart {
        title: "Reviews per hour, last 24 hours: all (bars), failed gate (line)".into(),
        y_label: "reviews".into(),
        y_max: o.per_hour.iter().map(|(n, _)| *n as f64).fold(1.0, f64::max),
        labels: (0..24).rev().map(|h| if h == 0 { "now".to_string() } else { format!("-{h}h") }).collect(),
        bars: o.per_hour.iter().map(|(n, _)| *n as f64).collect(),
        line: o.per_hour.iter().map(|(_, f)| *f as f64).collect(),
    };
    let show = |v: Option<i64>| v.map_or_else(|| "— (no review in 24 h)".to_string(), duration);
    render(OverviewPage { viewer, median: show(o.median_ms), p95: show(o.p95_ms), chart: chart::svg(&data), o })
}

// ---------- Reviews ----------

#[derive(Deserialize, Default)]
pub struct ReviewQuery {
    #[serde(default)]
    repo: String,
    #[serde(default)]
    result: String,
}

struct ReviewLine {
    row: ReviewRow,
    pr_url: String,
    finished: String,
    took: String,
}

impl ReviewLine {
    fn new(row: ReviewRow, web_url: &str) -> ReviewLine {
        ReviewLine { pr_url: format!("{web_url}/{}/pull/{}", row.repo, row.pr), finished: when(row.finished_at), took: duration(row.finished_at - row.delivered_at), row }
    }

    fn short_head(&self) -> &str {
        &self.row.head_sha[..self.row.head_sha.len().min(7)]
    }

    fn findings(&self) -> String {
        self.row.findings.map_or_else(|| "—".into(), |n| n.to_string())
    }
}

#[derive(Template)]
#[template(path = "reviews.html")]
struct ReviewsPage {
    viewer: Viewer,
    lines: Vec<ReviewLine>,
    repos: Vec<String>,
    repo: String,
    result: String,
    results: Vec<&'static str>,
}

pub async fn reviews(State(state): State<AppState>, Extension(viewer): Extension<Viewer>, Query(q): Query<ReviewQuery>) -> Response {
    let filter = ReviewFilter { repo: Some(q.repo.clone()).filter(|r| !r.is_empty()), result: Some(q.result.clone()).filter(|r| !r.is_empty()) };
    let (rows, repos) = match (state.store.reviews(&filter, LIST_LIMIT).await, state.store.reviewed_repos().await) {
        (Ok(rows), Ok(repos)) => (rows, repos),
        (Err(e), _) | (_, Err(e)) => return failed("the reviews", e),
    };
    let web = state.github.web_url();
    let lines = rows.into_iter().map(|r| ReviewLine::new(r, &web)).collect();
    render(ReviewsPage { viewer, lines, repos, repo: q.repo, result: q.result, results: vec!["passed", "failed", "config_error", "skipped", "stale"] })
}

#[derive(Template)]
#[template(path = "review_detail.html")]
struct ReviewPage {
    viewer: Viewer,
    line: ReviewLine,
    job: Option<JobView>,
    summary_html: String,
}

struct JobView {
    job: JobRow,
    delivered: String,
    updated: String,
}

impl JobView {
    fn new(job: JobRow) -> JobView {
        JobView { delivered: when(job.created_at), updated: when(job.updated_at), job }
    }
}

pub async fn review(State(state): State<AppState>, Extension(viewer): Extension<Viewer>, Path(id): Path<i64>) -> Response {
    let row = match state.store.review(id).await {
        Ok(Some(row)) => row,
        Ok(None) => return (StatusCode::NOT_FOUND, format!("no review {id}")).into_response(),
        Err(e) => return failed("the review", e),
    };
    let job = match state.store.job(row.job_id).await {
        Ok(job) => job.map(JobView::new),
        Err(e) => return failed("the review's job", e),
    };
    // What was posted, rendered and sanitized as GitHub renders it: the page
    // shows nothing the pull request does not already show.
    let summary_html = row.summary.as_deref().map(|s| markdown::to_html(s, None)).unwrap_or_default();
    render(ReviewPage { viewer, line: ReviewLine::new(row, &state.github.web_url()), job, summary_html })
}

// ---------- Jobs ----------

#[derive(Template)]
#[template(path = "jobs.html")]
struct JobsPage {
    viewer: Viewer,
    groups: Vec<(&'static str, Vec<JobView>)>,
    notice: String,
}

#[derive(Deserialize, Default)]
pub struct JobsQuery {
    #[serde(default)]
    retried: Option<i64>,
}

pub async fn jobs(State(state): State<AppState>, Extension(viewer): Extension<Viewer>, Query(q): Query<JobsQuery>) -> Response {
    let mut groups = Vec::new();
    for s in ["running", "queued", "dead"] {
        match state.store.jobs_in(s, LIST_LIMIT).await {
            Ok(rows) => groups.push((s, rows.into_iter().map(JobView::new).collect())),
            Err(e) => return failed("the jobs", e),
        }
    }
    let notice = q.retried.map(|id| format!("Job {id} is queued again.")).unwrap_or_default();
    render(JobsPage { viewer, groups, notice })
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub(super) csrf: String,
}

pub async fn retry(State(state): State<AppState>, Extension(viewer): Extension<Viewer>, headers: HeaderMap, Path(id): Path<i64>, Form(form): Form<CsrfForm>) -> Response {
    if !csrf_ok(&state, &headers, &viewer, &form.csrf) {
        return csrf_refused();
    }
    match state.store.retry_dead(id).await {
        Ok(true) => {
            tracing::info!(job = id, by = %viewer.user, "dashboard: dead job queued again");
            state.wake.notify_one();
            Redirect::to(&format!("/jobs?retried={id}")).into_response()
        }
        Ok(false) => (StatusCode::CONFLICT, format!("job {id} is not dead (already retried, or never failed)")).into_response(),
        Err(e) => failed("the job", e),
    }
}

// ---------- Installations ----------

#[derive(Template)]
#[template(path = "installations.html")]
struct InstallationsPage {
    viewer: Viewer,
    events: Vec<(InstallationRow, String)>,
}

pub async fn installations(State(state): State<AppState>, Extension(viewer): Extension<Viewer>) -> Response {
    match state.store.installations(LIST_LIMIT).await {
        Ok(rows) => render(InstallationsPage {
            viewer,
            events: rows
                .into_iter()
                .map(|r| {
                    let at = when(r.received_at);
                    (r, at)
                })
                .collect(),
        }),
        Err(e) => failed("the installations", e),
    }
}

// ---------- Rules ----------

#[derive(Deserialize, Default)]
pub struct RulesQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    cwe: String,
}

struct RuleView {
    id: String,
    language: &'static str,
    severity: String,
    message: String,
    note: String,
    tags: Vec<String>,
    cwe: Vec<String>,
    url: String,
    valid: Vec<String>,
    invalid: Vec<String>,
}

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage {
    viewer: Viewer,
    rules: Vec<RuleView>,
    total: usize,
    q: RulesQuery,
    languages: BTreeSet<&'static str>,
    tags: BTreeSet<String>,
    severities: Vec<&'static str>,
}

pub async fn rules(State(state): State<AppState>, Extension(viewer): Extension<Viewer>, Query(q): Query<RulesQuery>) -> Response {
    let all = &state.dashboard.rules.rules;
    let languages = all.iter().map(|r| r.language_name()).collect();
    let tags = all.iter().flat_map(|r| r.meta.tags.iter().cloned()).collect();
    let needle = q.q.to_lowercase();
    let rules: Vec<RuleView> = all
        .iter()
        .filter(|r| {
            needle.is_empty() || r.id.to_lowercase().contains(&needle) || r.meta.message.to_lowercase().contains(&needle) || r.meta.note.as_deref().unwrap_or_default().to_lowercase().contains(&needle)
        })
        .filter(|r| q.language.is_empty() || r.language_name() == q.language)
        .filter(|r| q.tag.is_empty() || r.meta.tags.contains(&q.tag))
        .filter(|r| q.severity.is_empty() || r.severity.to_string() == q.severity)
        .filter(|r| q.cwe.is_empty() || r.meta.cwe.iter().any(|c| c.eq_ignore_ascii_case(q.cwe.trim()) || c.trim_start_matches("CWE-") == q.cwe.trim()))
        .map(|r| RuleView {
            id: r.id.clone(),
            language: r.language_name(),
            severity: r.severity.to_string(),
            message: r.meta.message.clone(),
            note: r.meta.note.clone().unwrap_or_default(),
            tags: r.meta.tags.clone(),
            cwe: r.meta.cwe.clone(),
            url: r.meta.url.clone().unwrap_or_default(),
            valid: r.tests.valid.clone(),
            invalid: r.tests.invalid.iter().map(|c| c.code.clone()).collect(),
        })
        .collect();
    render(RulesPage { viewer, total: all.len(), rules, q, languages, tags, severities: vec!["error", "warning", "info", "hint"] })
}

// ---------- Config check ----------

#[derive(Template)]
#[template(path = "config.html")]
struct ConfigPage {
    viewer: Viewer,
    text: String,
    checked: bool,
    errors: Vec<String>,
}

#[derive(Deserialize)]
pub struct ConfigForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    config: String,
}

pub async fn config_form(Extension(viewer): Extension<Viewer>) -> Response {
    render(ConfigPage { viewer, text: String::new(), checked: false, errors: Vec::new() })
}

/// The same checks as `techlead config check`: parse, merge, and apply to the rules.
pub async fn config_check(State(state): State<AppState>, Extension(viewer): Extension<Viewer>, headers: HeaderMap, Form(form): Form<ConfigForm>) -> Response {
    if !csrf_ok(&state, &headers, &viewer, &form.csrf) {
        return csrf_refused();
    }
    let sources = state.dashboard.rule_sources.clone();
    let text = form.config.clone();
    let checked = tokio::task::spawn_blocking(move || {
        let doc = ConfigDoc::parse(None, ".github/techlead.yml", &text).map_err(|e| vec![e])?;
        let config = RepoConfig::from_docs(doc, None).map_err(|e| vec![e])?;
        let mut rules = crate::config::compile(&sources).map_err(|e| e.0)?;
        config.apply(&mut rules).map_err(|e| e.0)
    })
    .await;
    let errors = match checked {
        Ok(Ok(())) => Vec::new(),
        Ok(Err(errors)) => errors.iter().map(|e| format!("{}: {}; {}", e.place(), e.problem, e.fix)).collect(),
        Err(e) => vec![format!("the check stopped: {e}")],
    };
    render(ConfigPage { viewer, text: form.config, checked: true, errors })
}
