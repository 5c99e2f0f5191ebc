//! A stateful fake of the GitHub REST API, served over real HTTP, for the
//! integration tests of the bot.
//!
//! Why a fake and not mocks: the bot's GitHub client is exercised end to end
//! (HTTP, JSON, pagination, retries), and every request is checked against
//! GitHub's own OpenAPI description (`shared/github/openapi-subset.json`), so
//! a request GitHub would reject is a test failure here too
//! ([`FakeGitHub::assert_no_violations`]). Answers start from the response
//! examples of that description and are filled in from the state the test
//! sets up, so they have GitHub's shape.
//!
//! ```ignore
//! let gh = FakeGitHub::start().await;
//! gh.add_repo("Codertocat", "Hello-World", 2);
//! gh.add_pull(FakePull { owner: "Codertocat".into(), repo: "Hello-World".into(), number: 2, ... });
//! // point the bot at gh.url(), deliver a webhook, then:
//! gh.assert_no_violations();
//! assert_eq!(gh.reviews("Codertocat", "Hello-World", 2).len(), 1);
//! ```

mod actions;
mod checks;
mod diff;
mod oauth;
mod openapi;
mod reviews;
mod routes;
mod server;
mod state;
mod util;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::Value;

pub use actions::FakeWorkflowRun;
pub use diff::make_patch;
use state::{Fault, RepoState, State};

/// A pull request as the test sets it up.
#[derive(Clone, Debug, Default)]
pub struct FakePull {
    pub owner: String,
    pub repo: String,
    pub number: u64,
    pub head_sha: String,
    pub base_sha: String,
    pub draft: bool,
    pub files: Vec<FakeFile>,
}

/// One changed file of a pull request.
#[derive(Clone, Debug, Default)]
pub struct FakeFile {
    pub filename: String,
    /// `added`, `modified`, `removed` or `renamed` (GitHub's `status`).
    pub status: String,
    /// The file's part of the unified diff, from its first `@@` line; `None`
    /// as GitHub does for binary or very large files.
    pub patch: Option<String>,
    /// Content at the head commit, served by the contents API at `head_sha`.
    pub head_content: Option<String>,
    /// Content at the base commit, served by the contents API at `base_sha`.
    pub base_content: Option<String>,
}

impl FakeFile {
    /// A file whose `patch` is computed from its two versions (`None` for a
    /// side means the file does not exist there), with the matching status.
    pub fn from_contents(filename: &str, base: Option<&str>, head: Option<&str>) -> FakeFile {
        let status = match (base, head) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "modified",
        };
        FakeFile {
            filename: filename.to_string(),
            status: status.to_string(),
            patch: Some(make_patch(base.unwrap_or(""), head.unwrap_or(""))),
            head_content: head.map(str::to_string),
            base_content: base.map(str::to_string),
        }
    }
}

/// One request as the fake received it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    /// The path as sent (still percent-encoded), without the query.
    pub path: String,
    /// Decoded query parameters, in order.
    pub query: Vec<(String, String)>,
    /// The body, when it was JSON.
    pub body: Option<Value>,
    /// The `Authorization` header.
    pub authorization: Option<String>,
    /// All headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// When it arrived, and when its answer was ready (after any delay).
    pub received: std::time::Instant,
    pub answered: Option<std::time::Instant>,
}

impl RecordedRequest {
    /// A header value by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// A query parameter by name.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// The running fake. The server stops when this is dropped.
pub struct FakeGitHub {
    state: Arc<Mutex<State>>,
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeGitHub {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeGitHub {
    /// Starts a server on `127.0.0.1` with a free port.
    pub async fn start() -> FakeGitHub {
        // Load the description now so a broken file fails here, not in a handler.
        openapi::spec();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let state = Arc::new(Mutex::new(State::new(url.clone())));
        let app = axum::Router::new().fallback(server::handle).with_state(state.clone());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake GitHub server failed");
        });
        FakeGitHub { state, url, task }
    }

    /// Base URL, e.g. `http://127.0.0.1:4321` (no trailing slash).
    pub fn url(&self) -> String {
        self.url.clone()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking handler must not hide the state from the test's asserts.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    // ---- state setup -------------------------------------------------------

    /// Registers a repository as installed in `installation_id`. Requests for
    /// a repository must use a token of that installation.
    pub fn add_repo(&self, owner: &str, name: &str, installation_id: u64) {
        let mut st = self.lock();
        st.installations.insert(installation_id);
        st.repos.insert(state::key(owner, name), RepoState::new(owner, name, installation_id));
    }

    /// Registers an installation that has no repositories (yet), so tokens
    /// can be created for it.
    pub fn add_installation(&self, installation_id: u64) {
        self.lock().installations.insert(installation_id);
    }

    /// A GitHub Actions run (with its artifacts) the API lists and serves.
    pub fn add_workflow_run(&self, run: FakeWorkflowRun) {
        self.lock().workflow_runs.push(run);
    }

    /// Adds (or replaces) a pull request; its files' `head_content` and
    /// `base_content` become readable at `head_sha` / `base_sha`.
    ///
    /// Panics when the repository was not added or a patch does not parse,
    /// since both are mistakes in the test.
    pub fn add_pull(&self, pr: FakePull) {
        let mut st = self.lock();
        let repo = st.repo_mut_or_panic(&pr.owner, &pr.repo);
        repo.store_files(&pr.head_sha, &pr.base_sha, &pr.files);
        let pull = state::PullState::new(pr);
        repo.pulls.insert(pull.pr.number, pull);
    }

    /// Sets the labels the pull request carries (without this, the API example's).
    pub fn set_labels(&self, owner: &str, repo: &str, number: u64, labels: &[&str]) {
        let mut st = self.lock();
        let pull = st.repo_mut_or_panic(owner, repo).pulls.get_mut(&number).unwrap_or_else(|| panic!("no pull request #{number}: call add_pull first"));
        pull.labels = Some(labels.iter().map(|l| l.to_string()).collect());
    }

    /// Serves `content` for `path` at `git_ref` from the contents API. A
    /// request without `?ref=` reads `git_ref` `"HEAD"`.
    pub fn set_file_content(&self, owner: &str, repo: &str, git_ref: &str, path: &str, content: &str) {
        let mut st = self.lock();
        st.repo_mut_or_panic(owner, repo).put_content(git_ref, path, content);
    }

    /// Serves `bytes`, which need not be UTF-8, for `path` at `git_ref` from
    /// the contents API (the path must also have text content there, e.g. from
    /// [`FakeFile::from_contents`], for the pull request's file list and patch).
    pub fn set_file_bytes(&self, owner: &str, repo: &str, git_ref: &str, path: &str, bytes: &[u8]) {
        let mut st = self.lock();
        st.repo_mut_or_panic(owner, repo).raw_contents.insert((git_ref.to_string(), path.to_string()), bytes.to_vec());
    }

    /// Moves a pull request's head to a new commit with a new file list, as a
    /// push (`synchronize`) does. Earlier reviews and comments stay.
    pub fn set_head(&self, owner: &str, repo: &str, number: u64, new_head_sha: &str, files: Vec<FakeFile>) {
        let mut st = self.lock();
        let repo = st.repo_mut_or_panic(owner, repo);
        let base_sha = repo.pulls.get(&number).map(|p| p.pr.base_sha.clone());
        let base_sha = base_sha.unwrap_or_else(|| panic!("no pull request #{number}: call add_pull first"));
        repo.store_files(new_head_sha, &base_sha, &files);
        let pull = repo.pulls.get_mut(&number).expect("checked above");
        pull.set_head(new_head_sha, files);
    }

    // ---- validation --------------------------------------------------------

    /// Everything the bot sent that GitHub would reject: unknown routes or
    /// methods, path/query parameters or JSON bodies that break the OpenAPI
    /// description (query parameters the operation does not document count
    /// too: GitHub ignores them, but they are typos), bad or missing
    /// credentials, a token of the wrong installation, review comments on
    /// lines outside the diff, a completed check run without conclusion.
    /// Requests for repositories or pull requests the test did not set up are
    /// answered 404 but are not violations.
    pub fn violations(&self) -> Vec<String> {
        self.lock().violations.clone()
    }

    /// Forgets recorded violations, for tests that provoke one on purpose.
    pub fn clear_violations(&self) {
        self.lock().violations.clear();
    }

    /// Panics listing every violation.
    #[track_caller]
    pub fn assert_no_violations(&self) {
        let v = self.violations();
        assert!(v.is_empty(), "the bot sent {} request(s) GitHub would reject:\n  {}", v.len(), v.join("\n  "));
    }

    // ---- inspection --------------------------------------------------------

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// The JWTs the bot presented when creating installation tokens.
    pub fn jwts(&self) -> Vec<String> {
        self.lock().jwts.clone()
    }

    /// Makes `code` a manifest-flow code that converts into an App with this
    /// id, `pem` and webhook secret (as GitHub does after "Create GitHub App").
    pub fn add_manifest_code(&self, code: &str, app_id: u64, pem: &str, webhook_secret: &str) {
        let app = serde_json::json!({
            "id": app_id, "slug": "techlead-test", "node_id": "A_fake", "name": "techlead-test",
            "owner": {"login": "Codertocat", "id": 1, "type": "User"},
            "client_id": oauth::CLIENT_ID, "client_secret": oauth::CLIENT_SECRET,
            "webhook_secret": webhook_secret, "pem": pem,
            "html_url": "https://github.com/apps/techlead-test",
            "created_at": "2026-11-21T00:00:00Z", "updated_at": "2026-11-21T00:00:00Z",
            "permissions": {"pull_requests": "write", "checks": "write", "contents": "read", "metadata": "read"},
            "events": ["pull_request", "check_suite", "check_run", "issue_comment", "pull_request_review_comment"],
        });
        self.lock().manifest_codes.insert(code.to_string(), app);
    }

    /// The person signed in at GitHub, who approves "Sign in with GitHub"
    /// (`None`: whoever is asked denies it).
    pub fn sign_in_as(&self, login: Option<&str>) {
        self.lock().people.signed_in = login.map(str::to_string);
    }

    /// Makes `login` an active member of `org`.
    pub fn add_org_member(&self, org: &str, login: &str) {
        self.lock().people.members.entry(org.to_ascii_lowercase()).or_default().push(login.to_string());
    }

    /// The App's OAuth client id and secret (those of `add_manifest_code`).
    pub fn oauth_client(&self) -> (&'static str, &'static str) {
        (oauth::CLIENT_ID, oauth::CLIENT_SECRET)
    }

    /// Accepts `token` as if GitHub had issued it for `installation_id`: a
    /// personal or Actions token, for the bot's token (Action) mode.
    pub fn add_token(&self, token: &str, installation_id: u64) {
        self.lock().tokens.insert(token.to_string(), installation_id);
    }

    /// Installation tokens handed out, as `(installation_id, token)`.
    pub fn issued_tokens(&self) -> Vec<(u64, String)> {
        self.lock().tokens.iter().map(|(t, i)| (*i, t.clone())).collect()
    }

    /// Reviews of a pull request, as `GET .../reviews` returns them.
    pub fn reviews(&self, owner: &str, repo: &str, number: u64) -> Vec<Value> {
        self.with_repo(owner, repo, |r| r.pulls.get(&number).map(|p| p.reviews.clone()).unwrap_or_default())
    }

    /// Review comments of a pull request (from reviews and single comments).
    pub fn review_comments(&self, owner: &str, repo: &str, number: u64) -> Vec<Value> {
        self.with_repo(owner, repo, |r| r.review_comments_of(number))
    }

    /// Issue (conversation) comments of a pull request.
    pub fn issue_comments(&self, owner: &str, repo: &str, number: u64) -> Vec<Value> {
        self.with_repo(owner, repo, |r| r.issue_comments_of(number))
    }

    /// Check runs of a repository in their current state; `output.annotations`
    /// holds every annotation sent so far (GitHub appends them on each update).
    pub fn check_runs(&self, owner: &str, repo: &str) -> Vec<Value> {
        self.with_repo(owner, repo, |r| r.check_runs.iter().map(|c| c.inspect()).collect())
    }

    /// Commit statuses created in a repository.
    pub fn statuses(&self, owner: &str, repo: &str) -> Vec<Value> {
        self.with_repo(owner, repo, |r| r.statuses.clone())
    }

    /// Requests that could change something on GitHub (POST, PATCH, PUT,
    /// DELETE), whatever their answer. Creating an installation token is not
    /// counted: it changes nothing the user can see.
    pub fn mutating_request_count(&self) -> usize {
        self.lock().requests.iter().filter(|r| ["POST", "PATCH", "PUT", "DELETE"].contains(&r.method.as_str())).filter(|r| !r.path.ends_with("/access_tokens")).count()
    }

    fn with_repo<T: Default>(&self, owner: &str, repo: &str, f: impl FnOnce(&RepoState) -> T) -> T {
        self.lock().repos.get(&state::key(owner, repo)).map(f).unwrap_or_default()
    }

    // ---- fault injection ---------------------------------------------------

    /// The next request with this method whose path contains `path_contains`
    /// gets this answer instead of the normal one (and changes no state).
    /// Faults queue up and each is used once: two calls give "fail twice".
    pub fn fail_next(&self, method: &str, path_contains: &str, status: u16, headers: Vec<(String, String)>, body: Value) {
        self.lock().faults.push_back(Fault { method: method.to_ascii_uppercase(), path_contains: path_contains.to_string(), status, headers, body, after_applying: false });
    }

    /// Like [`fail_next`](Self::fail_next), but the request is carried out
    /// before the error is returned, as when GitHub applies a write and then
    /// answers 502.
    pub fn fail_next_after_applying(&self, method: &str, path_contains: &str, status: u16) {
        self.lock().faults.push_back(Fault {
            method: method.to_ascii_uppercase(),
            path_contains: path_contains.to_string(),
            status,
            headers: vec![],
            body: serde_json::json!({ "message": "Server Error" }),
            after_applying: true,
        });
    }

    /// Delays every answer, for timeout tests. The request is recorded at
    /// once; it is processed after the delay even if the client gave up, as
    /// GitHub may also have applied a request whose answer never arrived.
    pub fn set_delay(&self, d: Duration) {
        self.lock().delay = d;
    }
}

/// Problems of an answer of the fake against GitHub's documented response
/// schema for `operation_id` and `status`; empty when it conforms. For
/// testing the fake itself.
pub fn response_problems(operation_id: &str, status: u16, body: &Value) -> Vec<String> {
    openapi::spec().response_problems(operation_id, status, body)
}

/// A JWT the fake accepts for App endpoints (`iss` = `app_id`, valid for 9
/// minutes, signature not checked), for tests that call the fake directly.
pub fn fake_jwt(app_id: u64) -> String {
    let b64url = |s: &str| util::base64_encode(s.as_bytes()).replace('+', "-").replace('/', "_").replace('=', "");
    let now = util::unix_now();
    let header = b64url(r#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = b64url(&format!(r#"{{"iat":{},"exp":{},"iss":"{app_id}"}}"#, now - 60, now + 540));
    format!("{header}.{claims}.c2lnbmF0dXJl")
}
