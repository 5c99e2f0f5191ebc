//! The GitHub App end to end: signed webhooks from GitHub's own examples go
//! into the real router, queue and workers, which talk over HTTP to a fake
//! GitHub that checks every request against GitHub's API description.

mod support;

use std::time::{Duration, Instant};

use serde_json::Value;
use support::app::{SECRET, TestApp};
use support::fake_github::{FakeFile, FakeGitHub, FakePull};
use support::webhook::{payload, sign};

const OWNER: &str = "Codertocat";
const REPO: &str = "Hello-World";
const PR: u64 = 2;
const INSTALLATION: u64 = 1;
/// The head and base of `pull_request.opened.json`.
const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";

const BASE_PY: &str = "import ast\n\n\ndef legacy(x):\n    return eval(x)\n";
/// Adds `eval(data)` on line 9; line 5's `eval(x)` is legacy code the PR did not touch.
const HEAD_PY: &str = "import ast\n\n\ndef legacy(x):\n    return eval(x)\n\n\ndef handler(data):\n    return eval(data)\n";

/// The inline comments of line rules: this file tests the review machinery;
/// the pull-request-as-a-whole checks (`pr/...`), which also comment on these
/// fake pull requests (no tests came with the code), are tested in
/// tests/change_review.rs.
fn line_comments(gh: &FakeGitHub) -> Vec<Value> {
    gh.review_comments(OWNER, REPO, PR).into_iter().filter(|c| !c["body"].as_str().unwrap_or_default().contains("`pr/")).collect()
}

/// Annotations of line rules (see [`line_comments`]).
fn line_annotations(run: &Value) -> Vec<Value> {
    run["output"]["annotations"].as_array().cloned().unwrap_or_default().into_iter().filter(|a| !a["title"].as_str().unwrap_or_default().starts_with("pr/")).collect()
}

fn pull(head: &str, draft: bool, files: Vec<FakeFile>) -> FakePull {
    FakePull { owner: OWNER.into(), repo: REPO.into(), number: PR, head_sha: head.into(), base_sha: BASE.into(), draft, files }
}

async fn github_with_pr() -> FakeGitHub {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, INSTALLATION);
    gh.add_pull(pull(HEAD, false, vec![FakeFile::from_contents("app/handler.py", Some(BASE_PY), Some(HEAD_PY))]));
    gh
}

/// A shared payload with some fields changed (the bytes are then signed as sent).
fn payload_with(name: &str, change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(&payload(name)).unwrap();
    change(&mut value);
    serde_json::to_vec(&value).unwrap()
}

/// `pull_request.opened` for a second pull request, #3, at `head`.
fn opened_pr_3(head: &str) -> Vec<u8> {
    payload_with("pull_request.opened", |v| {
        v["number"] = 3.into();
        v["pull_request"]["number"] = 3.into();
        v["pull_request"]["head"]["sha"] = head.into();
    })
}

fn synchronize_to(head: &str) -> Vec<u8> {
    payload_with("pull_request.synchronize", |v| v["pull_request"]["head"]["sha"] = head.into())
}

#[tokio::test(flavor = "multi_thread")]
async fn opened_pr_gets_one_check_run_one_review_and_one_summary() {
    let gh = github_with_pr().await;
    let app = TestApp::start(&gh).await;
    let response = app.deliver("pull_request", "delivery-1", &payload("pull_request.opened")).await;
    assert_eq!(response.status(), 202);
    app.idle().await;

    let runs = gh.check_runs(OWNER, REPO);
    assert_eq!(runs.len(), 1, "{runs:#?}");
    let run = &runs[0];
    assert_eq!(run["name"], "techlead");
    assert_eq!(run["head_sha"], HEAD);
    assert_eq!(run["status"], "completed");
    assert_eq!(run["conclusion"], "failure", "an error-level finding on an added line fails the gate");
    let annotations = line_annotations(run);
    let lines: Vec<u64> = annotations.iter().map(|a| a["start_line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![9, 5], "every finding is annotated");
    assert_eq!(annotations[0]["annotation_level"], "failure");

    let reviews = gh.reviews(OWNER, REPO, PR);
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["commit_id"], HEAD);
    let comments = line_comments(&gh);
    assert_eq!(comments.len(), 1, "only the added line gets an inline comment: {comments:#?}");
    let comment = &comments[0];
    assert_eq!((comment["path"].as_str(), comment["line"].as_u64(), comment["side"].as_str()), (Some("app/handler.py"), Some(9), Some("RIGHT")));
    let body = comment["body"].as_str().unwrap();
    assert!(body.starts_with("🔴 **error** · `python-eval-used` · [docs](https://cwe.mitre.org/data/definitions/95.html)"), "{body}");
    assert!(!body.contains("```suggestion"), "`eval` has no fix that is safe to apply blindly: {body}");
    assert!(body.contains("<!-- techlead:finding "), "{body}");

    let summaries = gh.issue_comments(OWNER, REPO, PR);
    assert_eq!(summaries.len(), 1);
    let summary = summaries[0]["body"].as_str().unwrap();
    // What people read, exactly.
    support::snapshot::assert_snapshot("opened_pr_inline_comment", body);
    support::snapshot::assert_snapshot("opened_pr_summary_comment", summary);
    support::snapshot::assert_snapshot("opened_pr_check_run_summary", run["output"]["summary"].as_str().unwrap());
    assert!(
        summary.contains("❌ **Quality gate failed**\n\n| | gate condition | result |\n| --- | --- | --- |\n| ❌ | findings at or above `error` on the lines this pull request changed | 1 |"),
        "{summary}"
    );
    assert!(summary.contains("On lines this pull request did not change (1)"), "{summary}");
    assert!(summary.contains("`app/handler.py:5` `python-eval-used`"), "the legacy finding is in the summary only: {summary}");
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redelivery_posts_nothing_new() {
    let gh = github_with_pr().await;
    let app = TestApp::start(&gh).await;
    assert_eq!(app.deliver("pull_request", "same-id", &payload("pull_request.opened")).await.status(), 202);
    app.idle().await;
    let writes = gh.mutating_request_count();
    let again = app.deliver("pull_request", "same-id", &payload("pull_request.opened")).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.text().await.unwrap(), "delivery already received");
    app.idle().await;
    assert_eq!(gh.mutating_request_count(), writes);
    assert_eq!(gh.reviews(OWNER, REPO, PR).len(), 1);
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_push_with_the_same_findings_adds_no_comments_and_edits_the_summary() {
    let gh = github_with_pr().await;
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    // The new commit only adds a line at the top: findings move, their code does not change.
    let moved = format!("# a comment\n{HEAD_PY}");
    let new_head = "1111111111111111111111111111111111111111";
    gh.set_head(OWNER, REPO, PR, new_head, vec![FakeFile::from_contents("app/handler.py", Some(BASE_PY), Some(&moved))]);
    assert_eq!(app.deliver("pull_request", "d2", &synchronize_to(new_head)).await.status(), 202);
    app.idle().await;
    assert_eq!(line_comments(&gh).len(), 1, "no second comment for the same finding");
    assert_eq!(gh.reviews(OWNER, REPO, PR).len(), 1);
    let summaries = gh.issue_comments(OWNER, REPO, PR);
    assert_eq!(summaries.len(), 1, "the summary is edited, not duplicated");
    assert!(summaries[0]["body"].as_str().unwrap().contains("## techlead review of 1111111"));
    let runs = gh.check_runs(OWNER, REPO);
    assert_eq!(runs.len(), 2, "one check run per head");
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_push_that_fixes_a_finding_marks_its_comment_fixed() {
    let gh = github_with_pr().await;
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    let fixed = HEAD_PY.replace("return eval(data)", "return ast.literal_eval(data)");
    let new_head = "2222222222222222222222222222222222222222";
    gh.set_head(OWNER, REPO, PR, new_head, vec![FakeFile::from_contents("app/handler.py", Some(BASE_PY), Some(&fixed))]);
    app.deliver("pull_request", "d2", &synchronize_to(new_head)).await;
    app.idle().await;
    let comments = line_comments(&gh);
    assert_eq!(comments.len(), 1);
    let body = comments[0]["body"].as_str().unwrap();
    assert!(body.starts_with("✅ **Fixed** in 2222222."), "{body}");
    assert!(body.contains("<!-- techlead:fixed "), "{body}");
    let runs = gh.check_runs(OWNER, REPO);
    let latest = runs.iter().find(|r| r["head_sha"] == new_head).unwrap();
    assert_eq!(latest["conclusion"], "success", "the remaining finding is on an unchanged line");
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_signature_is_refused_and_github_is_never_called() {
    let gh = github_with_pr().await;
    let app = TestApp::start(&gh).await;
    let body = payload("pull_request.opened");
    let wrong = app.deliver_signed("pull_request", "x1", &body, &sign(b"not the secret", &body)).await;
    assert_eq!(wrong.status(), 401);
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    assert_eq!(app.deliver_signed("pull_request", "x2", &tampered, &sign(SECRET.as_bytes(), &body)).await.status(), 401);
    let sha1_only = app
        .http
        .post(format!("{}/webhook", app.url))
        .header("x-github-event", "pull_request")
        .header("x-github-delivery", "x3")
        .header("x-hub-signature", "sha1=abc")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(sha1_only.status(), 401);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(gh.requests().is_empty(), "no call to GitHub");
    assert!(app.job_states().await.is_empty(), "nothing queued");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_502_is_retried_and_the_review_is_posted_once() {
    let gh = github_with_pr().await;
    gh.fail_next("POST", "/pulls/2/reviews", 502, vec![], serde_json::json!({"message": "Bad Gateway"}));
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    assert_eq!(gh.reviews(OWNER, REPO, PR).len(), 1);
    assert_eq!(gh.requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/reviews")).count(), 2);
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_secondary_rate_limit_is_waited_out() {
    let gh = github_with_pr().await;
    let limited = serde_json::json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."});
    gh.fail_next("POST", "/pulls/2/reviews", 403, vec![("retry-after".into(), "1".into())], limited);
    let app = TestApp::start(&gh).await;
    let started = Instant::now();
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    assert!(started.elapsed() >= Duration::from_secs(1), "waited for retry-after");
    assert_eq!(gh.reviews(OWNER, REPO, PR).len(), 1);
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_3000_file_pr_and_a_file_without_patch_are_handled() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, INSTALLATION);
    let mut files: Vec<FakeFile> = (0..2999).map(|i| FakeFile::from_contents(&format!("docs/page{i}.md"), None, Some("text\n"))).collect();
    let mut no_patch = FakeFile::from_contents("app/handler.py", Some(BASE_PY), Some(HEAD_PY));
    no_patch.patch = None;
    files.insert(0, no_patch);
    files.push(FakeFile::from_contents("late.py", None, Some("eval(x)\n")));
    gh.add_pull(pull(HEAD, false, files));
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    assert!(line_comments(&gh).is_empty(), "a file without patch gets no inline comment");
    let summary = gh.issue_comments(OWNER, REPO, PR)[0]["body"].as_str().unwrap().to_string();
    assert!(summary.contains("GitHub lists only the first 3000 files"), "{summary}");
    assert!(summary.contains("`app/handler.py:9`"), "{summary}");
    assert!(!summary.contains("late.py"), "file 3001 is beyond GitHub's list");
    assert_eq!(gh.check_runs(OWNER, REPO)[0]["conclusion"], "success");
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_is_skipped_until_it_is_ready_for_review() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, INSTALLATION);
    gh.add_pull(pull(HEAD, true, vec![FakeFile::from_contents("app/handler.py", Some(BASE_PY), Some(HEAD_PY))]));
    let app = TestApp::start(&gh).await;
    let opened = payload_with("pull_request.opened", |v| v["pull_request"]["draft"] = true.into());
    app.deliver("pull_request", "d1", &opened).await;
    app.idle().await;
    assert!(gh.check_runs(OWNER, REPO).is_empty(), "drafts are not reviewed by default");
    gh.add_pull(pull(HEAD, false, vec![FakeFile::from_contents("app/handler.py", Some(BASE_PY), Some(HEAD_PY))]));
    let ready = app.deliver("pull_request", "d2", &payload("pull_request.ready_for_review.with-installation")).await;
    assert_eq!(ready.status(), 202);
    app.idle().await;
    assert_eq!(gh.check_runs(OWNER, REPO).len(), 1);
    assert_eq!(gh.reviews(OWNER, REPO, PR).len(), 1);
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rerequested_check_run_reviews_that_head_again() {
    let gh = github_with_pr().await;
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    // GitHub lists the head's pull requests in the check run when they are in the same repository.
    let rerun = payload_with("check_run.rerequested", |v| {
        v["repository"]["full_name"] = format!("{OWNER}/{REPO}").into();
        v["check_run"]["head_sha"] = HEAD.into();
        v["check_run"]["pull_requests"] = serde_json::json!([{"number": PR, "id": 1, "url": "", "head": {"ref": "changes", "sha": HEAD, "repo": {"id": 1, "url": "", "name": REPO}}, "base": {"ref": "main", "sha": BASE, "repo": {"id": 1, "url": "", "name": REPO}}}]);
    });
    let before = gh.requests().len();
    assert_eq!(app.deliver("check_run", "d2", &rerun).await.status(), 202);
    app.idle().await;
    let after: Vec<_> = gh.requests()[before..].to_vec();
    assert!(after.iter().any(|r| r.method == "PATCH" && r.path.contains("/check-runs/")), "the check run is completed again");
    assert_eq!(gh.check_runs(OWNER, REPO).len(), 1, "the same check run is reused for the same head");
    assert_eq!(line_comments(&gh).len(), 1, "no duplicate comment");
    assert_eq!(gh.issue_comments(OWNER, REPO, PR).len(), 1);
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn health_readiness_and_metrics() {
    let gh = github_with_pr().await;
    let app = TestApp::start(&gh).await;
    assert_eq!(app.get("/healthz").await, (200, "ok".into()));
    let (status, ready) = app.get("/readyz").await;
    assert_eq!(status, 200, "{ready}");
    assert!(ready.contains("sqlite storage reachable"), "{ready}");
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.deliver("ping", "d2", &payload("ping")).await;
    app.idle().await;
    let (_, metrics) = app.get("/metrics").await;
    for line in [
        "techlead_webhook_deliveries_total{event=\"pull_request\",outcome=\"queued\"} 1",
        "techlead_webhook_deliveries_total{event=\"ping\",outcome=\"ping\"} 1",
        "techlead_queue_depth 0",
        "techlead_jobs{state=\"done\"} 1",
        "techlead_job_duration_seconds_count 1",
        "techlead_github_api_calls_total{status=\"200\"}",
        "techlead_github_rate_limit_remaining",
        "techlead_review_stage_seconds_count{stage=\"analysis\"} 1",
        "techlead_review_stage_seconds_count{stage=\"change\"} 1",
        "techlead_review_stage_seconds_count{stage=\"dependencies\"} 1",
        "techlead_review_stage_seconds_count{stage=\"publish\"} 1",
    ] {
        assert!(metrics.contains(line), "missing {line} in\n{metrics}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn installation_tokens_are_cached_and_renewed_after_a_401() {
    let gh = github_with_pr().await;
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    app.deliver("pull_request", "d2", &synchronize_to(HEAD)).await;
    app.idle().await;
    assert_eq!(gh.issued_tokens().len(), 1, "one token serves both reviews");
    // The App JWT: RS256, issued 60 s back, valid under 10 minutes.
    use base64::Engine as _;
    let jwt = &gh.jwts()[0];
    let header: Value = serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(jwt.split('.').next().unwrap()).unwrap()).unwrap();
    let claims: Value = serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(jwt.split('.').nth(1).unwrap()).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256");
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let (iat, exp) = (claims["iat"].as_u64().unwrap(), claims["exp"].as_u64().unwrap());
    assert!(iat <= now - 59 && exp - iat <= 600 && exp > now, "{claims}");
    assert_eq!(claims["iss"], support::app::APP_ID.to_string());

    // A revoked token: GitHub answers 401 once; the client renews and retries.
    gh.fail_next("GET", "/pulls/2", 401, vec![], serde_json::json!({"message": "Bad credentials"}));
    app.deliver("pull_request", "d3", &payload("pull_request.reopened")).await;
    app.idle().await;
    assert_eq!(gh.issued_tokens().len(), 2);
    assert_eq!(app.job_states().await, vec![("done".to_string(), 3)]);
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_anchor_moves_to_the_summary_and_the_rest_is_posted() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, INSTALLATION);
    let head = "import os\n\n\ndef handler(data, cmd):\n    os.system(cmd)\n    return eval(data)\n";
    gh.add_pull(pull(HEAD, false, vec![FakeFile::from_contents("app/handler.py", None, Some(head))]));
    // GitHub refuses the whole review, then the first of the single comments.
    let refused = serde_json::json!({"message": "Unprocessable Entity", "errors": ["Line could not be resolved"]});
    gh.fail_next("POST", "/pulls/2/reviews", 422, vec![], refused.clone());
    gh.fail_next("POST", "/pulls/2/comments", 422, vec![], refused);
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    let comments = line_comments(&gh);
    assert_eq!(comments.len(), 1, "the other comment is still posted");
    let summary = gh.issue_comments(OWNER, REPO, PR)[0]["body"].as_str().unwrap().to_string();
    assert!(summary.contains("Not commented inline: GitHub refused the anchor (1)"), "{summary}");
    assert_eq!(app.job_states().await, vec![("done".to_string(), 1)]);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_502_to_a_review_github_applied_does_not_post_it_twice() {
    let gh = github_with_pr().await;
    // GitHub creates the review, then answers 502: repeating the POST would duplicate it.
    gh.fail_next_after_applying("POST", "/pulls/2/reviews", 502);
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    assert_eq!(gh.reviews(OWNER, REPO, PR).len(), 1);
    assert_eq!(line_comments(&gh).len(), 1);
    assert_eq!(gh.issue_comments(OWNER, REPO, PR).len(), 1, "one summary");
    let runs = gh.check_runs(OWNER, REPO);
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["status"], "completed");
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_exhausted_rate_limit_is_waited_out_until_its_reset() {
    let gh = github_with_pr().await;
    let reset = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 1;
    let headers = vec![("x-ratelimit-remaining".into(), "0".into()), ("x-ratelimit-reset".into(), reset.to_string())];
    gh.fail_next("GET", "/pulls/2/files", 403, headers, serde_json::json!({"message": "API rate limit exceeded for installation ID 1."}));
    let app = TestApp::start(&gh).await;
    let started = Instant::now();
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    assert!(started.elapsed() >= Duration::from_secs(1), "waited until x-ratelimit-reset");
    assert_eq!(gh.reviews(OWNER, REPO, PR).len(), 1);
    let (_, metrics) = app.get("/metrics").await;
    assert!(metrics.contains("techlead_github_api_calls_total{status=\"403\"} 1"), "{metrics}");
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_that_keeps_failing_dies_and_its_check_run_says_why() {
    let gh = github_with_pr().await;
    for _ in 0..2 {
        gh.fail_next("GET", "/pulls/2/files", 404, vec![], serde_json::json!({"message": "Not Found"}));
    }
    let app = TestApp::start_with(&gh, |c| c.queue.max_attempts = 2).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    let runs = gh.check_runs(OWNER, REPO);
    assert_eq!(runs.len(), 1, "{runs:#?}");
    assert_eq!(runs[0]["status"], "completed", "never left in progress");
    assert_eq!(runs[0]["conclusion"], "failure");
    assert_eq!(runs[0]["output"]["title"], "techlead could not review this commit");
    let summary = runs[0]["output"]["summary"].as_str().unwrap();
    assert!(summary.contains("Not Found") && summary.contains("Re-run this check"), "{summary}");
    let (_, metrics) = app.get("/metrics").await;
    assert!(metrics.contains("techlead_jobs_finished_total{state=\"dead\"} 1"), "{metrics}");
    assert!(metrics.contains("techlead_jobs{state=\"dead\"} 1"), "{metrics}");
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_review_that_outlasts_its_lease_keeps_it_and_runs_once() {
    let gh = github_with_pr().await;
    gh.set_delay(Duration::from_millis(250));
    // Two workers: without renewal the idle one would take the job after 900 ms.
    let app = TestApp::start_with(&gh, |c| c.queue.lease = Duration::from_millis(900)).await;
    let started = Instant::now();
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    assert!(started.elapsed() > Duration::from_millis(1800), "the review took longer than two leases");
    let posts = |suffix: &str| gh.requests().iter().filter(|r| r.method == "POST" && r.path.ends_with(suffix)).count();
    assert_eq!((posts("/check-runs"), posts("/reviews"), posts("/comments")), (1, 1, 1), "each write once");
    assert_eq!(app.job_states().await, vec![("done".to_string(), 1)]);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn pushes_delivered_out_of_order_still_review_the_newest_head() {
    const NEWER: &str = "3333333333333333333333333333333333333333";
    const OTHER_HEAD: &str = "4444444444444444444444444444444444444444";
    let gh = github_with_pr().await;
    gh.add_pull(FakePull { number: 3, ..pull(OTHER_HEAD, false, vec![FakeFile::from_contents("lib/other.py", None, Some("x = 1\n"))]) });
    gh.set_head(OWNER, REPO, PR, NEWER, vec![FakeFile::from_contents("app/handler.py", Some(BASE_PY), Some(HEAD_PY))]);
    gh.set_delay(Duration::from_millis(200));
    let app = TestApp::start_with(&gh, |c| c.queue.workers = 1).await;
    // Keep the only worker busy with another pull request meanwhile.
    let other = opened_pr_3(OTHER_HEAD);
    app.deliver("pull_request", "other", &other).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !gh.requests().iter().any(|r| r.path.contains("/pulls/3")) {
        assert!(Instant::now() < deadline, "the worker never started on #3");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The newer push is delivered first; the older one, arriving last, supersedes it.
    app.deliver("pull_request", "newer", &synchronize_to(NEWER)).await;
    app.deliver("pull_request", "older", &synchronize_to(HEAD)).await;
    gh.set_delay(Duration::ZERO);
    app.idle().await;
    let runs = gh.check_runs(OWNER, REPO);
    let newest = runs.iter().find(|r| r["head_sha"] == NEWER).expect("the newest head was reviewed");
    assert_eq!(newest["status"], "completed");
    assert!(runs.iter().all(|r| r["head_sha"] != HEAD), "the outdated head was not reviewed");
    assert!(gh.reviews(OWNER, REPO, PR).iter().all(|r| r["commit_id"] == NEWER));
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn many_findings_fill_the_comment_limit_and_annotations_go_in_batches_of_50() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, INSTALLATION);
    let many: String = (0..60).map(|i| format!("value_{i} = eval(source_{i})\n")).collect();
    gh.add_pull(pull(HEAD, false, vec![FakeFile::from_contents("app/many.py", None, Some(&many))]));
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    assert_eq!(line_comments(&gh).len(), 25, "the default limit");
    let summary = gh.issue_comments(OWNER, REPO, PR)[0]["body"].as_str().unwrap().to_string();
    assert!(summary.contains("over the comment limit"), "{summary}");
    let runs = gh.check_runs(OWNER, REPO);
    // 60 line findings and the pull request's own check that no test came with the code.
    assert_eq!(runs[0]["output"]["annotations_count"], 61);
    let batches: Vec<usize> =
        gh.requests().iter().filter(|r| r.method == "PATCH" && r.path.contains("/check-runs/")).filter_map(|r| r.body.as_ref()?["output"]["annotations"].as_array().map(Vec::len)).collect();
    assert!(batches.iter().all(|n| *n <= 50) && batches.iter().sum::<usize>() == 61, "{batches:?}");
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rule_fix_becomes_a_suggestion_block_on_the_commented_line() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, INSTALLATION);
    let head = "from flask import Flask\n\napp = Flask(__name__)\n\napp.run(debug=True)\n";
    gh.add_pull(pull(HEAD, false, vec![FakeFile::from_contents("app/server.py", Some("from flask import Flask\n"), Some(head))]));
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    let comments = line_comments(&gh);
    assert_eq!(comments.len(), 1, "{comments:#?}");
    assert_eq!((comments[0]["line"].as_u64(), comments[0]["side"].as_str()), (Some(5), Some("RIGHT")));
    let body = comments[0]["body"].as_str().unwrap();
    assert!(body.contains("```suggestion\napp.run(debug=False)\n```"), "{body}");
    support::snapshot::assert_snapshot("inline_comment_with_suggestion", body);
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_for_one_installation_are_sent_one_at_a_time() {
    const OTHER_HEAD: &str = "5555555555555555555555555555555555555555";
    let gh = github_with_pr().await;
    gh.add_pull(FakePull { number: 3, ..pull(OTHER_HEAD, false, vec![FakeFile::from_contents("lib/other.py", None, Some("y = eval(z)\n"))]) });
    gh.set_delay(Duration::from_millis(60));
    let app = TestApp::start(&gh).await; // two workers: both pull requests are reviewed at once
    let other = opened_pr_3(OTHER_HEAD);
    app.deliver("pull_request", "pr2", &payload("pull_request.opened")).await;
    app.deliver("pull_request", "pr3", &other).await;
    app.idle().await;
    assert_eq!((gh.reviews(OWNER, REPO, 2).len(), gh.reviews(OWNER, REPO, 3).len()), (1, 1));
    let mut writes: Vec<_> = gh.requests().into_iter().filter(|r| r.method != "GET" && r.path.starts_with("/repos/")).collect();
    writes.sort_by_key(|r| r.received);
    assert!(writes.len() >= 8, "{} writes", writes.len());
    for pair in writes.windows(2) {
        let answered = pair[0].answered.expect("answered");
        assert!(pair[1].received >= answered, "{} {} was sent while {} {} was in flight", pair[1].method, pair[1].path, pair[0].method, pair[0].path);
    }
    gh.assert_no_violations();
    app.stop().await;
}
