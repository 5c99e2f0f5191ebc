//! `.github/techlead.yml` in reviews: read at the head commit, merged over the
//! organisation's, with the repository's own rules; broken configs are
//! reported on the check run, never silently replaced by the defaults.

mod support;

use support::app::TestApp;
use support::fake_github::{FakeFile, FakeGitHub, FakePull};
use support::webhook::payload;

const OWNER: &str = "Codertocat";
const REPO: &str = "Hello-World";
const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
const CODE: &str = "import os\n\n\ndef handler(data, cmd):\n    os.system(cmd)\n    print(data)\n    return eval(data)\n";

async fn github() -> FakeGitHub {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, 1);
    let files = vec![FakeFile::from_contents("app/handler.py", None, Some(CODE))];
    gh.add_pull(FakePull { owner: OWNER.into(), repo: REPO.into(), number: 2, head_sha: HEAD.into(), base_sha: BASE.into(), draft: false, files });
    gh
}

async fn review(gh: &FakeGitHub) {
    let app = TestApp::start(gh).await;
    assert_eq!(app.deliver("pull_request", "d1", &payload("pull_request.opened")).await.status(), 202);
    app.idle().await;
    app.stop().await;
}

fn commented_rules(gh: &FakeGitHub) -> Vec<String> {
    let mut ids: Vec<String> = gh
        .review_comments(OWNER, REPO, 2)
        .iter()
        .map(|c| c["body"].as_str().unwrap().split('`').nth(1).unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test(flavor = "multi_thread")]
async fn the_config_at_the_head_commit_is_used_not_the_default_branchs() {
    let gh = github().await;
    // The default branch disables nothing; the pull request's own config disables `os.system`.
    gh.set_file_content(OWNER, REPO, "HEAD", ".github/techlead.yml", "rules:\n  disable: []\n");
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "rules:\n  disable: [python-os-system]\n  severity:\n    python-eval-used: warning\nreview:\n  summary: false\n");
    review(&gh).await;
    assert_eq!(commented_rules(&gh), vec!["python-eval-used"]);
    assert!(gh.review_comments(OWNER, REPO, 2)[0]["body"].as_str().unwrap().starts_with("🟠 **warning**"));
    assert!(gh.issue_comments(OWNER, REPO, 2).is_empty(), "review.summary: false");
    assert_eq!(gh.check_runs(OWNER, REPO)[0]["conclusion"], "success", "a warning does not fail the gate at the default level");
    gh.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_org_config_is_merged_and_the_repository_wins() {
    let gh = github().await;
    gh.add_repo(OWNER, ".github", 1);
    gh.set_file_content(OWNER, ".github", "HEAD", ".github/techlead.yml", "rules:\n  disable: [security]\ngate:\n  fail_level: warning\n");
    gh.set_file_content(OWNER, REPO, HEAD, ".techlead.yml", "extends: Codertocat\nrules:\n  disable: [python-os-system]\n");
    review(&gh).await;
    // The repository's `rules.disable` replaces the organisation's list, so eval is reviewed again.
    assert_eq!(commented_rules(&gh), vec!["python-eval-used"]);
    assert_eq!(gh.check_runs(OWNER, REPO)[0]["conclusion"], "failure", "the org's fail_level applies");
    gh.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_repositorys_own_rule_files_are_used() {
    let gh = github().await;
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "rule_dirs: [ci/rules]\nrules:\n  enable: [team]\n");
    let rule = "id: team-no-print\nlanguage: python\nseverity: warning\nmessage: use the logger\nmetadata: {tags: [team]}\nrule:\n  pattern: print($$$A)\n";
    gh.set_file_content(OWNER, REPO, HEAD, "ci/rules/no-print.yml", rule);
    review(&gh).await;
    assert_eq!(commented_rules(&gh), vec!["team-no-print"], "only the team's rules are enabled");
    gh.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_config_fails_the_check_run_with_its_place() {
    let gh = github().await;
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "review:\n  max_inline_coments: 3\n");
    review(&gh).await;
    let run = &gh.check_runs(OWNER, REPO)[0];
    assert_eq!(run["conclusion"], "failure");
    assert_eq!(run["output"]["title"], "Invalid techlead configuration");
    let summary = run["output"]["summary"].as_str().unwrap();
    // The link points at the line at the head commit, on the GitHub host the API belongs to.
    let link = format!("[`.github/techlead.yml:2:3`]({}/Codertocat/Hello-World/blob/{HEAD}/.github/techlead.yml#L2)", gh.url());
    assert!(summary.contains(&link), "{summary}");
    assert!(summary.contains("unknown key `max_inline_coments`; did you mean `max_inline_comments`?"), "{summary}");
    assert!(summary.contains("the built-in defaults are not used"), "{summary}");
    assert!(gh.reviews(OWNER, REPO, 2).is_empty(), "no review with silently substituted defaults");
    gh.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_repository_rule_file_fails_the_check_run() {
    let gh = github().await;
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "rule_dirs: [ci/rules]\n");
    gh.set_file_content(OWNER, REPO, HEAD, "ci/rules/bad.yml", "id: bad\nlanguage: pyhton\nrule:\n  pattern: print($A)\n");
    review(&gh).await;
    let run = &gh.check_runs(OWNER, REPO)[0];
    assert_eq!(run["conclusion"], "failure");
    let summary = run["output"]["summary"].as_str().unwrap();
    assert!(summary.contains("`ci/rules/bad.yml:2:11`") && summary.contains("did you mean `python`?"), "{summary}");
    assert_eq!(run["output"]["annotations"][0]["path"], "ci/rules/bad.yml");
}

#[test]
fn committed_config_schema_and_reference_are_fresh() {
    let run = |args: &[&str]| String::from_utf8(assert_cmd::Command::cargo_bin("techlead").unwrap().args(args).output().unwrap().stdout).unwrap();
    let schema = run(&["config", "schema"]);
    assert_eq!(schema.trim(), std::fs::read_to_string("docs/config.schema.json").unwrap_or_default().trim(), "regenerate with `cargo run -- config schema > docs/config.schema.json`");
    let docs = run(&["config", "docs"]);
    assert_eq!(docs, std::fs::read_to_string("docs/configuration.md").unwrap_or_default(), "regenerate with `cargo run -- config docs > docs/configuration.md`");
    for key in ["extends", "rules.enable", "paths.exclude", "rule_dirs", "review.max_inline_comments", "gate.thresholds.cognitive"] {
        assert!(docs.contains(&format!("| `{key}` |")), "{key} is not documented");
    }
}

#[test]
fn scan_uses_the_same_config_as_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::process::Command::new("git").arg("init").arg("-q").current_dir(d).status().unwrap();
    std::fs::create_dir_all(d.join(".github")).unwrap();
    std::fs::create_dir_all(d.join("src")).unwrap();
    std::fs::create_dir_all(d.join("vendor")).unwrap();
    std::fs::write(d.join(".github/techlead.yml"), "rules:\n  disable: [python-os-system]\npaths:\n  exclude: ['vendor/**']\ngate:\n  fail_level: error\n").unwrap();
    std::fs::write(d.join("src/app.py"), "import os\nos.system(cmd)\nprint(1)\n").unwrap();
    std::fs::write(d.join("vendor/lib.py"), "eval(x)\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("techlead").unwrap().current_dir(d).args(["scan", "--format", "json", "src", "vendor"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["counts"]["total"], 0, "os.system is disabled and vendor/ excluded: {report}");
    assert_eq!(out.status.code(), Some(0));
    // An explicit --config, and a broken one.
    std::fs::write(d.join("strict.yml"), "rules:\n  enable: [python-os-system]\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("techlead").unwrap().current_dir(d).args(["scan", "--config", "strict.yml", "--format", "json", "src"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"][0]["rule_id"], "python-os-system");
    std::fs::write(d.join("broken.yml"), "rulez: {}\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("techlead").unwrap().current_dir(d).args(["scan", "--config", "broken.yml", "src"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.yml:1:1: unknown key `rulez`; did you mean `rules`?"), "{}", String::from_utf8_lossy(&out.stderr));
}
