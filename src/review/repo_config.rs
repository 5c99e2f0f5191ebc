//! The repository's config for one review: read at the head commit (so a pull
//! request that changes it is reviewed with it), merged over the organisation's
//! when it `extends` one, with the repository's own rule files compiled in.
//! A broken config is reported, never silently replaced by the defaults.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::host::ReviewHost;
use super::{ReviewContext, ReviewSettings};
use crate::analysis::rules::RuleSet;
use crate::config::repo::{CONFIG_PATHS, ConfigDoc, RepoConfig, RepoConfigFile, ReviewEvent};
use crate::config::yaml_tree::Pos;
use crate::config::{self, RuleFileError, RuleSource};
use crate::github::GitHubError;
use crate::ids::{CommitSha, RepoName};

/// Config files parsed and checked, by repository, path and blob sha: the
/// blob sha comes from the tree listing, so a file already seen is neither
/// fetched nor parsed again.
#[derive(Default)]
pub struct ConfigCache {
    docs: Mutex<HashMap<CacheKey, Result<ConfigDoc, RuleFileError>>>,
    /// Rule sets compiled for a config, by a digest of everything that went
    /// into them (the merged config and the repository's rule files):
    /// compiling some 900 rules takes a second or more, and most pushes do
    /// not change either. A config whose rules do not compile is kept too, with
    /// its errors: every command on that pull request would compile it again.
    compiled: Mutex<HashMap<String, Compiled>>,
}

/// A compiled rule set, or the errors that stopped it.
type Compiled = Result<Arc<RuleSet>, Vec<RuleFileError>>;

/// (repository, path, blob sha).
type CacheKey = (String, String, String);

/// Entries kept at most; the cache starts over past it.
const CACHE_LIMIT: usize = 1024;

/// Compiled rule sets kept at most: each is large, so a few dozen configs' worth.
const COMPILED_LIMIT: usize = 64;

impl ConfigCache {
    fn get(&self, key: &CacheKey) -> Option<Result<ConfigDoc, RuleFileError>> {
        self.docs.lock().expect("config cache").get(key).cloned()
    }

    fn put(&self, key: CacheKey, doc: Result<ConfigDoc, RuleFileError>) {
        let mut map = self.docs.lock().expect("config cache");
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(key, doc);
    }

    fn compiled(&self, digest: &str) -> Option<Compiled> {
        self.compiled.lock().expect("rules cache").get(digest).cloned()
    }

    fn put_compiled(&self, digest: String, rules: Compiled) {
        let mut map = self.compiled.lock().expect("rules cache");
        if map.len() >= COMPILED_LIMIT {
            map.clear();
        }
        map.insert(digest, rules);
    }
}

/// What a compiled rule set depends on: the effective config and the rule
/// files beyond the built-in ones (the built-ins are fixed for the process).
fn rules_digest(config: &RepoConfigFile, repository_sources: &[RuleSource]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(config).unwrap_or_default());
    for source in repository_sources {
        hash.update(source.path.as_bytes());
        hash.update([0]);
        hash.update(source.text.as_bytes());
        hash.update([0]);
    }
    hex::encode(hash.finalize())
}

/// A repository's default branch, as a ref the API and github.com both take.
pub const DEFAULT_BRANCH: &str = "HEAD";

/// What the review runs with.
pub struct Effective {
    pub settings: ReviewSettings,
    pub rules: Arc<RuleSet>,
    pub config: RepoConfig,
    /// Where the config came from, for the summary (`None`: built-in defaults).
    pub source: Option<String>,
}

// One value per review, moved once: boxing `Ready` would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Loaded {
    Ready(Effective),
    /// The config or a rule file is broken: the review reports this instead.
    Invalid(Vec<RuleFileError>),
}

pub async fn load(inst: &impl ReviewHost, ctx: &ReviewContext, repo: &RepoName, head: &CommitSha) -> Result<Loaded, GitHubError> {
    let listing = match inst.tree(repo, head).await {
        Ok(listing) => Some(listing),
        Err(e) if e.status().is_some_and(|s| s.as_u16() == 404) => None,
        Err(e) => return Err(e),
    };
    let own = match read(inst, &ctx.config_cache, repo, None, Some(head), listing.as_deref()).await? {
        None => return Ok(Loaded::Ready(Effective { settings: ctx.settings.clone(), rules: ctx.rules.clone(), config: RepoConfig::default(), source: None })),
        Some(Err(error)) => return Ok(Loaded::Invalid(vec![error])),
        Some(Ok(doc)) => doc,
    };
    let source = own.path.clone();
    let org = match own.extends() {
        None => None,
        Some((owner, name)) => match organisation(inst, &ctx.config_cache, &own, &RepoName::new(owner, name)).await? {
            Ok(doc) => Some(doc),
            Err(error) => return Ok(Loaded::Invalid(vec![error])),
        },
    };
    let config = match RepoConfig::from_docs(own, org) {
        Ok(config) => config,
        Err(error) => return Ok(Loaded::Invalid(vec![error])),
    };
    let mut sources: Vec<RuleSource> = ctx.rule_sources.as_ref().clone();
    let mut errors = Vec::new();
    for dir in &config.file.rule_dirs {
        let prefix = format!("{}/", dir.trim_matches('/'));
        let Some(listing) = &listing else {
            errors.push(config.item_error(
                &["rule_dirs"],
                dir,
                format!("cannot list the files at {} to find `{dir}`", head.short()),
                "push again; if it persists, check that the App can read this repository",
            ));
            continue;
        };
        let in_dir: Vec<&str> = listing.iter().map(|(path, _)| path.as_str()).filter(|path| path.starts_with(&prefix)).collect();
        let rule_files: Vec<&str> = in_dir.iter().copied().filter(|path| config::is_rule_file(std::path::Path::new(path))).collect();
        if in_dir.is_empty() {
            errors.push(config.item_error(
                &["rule_dirs"],
                dir,
                format!("rule directory `{dir}` does not exist at {}", head.short()),
                "add the directory with the team's rule files, or remove it from `rule_dirs`",
            ));
        } else if rule_files.is_empty() {
            errors.push(config.item_error(
                &["rule_dirs"],
                dir,
                format!("rule directory `{dir}` holds no rule file (`.yml` or `.yaml`)"),
                "add the team's rule files there, or remove it from `rule_dirs`",
            ));
        }
        for path in rule_files {
            match inst.file_text(repo, path, head).await? {
                Some(text) => sources.push(RuleSource { path: path.to_string(), text }),
                None => {
                    errors.push(RuleFileError::new(path, Pos::START, "cannot read this rule file: it is not UTF-8 text, or too large for GitHub's contents API", "keep rule files small and in UTF-8"))
                }
            }
        }
    }
    if !errors.is_empty() {
        return Ok(Loaded::Invalid(errors));
    }
    let digest = rules_digest(&config.file, &sources[ctx.rule_sources.len()..]);
    let compiled = match ctx.config_cache.compiled(&digest) {
        Some(compiled) => compiled,
        None => {
            // Compiling is CPU work of a second or more: keep it off the async
            // workers, so that the job's lease is renewed meanwhile.
            let compiled = tokio::task::block_in_place(|| {
                let mut rules = config::compile(&sources)?;
                config.apply(&mut rules)?;
                Ok::<_, config::RuleFileErrors>(rules)
            });
            let compiled = compiled.map(Arc::new).map_err(|errors| errors.0);
            ctx.config_cache.put_compiled(digest, compiled.clone());
            compiled
        }
    };
    let rules = match compiled {
        Ok(rules) => rules,
        Err(errors) => return Ok(Loaded::Invalid(errors)),
    };
    let settings = ctx.settings.with_config(&config.file);
    Ok(Loaded::Ready(Effective { settings, rules, config, source: Some(source) }))
}

/// The config of `repo` at `at` (the default branch when `None`): `None`
/// when there is none. With a tree `listing`, the blob sha it gives is looked
/// up in the cache before anything is fetched; the listing is trusted to be
/// complete (GitHub cuts a listing at 100,000 entries, and lists `.github/`
/// and `.techlead.yml` before almost anything else). Without one, the
/// contents API is asked.
async fn read(
    inst: &impl ReviewHost,
    cache: &ConfigCache,
    repo: &RepoName,
    label: Option<&str>,
    at: Option<&CommitSha>,
    listing: Option<&[(String, String)]>,
) -> Result<Option<Result<ConfigDoc, RuleFileError>>, GitHubError> {
    let key = |path: &str, sha: &str| (label.unwrap_or_default().to_string(), path.to_string(), sha.to_string());
    let candidates: Vec<&str> = match listing {
        Some(listing) => CONFIG_PATHS.iter().copied().filter(|p| listing.iter().any(|(path, _)| path == p)).take(1).collect(),
        None => CONFIG_PATHS.to_vec(),
    };
    for path in candidates {
        let listed_sha = listing.and_then(|l| l.iter().find(|(p, _)| p == path)).map(|(_, sha)| sha.as_str());
        if let Some(sha) = listed_sha
            && let Some(hit) = cache.get(&key(path, sha))
        {
            return Ok(Some(hit));
        }
        let Some(blob) = inst.file(repo, path, at).await? else {
            if listed_sha.is_some() {
                let error =
                    RuleFileError::new(path, Pos::START, "cannot read the config: it is not UTF-8 text, or too large for GitHub's contents API", "keep the config small and in UTF-8").in_repo(label);
                return Ok(Some(Err(error)));
            }
            continue;
        };
        let doc = ConfigDoc::parse(label, path, &blob.text);
        cache.put(key(path, listed_sha.unwrap_or(&blob.sha)), doc.clone());
        return Ok(Some(doc));
    }
    Ok(None)
}

/// The organisation config `own` extends, from `org`'s default branch; each
/// way this can fail is an error at `own`'s `extends`.
async fn organisation(inst: &impl ReviewHost, cache: &ConfigCache, own: &ConfigDoc, org: &RepoName) -> Result<Result<ConfigDoc, RuleFileError>, GitHubError> {
    let at = own.pos(&["extends"]);
    let extends = own.file.extends.clone().unwrap_or_default();
    let listing = match inst.tree(org, &CommitSha(DEFAULT_BRANCH.into())).await {
        Ok(listing) => listing,
        Err(e) if e.status().is_some_and(|s| s.as_u16() == 404 || s.as_u16() == 403) => {
            return Ok(Err(own.error(
                at,
                format!("`extends: {extends}`: cannot read {org}: it does not exist, or the App is not installed on it"),
                format!("install the App on {org} too, or remove `extends`"),
            )));
        }
        // An empty repository has no tree.
        Err(e) if e.status().is_some_and(|s| s.as_u16() == 409) => Vec::new(),
        Err(e) => return Err(e),
    };
    let label = org.to_string();
    Ok(match read(inst, cache, org, Some(&label), None, Some(&listing)).await? {
        Some(doc) => doc,
        None => {
            Err(own.error(at, format!("`extends: {extends}`: {org} has no {} on its default branch", CONFIG_PATHS.join(" or ")), format!("add the organisation config to {org}, or remove `extends`")))
        }
    })
}

/// The errors of an invalid config as a Markdown list, each with a link to
/// its line: at `head` in the reviewed repository, or on the default branch
/// of the organisation's repository for its config.
pub fn error_list(web_url: &str, repo: &RepoName, head: &CommitSha, errors: &[RuleFileError]) -> String {
    let mut list = String::new();
    for e in errors {
        let (in_repo, at) = match &e.repo {
            Some(other) => (other.clone(), DEFAULT_BRANCH.to_string()),
            None => (repo.to_string(), head.0.clone()),
        };
        let link = format!("{web_url}/{in_repo}/blob/{at}/{}#L{}", e.path, e.pos.line);
        list.push_str(&format!("- [`{}`]({link}): {}; {}\n", e.place(), e.problem, e.fix));
    }
    list
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
            metrics_fail_gate: file.gate.metrics,
            advisories: self.advisories.clone(),
            coverage: self.coverage.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::language::Lang;
    use crate::analysis::metrics;
    use crate::config::repo::{METRIC_RULES, Thresholds};
    use crate::review::quality::{FileQuality, threshold_findings};

    #[test]
    fn the_config_knows_every_metric_check_the_review_reports() {
        let code = "def f(a):\n    if a:\n        return 1\n    return 0\n";
        let after = metrics::measure(Lang::from_name("python").unwrap(), code);
        let quality = FileQuality { path: "a.py".into(), before: None, after };
        let zero = Thresholds { cyclomatic: 0, cognitive: 0, function_length: 0, nesting: 0, parameters: 0 };
        let mut reported: Vec<String> = threshold_findings(&quality.changes(), &zero).into_iter().map(|f| f.rule_id).collect();
        reported.sort();
        let mut known: Vec<&str> = METRIC_RULES.iter().map(|m| m.id).collect();
        known.sort();
        assert_eq!(reported, known);
    }
}
