//! Where the pull request lives: every read and write a review makes, as one
//! trait. GitHub (an [`Installation`]) is one host; a local git repository
//! ([`super::local::LocalPullRequest`], for `techlead demo` and
//! `techlead review --local`) is the other. The review itself
//! ([`super::review_on`]) is written once against this trait, so a local
//! review plans, words and gates exactly as the App does.

use std::future::Future;

use crate::github::GitHubError;
use crate::github::api::{ArtifactFiles, Blob, CheckOutput, Conclusion, Installation, IssueComment, NewReviewComment, PostedReviewComment, PrFiles, PullInfo};
use crate::ids::{CommitSha, PrNumber, RepoName};

/// The calls a review makes. The method names and shapes are GitHub's REST
/// operations (see [`Installation`]), because GitHub is what the review was
/// written for; another host answers them from its own data.
pub trait ReviewHost: Sync {
    /// Check runs need a GitHub App; with a plain token (Action mode) there are none.
    fn can_write_check_runs(&self) -> bool;
    /// The web address links in comments point to (`https://github.com`).
    fn web_url(&self) -> String;
    fn pull(&self, repo: &RepoName, pr: PrNumber) -> impl Future<Output = Result<PullInfo, GitHubError>> + Send;
    fn pull_files(&self, repo: &RepoName, pr: PrNumber) -> impl Future<Output = Result<PrFiles, GitHubError>> + Send;
    /// A file's text at a commit; `None` when it is missing or not text.
    fn file_text(&self, repo: &RepoName, path: &str, sha: &CommitSha) -> impl Future<Output = Result<Option<String>, GitHubError>> + Send;
    /// A file's text and blob sha at `git_ref` (the default branch when `None`).
    fn file(&self, repo: &RepoName, path: &str, git_ref: Option<&CommitSha>) -> impl Future<Output = Result<Option<Blob>, GitHubError>> + Send;
    /// Every file path of the tree at `sha`, with its blob sha.
    fn tree(&self, repo: &RepoName, sha: &CommitSha) -> impl Future<Output = Result<Vec<(String, String)>, GitHubError>> + Send;
    fn find_check_run(&self, repo: &RepoName, head: &CommitSha, name: &str) -> impl Future<Output = Result<Option<u64>, GitHubError>> + Send;
    fn create_check_run(&self, repo: &RepoName, head: &CommitSha, name: &str) -> impl Future<Output = Result<u64, GitHubError>> + Send;
    fn restart_check_run(&self, repo: &RepoName, id: u64) -> impl Future<Output = Result<(), GitHubError>> + Send;
    fn complete_check_run(&self, repo: &RepoName, id: u64, conclusion: Conclusion, output: CheckOutput) -> impl Future<Output = Result<(), GitHubError>> + Send;
    fn create_review(&self, repo: &RepoName, pr: PrNumber, commit: &CommitSha, body: &str, comments: &[NewReviewComment], event: &str) -> impl Future<Output = Result<(), GitHubError>> + Send;
    fn create_review_comment(&self, repo: &RepoName, pr: PrNumber, commit: &CommitSha, comment: &NewReviewComment) -> impl Future<Output = Result<(), GitHubError>> + Send;
    fn review_comments(&self, repo: &RepoName, pr: PrNumber) -> impl Future<Output = Result<Vec<PostedReviewComment>, GitHubError>> + Send;
    fn update_review_comment(&self, repo: &RepoName, id: u64, body: &str) -> impl Future<Output = Result<(), GitHubError>> + Send;
    fn issue_comments(&self, repo: &RepoName, pr: PrNumber) -> impl Future<Output = Result<Vec<IssueComment>, GitHubError>> + Send;
    fn create_issue_comment(&self, repo: &RepoName, pr: PrNumber, body: &str) -> impl Future<Output = Result<(), GitHubError>> + Send;
    fn update_issue_comment(&self, repo: &RepoName, id: u64, body: &str) -> impl Future<Output = Result<(), GitHubError>> + Send;
    /// The files of a workflow's artifact for `head` (coverage reports); a
    /// host without GitHub Actions has none.
    fn artifact_files(&self, _repo: &RepoName, _head: &CommitSha, _workflow: &str, _artifact: &str, _path: Option<&str>) -> impl Future<Output = Result<ArtifactFiles, GitHubError>> + Send {
        async { Ok(ArtifactFiles::Missing("workflow artifacts are read through GitHub's Actions API, which this review does not use".into())) }
    }
}

impl ReviewHost for Installation<'_> {
    fn artifact_files(&self, repo: &RepoName, head: &CommitSha, workflow: &str, artifact: &str, path: Option<&str>) -> impl Future<Output = Result<ArtifactFiles, GitHubError>> + Send {
        Installation::artifact_files(self, repo, head, workflow, artifact, path)
    }
    fn can_write_check_runs(&self) -> bool {
        self.client().can_write_check_runs()
    }
    fn web_url(&self) -> String {
        self.client().web_url()
    }
    fn pull(&self, repo: &RepoName, pr: PrNumber) -> impl Future<Output = Result<PullInfo, GitHubError>> + Send {
        Installation::pull(self, repo, pr)
    }
    fn pull_files(&self, repo: &RepoName, pr: PrNumber) -> impl Future<Output = Result<PrFiles, GitHubError>> + Send {
        Installation::pull_files(self, repo, pr)
    }
    fn file_text(&self, repo: &RepoName, path: &str, sha: &CommitSha) -> impl Future<Output = Result<Option<String>, GitHubError>> + Send {
        Installation::file_text(self, repo, path, sha)
    }
    fn file(&self, repo: &RepoName, path: &str, git_ref: Option<&CommitSha>) -> impl Future<Output = Result<Option<Blob>, GitHubError>> + Send {
        Installation::file(self, repo, path, git_ref)
    }
    fn tree(&self, repo: &RepoName, sha: &CommitSha) -> impl Future<Output = Result<Vec<(String, String)>, GitHubError>> + Send {
        Installation::tree(self, repo, sha)
    }
    fn find_check_run(&self, repo: &RepoName, head: &CommitSha, name: &str) -> impl Future<Output = Result<Option<u64>, GitHubError>> + Send {
        Installation::find_check_run(self, repo, head, name)
    }
    fn create_check_run(&self, repo: &RepoName, head: &CommitSha, name: &str) -> impl Future<Output = Result<u64, GitHubError>> + Send {
        Installation::create_check_run(self, repo, head, name)
    }
    fn restart_check_run(&self, repo: &RepoName, id: u64) -> impl Future<Output = Result<(), GitHubError>> + Send {
        Installation::restart_check_run(self, repo, id)
    }
    fn complete_check_run(&self, repo: &RepoName, id: u64, conclusion: Conclusion, output: CheckOutput) -> impl Future<Output = Result<(), GitHubError>> + Send {
        Installation::complete_check_run(self, repo, id, conclusion, output)
    }
    fn create_review(&self, repo: &RepoName, pr: PrNumber, commit: &CommitSha, body: &str, comments: &[NewReviewComment], event: &str) -> impl Future<Output = Result<(), GitHubError>> + Send {
        Installation::create_review(self, repo, pr, commit, body, comments, event)
    }
    fn create_review_comment(&self, repo: &RepoName, pr: PrNumber, commit: &CommitSha, comment: &NewReviewComment) -> impl Future<Output = Result<(), GitHubError>> + Send {
        Installation::create_review_comment(self, repo, pr, commit, comment)
    }
    fn review_comments(&self, repo: &RepoName, pr: PrNumber) -> impl Future<Output = Result<Vec<PostedReviewComment>, GitHubError>> + Send {
        Installation::review_comments(self, repo, pr)
    }
    fn update_review_comment(&self, repo: &RepoName, id: u64, body: &str) -> impl Future<Output = Result<(), GitHubError>> + Send {
        Installation::update_review_comment(self, repo, id, body)
    }
    fn issue_comments(&self, repo: &RepoName, pr: PrNumber) -> impl Future<Output = Result<Vec<IssueComment>, GitHubError>> + Send {
        Installation::issue_comments(self, repo, pr)
    }
    fn create_issue_comment(&self, repo: &RepoName, pr: PrNumber, body: &str) -> impl Future<Output = Result<(), GitHubError>> + Send {
        Installation::create_issue_comment(self, repo, pr, body)
    }
    fn update_issue_comment(&self, repo: &RepoName, id: u64, body: &str) -> impl Future<Output = Result<(), GitHubError>> + Send {
        Installation::update_issue_comment(self, repo, id, body)
    }
}
