//! Fetch the changed files at the head commit and run the rules on them.

use std::collections::{HashMap, HashSet};

use futures_util::stream::{self, StreamExt};

use super::host::ReviewHost;
use super::quality::{FileQuality, MetricRules, threshold_findings};
use crate::analysis::budget::{Deadline, Stopped};
use crate::analysis::diff::{ChangedLines, parse_patch};
use crate::analysis::engine::Engine;
use crate::analysis::file_policy::{self, FilePolicy, SkipReason};
use crate::analysis::finding::Finding;
use crate::analysis::language::Lang;
use crate::analysis::metrics;
use crate::analysis::rules::RuleSet;
use crate::config::repo::RepoConfigFile;
use crate::config::rule_file::Confidence;
use crate::github::GitHubError;
use crate::github::api::ChangedFile;
use crate::ids::{CommitSha, RepoName};

/// Files fetched at once per review.
const PARALLEL_FETCHES: usize = 8;

/// One analysed file.
pub struct FileResult {
    pub path: String,
    pub findings: Vec<Finding>,
    /// The lines the PR added and shows; `None` when GitHub sent no patch.
    pub changed: Option<ChangedLines>,
}

/// A changed file that was not analysed, and why.
#[derive(Clone, Debug)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

pub struct Analysis {
    pub files: Vec<FileResult>,
    pub skipped: Vec<SkippedFile>,
    /// Files removed by the pull request: whatever was found in them is gone.
    pub removed: Vec<String>,
    /// Function metrics of the changed files, at base and head.
    pub quality: Vec<FileQuality>,
    /// Rules less sure than `review.min_confidence`: their findings are
    /// listed in the summary, not commented inline.
    pub below_confidence: HashSet<String>,
    /// The texts read, at head and base, by path: the pull-request checks
    /// (`review::change`) read them again instead of fetching them twice.
    pub texts: HashMap<String, (String, Option<String>)>,
}

/// The commits a review compares.
pub struct Commits<'a> {
    pub base: &'a CommitSha,
    pub head: &'a CommitSha,
}

pub async fn analyse(
    inst: &impl ReviewHost,
    rules: &RuleSet,
    repo: &RepoName,
    commits: Commits<'_>,
    files: Vec<ChangedFile>,
    max_file_bytes: usize,
    config: &RepoConfigFile,
) -> Result<Analysis, GitHubError> {
    let head = commits.head;
    let engine = Engine::new(rules);
    let policy = FilePolicy::new(&config.paths.tests, rules).with_vendored(&config.paths.vendored);
    let mut skipped = Vec::new();
    let mut removed = Vec::new();
    let mut wanted = Vec::new();
    for file in files {
        if file.status == "removed" {
            removed.push(file.path);
            continue;
        }
        // Vendored code is skipped before it is fetched.
        if let Some(reason) = policy.skip_path(&file.path) {
            skipped.push(SkippedFile { path: file.path.clone(), reason: reason.to_string() });
            continue;
        }
        let path = std::path::Path::new(&file.path);
        let lang = Lang::detect(path, b"");
        // Extension-less scripts are recognised by their `#!` line once fetched.
        if engine.has_rules_for(lang) || (lang.is_none() && path.extension().is_none()) {
            wanted.push((file, lang));
        }
    }
    let fetched: Vec<_> = stream::iter(wanted)
        .map(|(file, lang)| async move {
            let text = inst.file_text(repo, &file.path, head).await;
            // The base version, for metrics before → after; new files have
            // none, and files without function metrics don't need it (that
            // halves the requests of a large pull request).
            let measured = lang.is_some_and(|l| metrics::support(l).functions);
            let base = match file.status.as_str() {
                "added" => Ok(None),
                _ if !measured => Ok(None),
                _ => inst.file_text(repo, file.previous_path.as_deref().unwrap_or(&file.path), commits.base).await,
            };
            (file, lang, text, base)
        })
        .buffered(PARALLEL_FETCHES)
        .collect()
        .await;
    let mut to_scan = Vec::new();
    for (file, lang, text, base) in fetched {
        let skip = |reason: &str| SkippedFile { path: file.path.clone(), reason: reason.to_string() };
        let Some(text) = text? else {
            skipped.push(skip("too large for the contents API, or missing"));
            continue;
        };
        if text.len() > max_file_bytes {
            skipped.push(skip(&SkipReason::TooLarge { limit: max_file_bytes as u64 }.to_string()));
            continue;
        }
        // The same policy as `techlead scan`: binary, minified, generated.
        let text = match file_policy::admit(text.as_bytes()) {
            Ok(text) => text,
            Err(reason) => {
                skipped.push(skip(&reason.to_string()));
                continue;
            }
        };
        let lang = lang.or_else(|| Lang::detect(std::path::Path::new(&file.path), text.as_bytes()));
        if !engine.has_rules_for(lang) {
            continue;
        }
        let base = base?.filter(|b| b.len() <= max_file_bytes);
        to_scan.push((file, lang, text, base));
    }
    let metric_rules = MetricRules::new(config);
    let timeout = config.limits.file_timeout();
    // The analysis is pure CPU work: keep it off the async workers.
    let mut texts = HashMap::new();
    let (files, quality) = tokio::task::block_in_place(|| {
        let mut files = Vec::new();
        let mut quality = Vec::new();
        for (file, lang, text, base) in to_scan {
            texts.insert(file.path.clone(), (text.clone(), base.clone()));
            let measure = lang.is_some_and(|l| metrics::support(l).functions);
            // One budget for the file: its head's rules and metrics, and its base's metrics.
            let deadline = Deadline::after(timeout);
            let stopped = |path: &str, stopped: Stopped| SkippedFile { path: path.to_string(), reason: stopped.to_string() };
            let (scan, after) = match engine.scan_within(&file.path, &text, lang, measure, &deadline) {
                Ok(done) => done,
                Err(e) => {
                    skipped.push(stopped(&file.path, e));
                    continue;
                }
            };
            let mut findings = scan.findings;
            policy.weigh(&file.path, &mut findings);
            if let (Some(after), Some(lang)) = (after, lang) {
                let before = match base.map(|b| metrics::measure_within(lang, &b, &deadline)).transpose() {
                    Ok(before) => before,
                    Err(e) => {
                        skipped.push(stopped(&file.path, e));
                        continue;
                    }
                };
                let file_quality = FileQuality { path: file.path.clone(), before, after };
                findings.extend(metric_rules.apply(threshold_findings(&file_quality.changes(), &config.gate.thresholds), lang.name()));
                quality.push(file_quality);
            }
            files.push(FileResult { findings, changed: file.patch.as_deref().map(parse_patch), path: file.path });
        }
        (files, quality)
    });
    let below_confidence = rules.rules.iter().filter(|r| Confidence::of_rule(r.meta.confidence.as_deref()) < config.review.min_confidence).map(|r| r.id.clone()).collect();
    Ok(Analysis { files, skipped, removed, quality, below_confidence, texts })
}
