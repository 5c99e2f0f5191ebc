//! `techlead review --local`: the App's review of the current branch of a
//! local repository, printed or written as a page, with nothing posted.

use std::path::Path;
use std::process::Command as Std;

use assert_cmd::Command;

fn git(dir: &Path, args: &[&str]) {
    let status = Std::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// `main` with a harmless file; `feature` adds an `eval` on line 3 and a
/// commit on `main` after the branch point that the review must not count.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    std::fs::write(d.join("app.py"), "def handler(request):\n    return request.args[\"q\"]\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["checkout", "-q", "-b", "feature"]);
    std::fs::write(d.join("app.py"), "def handler(request):\n    data = request.args[\"q\"]\n    return eval(data)\n").unwrap();
    git(d, &["commit", "-q", "-am", "Evaluate the query"]);
    git(d, &["checkout", "-q", "main"]);
    std::fs::write(d.join("later.py"), "x = eval(input())\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "later on main"]);
    git(d, &["checkout", "-q", "feature"]);
    dir
}

#[test]
fn the_branch_is_reviewed_against_its_merge_base_and_printed() {
    let repo = repository();
    let out = Command::cargo_bin("techlead").unwrap().args(["review", "--local"]).current_dir(repo.path()).env_remove("GITHUB_TOKEN").env_remove("GITHUB_REPOSITORY").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "the gate fails on the eval: {stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("── Inline comments (") && stdout.contains("\napp.py:3\n🔴 **error** · `python-eval-used`"), "the comment under its place: {stdout}");
    assert!(stdout.contains("`python-eval-used`"), "{stdout}");
    assert!(stdout.contains("Quality gate failed"), "{stdout}");
    assert!(!stdout.contains("later.py"), "a commit only main has is not part of the branch: {stdout}");
    assert!(!stdout.contains("techlead:finding"), "hidden markers are not printed: {stdout}");
}

#[test]
fn html_writes_the_page_and_base_names_what_to_compare_with() {
    let repo = repository();
    let page = repo.path().join("out/review.html");
    let out = Command::cargo_bin("techlead").unwrap().args(["review", "--local", "--base", "main", "--html"]).arg(&page).current_dir(repo.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("failure app.py:3  python-eval-used"), "{stdout}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Evaluate the query") && html.contains("python-eval-used"), "the page has the commit's title and the comment");

    let bad = Command::cargo_bin("techlead").unwrap().args(["review", "--local", "--base", "no-such-branch"]).current_dir(repo.path()).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`no-such-branch` shares no history with HEAD"), "{}", String::from_utf8_lossy(&bad.stderr));
}

#[test]
fn the_readme_starts_with_the_demo() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let first_block = &readme[readme.find("```sh\n").unwrap()..];
    assert!(first_block.lines().nth(1).unwrap().starts_with("cargo run --release -- demo"), "{}", first_block.lines().nth(1).unwrap());
    assert!(Path::new("docs/demo.png").exists(), "the README shows docs/demo.png");
}
