//! GitHub's example deliveries, translated into techlead's own events, and the
//! answers the webhook gives to good and bad requests.

mod support;

use support::app::TestApp;
use support::fake_github::FakeGitHub;
use support::webhook::{event_of, payload};
use techlead::event::Event;
use techlead::github::webhook::{PayloadError, parse};

/// Every shared payload and what it must become.
#[test]
fn every_example_payload_translates() {
    let dir = support::shared_github_dir().join("webhooks/payloads");
    let mut names: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".json").to_string()).collect();
    names.sort();
    assert_eq!(names.len(), 33);
    for name in &names {
        let event = parse(event_of(name), &payload(name));
        let kind = match &event {
            Ok(Event::Review(r)) => format!("review {} {} {} {}", r.repo, r.pr, r.head_sha.short(), r.trigger),
            Ok(Event::Installation { installation, action, repositories }) => format!("installation {} {action} {}", installation.0, repositories.len()),
            Ok(Event::Command(c)) => format!("command {:?} {} {}", c.command, c.repo, c.pr),
            Ok(Event::WorkflowRun(w)) => format!("workflow_run {} {} {} run {} {}", w.repo, w.pr, w.head_sha.short(), w.run_id, w.conclusion),
            Ok(Event::Ping) => "ping".into(),
            Ok(Event::Ignored(_)) => "ignored".into(),
            Err(e) => format!("error {e}"),
        };
        let expected = match name.as_str() {
            "pull_request.opened" => "review Codertocat/Hello-World #2 ec26c3e pull_request.opened",
            "pull_request.synchronize" => "review Codertocat/Hello-World #2 ec26c3e pull_request.synchronize",
            "pull_request.reopened" => "review Codertocat/Hello-World #2 ec26c3e pull_request.reopened",
            "pull_request.ready_for_review.with-installation" => "review Codertocat/Hello-World #2 ec26c3e pull_request.ready_for_review",
            // The plain example lacks `installation`, which every App delivery has.
            "pull_request.ready_for_review" => "error missing or invalid field: installation (is the webhook set on the App?)",
            "installation.created" => "installation 957387 installation.created 1",
            "installation.deleted" => "installation 2 installation.deleted 1",
            "installation.new_permissions_accepted" => "installation 957387 installation.new_permissions_accepted 1",
            "installation.suspend" => "installation 16598467 installation.suspend 0",
            "installation.unsuspend" => "installation 16598467 installation.unsuspend 0",
            "installation_repositories.added" => "installation 957387 installation_repositories.added 1",
            "installation_repositories.removed" => "installation 2 installation_repositories.removed 1",
            "ping" | "ping.with-app_id" => "ping",
            "check_suite.rerequested" => "review Codertocat/Hello-World #2 ec26c3e check_suite.rerequested",
            // A finished run of a pull request's head: where coverage comes from. GitHub's
            // example lacks `installation` (see `workflow_runs_name_their_pull_request`).
            "workflow_run.completed.with-pull-requests" => "error missing or invalid field: installation (is the webhook set on the App?)",
            // Runs without a pull request, runs that have not finished, and jobs
            // (parts of a run, acknowledged and ignored) fall to `ignored`.
            // Check suites and runs of heads without a pull request in the repository.
            _ => "ignored",
        };
        assert_eq!(kind, expected, "{name}");
    }
}

#[test]
fn drafts_are_marked_and_reruns_need_a_pull_request() {
    let mut draft: serde_json::Value = serde_json::from_slice(&payload("pull_request.opened")).unwrap();
    draft["pull_request"]["draft"] = true.into();
    let Ok(Event::Review(r)) = parse("pull_request", &serde_json::to_vec(&draft).unwrap()) else { panic!() };
    assert!(r.draft);
    let mut suite: serde_json::Value = serde_json::from_slice(&payload("check_suite.rerequested")).unwrap();
    suite["check_suite"]["pull_requests"] = serde_json::json!([{"number": 7}]);
    let Ok(Event::Review(r)) = parse("check_suite", &serde_json::to_vec(&suite).unwrap()) else { panic!() };
    assert_eq!((r.pr.0, r.trigger.as_str()), (7, "check_suite.rerequested"));
}

/// What each `workflow_run`/`workflow_job` delivery is ignored for, and what a
/// completed run with a pull request becomes once it carries its installation.
#[test]
fn workflow_runs_name_their_pull_request() {
    let reason = |name: &str| match parse(event_of(name), &payload(name)) {
        Ok(Event::Ignored(reason)) => reason,
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(reason("workflow_run.completed"), "workflow_run.completed for 3484a3fb816e0859fd6e1cea078d76385ff50625 names no pull request");
    assert_eq!(reason("workflow_run.requested"), "workflow_run.requested is not finished");
    assert_eq!(reason("workflow_run.requested.with-conclusion"), "workflow_run.requested is not finished");
    assert_eq!(reason("workflow_job.completed.success.with-organization"), "workflow_job.completed is not acted on (workflow_run.completed is)");
    assert_eq!(reason("workflow_job.completed.failure.with-organization"), "workflow_job.completed is not acted on (workflow_run.completed is)");

    let mut run: serde_json::Value = serde_json::from_slice(&payload("workflow_run.completed.with-pull-requests")).unwrap();
    run["installation"] = serde_json::json!({"id": 42});
    let Ok(Event::WorkflowRun(w)) = parse("workflow_run", &serde_json::to_vec(&run).unwrap()) else { panic!() };
    assert_eq!((w.installation.0, w.repo.to_string(), w.pr.0, w.run_id), (42, "octo-org/octo-repo".to_string(), 2, 289782451));
    // The run's own commit, not the pull request's head at delivery time.
    assert_eq!(w.head_sha.0, "3484a3fb816e0859fd6e1cea078d76385ff50625");
    assert_eq!((w.workflow_name.as_str(), w.workflow_path.as_str(), w.conclusion.as_str()), ("test", ".github/workflows/test.yml", "success"));
    for name in ["test", "test.yml", ".github/workflows/test.yml"] {
        assert!(w.is_workflow(name), "{name}");
    }
    assert!(!w.is_workflow("ci"));
}

#[test]
fn bad_payloads_say_why() {
    assert!(matches!(parse("pull_request", b"{not json"), Err(PayloadError::Json(_))));
    let err = parse("pull_request", br#"{"action": "opened", "repository": {"full_name": "a/b"}}"#).unwrap_err();
    assert!(err.to_string().contains("pull_request"), "{err}");
    assert_eq!(parse("deployment", b"{}"), Ok(Event::Ignored("event `deployment` is not handled".into())));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_webhook_answers_each_kind_of_delivery() {
    let gh = FakeGitHub::start().await;
    let app = TestApp::start(&gh).await;
    let ping = app.deliver("ping", "p1", &payload("ping.with-app_id")).await;
    assert_eq!((ping.status().as_u16(), ping.text().await.unwrap()), (200, "pong".to_string()));
    let malformed = app.deliver("pull_request", "m1", b"{\"action\": ").await;
    assert_eq!(malformed.status(), 400);
    assert!(malformed.text().await.unwrap().starts_with("malformed JSON"));
    let missing = app.deliver("pull_request", "m2", &payload("pull_request.ready_for_review")).await;
    assert_eq!(missing.status(), 400);
    let unhandled = app.deliver("push", "u1", &payload("push.with-installation")).await;
    assert_eq!(unhandled.status(), 200);
    let installed = app.deliver("installation", "i1", &payload("installation.created")).await;
    assert_eq!((installed.status().as_u16(), installed.text().await.unwrap()), (200, "installation.created recorded".to_string()));
    let closed = app.deliver("pull_request", "c1", &payload("pull_request.closed")).await;
    assert_eq!(closed.status(), 200);
    let too_big = app.deliver("pull_request", "b1", &vec![b' '; 26 * 1024 * 1024]).await;
    assert_eq!(too_big.status(), 413, "GitHub caps payloads at 25 MB");
    assert!(app.job_states().await.is_empty(), "none of these is a review");
    assert!(gh.requests().is_empty());
    app.stop().await;
}
