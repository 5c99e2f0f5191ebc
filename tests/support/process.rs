//! Runs the real `techlead serve` binary for tests that kill or stop it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::app::{APP_ID, APP_KEY, SECRET};
use super::webhook::sign;

pub struct ServeProcess {
    pub child: Child,
    pub url: String,
    http: reqwest::Client,
}

unsafe extern "C" {
    fn kill(pid: i32, sig: i32) -> i32;
}

pub const SIGKILL: i32 = 9;
pub const SIGTERM: i32 = 15;

impl ServeProcess {
    /// Starts `techlead serve` on a free port, in `dir`, and waits until it is ready.
    pub async fn start(github_url: &str, database_url: &str, dir: &std::path::Path, extra: &[(&str, &str)]) -> ServeProcess {
        Self::spawn(github_url, database_url, dir, extra, Stdio::inherit()).await
    }

    /// Like [`ServeProcess::start`], with stderr (the logs) written to `log`.
    pub async fn start_logging(github_url: &str, database_url: &str, dir: &std::path::Path, extra: &[(&str, &str)], log: &std::path::Path) -> ServeProcess {
        Self::spawn(github_url, database_url, dir, extra, Stdio::from(std::fs::File::create(log).unwrap())).await
    }

    async fn spawn(github_url: &str, database_url: &str, dir: &std::path::Path, extra: &[(&str, &str)], stderr: Stdio) -> ServeProcess {
        let key = dir.join("app.pem");
        std::fs::write(&key, APP_KEY).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_techlead"));
        command
            .arg("serve")
            .current_dir(dir)
            .env("TECHLEAD_LISTEN", format!("127.0.0.1:{port}"))
            .env("TECHLEAD_APP_ID", APP_ID.to_string())
            .env("TECHLEAD_PRIVATE_KEY_PATH", &key)
            .env("TECHLEAD_WEBHOOK_SECRET", SECRET)
            .env("TECHLEAD_GITHUB_API_URL", github_url)
            .env("TECHLEAD_DATABASE_URL", database_url)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(stderr);
        for (k, v) in extra {
            command.env(k, v);
        }
        let child = command.spawn().unwrap();
        let process = ServeProcess { child, url: format!("http://127.0.0.1:{port}"), http: reqwest::Client::new() };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = process.http.get(format!("{}/readyz", process.url)).send().await
                && r.status() == 200
            {
                return process;
            }
            assert!(Instant::now() < deadline, "techlead serve did not become ready");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn deliver(&self, event: &str, delivery: &str, body: &[u8]) -> u16 {
        self.http
            .post(format!("{}/webhook", self.url))
            .header("x-github-event", event)
            .header("x-github-delivery", delivery)
            .header("x-hub-signature-256", sign(SECRET.as_bytes(), body))
            .body(body.to_vec())
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    pub fn signal(&self, signal: i32) {
        unsafe { kill(self.child.id() as i32, signal) };
    }

    /// Waits for the process to end; returns whether it exited successfully.
    pub async fn wait(mut self) -> bool {
        tokio::task::spawn_blocking(move || self.child.wait().unwrap().success()).await.unwrap()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
