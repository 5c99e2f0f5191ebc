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

/// Waits until no job is queued or running. A repository config makes the
/// review compile every rule again, which takes long in a debug build on a
/// busy machine: more time than `TestApp::idle` gives.
async fn settle(app: &TestApp) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    loop {
        let states = app.job_states().await;
        if !states.iter().any(|(state, n)| (state == "queued" || state == "running") && *n > 0) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "jobs still pending: {states:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
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

/// A lockfile over the contents API's 1 MB: thousands of packages, then lodash.
fn big_lock(version: &str) -> (String, usize) {
    let mut text = String::from(
        "{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n    \"\": {\n      \"name\": \"app\",\n      \"dependencies\": {\n        \"lodash\": \"^4.0.0\"\n      }\n    },\n",
    );
    for i in 0..9000 {
        text.push_str(&format!("    \"node_modules/filler-package-{i}\": {{\n      \"version\": \"1.0.{i}\",\n      \"resolved\": \"https://registry.npmjs.org/filler-package-{i}/-/filler-package-{i}-1.0.{i}.tgz\",\n      \"dev\": true\n    }},\n"));
    }
    text.push_str("    \"node_modules/lodash\": {\n");
    let line = text.lines().count() + 1;
    text.push_str(&format!("      \"version\": \"{version}\",\n      \"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-{version}.tgz\"\n    }}\n  }}\n}}\n"));
    (text, line)
}

/// GitHub's contents API sends no content for files over 1 MB; the review
/// reads them as blobs, so a big lockfile is reviewed like a small one.
#[tokio::test(flavor = "multi_thread")]
async fn a_lockfile_over_one_megabyte_is_reviewed() {
    let (base, _) = big_lock("4.17.21");
    let (head, line) = big_lock("4.17.20");
    assert!(head.len() > 1024 * 1024, "{} bytes", head.len());
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, 1);
    let files = vec![FakeFile::from_contents("package-lock.json", Some(&base), Some(&head))];
    gh.add_pull(FakePull { owner: OWNER.into(), repo: REPO.into(), number: PR, head_sha: HEAD.into(), base_sha: BASE.into(), draft: false, files });
    let app = TestApp::start_with(&gh, |c| c.review.advisories = Some(advisories())).await;
    assert_eq!(app.deliver("pull_request", "d1", &payload("pull_request.opened")).await.status(), 202);
    app.idle().await;
    let comments = gh.review_comments(OWNER, REPO, PR);
    let found: Vec<(Option<&str>, Option<u64>)> = comments.iter().map(|c| (c["path"].as_str(), c["line"].as_u64())).collect();
    // The downgrade into the advisory's range: both findings, on the version's line.
    assert_eq!(found, vec![(Some("package-lock.json"), Some(line as u64)); 2], "{comments:#?}");
    let bodies: Vec<&str> = comments.iter().filter_map(|c| c["body"].as_str()).collect();
    assert!(bodies.iter().any(|b| b.contains("`lodash` 4.17.20 has 1 known vulnerability: TLTEST-NPM-0001")), "{bodies:#?}");
    let summary = gh.issue_comments(OWNER, REPO, PR)[0]["body"].as_str().unwrap().to_string();
    assert!(summary.contains("| `lodash` (npm) | downgraded | 4.17.21 | 4.17.20 |"), "{summary}");
    gh.assert_no_violations();
    app.stop().await;
}

const CONFIG: &str = "coverage:\n  workflow: ci\n  artifact: coverage\n  path: lcov.info\ngate:\n  new_code_coverage: 80\n  new_code_min_lines: 4\n";
const BASE_PY: &str = "def add(a, b):\n    return a + b\n";
/// Adds lines 3-8; lines 4-8 are executable in the report below.
const HEAD_PY: &str = "def add(a, b):\n    return a + b\n\ndef scale(x, k):\n    if k == 0:\n        raise ValueError(\"k\")\n    y = x * k\n    return y\n";

fn zip_of(name: &str, text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
    writer.write_all(text.as_bytes()).unwrap();
    writer.finish().unwrap();
    out.into_inner()
}

fn workflow_run_completed() -> Vec<u8> {
    let mut value: Value = serde_json::from_slice(&payload("workflow_run.completed.with-pull-requests")).unwrap();
    value["installation"] = serde_json::json!({"id": 1});
    value["repository"]["full_name"] = "Codertocat/Hello-World".into();
    value["workflow"]["name"] = "ci".into();
    value["workflow"]["path"] = ".github/workflows/ci.yml".into();
    value["workflow_run"]["head_sha"] = HEAD.into();
    value["workflow_run"]["pull_requests"][0]["number"] = PR.into();
    serde_json::to_vec(&value).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_finished_workflow_run_brings_coverage_into_the_summary_and_the_gate() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, 1);
    gh.add_pull(FakePull {
        owner: OWNER.into(),
        repo: REPO.into(),
        number: PR,
        head_sha: HEAD.into(),
        base_sha: BASE.into(),
        draft: false,
        files: vec![FakeFile::from_contents("app/calc.py", Some(BASE_PY), Some(HEAD_PY))],
    });
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", CONFIG);
    let app = TestApp::start(&gh).await;
    assert_eq!(app.deliver("pull_request", "d1", &payload("pull_request.opened")).await.status(), 202);
    settle(&app).await;
    let summary = gh.issue_comments(OWNER, REPO, PR)[0]["body"].as_str().unwrap().to_string();
    assert!(summary.contains("⚠️ Not measured: no completed run of workflow `ci` for ec26c3e; the figure appears when the workflow has finished"), "{summary}");
    assert_eq!(gh.check_runs(OWNER, REPO)[0]["conclusion"], "success");

    // CI finishes and uploads lcov.info, with absolute paths as runners write them.
    let lcov = "TN:\nSF:/home/runner/work/Hello-World/Hello-World/app/calc.py\nDA:1,1\nDA:2,1\nDA:4,1\nDA:5,1\nDA:6,0\nDA:7,0\nDA:8,0\nend_of_record\n";
    gh.add_workflow_run(support::fake_github::FakeWorkflowRun {
        id: 4242,
        owner: OWNER.into(),
        repo: REPO.into(),
        name: "ci".into(),
        path: ".github/workflows/ci.yml".into(),
        head_sha: HEAD.into(),
        status: "completed".into(),
        conclusion: Some("success".into()),
        artifacts: vec![(77, "coverage".into(), zip_of("lcov.info", lcov))],
    });
    let writes = gh.mutating_request_count();
    let (reviews, inline) = (gh.reviews(OWNER, REPO, PR).len(), gh.review_comments(OWNER, REPO, PR).len());
    assert_eq!(app.deliver("workflow_run", "d2", &workflow_run_completed()).await.status(), 202);
    settle(&app).await;

    let comments = gh.issue_comments(OWNER, REPO, PR);
    assert_eq!(comments.len(), 1, "the summary is edited, not posted again");
    let summary = comments[0]["body"].as_str().unwrap();
    assert!(summary.contains("Coverage on new code: 40.0% (2 of 5 lines)"), "{summary}");
    assert!(summary.contains("| `app/calc.py` | 2 | 5 | 40.0% | 6-8 |"), "{summary}");
    assert!(summary.contains("❌ coverage on new code 40.0% is below the gate's 80%"), "{summary}");
    assert!(summary.contains("❌ **Quality gate failed**"), "{summary}");
    let runs = gh.check_runs(OWNER, REPO);
    assert_eq!(runs.len(), 1, "the same check run is completed again");
    assert_eq!(runs[0]["conclusion"], "failure", "the gate flipped");
    let notices: Vec<(u64, u64)> = runs[0]["output"]["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["annotation_level"] == "notice" && a["title"] == "Not covered by tests")
        .map(|a| (a["start_line"].as_u64().unwrap(), a["end_line"].as_u64().unwrap()))
        .collect();
    assert_eq!(notices, vec![(6, 8)]);
    assert_eq!((gh.reviews(OWNER, REPO, PR).len(), gh.review_comments(OWNER, REPO, PR).len()), (reviews, inline), "no second review, no new inline comment");
    let storage: Vec<_> = gh.requests().into_iter().filter(|r| r.path.starts_with("/_artifact-storage/")).collect();
    assert_eq!(storage.len(), 1);
    assert!(storage[0].authorization.is_none(), "no GitHub token to the storage host");
    assert!(gh.mutating_request_count() > writes);
    gh.assert_no_violations();
    app.stop().await;
}

/// A run of a workflow the config does not name, or on a head without a review, changes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn other_workflows_and_unreviewed_heads_are_left_alone() {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, 1);
    gh.add_pull(FakePull {
        owner: OWNER.into(),
        repo: REPO.into(),
        number: PR,
        head_sha: HEAD.into(),
        base_sha: BASE.into(),
        draft: false,
        files: vec![FakeFile::from_contents("app/calc.py", Some(BASE_PY), Some(HEAD_PY))],
    });
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", CONFIG);
    let app = TestApp::start(&gh).await;
    // No review of the head yet: its review will read the coverage itself.
    assert_eq!(app.deliver("workflow_run", "w1", &workflow_run_completed()).await.status(), 202);
    settle(&app).await;
    assert!(gh.check_runs(OWNER, REPO).is_empty() && gh.issue_comments(OWNER, REPO, PR).is_empty());
    let mut other: Value = serde_json::from_slice(&workflow_run_completed()).unwrap();
    other["workflow"]["name"] = "lint".into();
    other["workflow"]["path"] = ".github/workflows/lint.yml".into();
    assert_eq!(app.deliver("workflow_run", "w2", &serde_json::to_vec(&other).unwrap()).await.status(), 202);
    settle(&app).await;
    assert_eq!(gh.mutating_request_count(), 0);
    gh.assert_no_violations();
    app.stop().await;
}
