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
/// Two findings of `python-os-system` (lines 5 and 6) and one of `python-eval-used` (line 7).
const CODE: &str = "import os\n\n\ndef handler(data, cmd, other):\n    os.system(cmd)\n    os.system(other)\n    return eval(data)\n";

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

/// A reply by `octocat` (an owner) in the review thread whose first comment is `thread`.
fn thread_reply(body: &str, thread: u64) -> Vec<u8> {
    let reply = serde_json::json!({
        "action": "created", "installation": {"id": 1}, "repository": {"full_name": "Codertocat/Hello-World"},
        "pull_request": {"number": 2},
        "comment": {"body": body, "user": {"login": "octocat", "type": "User"}, "author_association": "OWNER", "in_reply_to_id": thread},
    });
    serde_json::to_vec(&reply).unwrap()
}

/// The review comment on `line`: its id and body.
fn comment_on(gh: &FakeGitHub, line: u64) -> (u64, String) {
    let comments = support::rule_comments(&gh, OWNER, REPO, 2);
    let c = comments.iter().find(|c| c["line"] == line && c["in_reply_to_id"].is_null()).unwrap_or_else(|| panic!("no comment on line {line}: {comments:?}"));
    (c["id"].as_u64().unwrap(), c["body"].as_str().unwrap().to_string())
}

fn replies(gh: &FakeGitHub) -> Vec<String> {
    gh.issue_comments(OWNER, REPO, 2).iter().filter_map(|c| c["body"].as_str().map(str::to_string)).collect()
}

#[test]
fn only_writers_commands_on_pull_requests_count() {
    let parse = |body: &[u8]| techlead::github::webhook::parse("issue_comment", body).unwrap();
    assert!(matches!(parse(&comment("@techlead review", "OWNER")), Event::Command(c) if c.command == PrCommand::Review && c.author == "Codertocat"));
    assert!(matches!(parse(&comment("@techlead review", "NONE")), Event::Ignored(why) if why.contains("no write access")));
    assert!(matches!(parse(&comment("looks good", "OWNER")), Event::Ignored(_)));
    // In the conversation, `ignore` names no finding; `everywhere` says the whole rule.
    assert!(matches!(parse(&comment("@techlead ignore python-os-system", "OWNER")), Event::Command(c) if c.command == PrCommand::Ignore("python-os-system".into())));
    assert!(matches!(parse(&comment("@techlead ignore python-os-system everywhere", "MEMBER")), Event::Command(c) if c.command == PrCommand::IgnoreEverywhere("python-os-system".into())));
    // A reply in a review thread arrives as `pull_request_review_comment` and names the thread's finding.
    let parsed = techlead::github::webhook::parse("pull_request_review_comment", &thread_reply("@techlead ignore python-os-system", 42)).unwrap();
    assert!(matches!(parsed, Event::Command(c) if c.command == PrCommand::IgnoreFinding { rule: "python-os-system".into(), thread: 42 } && c.pr.0 == 2));
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
    assert_eq!(support::rule_comments(&gh, OWNER, REPO, 2).len(), 3);

    app.deliver("issue_comment", "c2", &comment("@techlead explain python-eval-used", "COLLABORATOR")).await;
    app.idle().await;
    let explained = replies(&gh).into_iter().find(|b| b.starts_with("@Codertocat **`python-eval-used`**")).expect("explanation posted");
    assert!(explained.contains("What it finds:") && explained.contains("[More about this rule]"), "{explained}");

    app.deliver("issue_comment", "c3", &comment("@techlead explain python-eval-usd", "OWNER")).await;
    app.idle().await;
    assert!(replies(&gh).iter().any(|b| b.contains("there is no rule `python-eval-usd`; did you mean `python-eval-used`?")));

    // Metric checks are rules to the commands too.
    app.deliver("issue_comment", "c4", &comment("@techlead explain metrics/function-length", "OWNER")).await;
    app.idle().await;
    let metric = replies(&gh).into_iter().find(|b| b.starts_with("@Codertocat **`metrics/function-length`** (metric check of the quality gate)")).expect("metric explained");
    assert!(metric.contains("the lines of code of a function") && metric.contains("`gate.thresholds.function_length` (here 80)"), "{metric}");
    // So are the pull-request and dependency checks.
    app.deliver("issue_comment", "c5", &comment("@techlead explain dependency/downgraded", "OWNER")).await;
    app.idle().await;
    let check = replies(&gh).into_iter().find(|b| b.starts_with("@Codertocat **`dependency/downgraded`** (built-in check, warning)")).expect("dependency check explained");
    assert!(check.contains("a package moved to a lower version") && check.contains("its tag `dependencies`"), "{check}");
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ignore_in_a_thread_ignores_only_that_finding() {
    let gh = github().await;
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "p1", &payload("pull_request.opened")).await;
    app.idle().await;
    let (first, _) = comment_on(&gh, 5);

    // In the conversation, `ignore` names no finding: it is explained, and nothing is ignored.
    app.deliver("issue_comment", "c1", &comment("@techlead ignore python-os-system", "OWNER")).await;
    app.idle().await;
    assert!(replies(&gh).iter().any(|b| b.starts_with("@Codertocat `@techlead ignore python-os-system` silences one finding, so it has to be written in that finding's thread")), "{:?}", replies(&gh));
    assert!(comment_on(&gh, 5).1.starts_with("🔴 **error**") && comment_on(&gh, 6).1.starts_with("🔴 **error**"));

    // In the thread of the comment on line 5: that finding only.
    assert_eq!(app.deliver("pull_request_review_comment", "r1", &thread_reply("@techlead ignore python-os-system", first)).await.status(), 202);
    app.idle().await;
    assert!(comment_on(&gh, 5).1.starts_with("🔕 **Ignored** on this pull request by @octocat."), "{}", comment_on(&gh, 5).1);
    assert!(comment_on(&gh, 6).1.starts_with("🔴 **error** · `python-os-system`"), "the other finding of the same rule stays");
    assert!(comment_on(&gh, 7).1.starts_with("🔴 **error** · `python-eval-used`"));
    assert!(replies(&gh).iter().any(|b| b.starts_with("🔕 This finding of `python-os-system` in `app/handler.py` is ignored on this pull request from now on")
        && b.contains("other findings of `python-os-system` are still reported")));

    // A later push: the ignored finding does not come back, the other one is still reported.
    app.deliver("pull_request", "p2", &payload("pull_request.synchronize")).await;
    app.idle().await;
    assert_eq!(support::rule_comments(&gh, OWNER, REPO, 2).iter().filter(|c| c["in_reply_to_id"].is_null()).count(), 3, "no new comment");
    assert!(comment_on(&gh, 5).1.starts_with("🔕 **Ignored**") && comment_on(&gh, 6).1.starts_with("🔴 **error**"));
    let summary = replies(&gh).into_iter().find(|b| b.contains("<!-- techlead:summary -->")).unwrap();
    assert!(summary.contains("| `python-os-system` | 1 |"), "one finding of the rule is left: {summary}");

    // The thread's finding is of another rule: said so, nothing ignored.
    let (second, _) = comment_on(&gh, 6);
    app.deliver("pull_request_review_comment", "r2", &thread_reply("@techlead ignore python-eval-used", second)).await;
    app.idle().await;
    assert!(replies(&gh).iter().any(|b| b.contains("this thread is about `python-os-system`, not `python-eval-used`")));
    assert!(comment_on(&gh, 7).1.starts_with("🔴 **error**"));

    // Explicitly, the whole rule.
    app.deliver("issue_comment", "c2", &comment("@techlead ignore python-eval-used everywhere", "OWNER")).await;
    app.idle().await;
    assert!(comment_on(&gh, 7).1.starts_with("🔕 **Ignored** on this pull request by @Codertocat."));
    assert!(comment_on(&gh, 6).1.starts_with("🔴 **error**"));

    // Someone without write access is ignored: nothing is queued.
    let ignored = app.deliver("issue_comment", "c3", &comment("@techlead ignore python-os-system everywhere", "CONTRIBUTOR")).await;
    assert_eq!(ignored.status(), 200);
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn commands_answer_with_the_errors_of_an_invalid_config() {
    let gh = github().await;
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "rules:\n  enable: [securty]\n");
    let app = TestApp::start(&gh).await;
    app.deliver("issue_comment", "c1", &comment("@techlead explain python-eval-used", "OWNER")).await;
    app.idle().await;
    app.deliver("issue_comment", "c2", &comment("@techlead ignore python-eval-used everywhere", "OWNER")).await;
    app.idle().await;
    let replies = replies(&gh);
    assert_eq!(replies.len(), 2, "{replies:?}");
    let link = format!("[`.github/techlead.yml:2:12`]({}/Codertocat/Hello-World/blob/{HEAD}/.github/techlead.yml#L2)", gh.url());
    for reply in &replies {
        assert!(reply.starts_with("@Codertocat the techlead configuration at ec26c3e is invalid"), "{reply}");
        assert!(reply.contains(&link) && reply.contains("did you mean `security`?"), "{reply}");
    }
    assert!(support::rule_comments(&gh, OWNER, REPO, 2).is_empty() && gh.reviews(OWNER, REPO, 2).is_empty(), "nothing ran with the defaults");
    gh.assert_no_violations();
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_github_took_before_failing_is_not_posted_twice() {
    let gh = github().await;
    // GitHub stores the reply, then answers 502: the job is retried and must not answer again.
    gh.fail_next_after_applying("POST", "/issues/2/comments", 502);
    let app = TestApp::start(&gh).await;
    app.deliver("issue_comment", "c1", &comment("@techlead explain python-eval-used", "OWNER")).await;
    app.idle().await;
    let explained: Vec<String> = replies(&gh).into_iter().filter(|b| b.starts_with("@Codertocat **`python-eval-used`**")).collect();
    assert_eq!(explained.len(), 1, "{explained:#?}");
    assert_eq!(app.job_states().await, vec![("done".to_string(), 1)]);
    gh.assert_no_violations();
    app.stop().await;
}
