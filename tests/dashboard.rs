//! The operators' dashboard, in a real browser against the real service and
//! the fake GitHub: refused without a session, signed in with the token, a
//! dead job retried and then reviewed, the review on `/reviews` and its page,
//! the rule catalogue filtered, a located error from `/config`.

#[path = "support/browser.rs"]
mod browser;
mod support;

use std::time::{Duration, Instant};

use browser::Browser;
use fantoccini::Locator;
use support::app::TestApp;
use support::db::{Backend, TestDb};
use support::fake_github::{FakeFile, FakeGitHub, FakePull};
use support::webhook::payload;
use techlead::github::auth::Secret;
use techlead::github::oauth::OAuthApp;
use techlead::server::dashboard::{DashboardSettings, OAuthSettings};

const TOKEN: &str = "dashboard-token-for-tests-0123456789";
const OWNER: &str = "Codertocat";
const REPO: &str = "Hello-World";
const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
const PAGES: [&str; 7] = ["/", "/reviews", "/reviews/1", "/jobs", "/installations", "/rules", "/config"];

async fn github() -> FakeGitHub {
    let gh = FakeGitHub::start().await;
    gh.add_repo(OWNER, REPO, 1);
    let file = FakeFile::from_contents("app/handler.py", Some("def legacy(x):\n    return x\n"), Some("def legacy(x):\n    return x\n\n\ndef handler(data):\n    return eval(data)\n"));
    gh.add_pull(FakePull { owner: OWNER.into(), repo: REPO.into(), number: 2, head_sha: HEAD.into(), base_sha: BASE.into(), draft: false, files: vec![file] });
    gh
}

async fn start(gh: &FakeGitHub, token: Option<&str>) -> TestApp {
    let token = token.map(|t| Secret::new(t.into()));
    TestApp::start_with(gh, move |c| {
        c.queue.max_attempts = 1;
        c.dashboard = DashboardSettings { token, secure_cookies: false, oauth: None };
    })
    .await
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_token_the_dashboard_is_not_served() {
    let gh = github().await;
    let app = start(&gh, None).await;
    for page in PAGES.iter().chain(&["/login"]) {
        let response = no_redirects().get(format!("{}{page}", app.url)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{page}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_refuses_a_request_without_a_session_and_sign_in_is_rate_limited() {
    let gh = github().await;
    let app = start(&gh, Some(TOKEN)).await;
    let http = no_redirects();
    for page in PAGES {
        let response = http.get(format!("{}{page}", app.url)).send().await.unwrap();
        assert_eq!(response.status(), 303, "{page}");
        assert_eq!(response.headers()["location"], "/login", "{page}");
        let forged = http.get(format!("{}{page}", app.url)).header("cookie", "techlead_session=746f6b656e.99999999999.00").send().await.unwrap();
        assert_eq!(forged.status(), 303, "a forged session is no session: {page}");
        let wrong = http.get(format!("{}{page}", app.url)).bearer_auth("not-the-token").send().await.unwrap();
        assert_eq!(wrong.status(), 401, "{page}");
    }
    let retry = http.post(format!("{}/jobs/1/retry", app.url)).form(&[("csrf", "x")]).send().await.unwrap();
    assert_eq!(retry.status(), 401);
    let ok = http.get(format!("{}/rules", app.url)).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    let csp = ok.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    let body = ok.text().await.unwrap();
    assert!(!body.contains(TOKEN), "no page shows the token");

    // Sign-in: the form's nonce cookie, then too many wrong tokens.
    let form = http.get(format!("{}/login", app.url)).send().await.unwrap();
    let cookie = form.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    assert!(form.headers()["set-cookie"].to_str().unwrap().contains("HttpOnly; SameSite=Strict"));
    let html = form.text().await.unwrap();
    let nonce = html.split("name=\"nonce\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let mut statuses = Vec::new();
    for _ in 0..11 {
        let r = http.post(format!("{}/login", app.url)).header("cookie", &cookie).form(&[("nonce", nonce.as_str()), ("token", "wrong")]).send().await.unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses[..10], [401; 10]);
    assert_eq!(statuses[10], 429, "the eleventh failed sign-in within a minute is refused");
    let right = http.post(format!("{}/login", app.url)).header("cookie", &cookie).form(&[("nonce", nonce.as_str()), ("token", TOKEN)]).send().await.unwrap();
    assert_eq!(right.status(), 429, "even the right token waits out the window");
    app.stop().await;
}

async fn until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The whole tour, on SQLite and on PostgreSQL (the dashboard reads the
/// queue's store, whichever it is).
async fn an_operator_signs_in_retries_a_dead_job_and_reads_its_review(backend: Backend) {
    let gh = github().await;
    // The first attempt fails, and with one attempt allowed the job dies.
    gh.fail_next("GET", "/pulls/2/files", 404, vec![], serde_json::json!({"message": "Not Found"}));
    let db = TestDb::new(backend).await;
    let url = db.url.clone();
    let app = TestApp::start_with(&gh, move |c| {
        c.queue.max_attempts = 1;
        c.database_url = Some(url);
        c.dashboard = DashboardSettings { token: Some(Secret::new(TOKEN.into())), secure_cookies: false, oauth: None };
    })
    .await;
    let shot = |name: &str| format!("{name}-{}", format!("{backend:?}").to_lowercase());
    app.deliver("installation", "install-1", &payload("installation.created")).await;
    app.deliver("pull_request", "delivery-1", &payload("pull_request.opened")).await;
    app.idle().await;

    let browser = Browser::start().await;
    browser.goto(&format!("{}/reviews", app.url)).await;
    assert!(browser.client.current_url().await.unwrap().path() == "/login", "sent to the sign-in form");
    browser.client.find(Locator::Id("token")).await.unwrap().send_keys(TOKEN).await.unwrap();
    browser.client.find(Locator::Id("sign-in")).await.unwrap().click().await.unwrap();
    until("the overview after signing in", async || browser.client.current_url().await.unwrap().path() == "/" && browser.count("#reviews-24h").await == 1).await;
    assert_eq!(browser.text("#reviews-24h").await, "0");
    browser.screenshot(&shot("dashboard-overview-before")).await;

    // The dead job, with its error, and its retry.
    browser.goto(&format!("{}/jobs", app.url)).await;
    let dead = browser.text("#jobs-dead").await;
    assert!(dead.contains("Codertocat/Hello-World") && dead.contains("Not Found"), "{dead}");
    browser.screenshot(&shot("dashboard-jobs-dead")).await;
    browser.client.find(Locator::Css("#jobs-dead button")).await.unwrap().click().await.unwrap();
    assert!(browser.text("#notice").await.contains("is queued again"));
    app.idle().await;

    // Reviewed now: on /reviews, and on its own page with what was posted.
    browser.goto(&format!("{}/reviews", app.url)).await;
    let mut table = browser.text("#reviews").await;
    if !table.contains("ec26c3e") {
        browser.goto(&format!("{}/jobs", app.url)).await;
        panic!("the retried job left no review; jobs: {:?}; /jobs says: {}", app.job_states().await, browser.text("main").await);
    }
    table = table.trim().to_string();
    assert!(table.contains("Codertocat/Hello-World") && table.contains("#2") && table.contains("failed") && table.contains("ec26c3e"), "{table}");
    browser.screenshot(&shot("dashboard-reviews")).await;
    browser.client.find(Locator::LinkText("details")).await.unwrap().click().await.unwrap();
    assert_eq!(browser.text("#result").await, "failed");
    let posted = browser.text("#posted").await;
    assert!(posted.contains("techlead review of ec26c3e") && posted.contains("Quality gate failed"), "{posted}");
    assert!(browser.count("#posted table").await >= 1, "the summary's tables are rendered");
    assert!(browser.text("#timeline").await.contains("delivery-1"));
    browser.full_page_screenshot(&shot("dashboard-review")).await;
    browser.goto(&format!("{}/jobs", app.url)).await;
    assert!(browser.text("#jobs-dead").await.contains("None."), "the retried job is no longer dead");
    browser.goto(&format!("{}/", app.url)).await;
    assert_eq!(browser.text("#reviews-24h").await, "1");
    assert_eq!(browser.count("svg rect.bar").await, 24, "the chart has a bar per hour");
    browser.screenshot(&shot("dashboard-overview")).await;
    browser.goto(&format!("{}/installations", app.url)).await;
    assert!(browser.text("main").await.contains("created"));

    // The rule catalogue filters.
    browser.goto(&format!("{}/rules", app.url)).await;
    let all = browser.count(".rule").await;
    browser.client.find(Locator::Css("input[name=q]")).await.unwrap().send_keys("sql").await.unwrap();
    browser.client.execute("document.querySelector('select[name=language]').value = 'python'", vec![]).await.unwrap();
    browser.client.find(Locator::Id("filter")).await.unwrap().click().await.unwrap();
    let ids: Vec<String> = browser
        .client
        .execute("return [...document.querySelectorAll('.rule')].map(r => r.dataset.rule)", vec![])
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(!ids.is_empty() && ids.len() < all, "{} of {all}", ids.len());
    assert!(ids.iter().all(|id| id.starts_with("python-")), "{ids:?}");
    assert!(ids.iter().any(|id| id == "python-sql-string-format"), "{ids:?}");
    browser.screenshot(&shot("dashboard-rules")).await;

    // A located error from a pasted config.
    browser.goto(&format!("{}/config", app.url)).await;
    browser.client.find(Locator::Id("config")).await.unwrap().send_keys("review:\n  max_inline_comments: 10\nrules:\n  disable: [securty]\n").await.unwrap();
    browser.client.find(Locator::Id("check")).await.unwrap().click().await.unwrap();
    until("the config check", async || browser.count("#result").await == 1).await;
    let result = browser.text("#result").await;
    assert!(result.contains(".github/techlead.yml:4:") && result.contains("securty"), "{result}");
    browser.screenshot(&shot("dashboard-config")).await;
    browser.close().await;
    gh.assert_no_violations();
    app.stop().await;
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread")]
    async fn an_operator_signs_in_retries_a_dead_job_and_reads_its_review() {
        super::an_operator_signs_in_retries_a_dead_job_and_reads_its_review(super::Backend::Sqlite).await
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread")]
    async fn an_operator_signs_in_retries_a_dead_job_and_reads_its_review() {
        super::an_operator_signs_in_retries_a_dead_job_and_reads_its_review(super::Backend::Postgres).await
    }
}

/// The dashboard with "Sign in with GitHub" only: members of `techlead-ops`
/// and the user `hubot` may sign in.
async fn start_with_github_sign_in(gh: &FakeGitHub) -> TestApp {
    let (id, secret) = gh.oauth_client();
    let app = OAuthApp::new(id.to_string(), Secret::new(secret.to_string()), &gh.url()).unwrap();
    let oauth = OAuthSettings { app, org: Some("techlead-ops".into()), users: vec!["hubot".into()] };
    TestApp::start_with(gh, move |c| c.dashboard = DashboardSettings { token: None, secure_cookies: false, oauth: Some(oauth) }).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_of_the_organisation_signs_in_with_github() {
    let gh = github().await;
    gh.add_org_member("techlead-ops", "octocat");
    gh.sign_in_as(Some("octocat"));
    let app = start_with_github_sign_in(&gh).await;
    let browser = Browser::start().await;
    browser.goto(&format!("{}/reviews", app.url)).await;
    assert_eq!(browser.client.current_url().await.unwrap().path(), "/login");
    assert_eq!(browser.count("#token").await, 0, "no token form without a token");
    browser.screenshot("dashboard-login-github").await;
    browser.client.find(Locator::Id("github-sign-in")).await.unwrap().click().await.unwrap();
    until("the overview after signing in", async || browser.client.current_url().await.unwrap().path() == "/" && browser.count("#reviews-24h").await == 1).await;
    assert_eq!(browser.text("#viewer").await, "octocat");
    browser.screenshot("dashboard-signed-in-with-github").await;
    browser.close().await;
    gh.assert_no_violations();
    app.stop().await;
}

/// Follows the web flow by hand: `/login/github`, GitHub's authorize page,
/// and the callback with the state cookie. Returns the callback's answer.
async fn github_sign_in(app: &TestApp, tamper_state: bool) -> (u16, String, Option<String>) {
    let http = no_redirects();
    let start = http.get(format!("{}/login/github", app.url)).send().await.unwrap();
    assert_eq!(start.status(), 303);
    let state_cookie = start.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(state_cookie.contains("HttpOnly") && state_cookie.contains("SameSite=Lax"), "{state_cookie}");
    let authorize = start.headers()["location"].to_str().unwrap().to_string();
    assert!(authorize.contains("client_id=Iv1.fake") && authorize.contains("scope=read%3Aorg") && authorize.contains("redirect_uri="), "{authorize}");
    let back = http.get(&authorize).send().await.unwrap();
    assert_eq!(back.status(), 302);
    let mut callback = back.headers()["location"].to_str().unwrap().to_string();
    if tamper_state {
        callback = callback.replace("state=", "state=0");
    }
    let cookie = state_cookie.split(';').next().unwrap().to_string();
    let answer = http.get(&callback).header("cookie", cookie).send().await.unwrap();
    let status = answer.status().as_u16();
    let session = answer.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|c| c.starts_with("techlead_session=") && !c.starts_with("techlead_session=;"));
    (status, answer.text().await.unwrap(), session)
}

#[tokio::test(flavor = "multi_thread")]
async fn github_sign_in_lets_in_only_members_and_named_users() {
    let gh = github().await;
    gh.add_org_member("techlead-ops", "octocat");
    let app = start_with_github_sign_in(&gh).await;

    gh.sign_in_as(Some("octocat"));
    let (status, page, session) = github_sign_in(&app, false).await;
    assert_eq!(status, 200, "{page}");
    let session = session.expect("a session cookie");
    assert!(session.contains("HttpOnly; SameSite=Strict"), "{session}");
    let overview = no_redirects().get(format!("{}/", app.url)).header("cookie", session.split(';').next().unwrap()).send().await.unwrap();
    assert_eq!(overview.status(), 200, "the session opens the dashboard");

    gh.sign_in_as(Some("hubot"));
    let (status, _, session) = github_sign_in(&app, false).await;
    assert_eq!((status, session.is_some()), (200, true), "a user named in TECHLEAD_DASHBOARD_USERS, no membership needed");

    gh.sign_in_as(Some("mallory"));
    let (status, page, session) = github_sign_in(&app, false).await;
    assert_eq!((status, session), (403, None));
    assert!(page.contains("mallory may not see this dashboard"), "{page}");

    gh.sign_in_as(Some("octocat"));
    let (status, page, session) = github_sign_in(&app, true).await;
    assert_eq!((status, session), (403, None), "a callback whose state is not this browser's is refused");
    assert!(page.contains("did not start here"), "{page}");

    gh.sign_in_as(None);
    let (status, page, session) = github_sign_in(&app, false).await;
    assert_eq!((status, session), (401, None));
    assert!(page.contains("GitHub did not sign you in: The user has denied"), "{page}");
    gh.assert_no_violations();
    app.stop().await;
}
