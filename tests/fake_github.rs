//! Tests of the fake GitHub server itself (`tests/support/fake_github`), so
//! the bot's integration tests can trust what it accepts and rejects.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::fake_github::*;
use support::webhook;

const OWNER: &str = "Codertocat";
const REPO: &str = "Hello-World";
const INSTALLATION: u64 = 2;
const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";

/// `src/lib.rs`: lines 1-2 unchanged, line 3 replaced, line 4 added.
const PATCH: &str = "@@ -1,3 +1,4 @@\n fn a() {}\n fn b() {}\n-fn c() {}\n+fn c() { todo!() }\n+fn d() {}";

async fn setup() -> (FakeGitHub, reqwest::Client, String) {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, INSTALLATION);
    gh.add_pull(FakePull {
        owner: OWNER.into(),
        repo: REPO.into(),
        number: 2,
        head_sha: HEAD.into(),
        base_sha: BASE.into(),
        draft: false,
        files: vec![FakeFile {
            filename: "src/lib.rs".into(),
            status: "modified".into(),
            patch: Some(PATCH.into()),
            head_content: Some("fn a() {}\nfn b() {}\nfn c() { todo!() }\nfn d() {}\n".into()),
            base_content: Some("fn a() {}\nfn b() {}\nfn c() {}\n".into()),
        }],
    });
    let client = reqwest::Client::new();
    let token = token(&gh, &client).await;
    (gh, client, token)
}

async fn token(gh: &FakeGitHub, client: &reqwest::Client) -> String {
    let res = client.post(format!("{}/app/installations/{INSTALLATION}/access_tokens", gh.url())).bearer_auth(fake_jwt(42)).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    body["token"].as_str().unwrap().to_string()
}

fn repo_url(gh: &FakeGitHub, rest: &str) -> String {
    format!("{}/repos/{OWNER}/{REPO}{rest}", gh.url())
}

async fn post(client: &reqwest::Client, url: &str, token: &str, body: Value) -> (u16, Value) {
    let res = client.post(url).header("authorization", format!("token {token}")).json(&body).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn get(client: &reqwest::Client, url: &str, token: &str) -> reqwest::Response {
    client.get(url).header("authorization", format!("token {token}")).send().await.unwrap()
}

#[tokio::test]
async fn token_is_issued_for_a_jwt_and_recorded() {
    let (gh, _client, token) = setup().await;
    assert_eq!(token, "ghs_fake_1");
    assert_eq!(gh.jwts().len(), 1);
    assert_eq!(gh.issued_tokens(), vec![(INSTALLATION, token)]);
    assert_eq!(gh.mutating_request_count(), 0, "token creation is not a visible change");
    gh.assert_no_violations();
}

#[tokio::test]
async fn token_without_a_jwt_is_a_violation() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, INSTALLATION);
    let res = reqwest::Client::new().post(format!("{}/app/installations/{INSTALLATION}/access_tokens", gh.url())).bearer_auth("not-a-jwt").send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(gh.violations().len(), 1, "{:?}", gh.violations());
}

#[tokio::test]
async fn valid_review_is_accepted_and_stored() {
    let (gh, client, token) = setup().await;
    let body = json!({
        "commit_id": HEAD,
        "event": "COMMENT",
        "body": "Two findings.",
        "comments": [
            { "path": "src/lib.rs", "line": 3, "side": "RIGHT", "body": "todo!() in library code" },
            { "path": "src/lib.rs", "start_line": 2, "line": 4, "side": "RIGHT", "body": "range" },
            { "path": "src/lib.rs", "line": 3, "side": "LEFT", "body": "on the removed line" },
        ],
    });
    let (status, review) = post(&client, &repo_url(&gh, "/pulls/2/reviews"), &token, body).await;
    assert_eq!(status, 200, "{review}");
    assert_eq!(review["state"], "COMMENTED");
    assert_eq!(review["commit_id"], HEAD);
    gh.assert_no_violations();

    let reviews = gh.reviews(OWNER, REPO, 2);
    assert_eq!(reviews.len(), 1);
    let comments = gh.review_comments(OWNER, REPO, 2);
    assert_eq!(comments.len(), 3);
    assert_eq!(comments[0]["path"], "src/lib.rs");
    assert_eq!(comments[0]["line"], 3);
    assert_eq!(comments[0]["side"], "RIGHT");
    assert_eq!(comments[0]["commit_id"], HEAD);
    assert_eq!(comments[0]["pull_request_review_id"], review["id"]);
    assert_eq!(comments[0]["diff_hunk"], "@@ -1,3 +1,4 @@\n fn a() {}\n fn b() {}\n-fn c() {}\n+fn c() { todo!() }");
    assert_eq!(comments[1]["start_line"], 2);
    assert_eq!(comments[1]["start_side"], "RIGHT");
    assert_eq!(comments[2]["side"], "LEFT");
    assert!(comments[0]["start_line"].is_null());

    // The list endpoints answer with the same data.
    let listed: Value = get(&client, &repo_url(&gh, "/pulls/2/comments"), &token).await.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 3);
    assert_eq!(gh.mutating_request_count(), 1);
}

#[tokio::test]
async fn review_comment_outside_the_diff_is_rejected_like_github() {
    let (gh, client, token) = setup().await;
    for (line, side) in [(10, "RIGHT"), (4, "LEFT")] {
        let body = json!({
            "event": "COMMENT", "body": "x",
            "comments": [{ "path": "src/lib.rs", "line": line, "side": side, "body": "not in the diff" }],
        });
        let (status, answer) = post(&client, &repo_url(&gh, "/pulls/2/reviews"), &token, body).await;
        assert_eq!(status, 422);
        assert_eq!(answer["errors"][0], "Line could not be resolved");
    }
    // A file that is not part of the PR, and a range across nothing valid.
    let body = json!({ "event": "COMMENT", "body": "x", "comments": [{ "path": "README.md", "line": 1, "body": "?" }] });
    assert_eq!(post(&client, &repo_url(&gh, "/pulls/2/reviews"), &token, body).await.0, 422);
    assert_eq!(gh.violations().len(), 3, "{:#?}", gh.violations());
    assert!(gh.reviews(OWNER, REPO, 2).is_empty(), "a rejected review is not stored");
    gh.clear_violations();
    gh.assert_no_violations();
}

#[tokio::test]
async fn review_with_a_bogus_event_is_a_violation() {
    let (gh, client, token) = setup().await;
    let (status, answer) = post(&client, &repo_url(&gh, "/pulls/2/reviews"), &token, json!({ "event": "BOGUS", "body": "x" })).await;
    assert_eq!(status, 422);
    assert!(answer["message"].as_str().unwrap().starts_with("Invalid request."));
    let v = gh.violations();
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(v[0].contains("pulls/create-review") && v[0].contains("/event"), "{}", v[0]);
    assert!(gh.reviews(OWNER, REPO, 2).is_empty());
}

#[tokio::test]
async fn review_comment_without_path_is_a_violation() {
    let (gh, client, token) = setup().await;
    let body = json!({ "event": "COMMENT", "body": "x", "comments": [{ "line": 3, "body": "where?" }] });
    let (status, _) = post(&client, &repo_url(&gh, "/pulls/2/reviews"), &token, body).await;
    assert_eq!(status, 422);
    let v = gh.violations();
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(v[0].contains("path"), "{}", v[0]);
}

#[tokio::test]
async fn unknown_route_bad_params_and_missing_auth_are_violations() {
    let (gh, client, token) = setup().await;
    assert_eq!(get(&client, &repo_url(&gh, "/pulls/2/nonsense"), &token).await.status(), 404);
    assert_eq!(get(&client, &repo_url(&gh, "/pulls/two"), &token).await.status(), 422);
    assert_eq!(get(&client, &repo_url(&gh, "/pulls/2/files?per_page=lots"), &token).await.status(), 422);
    assert_eq!(client.get(repo_url(&gh, "/pulls/2")).send().await.unwrap().status(), 401);
    // Body is required for an issue comment.
    let res = client.post(repo_url(&gh, "/issues/2/comments")).header("authorization", format!("token {token}")).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(gh.violations().len(), 5, "{:#?}", gh.violations());
}

#[tokio::test]
async fn token_of_another_installation_is_refused() {
    let (gh, client, _) = setup().await;
    gh.add_repo("other", "repo", 99);
    let res = client.post(format!("{}/app/installations/99/access_tokens", gh.url())).bearer_auth(fake_jwt(42)).send().await.unwrap();
    let other: Value = res.json().await.unwrap();
    let res = get(&client, &repo_url(&gh, "/pulls/2"), other["token"].as_str().unwrap()).await;
    assert_eq!(res.status(), 404);
    assert_eq!(gh.violations().len(), 1);
}

#[tokio::test]
async fn pull_request_and_contents_come_from_the_state() {
    let (gh, client, token) = setup().await;
    let pr: Value = get(&client, &repo_url(&gh, "/pulls/2"), &token).await.json().await.unwrap();
    assert_eq!(pr["number"], 2);
    assert_eq!(pr["head"]["sha"], HEAD);
    assert_eq!(pr["base"]["sha"], BASE);
    assert_eq!(pr["base"]["repo"]["full_name"], "Codertocat/Hello-World");
    assert_eq!(pr["draft"], false);

    let res = get(&client, &repo_url(&gh, &format!("/contents/src/lib.rs?ref={HEAD}")), &token).await;
    assert_eq!(res.status(), 200);
    let file: Value = res.json().await.unwrap();
    assert_eq!(file["encoding"], "base64");
    assert_eq!(file["path"], "src/lib.rs");
    assert_eq!(file["sha"].as_str().unwrap().len(), 40);
    let b64: String = file["content"].as_str().unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(b64, "Zm4gYSgpIHt9CmZuIGIoKSB7fQpmbiBjKCkgeyB0b2RvISgpIH0KZm4gZCgpIHt9Cg==");

    let res = get(&client, &repo_url(&gh, &format!("/contents/missing.rs?ref={HEAD}")), &token).await;
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["message"], "Not Found");
    gh.assert_no_violations();
}

#[tokio::test]
async fn files_are_paginated_with_link_headers_and_stop_at_3000() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, INSTALLATION);
    let files = (0..3100).map(|i| FakeFile { filename: format!("f{i:04}.txt"), status: "added".into(), patch: Some("@@ -0,0 +1 @@\n+x".into()), ..FakeFile::default() }).collect();
    gh.add_pull(FakePull { owner: OWNER.into(), repo: REPO.into(), number: 7, head_sha: HEAD.into(), base_sha: BASE.into(), files, ..FakePull::default() });
    let client = reqwest::Client::new();
    let token = token(&gh, &client).await;

    // Default page size is 30: 3000 / 30 = 100 pages.
    let res = get(&client, &repo_url(&gh, "/pulls/7/files"), &token).await;
    let link = res.headers()["link"].to_str().unwrap().to_string();
    assert_eq!(res.json::<Vec<Value>>().await.unwrap().len(), 30);
    let base = repo_url(&gh, "/pulls/7/files");
    assert_eq!(link, format!("<{base}?page=2>; rel=\"next\", <{base}?page=100>; rel=\"last\""));

    // Following `next` with per_page=100 (and asking for more is clamped).
    let mut url = format!("{base}?per_page=250");
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let res = get(&client, &url, &token).await;
        assert_eq!(res.status(), 200);
        let link = res.headers().get("link").map(|l| l.to_str().unwrap().to_string());
        let page: Vec<Value> = res.json().await.unwrap();
        pages += 1;
        seen.extend(page.into_iter().map(|f| f["filename"].as_str().unwrap().to_string()));
        let next = link.as_deref().and_then(|l| l.split(", ").find(|p| p.ends_with("rel=\"next\"")).map(|p| p[1..p.find('>').unwrap()].to_string()));
        match next {
            Some(n) => url = n,
            None => {
                let link = link.unwrap();
                assert!(link.contains("rel=\"prev\"") && link.contains("rel=\"first\"") && !link.contains("rel=\"last\""));
                break;
            }
        }
    }
    assert_eq!(pages, 30);
    assert_eq!(seen.len(), 3000);
    assert_eq!(seen.last().unwrap(), "f2999.txt");

    let past: Vec<Value> = get(&client, &format!("{base}?per_page=100&page=31"), &token).await.json().await.unwrap();
    assert!(past.is_empty());
    gh.assert_no_violations();
}

#[tokio::test]
async fn fail_next_answers_once_then_normally() {
    let (gh, client, token) = setup().await;
    gh.fail_next("GET", "/pulls/2", 502, vec![], json!({ "message": "Server Error" }));
    gh.fail_next("POST", "/issues/2/comments", 403, vec![("retry-after".into(), "1".into())], json!({ "message": "You have exceeded a secondary rate limit." }));
    assert_eq!(get(&client, &repo_url(&gh, "/pulls/2"), &token).await.status(), 502);
    assert_eq!(get(&client, &repo_url(&gh, "/pulls/2"), &token).await.status(), 200);

    let res = client.post(repo_url(&gh, "/issues/2/comments")).header("authorization", format!("token {token}")).json(&json!({ "body": "hi" })).send().await.unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(res.headers()["retry-after"], "1");
    assert!(gh.issue_comments(OWNER, REPO, 2).is_empty(), "a faulted request changes nothing");
    let (status, _) = post(&client, &repo_url(&gh, "/issues/2/comments"), &token, json!({ "body": "hi" })).await;
    assert_eq!(status, 201);
    assert_eq!(gh.issue_comments(OWNER, REPO, 2).len(), 1);
    assert_eq!(gh.mutating_request_count(), 2);
    gh.assert_no_violations();
}

#[tokio::test]
async fn set_delay_delays_answers() {
    let (gh, client, token) = setup().await;
    gh.set_delay(Duration::from_millis(300));
    let started = std::time::Instant::now();
    assert_eq!(get(&client, &repo_url(&gh, "/pulls/2"), &token).await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn check_runs_accumulate_annotations() {
    let (gh, client, token) = setup().await;
    let annotation = |line: u32| json!({ "path": "src/lib.rs", "start_line": line, "end_line": line, "annotation_level": "warning", "message": "m" });
    let (status, run) = post(
        &client,
        &repo_url(&gh, "/check-runs"),
        &token,
        json!({ "name": "techlead", "head_sha": HEAD, "status": "in_progress",
                "output": { "title": "t", "summary": "s", "annotations": [annotation(1)] } }),
    )
    .await;
    assert_eq!(status, 201, "{run}");
    let id = run["id"].as_u64().unwrap();
    let res = client
        .patch(repo_url(&gh, &format!("/check-runs/{id}")))
        .header("authorization", format!("token {token}"))
        .json(&json!({ "conclusion": "neutral", "output": { "title": "t", "summary": "s2", "annotations": [annotation(3)] } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let runs = gh.check_runs(OWNER, REPO);
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["status"], "completed");
    assert_eq!(runs[0]["conclusion"], "neutral");
    assert_eq!(runs[0]["output"]["summary"], "s2");
    assert_eq!(runs[0]["output"]["annotations"].as_array().unwrap().len(), 2);
    assert_eq!(runs[0]["output"]["annotations_count"], 2);

    let listed: Value = get(&client, &repo_url(&gh, &format!("/commits/{HEAD}/check-runs")), &token).await.json().await.unwrap();
    assert_eq!(listed["total_count"], 1);
    gh.assert_no_violations();

    // More than 50 annotations in one request breaks the description's maxItems.
    let many: Vec<Value> = (1..=51).map(annotation).collect();
    let body = json!({ "output": { "title": "t", "summary": "s", "annotations": many } });
    let res = client.patch(repo_url(&gh, &format!("/check-runs/{id}"))).header("authorization", format!("token {token}")).json(&body).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(gh.violations().len(), 1);
}

#[tokio::test]
async fn patch_from_contents_gives_commentable_lines() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, INSTALLATION);
    let base = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
    let head = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\n";
    let file = FakeFile::from_contents("x.txt", Some(base), Some(head));
    assert_eq!(file.patch.as_deref().unwrap(), "@@ -2,9 +2,10 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n i\n j\n+k");
    gh.add_pull(FakePull { owner: OWNER.into(), repo: REPO.into(), number: 3, head_sha: HEAD.into(), base_sha: BASE.into(), files: vec![file], ..FakePull::default() });
    let client = reqwest::Client::new();
    let token = token(&gh, &client).await;
    let comment = |line: u32| json!({ "body": "b", "commit_id": HEAD, "path": "x.txt", "line": line, "side": "RIGHT" });
    let url = repo_url(&gh, "/pulls/3/comments");
    assert_eq!(post(&client, &url, &token, comment(5)).await.0, 201);
    assert_eq!(post(&client, &url, &token, comment(11)).await.0, 201);
    assert_eq!(post(&client, &url, &token, comment(1)).await.0, 422);
    assert_eq!(gh.violations().len(), 1);
    assert_eq!(gh.review_comments(OWNER, REPO, 3).len(), 2);
}

#[tokio::test]
async fn synchronize_moves_the_head() {
    let (gh, client, token) = setup().await;
    let new_head = "1111111111111111111111111111111111111111";
    gh.set_head(OWNER, REPO, 2, new_head, vec![FakeFile::from_contents("new.rs", None, Some("fn n() {}\n"))]);
    let pr: Value = get(&client, &repo_url(&gh, "/pulls/2"), &token).await.json().await.unwrap();
    assert_eq!(pr["head"]["sha"], new_head);
    let files: Vec<Value> = get(&client, &repo_url(&gh, "/pulls/2/files"), &token).await.json().await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["filename"], "new.rs");
    assert_eq!(files[0]["patch"], "@@ -0,0 +1,1 @@\n+fn n() {}");
    let res = get(&client, &repo_url(&gh, &format!("/contents/new.rs?ref={new_head}")), &token).await;
    assert_eq!(res.status(), 200);
    gh.assert_no_violations();
}

#[test]
fn webhook_signature_matches_githubs_vector() {
    assert_eq!(webhook::sign(b"It's a Secret to Everybody", b"Hello, World!"), "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
}

#[test]
fn webhook_payloads_are_readable() {
    let body = webhook::payload("pull_request.opened");
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["action"], "opened");
    assert_eq!(webhook::event_of("pull_request.opened"), "pull_request");
}

/// Every answer of the fake conforms to GitHub's documented response schema,
/// so the bot's deserialisation is tested against GitHub's shapes.
#[tokio::test]
async fn answers_match_the_documented_response_schemas() {
    let (gh, client, token) = setup().await;
    let auth = format!("token {token}");
    let jwt = format!("Bearer {}", fake_jwt(42));
    let review = json!({ "event": "COMMENT", "body": "b",
        "comments": [{ "path": "src/lib.rs", "line": 3, "side": "RIGHT", "body": "c" }] });
    let comment = json!({ "body": "b", "commit_id": HEAD, "path": "src/lib.rs", "line": 4, "side": "RIGHT" });
    let run = json!({ "name": "techlead", "head_sha": HEAD });
    let app = gh.url();
    let r = |rest: &str| repo_url(&gh, rest);
    // (operationId, method, URL, Authorization, body, expected status)
    type Call<'a> = (&'a str, &'a str, String, &'a str, Option<Value>, u16);
    let calls: Vec<Call<'_>> = vec![
        ("apps/create-installation-access-token", "POST", format!("{app}/app/installations/{INSTALLATION}/access_tokens"), &jwt, None, 201),
        ("apps/get-authenticated", "GET", format!("{app}/app"), &jwt, None, 200),
        ("apps/get-repo-installation", "GET", r("/installation"), &jwt, None, 200),
        ("rate-limit/get", "GET", format!("{app}/rate_limit"), &auth, None, 200),
        ("pulls/get", "GET", r("/pulls/2"), &auth, None, 200),
        ("pulls/list-files", "GET", r("/pulls/2/files"), &auth, None, 200),
        ("repos/get-content", "GET", r(&format!("/contents/src/lib.rs?ref={HEAD}")), &auth, None, 200),
        ("pulls/create-review", "POST", r("/pulls/2/reviews"), &auth, Some(review), 200),
        ("pulls/list-reviews", "GET", r("/pulls/2/reviews"), &auth, None, 200),
        ("pulls/create-review-comment", "POST", r("/pulls/2/comments"), &auth, Some(comment), 201),
        ("pulls/list-review-comments", "GET", r("/pulls/2/comments"), &auth, None, 200),
        ("issues/create-comment", "POST", r("/issues/2/comments"), &auth, Some(json!({ "body": "hi" })), 201),
        ("issues/list-comments", "GET", r("/issues/2/comments"), &auth, None, 200),
        ("checks/create", "POST", r("/check-runs"), &auth, Some(run), 201),
        ("checks/list-for-ref", "GET", r(&format!("/commits/{HEAD}/check-runs")), &auth, None, 200),
    ];
    let mut problems = Vec::new();
    for (op, method, url, auth, body, status) in calls {
        let mut req = client.request(method.parse().unwrap(), &url).header("authorization", auth);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status().as_u16(), status, "{op}");
        let answer: Value = res.json().await.unwrap();
        problems.extend(response_problems(op, status, &answer).into_iter().map(|p| format!("{op}: {p}")));
    }
    gh.assert_no_violations();
    assert!(problems.is_empty(), "answers that do not match the description:\n{}", problems.join("\n"));
}
