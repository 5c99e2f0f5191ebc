//! The real `techlead serve` process: configuration from the environment,
//! start-up errors, health endpoints, graceful stop, and no secret in its output.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::app::{APP_KEY, SECRET};
use support::fake_github::FakeGitHub;

fn techlead() -> Command {
    Command::new(env!("CARGO_BIN_EXE_techlead"))
}

#[test]
fn a_bad_private_key_fails_at_start_up_without_echoing_it() {
    let out = techlead()
        .args(["serve", "--listen", "127.0.0.1:0", "--database-url", "sqlite::memory:"])
        .env("TECHLEAD_APP_ID", "1")
        .env("TECHLEAD_WEBHOOK_SECRET", "super-secret-value")
        // techlead-ignore: secret-private-key (not a key: base64 of "not a key")
        .env("TECHLEAD_PRIVATE_KEY", "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the GitHub App private key is not a usable RSA PEM key"), "{stderr}");
    assert!(!stderr.contains("bm90IGEga2V5") && !stderr.contains("super-secret-value"), "{stderr}");
}

#[test]
fn github_sign_in_without_anyone_allowed_fails_at_start_up() {
    let serve = |extra: &[(&str, &str)]| {
        let mut cmd = techlead();
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--database-url", "sqlite::memory:"]).env("TECHLEAD_APP_ID", "1").env("TECHLEAD_WEBHOOK_SECRET", "s").env("TECHLEAD_PRIVATE_KEY", "not used");
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, stderr) = serve(&[("TECHLEAD_OAUTH_CLIENT_ID", "Iv1.x"), ("TECHLEAD_OAUTH_CLIENT_SECRET", "client-secret-value")]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("nobody may sign in: set TECHLEAD_DASHBOARD_ORG") && !stderr.contains("client-secret-value"), "{stderr}");
    let (code, stderr) = serve(&[("TECHLEAD_OAUTH_CLIENT_ID", "Iv1.x"), ("TECHLEAD_DASHBOARD_ORG", "acme")]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("set both TECHLEAD_OAUTH_CLIENT_ID and TECHLEAD_OAUTH_CLIENT_SECRET"), "{stderr}");
}

#[test]
fn help_hides_secret_values() {
    let out = techlead().args(["serve", "--help"]).env("TECHLEAD_WEBHOOK_SECRET", "super-secret-value").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for var in ["TECHLEAD_LISTEN", "TECHLEAD_APP_ID", "TECHLEAD_PRIVATE_KEY_PATH", "TECHLEAD_PRIVATE_KEY", "TECHLEAD_WEBHOOK_SECRET", "TECHLEAD_GITHUB_API_URL", "TECHLEAD_DATABASE_URL"] {
        assert!(help.contains(var), "{var} missing from --help");
    }
    assert!(!help.contains("super-secret-value"));
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_starts_answers_health_and_stops_on_sigterm() {
    let gh = FakeGitHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.pem");
    std::fs::write(&key, APP_KEY).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = techlead()
        .arg("serve")
        .current_dir(dir.path())
        .env("TECHLEAD_LISTEN", format!("127.0.0.1:{port}"))
        .env("TECHLEAD_APP_ID", "4242")
        .env("TECHLEAD_PRIVATE_KEY_PATH", &key)
        .env("TECHLEAD_WEBHOOK_SECRET", format!("rotated-out,{SECRET}"))
        .env("TECHLEAD_GITHUB_API_URL", gh.url())
        .env("RUST_LOG", "debug")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(r) = http.get(format!("{base}/healthz")).send().await {
            assert_eq!(r.status(), 200);
            break;
        }
        assert!(Instant::now() < deadline, "serve did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let ready = http.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert!(dir.path().join("techlead.db").exists(), "the embedded default is techlead.db in the working directory");
    unsafe { libc_kill(child.id() as i32, 15) };
    let status = tokio::task::spawn_blocking(move || {
        let status = child.wait().unwrap();
        let mut logs = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut logs).unwrap();
        (status, logs)
    })
    .await
    .unwrap();
    assert!(status.0.success(), "exit {:?}: {}", status.0, status.1);
    assert!(status.1.contains("SIGTERM received"), "{}", status.1);
    assert!(!status.1.contains(SECRET) && !status.1.contains("BEGIN RSA"), "a secret reached the logs");
}

unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}

#[tokio::test(flavor = "multi_thread")]
async fn json_logs_carry_the_delivery_and_the_job_context() {
    use support::fake_github::{FakeFile, FakePull};
    use support::process::{SIGTERM, ServeProcess};
    let gh = FakeGitHub::start().await;
    gh.add_repo("Codertocat", "Hello-World", 1);
    let files = vec![FakeFile::from_contents("app.py", None, Some("eval(x)\n"))];
    gh.add_pull(FakePull {
        owner: "Codertocat".into(),
        repo: "Hello-World".into(),
        number: 2,
        head_sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821".into(),
        base_sha: "0".repeat(40),
        draft: false,
        files,
    });
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("stderr.log");
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let mut process = ServeProcess::start_logging(&gh.url(), &db, dir.path(), &[("TECHLEAD_LOG_FORMAT", "json"), ("RUST_LOG", "info")], &log).await;
    assert_eq!(process.deliver("pull_request", "log-delivery-1", &support::webhook::payload("pull_request.opened")).await, 202);
    let deadline = Instant::now() + Duration::from_secs(20);
    while gh.issue_comments("Codertocat", "Hello-World", 2).is_empty() {
        assert!(Instant::now() < deadline, "no review");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    process.signal(SIGTERM);
    assert!(std::mem::replace(&mut process.child, Command::new("true").spawn().unwrap()).wait().unwrap().success());
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    let delivery = lines.iter().find(|l| l["span"]["name"] == "delivery").expect("a webhook line");
    assert_eq!(delivery["span"]["delivery"], "log-delivery-1");
    let done = lines.iter().find(|l| l["fields"]["message"] == "review done").expect("the job's line");
    assert_eq!(done["span"]["delivery"], "log-delivery-1");
    assert_eq!(done["span"]["repo"], "Codertocat/Hello-World");
    assert_eq!(done["span"]["pr"], 2);
    assert_eq!(done["span"]["head"], "ec26c3e57ca3a959ca5aad62de7213c562f8c821");
}
