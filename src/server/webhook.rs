//! `POST /webhook`: verify, translate, store, answer. The review happens later,
//! in a worker; GitHub stops waiting after 10 s.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use super::AppState;
use crate::event::{Event, JobPayload};
use crate::github::webhook;
use crate::ids::DeliveryId;
use crate::queue::Enqueued;

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let delivery = DeliveryId(header(&headers, "x-github-delivery").unwrap_or("").to_string());
    let event = header(&headers, "x-github-event").unwrap_or("").to_string();
    let span = tracing::info_span!("delivery", delivery = %delivery, event = %event);
    async move {
        let (status, outcome, message) = handle(&state, &headers, &delivery, &event, &body).await;
        state.metrics.delivery(if event.is_empty() { "unknown" } else { &event }, outcome);
        tracing::info!(status = status.as_u16(), outcome, "{message}");
        (status, message).into_response()
    }
    .instrument(span)
    .await
}

/// Returns the status, a metric label, and a short message for GitHub's delivery log.
async fn handle(state: &AppState, headers: &HeaderMap, delivery: &DeliveryId, event: &str, body: &[u8]) -> (StatusCode, &'static str, String) {
    if state.shutting_down() {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting_down", "shutting down; GitHub can redeliver later".into());
    }
    if !super::signature::verify(&state.secrets, body, header(headers, "x-hub-signature-256")) {
        return (StatusCode::UNAUTHORIZED, "bad_signature", "missing or invalid X-Hub-Signature-256".into());
    }
    if event.is_empty() || delivery.0.is_empty() {
        return (StatusCode::BAD_REQUEST, "malformed", "missing X-GitHub-Event or X-GitHub-Delivery".into());
    }
    let parsed = match webhook::parse(event, body) {
        Ok(parsed) => parsed,
        Err(e) => return (StatusCode::BAD_REQUEST, "malformed", e.to_string()),
    };
    match parsed {
        Event::Ping => (StatusCode::OK, "ping", "pong".into()),
        Event::Command(command) => match state.store.enqueue(delivery, event, &JobPayload::Command(command.clone()), false).await {
            Ok(Enqueued::New(id) | Enqueued::Merged(id)) => {
                state.wake.notify_one();
                (StatusCode::ACCEPTED, "queued", format!("queued job {id}: {:?} on {} {} by {}", command.command, command.repo, command.pr, command.author))
            }
            Ok(Enqueued::Duplicate) => (StatusCode::OK, "duplicate", "delivery already received".into()),
            Err(e) => storage_error(e),
        },
        Event::Ignored(reason) => (StatusCode::OK, "ignored", reason),
        // The review of that head runs again, reads the coverage the config names, and edits its summary and check run.
        Event::WorkflowRun(run) => {
            let request = crate::event::ReviewRequest {
                installation: run.installation,
                repo: run.repo.clone(),
                pr: run.pr,
                head_sha: run.head_sha.clone(),
                draft: false,
                trigger: crate::review::deps::workflow_run_trigger(&run.workflow_name, &run.workflow_path),
            };
            match state.store.enqueue(delivery, event, &JobPayload::Review(request), false).await {
                Ok(Enqueued::New(id)) => {
                    state.wake.notify_one();
                    (StatusCode::ACCEPTED, "queued", format!("queued job {id}: coverage of workflow run {} for {} {}", run.run_id, run.repo, run.pr))
                }
                Ok(Enqueued::Merged(id)) => (StatusCode::ACCEPTED, "merged", format!("stored as job {id}; a review of {} is already queued", run.head_sha.short())),
                Ok(Enqueued::Duplicate) => (StatusCode::OK, "duplicate", "delivery already received".into()),
                Err(e) => storage_error(e),
            }
        }
        Event::Installation { installation, action, repositories } => match state.store.record_installation(delivery, installation, &action, &repositories).await {
            Ok(_) => {
                tracing::info!(installation = installation.0, action, repositories = repositories.len(), "installation event");
                (StatusCode::OK, "recorded", format!("{action} recorded"))
            }
            Err(e) => storage_error(e),
        },
        Event::Review(request) => {
            // Only a push can make older queued heads obsolete; a re-run may be for an older head.
            let supersede = request.trigger.starts_with("pull_request.");
            match state.store.enqueue(delivery, event, &JobPayload::Review(request.clone()), supersede).await {
                Ok(Enqueued::New(id)) => {
                    state.wake.notify_one();
                    (StatusCode::ACCEPTED, "queued", format!("queued job {id}: review {} {} at {}", request.repo, request.pr, request.head_sha.short()))
                }
                Ok(Enqueued::Merged(id)) => (StatusCode::ACCEPTED, "merged", format!("stored as job {id}; a review of {} is already queued", request.head_sha.short())),
                Ok(Enqueued::Duplicate) => (StatusCode::OK, "duplicate", "delivery already received".into()),
                Err(e) => storage_error(e),
            }
        }
    }
}

/// Nothing was stored: answer 503 so GitHub shows the delivery as failed and it can be redelivered.
fn storage_error(e: anyhow::Error) -> (StatusCode, &'static str, String) {
    tracing::error!(error = %format!("{e:#}"), "cannot store the delivery");
    (StatusCode::SERVICE_UNAVAILABLE, "storage_error", "cannot store the delivery; redeliver it later".into())
}
