//! Shared helpers for the integration tests.
//!
//! Each test binary includes this module with `mod support;`, and each uses a
//! different part of it, so unused items are expected.
#![allow(dead_code)]

pub mod app;
pub mod db;
pub mod fake_github;
pub mod process;
pub mod snapshot;
pub mod webhook;

/// GitHub's test data (API description, webhook payloads): `../shared/github`
/// beside the checkout, as the project's machines provide it, else the copy in
/// `tests/data/shared-github` (same files, MIT, licences included).
pub fn shared_github_dir() -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let beside = root.join("../shared/github");
    if beside.join("openapi-subset.json").exists() { beside } else { root.join("tests/data/shared-github") }
}

/// The inline comments of line rules, without those of the checks of the pull
/// request as a whole (`pr/...`, `architecture/...`): the fake pull requests of
/// the machinery tests change code without tests, which those checks rightly
/// comment on; tests/change_review.rs tests them.
pub fn rule_comments(gh: &fake_github::FakeGitHub, owner: &str, repo: &str, pr: u64) -> Vec<serde_json::Value> {
    gh.review_comments(owner, repo, pr)
        .into_iter()
        .filter(|c| {
            let body = c["body"].as_str().unwrap_or_default();
            !body.contains("`pr/") && !body.contains("`architecture/")
        })
        .collect()
}
