//! A taint rule in a pull-request review: the inline comment shows the data's
//! path, each step linked to its line at the head commit, and the check run
//! fails on it like on any error.

mod support;

use support::app::TestApp;
use support::fake_github::{FakeFile, FakeGitHub, FakePull};
use support::snapshot::assert_snapshot;
use support::webhook::payload;

const OWNER: &str = "Codertocat";
const REPO: &str = "Hello-World";
const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";

const BASE_PY: &str = "import sqlite3\n\nfrom flask import request\n\ndb = sqlite3.connect(\"shop.db\")\n\n\ndef orders():\n    cur = db.cursor()\n    return cur.execute(\"SELECT * FROM orders WHERE id = ?\", (request.args.get(\"id\"),))\n";
/// The pull request builds the query from the request instead.
const HEAD_PY: &str = "import sqlite3\n\nfrom flask import request\n\ndb = sqlite3.connect(\"shop.db\")\n\n\ndef orders():\n    cur = db.cursor()\n    order_id = request.args.get(\"id\")\n    query = \"SELECT * FROM orders WHERE id = \" + order_id\n    return cur.execute(query)\n";

#[tokio::test(flavor = "multi_thread")]
async fn the_inline_comment_of_a_taint_finding_walks_through_the_data_flow() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, 1);
    let files = vec![FakeFile::from_contents("shop/views.py", Some(BASE_PY), Some(HEAD_PY))];
    gh.add_pull(FakePull { owner: OWNER.into(), repo: REPO.into(), number: 2, head_sha: HEAD.into(), base_sha: BASE.into(), draft: false, files });
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "rule_dirs: [ci/rules]\nrules:\n  enable: [team]\n");
    let rule = std::fs::read_to_string("tests/data/taint/rules/python-sqli.yml").unwrap().replace("severity: error\n", "severity: error\nmetadata: {tags: [team, security], confidence: high}\n");
    gh.set_file_content(OWNER, REPO, HEAD, "ci/rules/sqli.yml", &rule);

    let app = TestApp::start(&gh).await;
    assert_eq!(app.deliver("pull_request", "d1", &payload("pull_request.opened")).await.status(), 202);
    app.idle().await;
    app.stop().await;

    let comments = gh.review_comments(OWNER, REPO, 2);
    assert_eq!(comments.len(), 1, "{comments:#?}");
    assert_eq!(comments[0]["line"], 12, "the comment sits on the sink");
    let body = comments[0]["body"].as_str().unwrap().replace(&gh.url(), "https://github.example");
    assert_snapshot("taint_inline_comment", &body);
    assert_eq!(gh.check_runs(OWNER, REPO)[0]["conclusion"], "failure");
    gh.assert_no_violations();
}
