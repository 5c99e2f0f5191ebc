//! GitHub Actions: a head commit's workflow runs, a run's artifacts, and an
//! artifact's files (for coverage reports). The download answers 302 with a
//! short-lived storage URL, which is fetched without GitHub's credentials.

use std::io::Read;

use http::{StatusCode, header};
use serde::Deserialize;

use super::{Installation, PAGE, encode, repo_path};
use crate::github::GitHubError;
use crate::ids::{CommitSha, RepoName};

/// Artifacts larger than this are not downloaded (coverage reports are small).
const MAX_ARTIFACT_BYTES: u64 = 200 * 1024 * 1024;

/// What a coverage lookup found.
#[derive(Debug)]
pub enum ArtifactFiles {
    /// The files of the artifact, `(path in the artifact, text)`.
    Found { run_id: u64, files: Vec<(String, String)> },
    /// Why there is nothing to read yet (no completed run, no such artifact).
    Missing(String),
}

pub use crate::event::workflow_matches;

impl Installation<'_> {
    /// The newest completed run of `workflow` on `head`, its artifact named
    /// `artifact`, and the files in it (`path` alone when given).
    pub async fn artifact_files(&self, repo: &RepoName, head: &CommitSha, workflow: &str, artifact: &str, path: Option<&str>) -> Result<ArtifactFiles, GitHubError> {
        #[derive(Deserialize)]
        struct Run {
            id: u64,
            #[serde(default)]
            name: Option<String>,
            #[serde(default)]
            path: String,
            #[serde(default)]
            status: Option<String>,
        }
        #[derive(Deserialize)]
        struct Runs {
            workflow_runs: Vec<Run>,
        }
        let url = format!("{}/actions/runs?head_sha={}&per_page={PAGE}", repo_path(repo), encode(&head.0));
        let runs: Runs = self.get(&url).await?.json(&url)?;
        let run = runs.workflow_runs.into_iter().filter(|r| r.status.as_deref() == Some("completed") && workflow_matches(workflow, r.name.as_deref().unwrap_or(""), &r.path)).max_by_key(|r| r.id);
        let Some(run) = run else {
            return Ok(ArtifactFiles::Missing(format!("no completed run of workflow `{workflow}` for {}", head.short())));
        };
        #[derive(Deserialize)]
        struct Artifact {
            id: u64,
            name: String,
            #[serde(default)]
            expired: bool,
            #[serde(default)]
            size_in_bytes: u64,
        }
        #[derive(Deserialize)]
        struct Artifacts {
            artifacts: Vec<Artifact>,
        }
        let url = format!("{}/actions/runs/{}/artifacts?per_page={PAGE}", repo_path(repo), run.id);
        let artifacts: Artifacts = self.get(&url).await?.json(&url)?;
        let Some(found) = artifacts.artifacts.into_iter().find(|a| a.name == artifact) else {
            return Ok(ArtifactFiles::Missing(format!("run {} of `{workflow}` has no artifact `{artifact}`", run.id)));
        };
        if found.expired {
            return Ok(ArtifactFiles::Missing(format!("artifact `{artifact}` of run {} has expired", run.id)));
        }
        if found.size_in_bytes > MAX_ARTIFACT_BYTES {
            return Ok(ArtifactFiles::Missing(format!("artifact `{artifact}` is {} bytes, more than techlead downloads", found.size_in_bytes)));
        }
        let url = format!("{}/actions/artifacts/{}/zip", repo_path(repo), found.id);
        let reply = self.get(&url).await?;
        let bytes = if reply.status == StatusCode::FOUND || reply.status.is_redirection() {
            let location = reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).ok_or_else(|| GitHubError::Decode { path: url.clone(), reason: "302 without Location".into() })?;
            download(location).await.map_err(|reason| GitHubError::Transport { method: http::Method::GET, path: "(artifact storage)".into(), reason })?
        } else {
            reply.body.to_vec()
        };
        let files = unzip(&bytes, path).map_err(|reason| GitHubError::Decode { path: url, reason })?;
        if files.is_empty() {
            return Ok(ArtifactFiles::Missing(format!("artifact `{artifact}` holds no {}", path.map_or("files".to_string(), |p| format!("`{p}`")))));
        }
        Ok(ArtifactFiles::Found { run_id: run.id, files })
    }
}

/// The storage URL is signed and must not get the GitHub token.
async fn download(url: &str) -> Result<Vec<u8>, String> {
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(120)).build().map_err(|e| e.to_string())?;
    let response = client.get(url).send().await.map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("artifact storage answered {}", response.status()));
    }
    Ok(response.bytes().await.map_err(|e| e.to_string())?.to_vec())
}

/// The text files of a zip archive (`only`: that one path).
fn unzip(bytes: &[u8], only: Option<&str>) -> Result<Vec<(String, String)>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("the artifact is not a zip archive: {e}"))?;
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().trim_start_matches("./").to_string();
        if entry.is_dir() || only.is_some_and(|p| p.trim_start_matches("./") != name) {
            continue;
        }
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            files.push((name, text));
        }
    }
    Ok(files)
}
