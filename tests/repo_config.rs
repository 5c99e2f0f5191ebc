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
const CODE: &str = "import os\n\n\ndef handler(data, cmd):\n    os.system(cmd)\n    print(data, file=out)\n    return eval(data)\n";

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
    let mut ids: Vec<String> = support::rule_comments(&gh, OWNER, REPO, 2).iter().map(|c| c["body"].as_str().unwrap().split('`').nth(1).unwrap().to_string()).collect();
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
    assert!(support::rule_comments(&gh, OWNER, REPO, 2)[0]["body"].as_str().unwrap().starts_with("🟠 **warning**"));
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

/// The check run of a review that stopped on an invalid config: its summary and annotations.
fn config_failure(gh: &FakeGitHub) -> (String, Vec<serde_json::Value>) {
    let runs = gh.check_runs(OWNER, REPO);
    assert_eq!(runs.len(), 1, "{runs:?}");
    let run = &runs[0];
    assert_eq!(run["conclusion"], "failure");
    assert_eq!(run["output"]["title"], "Invalid techlead configuration");
    assert!(gh.reviews(OWNER, REPO, 2).is_empty(), "no review with silently substituted defaults");
    gh.assert_no_violations();
    (run["output"]["summary"].as_str().unwrap().to_string(), run["output"]["annotations"].as_array().cloned().unwrap_or_default())
}

/// The summary's line for an error at `place` in this repository's config, with its link.
fn error_line(gh: &FakeGitHub, place: &str, line: usize) -> String {
    format!("- [`.github/techlead.yml:{place}`]({}/Codertocat/Hello-World/blob/{HEAD}/.github/techlead.yml#L{line}): ", gh.url())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_yaml_syntax_error_is_reported_at_its_place() {
    let gh = github().await;
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "review:\n  drafts: true\nrules: [unclosed\n");
    review(&gh).await;
    let (summary, annotations) = config_failure(&gh);
    assert!(summary.contains(&format!("{}YAML syntax error: unclosed bracket '['", error_line(&gh, "3:8", 3))), "{summary}");
    assert!(summary.contains("fix the YAML syntax"), "{summary}");
    assert_eq!(annotations[0]["path"], ".github/techlead.yml");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_glob_is_reported_at_the_glob() {
    let gh = github().await;
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "paths:\n  exclude: ['vendor/**', 'src/[a']\n");
    review(&gh).await;
    let (summary, annotations) = config_failure(&gh);
    let expected = format!("{}bad glob `src/[a` in `paths.exclude`: unclosed character class; missing ']'; write a glob such as `src/**/*.py`", error_line(&gh, "2:26", 2));
    assert!(summary.contains(&expected), "{summary}");
    assert_eq!((annotations[0]["start_line"].as_u64(), annotations[0]["annotation_level"].as_str()), (Some(2), Some("failure")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_type_error_is_reported_at_the_value_not_at_one_one() {
    let gh = github().await;
    // `max_inline_comments` is the last of two sections' keys; the error is at its value on line 5.
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "gate:\n  thresholds: {nesting: 3}\nreview:\n  drafts: false\n  max_inline_comments: abc\n");
    review(&gh).await;
    let (summary, _) = config_failure(&gh);
    let expected = format!("{}`review.max_inline_comments` must be a whole number, not `abc`; write a whole number (default: 25)", error_line(&gh, "5:24", 5));
    assert!(summary.contains(&expected), "{summary}");

    let gh = github().await;
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "review: {event: APPROVE}\n");
    review(&gh).await;
    let (summary, _) = config_failure(&gh);
    assert!(summary.contains(&format!("{}`APPROVE` is not a valid value for `review.event`; use one of: COMMENT, REQUEST_CHANGES", error_line(&gh, "1:17", 1))), "{summary}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_rule_id_tag_or_language_is_an_error_naming_the_nearest() {
    let gh = github().await;
    // `enable: [securty]` would otherwise run no rule at all, silently.
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "rules:\n  enable: [securty]\n  severity:\n    python-eval-usd: warning\n");
    review(&gh).await;
    let (summary, annotations) = config_failure(&gh);
    assert!(summary.contains(&format!("{}`securty` in `rules.enable` is no rule id, tag or language techlead knows; did you mean `security`?", error_line(&gh, "2:12", 2))), "{summary}");
    assert!(
        summary.contains(&format!("{}`python-eval-usd` in `rules.severity` is no rule id, tag or language techlead knows; did you mean `python-eval-used`?", error_line(&gh, "4:5", 4))),
        "{summary}"
    );
    assert_eq!(annotations.len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_rule_dir_is_an_error() {
    let gh = github().await;
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "rule_dirs:\n  - ci/rulez\n");
    gh.set_file_content(OWNER, REPO, HEAD, "ci/rules/no-print.yml", "id: team-no-print\nlanguage: python\nrule: {pattern: print($A)}\n");
    review(&gh).await;
    let (summary, _) = config_failure(&gh);
    assert!(summary.contains(&format!("{}rule directory `ci/rulez` does not exist at ec26c3e", error_line(&gh, "2:5", 2))), "{summary}");
}

#[tokio::test(flavor = "multi_thread")]
async fn extends_errors_point_at_extends() {
    // The organisation's repository has no config.
    let gh = github().await;
    gh.add_repo(OWNER, ".github", 1);
    gh.set_file_content(OWNER, ".github", "HEAD", "profile/README.md", "# Codertocat\n");
    gh.set_file_content(OWNER, REPO, HEAD, ".techlead.yml", "# shared settings\nextends: Codertocat\n");
    review(&gh).await;
    let (summary, _) = config_failure(&gh);
    let at = format!("- [`.techlead.yml:2:10`]({}/Codertocat/Hello-World/blob/{HEAD}/.techlead.yml#L2): ", gh.url());
    assert!(
        summary.contains(&format!(
            "{at}`extends: Codertocat`: Codertocat/.github has no .github/techlead.yml or .techlead.yml on its default branch; add the organisation config to Codertocat/.github, or remove `extends`"
        )),
        "{summary}"
    );

    // The organisation's repository cannot be read (it does not exist, or the App is not installed there).
    let gh = github().await;
    gh.set_file_content(OWNER, REPO, HEAD, ".techlead.yml", "extends: Codertocat/policies\n");
    review(&gh).await;
    let (summary, _) = config_failure(&gh);
    assert!(
        summary.contains("`.techlead.yml:1:10`")
            && summary.contains(
                "`extends: Codertocat/policies`: cannot read Codertocat/policies: it does not exist, or the App is not installed on it; install the App on Codertocat/policies too, or remove `extends`"
            ),
        "{summary}"
    );

    // A value that names no repository.
    let gh = github().await;
    gh.set_file_content(OWNER, REPO, HEAD, ".techlead.yml", "extends: Codertocat/a/b\n");
    review(&gh).await;
    let (summary, _) = config_failure(&gh);
    assert!(
        summary.contains("`.techlead.yml:1:10`") && summary.contains("`extends: Codertocat/a/b` is not a repository; write `extends: OWNER` (for OWNER/.github) or `extends: OWNER/REPO`"),
        "{summary}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_in_the_org_config_names_and_links_the_org_file() {
    let gh = github().await;
    gh.add_repo(OWNER, ".github", 1);
    gh.set_file_content(OWNER, ".github", "HEAD", ".github/techlead.yml", "rules:\n  disable: [standards]\nreview:\n  drafts: maybe\n");
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "extends: Codertocat\nreview:\n  drafts: true\n");
    review(&gh).await;
    let (summary, annotations) = config_failure(&gh);
    let expected =
        format!("- [`Codertocat/.github:.github/techlead.yml:4:11`]({}/Codertocat/.github/blob/HEAD/.github/techlead.yml#L4): `review.drafts` must be `true` or `false`, not `maybe`", gh.url());
    assert!(summary.contains(&expected), "{summary}");
    assert!(annotations.is_empty(), "annotations can only point into the reviewed repository");

    // A misspelt id in the organisation's config is reported in its file too.
    let gh = github().await;
    gh.add_repo(OWNER, ".github", 1);
    gh.set_file_content(OWNER, ".github", "HEAD", ".github/techlead.yml", "rules:\n  disable: [standrds]\n");
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "extends: Codertocat\n");
    review(&gh).await;
    let (summary, _) = config_failure(&gh);
    assert!(summary.contains("[`Codertocat/.github:.github/techlead.yml:2:13`]") && summary.contains("did you mean `standards`?"), "{summary}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_config_is_cached_by_blob_sha() {
    let gh = github().await;
    gh.add_repo(OWNER, ".github", 1);
    gh.set_file_content(OWNER, ".github", "HEAD", ".github/techlead.yml", "gate:\n  fail_level: warning\n");
    gh.set_file_content(OWNER, REPO, HEAD, ".github/techlead.yml", "extends: Codertocat\nrules:\n  disable: [python-os-system]\n");
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "d1", &payload("pull_request.opened")).await;
    app.idle().await;
    // The same head again: the same config blobs.
    app.deliver("pull_request", "d2", &payload("pull_request.synchronize")).await;
    app.idle().await;
    app.stop().await;
    let requests = gh.requests();
    let gets = |path: &str| requests.iter().filter(|r| r.method == "GET" && r.path.ends_with(path)).count();
    assert_eq!(gets("/repos/Codertocat/Hello-World/contents/.github/techlead.yml"), 1, "the repository's config is fetched once");
    assert_eq!(gets("/repos/Codertocat/.github/contents/.github/techlead.yml"), 1, "the organisation's config is fetched once");
    assert!(gets(&format!("/repos/Codertocat/Hello-World/git/trees/{HEAD}")) >= 2, "each review lists the tree for the blob shas");
    assert_eq!(gh.check_runs(OWNER, REPO)[0]["conclusion"], "failure", "both reviews use the merged config (the org's fail level)");
    assert_eq!(commented_rules(&gh), vec!["python-eval-used"]);
    gh.assert_no_violations();
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
    std::fs::create_dir_all(d.join("legacy")).unwrap();
    std::fs::write(d.join(".github/techlead.yml"), "rules:\n  disable: [python-os-system]\npaths:\n  exclude: ['legacy/**']\ngate:\n  fail_level: error\n").unwrap();
    std::fs::write(d.join("src/app.py"), "import os\nos.system(cmd)\nprint(1, file=out)\n").unwrap();
    std::fs::write(d.join("legacy/lib.py"), "eval(x)\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("techlead").unwrap().current_dir(d).args(["scan", "--format", "json", "src", "legacy"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["counts"]["total"], 0, "os.system is disabled and legacy/ excluded: {report}");
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

#[test]
fn the_cli_checks_selectors_and_resolves_extends_like_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let (repo, org) = (dir.path().join("app"), dir.path().join(".github"));
    for d in [repo.join(".github"), repo.join("src"), org.join(".github")] {
        std::fs::create_dir_all(d).unwrap();
    }
    std::process::Command::new("git").arg("init").arg("-q").current_dir(&repo).status().unwrap();
    std::fs::write(repo.join("src/app.py"), "import os\nos.system(cmd)\n").unwrap();
    let techlead = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("techlead").unwrap().current_dir(&repo).args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };

    // A misspelt rule id is an error at its place, as in the review.
    std::fs::write(repo.join("typo.yml"), "rules:\n  enable: [securty]\n").unwrap();
    let (code, _, stderr) = techlead(&["scan", "--config", "typo.yml", "src"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("typo.yml:2:12: `securty` in `rules.enable` is no rule id, tag or language techlead knows; did you mean `security`?"), "{stderr}");
    std::fs::write(repo.join("dirs.yml"), "rule_dirs: [ci/rules]\n").unwrap();
    let (code, _, stderr) = techlead(&["config", "check", "dirs.yml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("dirs.yml:1:13: rule directory `ci/rules` does not exist"), "{stderr}");

    // `extends: acme` with no organisation config at hand: a warning.
    std::fs::write(repo.join(".github/techlead.yml"), "extends: acme\n").unwrap();
    let (code, stdout, stderr) = techlead(&["scan", "--format", "json", "src"]);
    assert_eq!(code, Some(1), "os.system is reported: {stdout}");
    assert!(stderr.contains("warning: `extends: acme` names acme/.github") && stderr.contains("its results may differ from the review's"), "{stderr}");

    // A checkout of acme/.github beside the repository is merged, as the App merges it.
    std::fs::write(org.join(".github/techlead.yml"), "rules:\n  disable: [python-os-system]\n").unwrap();
    let (code, stdout, stderr) = techlead(&["scan", "--format", "json", "src"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let (code, stdout, _) = techlead(&["config", "check"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("valid (merged over") && stdout.contains(".github/.github/techlead.yml"), "{stdout}");

    // Or given explicitly; its errors name its file.
    std::fs::write(repo.join("org.yml"), "rules:\n  disable: [standrds]\n").unwrap();
    let (code, _, stderr) = techlead(&["config", "check", "--org-config", "org.yml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("org.yml:2:13: `standrds` in `rules.disable` is no rule id, tag or language techlead knows; did you mean `standards`?"), "{stderr}");
}
