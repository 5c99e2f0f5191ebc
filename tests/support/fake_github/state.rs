//! What the fake GitHub remembers: repositories, pull requests, what the bot
//! created, and the record of requests and violations.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::time::Duration;

use serde_json::Value;

use super::diff::Patch;
use super::util::blob_sha;
use super::{FakeFile, FakePull, RecordedRequest};

/// Repositories are keyed case-insensitively, as GitHub treats names.
pub fn key(owner: &str, repo: &str) -> String {
    format!("{}/{}", owner.to_ascii_lowercase(), repo.to_ascii_lowercase())
}

/// An answer queued by `fail_next`.
pub struct Fault {
    pub method: String,
    pub path_contains: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
    /// Carry the request out first, then answer with the fault: GitHub does
    /// sometimes answer 502 to a write it applied.
    pub after_applying: bool,
}

/// The whole state behind one server.
pub struct State {
    pub base_url: String,
    pub repos: HashMap<String, RepoState>,
    pub installations: BTreeSet<u64>,
    /// Installation token → installation id.
    pub tokens: BTreeMap<String, u64>,
    pub jwts: Vec<String>,
    /// The App id (`iss`) of the last JWT seen: the App that owns what it creates.
    pub app_id: Option<u64>,
    /// Manifest-flow codes and the App each converts into.
    pub manifest_codes: HashMap<String, serde_json::Value>,
    pub requests: Vec<RecordedRequest>,
    pub violations: Vec<String>,
    pub faults: VecDeque<Fault>,
    pub delay: Duration,
    /// GitHub Actions runs and their artifacts.
    pub workflow_runs: Vec<super::actions::FakeWorkflowRun>,
    /// People signing in with GitHub (the OAuth web flow).
    pub people: super::oauth::People,
    next_id: u64,
}

impl State {
    pub fn new(base_url: String) -> State {
        State {
            base_url,
            repos: HashMap::new(),
            installations: BTreeSet::new(),
            tokens: BTreeMap::new(),
            jwts: Vec::new(),
            app_id: None,
            manifest_codes: HashMap::new(),
            people: super::oauth::People::default(),
            requests: Vec::new(),
            violations: Vec::new(),
            faults: VecDeque::new(),
            delay: Duration::ZERO,
            workflow_runs: Vec::new(),
            next_id: 1000,
        }
    }

    /// A fresh id; one counter for everything, so ids never collide.
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn repo(&self, owner: &str, repo: &str) -> Option<&RepoState> {
        self.repos.get(&key(owner, repo))
    }

    pub fn repo_mut(&mut self, owner: &str, repo: &str) -> Option<&mut RepoState> {
        self.repos.get_mut(&key(owner, repo))
    }

    /// For test setup: a missing repository is a mistake in the test.
    pub fn repo_mut_or_panic(&mut self, owner: &str, repo: &str) -> &mut RepoState {
        self.repo_mut(owner, repo).unwrap_or_else(|| panic!("repository {owner}/{repo} is unknown: call add_repo first"))
    }
}

/// One repository and everything in it.
pub struct RepoState {
    pub owner: String,
    pub name: String,
    pub installation_id: u64,
    pub pulls: BTreeMap<u64, PullState>,
    /// (git ref, path) → content.
    pub contents: HashMap<(String, String), String>,
    /// (git ref, path) → bytes that are not UTF-8, served instead of `contents`.
    pub raw_contents: HashMap<(String, String), Vec<u8>>,
    /// Blob sha → content, for `git/blobs`.
    pub blobs: HashMap<String, String>,
    /// Review comments of all pull requests: (pull number, comment).
    pub review_comments: Vec<(u64, Value)>,
    /// Issue comments of all pull requests: (pull number, comment).
    pub issue_comments: Vec<(u64, Value)>,
    pub check_runs: Vec<CheckRun>,
    pub statuses: Vec<Value>,
}

impl RepoState {
    pub fn new(owner: &str, name: &str, installation_id: u64) -> RepoState {
        RepoState {
            owner: owner.to_string(),
            name: name.to_string(),
            installation_id,
            pulls: BTreeMap::new(),
            contents: HashMap::new(),
            raw_contents: HashMap::new(),
            blobs: HashMap::new(),
            review_comments: Vec::new(),
            issue_comments: Vec::new(),
            check_runs: Vec::new(),
            statuses: Vec::new(),
        }
    }

    pub fn put_content(&mut self, git_ref: &str, path: &str, content: &str) {
        self.blobs.insert(blob_sha(content), content.to_string());
        self.contents.insert((git_ref.to_string(), path.to_string()), content.to_string());
    }

    /// Makes the files' two versions readable at the PR's head and base.
    pub fn store_files(&mut self, head_sha: &str, base_sha: &str, files: &[FakeFile]) {
        for f in files {
            if let Some(c) = &f.head_content {
                self.put_content(head_sha, &f.filename, c);
            }
            if let Some(c) = &f.base_content {
                self.put_content(base_sha, &f.filename, c);
            }
        }
    }

    pub fn review_comments_of(&self, number: u64) -> Vec<Value> {
        self.review_comments.iter().filter(|(n, _)| *n == number).map(|(_, c)| c.clone()).collect()
    }

    pub fn issue_comments_of(&self, number: u64) -> Vec<Value> {
        self.issue_comments.iter().filter(|(n, _)| *n == number).map(|(_, c)| c.clone()).collect()
    }

    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

/// A pull request with its parsed patches and what was posted on it.
pub struct PullState {
    pub pr: FakePull,
    /// Parsed `patch` per filename (files without a patch are absent).
    pub patches: HashMap<String, Patch>,
    /// Every head the PR had, oldest first: reviews may name any of them.
    pub heads: Vec<String>,
    pub reviews: Vec<Value>,
    /// Label names, when the test set them (else the example's).
    pub labels: Option<Vec<String>>,
}

impl PullState {
    pub fn new(pr: FakePull) -> PullState {
        let patches = parse_patches(&pr.files);
        let heads = vec![pr.head_sha.clone()];
        PullState { pr, patches, heads, reviews: Vec::new(), labels: None }
    }

    pub fn set_head(&mut self, head_sha: &str, files: Vec<FakeFile>) {
        self.patches = parse_patches(&files);
        self.pr.head_sha = head_sha.to_string();
        self.pr.files = files;
        self.heads.push(head_sha.to_string());
    }
}

/// Parses every patch, panicking on a malformed one: that is a test bug.
fn parse_patches(files: &[FakeFile]) -> HashMap<String, Patch> {
    files
        .iter()
        .filter_map(|f| {
            let patch = f.patch.as_ref()?;
            let parsed = Patch::parse(patch).unwrap_or_else(|e| panic!("bad patch for {}: {e}", f.filename));
            Some((f.filename.clone(), parsed))
        })
        .collect()
}

/// A check run as GitHub returns it, plus the annotations sent so far (GitHub
/// keeps them behind `output.annotations_url`, not in the run itself).
pub struct CheckRun {
    pub value: Value,
    pub annotations: Vec<Value>,
}

impl CheckRun {
    /// The run with `output.annotations` filled in, for test assertions.
    pub fn inspect(&self) -> Value {
        let mut v = self.value.clone();
        v["output"]["annotations"] = Value::Array(self.annotations.clone());
        v
    }
}
