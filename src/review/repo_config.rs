//! The repository's config for one review: read at the head commit (so a pull
//! request that changes it is reviewed with it), merged over the organisation's
//! when it `extends` one, with the repository's own rule files compiled in.
//! A broken config is reported, never silently replaced by the defaults.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{ReviewContext, ReviewSettings};
use crate::analysis::rules::RuleSet;
use crate::config::repo::{self, CONFIG_PATHS, RepoConfig, RepoConfigFile, ReviewEvent};
use crate::config::{self, RuleFileError, RuleSource};
use crate::github::GitHubError;
use crate::github::api::{Blob, Installation};
use crate::ids::{CommitSha, RepoName};

/// Checked config files by blob sha(s): the same file is parsed once.
#[derive(Default)]
pub struct ConfigCache(Mutex<HashMap<String, RepoConfigFile>>);

/// What the review runs with.
pub struct Effective {
    pub settings: ReviewSettings,
    pub rules: Arc<RuleSet>,
    pub config: RepoConfig,
    /// Where the config came from, for the summary (`None`: built-in defaults).
    pub source: Option<String>,
}

pub enum Loaded {
    Ready(Effective),
    /// The config or a rule file is broken: the review reports this instead.
    Invalid(Vec<RuleFileError>),
}

pub async fn load(inst: &Installation<'_>, ctx: &ReviewContext, repo: &RepoName, head: &CommitSha) -> Result<Loaded, GitHubError> {
    let Some((path, blob)) = find(inst, repo, Some(head)).await? else {
        return Ok(Loaded::Ready(Effective { settings: ctx.settings.clone(), rules: ctx.rules.clone(), config: RepoConfig::default(), source: None }));
    };
    let file = match checked(inst, ctx, path, &blob).await? {
        Ok(file) => file,
        Err(error) => return Ok(Loaded::Invalid(vec![error])),
    };
    let mut sources: Vec<RuleSource> = ctx.rule_sources.as_ref().clone();
    if !file.rule_dirs.is_empty() {
        let dirs: Vec<String> = file.rule_dirs.iter().map(|d| format!("{}/", d.trim_matches('/'))).collect();
        for (file_path, _) in inst.tree(repo, head).await? {
            if dirs.iter().any(|d| file_path.starts_with(d.as_str())) && config::is_rule_file(std::path::Path::new(&file_path))
                && let Some(text) = inst.file_text(repo, &file_path, head).await?
            {
                sources.push(RuleSource { path: file_path, text });
            }
        }
    }
    let mut rules = match config::compile(&sources) {
        Ok(rules) => rules,
        Err(errors) => return Ok(Loaded::Invalid(errors.0)),
    };
    let config = RepoConfig::new(file);
    config.apply(&mut rules);
    let settings = ctx.settings.with_config(&config.file);
    Ok(Loaded::Ready(Effective { settings, rules: Arc::new(rules), config, source: Some(path.to_string()) }))
}

async fn find(inst: &Installation<'_>, repo: &RepoName, at: Option<&CommitSha>) -> Result<Option<(&'static str, Blob)>, GitHubError> {
    for path in CONFIG_PATHS {
        if let Some(blob) = inst.file(repo, path, at).await? {
            return Ok(Some((path, blob)));
        }
    }
    Ok(None)
}

/// Parses, merges and checks the config, or takes it from the cache.
async fn checked(inst: &Installation<'_>, ctx: &ReviewContext, path: &str, blob: &Blob) -> Result<Result<RepoConfigFile, RuleFileError>, GitHubError> {
    let value = match repo::parse_value(path, &blob.text) {
        Ok(value) => value,
        Err(e) => return Ok(Err(e)),
    };
    let mut key = blob.sha.clone();
    let mut merged = value.clone();
    if let Some(extends) = value.get("extends").and_then(|v| v.as_str()) {
        let Some((owner, name)) = repo::extends_target(extends) else {
            return Ok(Err(RuleFileError::new(path, pos_of(&blob.text, "extends"), format!("`extends: {extends}` names no repository"), "write `extends: OWNER` (for OWNER/.github) or `extends: OWNER/REPO`")));
        };
        let org_repo = RepoName::new(owner, name);
        match find(inst, &org_repo, None).await {
            Ok(Some((org_path, org_blob))) => {
                let org_value = match repo::parse_value(&format!("{org_repo}:{org_path}"), &org_blob.text) {
                    Ok(v) => v,
                    Err(e) => return Ok(Err(e)),
                };
                key = format!("{key}+{}", org_blob.sha);
                merged = repo::merge(org_value, value);
            }
            Ok(None) => return Ok(Err(RuleFileError::new(path, pos_of(&blob.text, "extends"), format!("`extends`: {org_repo} has no {}", CONFIG_PATHS.join(" or ")), "add the organisation config there, or remove `extends`"))),
            Err(e) if e.status().is_some_and(|s| s.as_u16() == 404 || s.as_u16() == 403) => {
                return Ok(Err(RuleFileError::new(path, pos_of(&blob.text, "extends"), format!("`extends`: cannot read {org_repo}"), "install the App on that repository too, or remove `extends`")));
            }
            Err(e) => return Err(e),
        }
    }
    if let Some(cached) = ctx.config_cache.0.lock().expect("config cache").get(&key) {
        return Ok(Ok(cached.clone()));
    }
    let file = match repo::check(path, &blob.text, merged) {
        Ok(file) => file,
        Err(e) => return Ok(Err(e)),
    };
    ctx.config_cache.0.lock().expect("config cache").insert(key, file.clone());
    Ok(Ok(file))
}

fn pos_of(text: &str, key: &str) -> crate::config::yaml_tree::Pos {
    let line = text.lines().position(|l| l.trim_start().starts_with(&format!("{key}:"))).unwrap_or(0);
    crate::config::yaml_tree::Pos { line: line + 1, column: 1 }
}

impl ReviewSettings {
    /// The server's defaults, overridden by what the repository sets.
    pub fn with_config(&self, file: &RepoConfigFile) -> ReviewSettings {
        ReviewSettings {
            max_inline_comments: file.review.max_inline_comments,
            fail_level: file.gate.fail_level,
            review_drafts: file.review.drafts || self.review_drafts,
            request_changes_on_failure: file.review.event == ReviewEvent::RequestChanges,
            post_summary: file.review.summary,
            max_file_bytes: self.max_file_bytes,
        }
    }
}
