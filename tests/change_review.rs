//! The pull request as a whole in a review, against the fake GitHub: the
//! walkthrough in the summary, the checks' findings inline, in the summary
//! and in the gate, and the same in Action mode.

mod support;

use support::app::TestApp;
use support::fake_github::{FakeFile, FakeGitHub, FakePull};
use support::snapshot::assert_snapshot;
use support::webhook::payload;

const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
const OWNER: &str = "Codertocat";
const REPO: &str = "Hello-World";

/// A pull request, the files at its head besides those it changes, and its labels.
struct Pr {
    files: Vec<FakeFile>,
    at_head: Vec<(&'static str, String)>,
    labels: Option<Vec<&'static str>>,
}

impl Pr {
    fn new(files: Vec<FakeFile>) -> Pr {
        Pr { files, at_head: Vec::new(), labels: None }
    }

    fn with(mut self, path: &'static str, text: &str) -> Pr {
        self.at_head.push((path, text.to_string()));
        self
    }

    fn labelled(mut self, labels: &[&'static str]) -> Pr {
        self.labels = Some(labels.to_vec());
        self
    }
}

async fn fake(pr: &Pr) -> FakeGitHub {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, 1);
    for (path, text) in &pr.at_head {
        gh.set_file_content(OWNER, REPO, HEAD, path, text);
    }
    gh.add_pull(FakePull { owner: OWNER.into(), repo: REPO.into(), number: 2, head_sha: HEAD.into(), base_sha: BASE.into(), draft: false, files: pr.files.clone() });
    if let Some(labels) = &pr.labels {
        gh.set_labels(OWNER, REPO, 2, labels);
    }
    gh
}

/// Reviews the pull request with the App.
async fn review(pr: Pr) -> FakeGitHub {
    let gh = fake(&pr).await;
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "c1", &payload("pull_request.opened")).await;
    // A debug build compiles the built-in rules again for a repository with a
    // config, which on a loaded machine can outlast `idle`'s own deadline.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    while !gh.check_runs(OWNER, REPO).first().is_some_and(|run| run["status"] == "completed") && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    app.idle().await;
    app.stop().await;
    gh.assert_no_violations();
    gh
}

fn summary_comment(gh: &FakeGitHub) -> String {
    gh.issue_comments(OWNER, REPO, 2)[0]["body"].as_str().unwrap().to_string()
}

/// The summary's walkthrough section, from its heading to the next section.
fn walkthrough(summary: &str) -> String {
    let start = summary.find("### Walkthrough").expect("the summary has a walkthrough");
    let rest = &summary[start..];
    let end = rest.find("</details>").map_or(rest.len(), |i| i + "</details>".len());
    rest[..end].to_string()
}

fn conclusion(gh: &FakeGitHub) -> String {
    gh.check_runs(OWNER, REPO)[0]["conclusion"].as_str().unwrap().to_string()
}

/// Inline comments as (path, line, body).
fn inline(gh: &FakeGitHub) -> Vec<(String, u64, String)> {
    gh.review_comments(OWNER, REPO, 2).iter().map(|c| (c["path"].as_str().unwrap().to_string(), c["line"].as_u64().unwrap(), c["body"].as_str().unwrap().to_string())).collect()
}

const ORDERS: &str = "def total(items):\n    \"\"\"The sum of the items.\"\"\"\n    return sum(items)\n\n\ndef legacy(items):\n    \"\"\"Kept for old callers.\"\"\"\n    return total(items)\n";
const ORDERS_MORE: &str = "def total(items):\n    \"\"\"The sum of the items.\"\"\"\n    return sum(items)\n\n\ndef legacy(items):\n    \"\"\"Kept for old callers.\"\"\"\n    return total(items)\n\n\ndef average(items):\n    \"\"\"The mean of the items.\"\"\"\n    return total(items) / len(items)\n";
const TEST_ORDERS: &str = "from app.orders import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n";

#[tokio::test(flavor = "multi_thread")]
async fn source_changed_without_tests_is_reported_on_its_first_changed_line() {
    let gh = review(Pr::new(vec![FakeFile::from_contents("app/orders.py", Some(ORDERS), Some(ORDERS_MORE))])).await;
    let summary = summary_comment(&gh);
    let section = walkthrough(&summary);
    assert!(section.starts_with("### Walkthrough · size XS · effort 1/5"), "{section}");
    assert!(section.contains("| `app` | source | 1 | +5 −0 |"), "{section}");
    assert!(section.contains("🟠 `pr/tests-missing` `app/orders.py:9` 1 source file changed (`app/orders.py`) and no test was added or changed"), "{section}");
    let comments = inline(&gh);
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!((comments[0].0.as_str(), comments[0].1), ("app/orders.py", 9));
    assert!(comments[0].2.contains("`pr/tests-missing`"), "{}", comments[0].2);
    assert_eq!(conclusion(&gh), "success", "a warning does not fail the gate");
    assert!(summary.contains("| ✅ | pull request checks at or above `error` on the change as a whole"), "{summary}");
    assert_snapshot("change_tests_missing_summary", &summary);

    // The same change with its test: nothing to report.
    let gh = review(Pr::new(vec![FakeFile::from_contents("app/orders.py", Some(ORDERS), Some(ORDERS_MORE)), FakeFile::from_contents("tests/test_orders.py", None, Some(TEST_ORDERS))])).await;
    let section = walkthrough(&summary_comment(&gh));
    assert!(section.contains("**Pull request checks:** nothing to report."), "{section}");
    assert!(section.contains("| `tests` | test | 1 | +5 −0 |"), "{section}");
    assert!(inline(&gh).is_empty());
}

const ORDERS_WITHOUT_LEGACY: &str = "def total(items):\n    \"\"\"The sum of the items.\"\"\"\n    return sum(items)\n";

fn removal() -> Pr {
    Pr::new(vec![
        FakeFile::from_contents("app/orders.py", Some(ORDERS), Some(ORDERS_WITHOUT_LEGACY)),
        FakeFile::from_contents("tests/test_orders.py", Some("def test_none():\n    pass\n"), Some(TEST_ORDERS)),
    ])
    .with(".github/techlead.yml", "rules:\n  severity:\n    pr/breaking-change: error\n")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_removed_public_function_is_a_breaking_change_unless_labelled() {
    let gh = review(removal()).await;
    let summary = summary_comment(&gh);
    let section = walkthrough(&summary);
    assert!(section.contains("- ⚠️ public API changed: `legacy` removed from `app/orders.py`"), "{section}");
    assert!(section.contains("🔴 `pr/breaking-change` `app/orders.py` public `legacy` was removed from `app/orders.py` (was `def legacy(items)`)"), "{section}");
    assert_eq!(conclusion(&gh), "failure", "the config made it an error");
    assert!(
        summary.contains("| ❌ | pull request checks at or above `error` on the change as a whole (size, tests, changelog, public API removed) | `pr/breaking-change` public `legacy` was removed"),
        "{summary}"
    );
    assert!(inline(&gh).is_empty(), "a removed function has no line to comment on");
    assert_snapshot("change_breaking_change_summary", &summary);

    let gh = review(removal().labelled(&["breaking-change"])).await;
    assert!(!summary_comment(&gh).contains("pr/breaking-change"), "the label says the break is intended");
    assert_eq!(conclusion(&gh), "success");
}

const CONFIG_ARCHITECTURE: &str = "architecture:\n  - name: the domain knows no web framework\n    files: [\"src/domain/**\"]\n    forbid: [\"src/web/**\", \"flask\"]\n";

#[tokio::test(flavor = "multi_thread")]
async fn a_forbidden_import_is_commented_on_its_line_and_fails_the_gate() {
    let before = "\"\"\"Orders.\"\"\"\n\n\ndef total(items):\n    \"\"\"The sum.\"\"\"\n    return sum(items)\n";
    let after = "\"\"\"Orders.\"\"\"\nfrom flask import request\n\n\ndef total(items):\n    \"\"\"The sum.\"\"\"\n    return sum(items)\n";
    let pr = Pr::new(vec![FakeFile::from_contents("src/domain/orders.py", Some(before), Some(after)), FakeFile::from_contents("tests/test_orders.py", None, Some(TEST_ORDERS))])
        .with(".github/techlead.yml", CONFIG_ARCHITECTURE);
    let gh = review(pr).await;
    let comments = inline(&gh);
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!((comments[0].0.as_str(), comments[0].1), ("src/domain/orders.py", 2));
    assert!(comments[0].2.contains("🔴 **error** · `architecture/forbidden-import`"), "{}", comments[0].2);
    assert!(comments[0].2.contains("`src/domain/orders.py` imports `flask`, which the architecture rule \"the domain knows no web framework\" forbids (`flask`)"), "{}", comments[0].2);
    assert_eq!(conclusion(&gh), "failure");
    let summary = summary_comment(&gh);
    assert!(summary.contains("| ❌ | findings at or above `error` on the lines this pull request changed | 1 |"), "{summary}");
    assert_snapshot("change_forbidden_import_summary", &summary);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_xl_pull_request_is_too_large_with_a_hint_to_split_it() {
    let big: String = (0..1100).map(|i| format!("VALUE_{i} = {i}\n")).collect();
    let lock: String = (0..3000).map(|i| format!("  \"pkg-{i}\": \"1.0.{i}\",\n")).collect();
    let files = vec![
        FakeFile::from_contents("app/values.py", None, Some(&big)),
        FakeFile::from_contents("web/src/main.js", Some("export const a = 1;\n"), Some("export const a = 2;\n")),
        FakeFile::from_contents("package-lock.json", Some("{}\n"), Some(&format!("{{\n{lock}}}\n"))),
        FakeFile::from_contents("tests/test_values.py", None, Some("def test_values():\n    pass\n")),
    ];
    let gh = review(Pr::new(files)).await;
    let summary = summary_comment(&gh);
    let section = walkthrough(&summary);
    assert!(section.starts_with("### Walkthrough · size XL · effort 5/5"), "{section}");
    assert!(section.contains("1104 changed lines counted (3003 in generated code and lock files not counted)"), "{section}");
    assert!(section.contains("- ⚠️ dependency manifests: `package-lock.json`"), "{section}");
    assert!(section.contains("- ⚠️ large change: 1104 changed lines (XL)"), "{section}");
    assert!(section.contains("🟠 `pr/too-large` 1104 changed lines, over the XL threshold of 1000; it could be split by area: `app` (1100 lines), `tests` (2 lines), `web` (2 lines)"), "{section}");
    assert_eq!(conclusion(&gh), "success");
    assert_snapshot("change_too_large_summary", &summary);
}

#[tokio::test(flavor = "multi_thread")]
async fn codeowners_name_the_owners_and_a_new_unowned_file_is_reported() {
    let codeowners = "# Owners\n*             @acme/core\n/docs/        @acme/writers\n/tools/gen/\n";
    let files = vec![
        FakeFile::from_contents("docs/guide.md", Some("# Guide\n"), Some("# Guide\n\nHow to start.\n")),
        FakeFile::from_contents("tools/gen/make.sh", None, Some("#!/bin/sh\necho make\n")),
        FakeFile::from_contents("tests/test_make.py", None, Some("def test_make():\n    pass\n")),
    ];
    let gh = review(Pr::new(files).with(".github/CODEOWNERS", codeowners)).await;
    let summary = summary_comment(&gh);
    let section = walkthrough(&summary);
    assert!(section.contains("| area | kind | files | lines | owners |"), "{section}");
    assert!(section.contains("| `docs` | docs | 1 | +2 −0 | @acme/writers |"), "{section}");
    assert!(section.contains("| `tools` | source | 1 | +2 −0 | — |"), "{section}");
    assert!(section.contains("| `tests` | test | 1 | +2 −0 | @acme/core |"), "{section}");
    assert!(section.contains("Owners from `.github/CODEOWNERS`."), "{section}");
    let comments = inline(&gh);
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!((comments[0].0.as_str(), comments[0].1), ("tools/gen/make.sh", 1));
    assert!(comments[0].2.contains("`pr/unowned-file`") && comments[0].2.contains("no pattern in `.github/CODEOWNERS` owns the new file `tools/gen/make.sh`"), "{}", comments[0].2);
    assert_eq!(conclusion(&gh), "success");
    assert_snapshot("change_codeowners_summary", &summary);
}

#[tokio::test(flavor = "multi_thread")]
async fn action_mode_shows_the_same_walkthrough_as_the_app() {
    let app = summary_comment(&review(removal()).await);
    let pr = removal();
    let gh = fake(&pr).await;
    gh.add_token("ghp_actions_token", 1);
    let url = gh.url();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_techlead"))
            .args(["review", "--repo", "Codertocat/Hello-World", "--pr", "2", "--github-api-url", &url])
            .env("GITHUB_TOKEN", "ghp_actions_token")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1), "the breaking change fails the gate: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(walkthrough(&summary_comment(&gh)), walkthrough(&app));
    gh.assert_no_violations();
}
