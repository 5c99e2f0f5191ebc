//! `@techlead` commands in pull request comments, from GitHub's
//! `issue_comment` example payload, turned into a pull request comment.

mod support;

use serde_json::Value;
use support::app::TestApp;
use support::fake_github::{FakeFile, FakeGitHub, FakePull};
use support::webhook::payload;
use techlead::event::{Event, PrCommand};

const OWNER: &str = "Codertocat";
const REPO: &str = "Hello-World";
const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const CODE: &str = "import os\n\n\ndef handler(data, cmd):\n    os.system(cmd)\n    return eval(data)\n";

/// The shared `issue_comment` payload, on pull request 2, with `body` by someone with `association`.
fn comment(body: &str, association: &str) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(&payload("issue_comment.created.with-installation")).unwrap();
    v["issue"]["number"] = 2.into();
    v["issue"]["pull_request"] = serde_json::json!({"url": "https://api.github.com/repos/Codertocat/Hello-World/pulls/2"});
    v["comment"]["body"] = body.into();
    v["comment"]["author_association"] = association.into();
    serde_json::to_vec(&v).unwrap()
}

async fn github() -> FakeGitHub {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, 1);
    let files = vec![FakeFile::from_contents("app/handler.py", None, Some(CODE))];
    gh.add_pull(FakePull { owner: OWNER.into(), repo: REPO.into(), number: 2, head_sha: HEAD.into(), base_sha: "0".repeat(40), draft: false, files });
    gh
}

#[test]
fn only_writers_commands_on_pull_requests_count() {
    let parse = |body: &[u8]| techlead::github::webhook::parse("issue_comment", body).unwrap();
    assert!(matches!(parse(&comment("@techlead review", "OWNER")), Event::Command(c) if c.command == PrCommand::Review && c.author == "Codertocat"));
    assert!(matches!(parse(&comment("@techlead review", "NONE")), Event::Ignored(why) if why.contains("no write access")));
    assert!(matches!(parse(&comment("looks good", "OWNER")), Event::Ignored(_)));
    // A reply in a review thread arrives as `pull_request_review_comment`.
    let reply = serde_json::json!({
        "action": "created", "installation": {"id": 1}, "repository": {"full_name": "Codertocat/Hello-World"},
        "pull_request": {"number": 2},
        "comment": {"body": "@techlead ignore python-os-system", "user": {"login": "octocat", "type": "User"}, "author_association": "OWNER", "in_reply_to_id": 42},
    });
    let parsed = techlead::github::webhook::parse("pull_request_review_comment", &serde_json::to_vec(&reply).unwrap()).unwrap();
    assert!(matches!(parsed, Event::Command(c) if c.command == PrCommand::Ignore("python-os-system".into()) && c.pr.0 == 2));
    // The example itself is on an issue, not a pull request.
    assert!(matches!(parse(&payload("issue_comment.created.with-installation")), Event::Ignored(_)));
}

#[tokio::test(flavor = "multi_thread")]
async fn review_explain_and_ignore() {
    let gh = github().await;
    let app = TestApp::start(&gh).await;
    assert_eq!(app.deliver("issue_comment", "c1", &comment("@techlead review", "MEMBER")).await.status(), 202);
    app.idle().await;
    assert_eq!(gh.reviews(OWNER, REPO, 2).len(), 1, "reviewed on request");
    assert_eq!(gh.review_comments(OWNER, REPO, 2).len(), 2);

    app.deliver("issue_comment", "c2", &comment("@techlead explain python-eval-used", "COLLABORATOR")).await;
    app.idle().await;
    let replies = gh.issue_comments(OWNER, REPO, 2);
    let explained = replies.iter().filter_map(|c| c["body"].as_str()).find(|b| b.starts_with("@Codertocat **`python-eval-used`**")).expect("explanation posted");
    assert!(explained.contains("What it finds:") && explained.contains("[More about this rule]"), "{explained}");

    app.deliver("issue_comment", "c3", &comment("@techlead explain python-eval-usd", "OWNER")).await;
    app.idle().await;
    assert!(gh.issue_comments(OWNER, REPO, 2).iter().any(|c| c["body"].as_str().unwrap().contains("there is no rule `python-eval-usd`; did you mean `python-eval-used`?")));

    app.deliver("issue_comment", "c4", &comment("@techlead ignore python-os-system", "OWNER")).await;
    app.idle().await;
    let comments = gh.review_comments(OWNER, REPO, 2);
    let os_system = comments.iter().find(|c| c["line"] == 5).unwrap();
    assert!(os_system["body"].as_str().unwrap().starts_with("🔕 **Ignored** on this pull request by @Codertocat."), "{os_system}");
    let eval = comments.iter().find(|c| c["line"] == 6).unwrap();
    assert!(eval["body"].as_str().unwrap().starts_with("🔴 **error**"), "other findings stay");

    // A later push does not bring the ignored rule back.
    let writes = gh.mutating_request_count();
    app.deliver("pull_request", "p1", &payload("pull_request.synchronize")).await;
    app.idle().await;
    assert_eq!(gh.review_comments(OWNER, REPO, 2).len(), 2, "no new comment for the ignored rule");
    assert!(gh.mutating_request_count() > writes);

    // Someone without write access is ignored: nothing is queued.
    let ignored = app.deliver("issue_comment", "c5", &comment("@techlead ignore python-eval-used", "CONTRIBUTOR")).await;
    assert_eq!(ignored.status(), 200);
    gh.assert_no_violations();
    app.stop().await;
}
