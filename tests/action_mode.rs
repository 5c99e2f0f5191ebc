//! `techlead review` with a token (Action mode), against the fake GitHub.

mod support;

use support::fake_github::{FakeFile, FakeGitHub, FakePull};

#[tokio::test(flavor = "multi_thread")]
async fn a_token_review_posts_the_review_and_summary_without_a_check_run() {
    let gh = FakeGitHub::start().await;
    gh.add_repo("Codertocat", "Hello-World", 1);
    gh.add_token("ghp_actions_token", 1);
    let code = "def handler(data):\n    return eval(data)\n";
    let files = vec![FakeFile::from_contents("app.py", None, Some(code))];
    gh.add_pull(FakePull { owner: "Codertocat".into(), repo: "Hello-World".into(), number: 2, head_sha: "a".repeat(40), base_sha: "b".repeat(40), draft: false, files });
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
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the gate fails on an error: {stdout}{stderr}");
    // The eval, and the pull-request checks: no test came with the code, and a public function without a docstring.
    assert!(stdout.contains("3 new comment(s)") && stdout.contains("quality gate failed"), "{stdout}");
    assert!(stderr.contains("check runs need a GitHub App"), "{stderr}");
    assert!(!stderr.contains("ghp_actions_token"), "the token is never printed");
    assert_eq!(gh.reviews("Codertocat", "Hello-World", 2).len(), 1);
    let summary = &gh.issue_comments("Codertocat", "Hello-World", 2)[0]["body"];
    assert!(summary.as_str().unwrap().contains("No check run: check runs need a GitHub App"));
    assert!(gh.check_runs("Codertocat", "Hello-World").is_empty());
    assert!(gh.jwts().is_empty(), "no App JWT in token mode");
    gh.assert_no_violations();
}

#[test]
fn the_action_builds_techlead_and_runs_the_review_command_with_flags_it_has() {
    let action = std::fs::read_to_string("deploy/github-action/action.yml").unwrap();
    assert!(action.contains("using: composite"), "no prebuilt image is needed");
    assert!(action.contains("--path \"$GITHUB_ACTION_PATH/../..\""), "built from the action's own checkout");
    assert!(action.contains("GITHUB_TOKEN: ${{ inputs.github-token }}"));
    let run = action.split("techlead/bin/techlead\" review").nth(1).expect("the step runs `techlead review`");
    let flags: Vec<&str> = run.split_whitespace().filter(|w| w.starts_with("--")).collect();
    assert!(flags.contains(&"--repo") && flags.contains(&"--pr"), "{flags:?}");
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_techlead")).args(["review", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    for flag in flags {
        assert!(help.contains(&format!("{flag} ")), "action.yml passes {flag}, which `techlead review` does not have:\n{help}");
    }
}
