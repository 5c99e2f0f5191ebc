//! The dependency review and coverage in the GitHub App: a pull request that
//! moves a package into an advisory's range, the push that fixes it, and
//! coverage on new code, end to end against the fake GitHub.

mod support;

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;
use support::app::TestApp;
use support::fake_github::{FakeFile, FakeGitHub, FakePull};
use support::webhook::payload;
use techlead::analysis::deps::osv::AdvisorySource;

const OWNER: &str = "Codertocat";
const REPO: &str = "Hello-World";
const PR: u64 = 2;
/// The head and base of `pull_request.opened.json`.
const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
const FIXED_HEAD: &str = "1111111111111111111111111111111111111111";

fn lock(version: &str) -> String {
    format!(
        "{{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {{\n    \"\": {{\n      \"name\": \"app\",\n      \"dependencies\": {{\n        \"lodash\": \"^{version}\"\n      }}\n    }},\n    \"node_modules/lodash\": {{\n      \"version\": \"{version}\",\n      \"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-{version}.tgz\"\n    }}\n  }}\n}}\n"
    )
}

fn advisories() -> Arc<AdvisorySource> {
    Arc::new(AdvisorySource::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/osv")))
}

fn synchronize_to(head: &str) -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(&payload("pull_request.synchronize")).unwrap();
    value["pull_request"]["head"]["sha"] = head.into();
    serde_json::to_vec(&value).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vulnerable_bump_is_commented_on_the_lockfile_line_and_its_fix_marks_the_comment_fixed() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, 1);
    let files = vec![FakeFile::from_contents("package-lock.json", Some(&lock("3.10.1")), Some(&lock("4.17.20")))];
    gh.add_pull(FakePull { owner: OWNER.into(), repo: REPO.into(), number: PR, head_sha: HEAD.into(), base_sha: BASE.into(), draft: false, files });
    let app = TestApp::start_with(&gh, |c| c.review.advisories = Some(advisories())).await;
    assert_eq!(app.deliver("pull_request", "d1", &payload("pull_request.opened")).await.status(), 202);
    app.idle().await;

    let comments = gh.review_comments(OWNER, REPO, PR);
    assert_eq!(comments.len(), 1, "{comments:#?}");
    let comment = &comments[0];
    assert_eq!((comment["path"].as_str(), comment["line"].as_u64()), (Some("package-lock.json"), Some(13)), "the line that sets the version");
    let body = comment["body"].as_str().unwrap();
    assert!(body.contains("`dependency/vulnerable`") && body.contains("`lodash` 4.17.20 has 1 known vulnerability: TLTEST-NPM-0001, CVE-0000-1001"), "{body}");
    assert!(body.contains("Affected: >= 4.0.0, < 4.17.21") && body.contains("Fixed in 4.17.21"), "{body}");
    let runs = gh.check_runs(OWNER, REPO);
    assert_eq!((runs.len(), runs[0]["conclusion"].as_str()), (1, Some("failure")), "a critical advisory fails the gate");
    let summary = gh.issue_comments(OWNER, REPO, PR)[0]["body"].as_str().unwrap().to_string();
    assert!(summary.contains("### Dependency changes"), "{summary}");
    assert!(summary.contains("| `lodash` (npm) | upgraded | 3.10.1 | 4.17.20 | yes | `package-lock.json` |"), "{summary}");
    assert!(summary.contains("Checked against 9 advisories (OSV)."), "{summary}");

    // The next push upgrades past the fix.
    gh.set_head(OWNER, REPO, PR, FIXED_HEAD, vec![FakeFile::from_contents("package-lock.json", Some(&lock("3.10.1")), Some(&lock("4.17.21")))]);
    assert_eq!(app.deliver("pull_request", "d2", &synchronize_to(FIXED_HEAD)).await.status(), 202);
    app.idle().await;
    let comments = gh.review_comments(OWNER, REPO, PR);
    assert_eq!(comments.len(), 1, "no new comment: {comments:#?}");
    assert!(comments[0]["body"].as_str().unwrap().starts_with("✅ **Fixed** in 1111111."), "{}", comments[0]["body"]);
    let run = gh.check_runs(OWNER, REPO).into_iter().find(|r| r["head_sha"] == FIXED_HEAD).unwrap();
    assert_eq!(run["conclusion"], "success");
    gh.assert_no_violations();
    app.stop().await;
}
