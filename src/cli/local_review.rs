//! `techlead review --local`: the App's review of the current branch of a
//! local repository, against its merge base, with what the App would post
//! shown in the terminal or written as a page. `techlead demo` runs the same.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use super::{CliError, RuleArgs, exit, load_rules, rule_sources};
use crate::event::ReviewRequest;
use crate::github::api::Conclusion;
use crate::ids::InstallationId;
use crate::page::review::{PageInput, render};
use crate::review::local::{LOCAL_PR, LocalPullRequest, Posted};
use crate::review::{self, Outcome, ReviewContext, ReviewSettings, markers};

/// A finished local review.
pub struct LocalReview {
    pub pr: LocalPullRequest,
    pub outcome: Outcome,
    pub posted: Posted,
}

impl LocalReview {
    pub fn gate_failed(&self) -> bool {
        matches!(self.outcome, Outcome::Reviewed { gate_failed: true, .. }) || matches!(self.outcome, Outcome::ConfigError)
    }

    /// Writes the page to `file`, creating its folder.
    pub fn write_page(&self, file: &Path, title: &str) -> anyhow::Result<()> {
        let html = render(&PageInput {
            title,
            repo: self.pr.repo.to_string(),
            base: format!("{} ({})", self.pr.base_name, self.pr.base.short()),
            head: self.pr.head.short().to_string(),
            files: &self.pr.files,
            posted: &self.posted,
        });
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(file, html).with_context(|| format!("cannot write {}", file.display()))
    }

    /// A few lines for the terminal: the gate, then each annotation.
    pub fn short_summary(&self) -> String {
        let mut s = String::new();
        match &self.posted.check_run {
            Some((conclusion, output)) => {
                let mark = if *conclusion == Conclusion::Success { "✓" } else { "✗" };
                s.push_str(&format!("{mark} {}\n", output.title));
                for a in &output.annotations {
                    s.push_str(&format!("  {:<7} {}:{}  {}  {}\n", a.level, a.path, a.start_line, a.title, first_line(&a.message)));
                }
            }
            None => s.push_str(&format!("not reviewed: {:?}\n", self.outcome)),
        }
        s
    }

    /// The summary comment and the inline comments, as the terminal shows Markdown: as text.
    pub fn full_text(&self) -> String {
        let mut s = String::new();
        let comments = self.posted.review.as_ref().map(|r| r.comments.as_slice()).unwrap_or_default();
        s.push_str(&format!("── Inline comments ({}) ──\n", comments.len()));
        for c in comments {
            let lines = match c.start_line {
                Some(start) => format!("{start}-{}", c.line),
                None => c.line.to_string(),
            };
            s.push_str(&format!("\n{}:{lines}\n{}\n", c.path, without_markers(&c.body).trim_end()));
        }
        s.push_str("\n── Summary comment ──\n\n");
        s.push_str(without_markers(self.posted.summary.as_deref().unwrap_or("(no summary: `review.summary: false`)")).trim());
        s.push('\n');
        s
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// Markdown without the hidden `<!-- techlead:... -->` markers.
fn without_markers(text: &str) -> String {
    text.lines().filter(|l| !(l.trim_start().starts_with("<!--") && l.contains("techlead"))).collect::<Vec<_>>().join("\n").replace(markers::SUMMARY, "")
}

/// Reviews `HEAD` of the repository at `dir` against its merge base with `base`.
pub fn review_local(dir: &Path, base: Option<&str>, rules: &RuleArgs) -> Result<LocalReview, CliError> {
    let pr = LocalPullRequest::open(dir, base)?;
    let ctx = ReviewContext {
        rules: Arc::new(load_rules(rules)?),
        rule_sources: Arc::new(rule_sources(rules)?),
        // A local review shows everything the App would post, drafts or not.
        settings: ReviewSettings { review_drafts: true, ..ReviewSettings::default() },
        config_cache: Default::default(),
    };
    let request = ReviewRequest { installation: InstallationId(0), repo: pr.repo.clone(), pr: LOCAL_PR, head_sha: pr.head.clone(), draft: false, trigger: "cli.review.local".into() };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    let outcome = runtime.block_on(review::review_on(&pr, &ctx, &request, &[]))?;
    let posted = pr.posted();
    Ok(LocalReview { pr, outcome, posted })
}

/// `techlead review --local [--base REV] [--html FILE]`.
pub fn run(base: Option<&str>, html: Option<PathBuf>, rules: &RuleArgs) -> Result<u8, CliError> {
    let review = review_local(Path::new("."), base, rules)?;
    if review.pr.dirty() {
        eprintln!("note: the work tree has changes that are not committed; a pull request holds commits only, so they are not reviewed");
    }
    if review.pr.files.is_empty() {
        println!("HEAD ({}) adds nothing to its merge base with {}: nothing to review", review.pr.head.short(), review.pr.base_name);
        return Ok(exit::CLEAN);
    }
    match html {
        Some(file) => {
            review.write_page(&file, &review.pr.head_subject())?;
            print!("{}", review.short_summary());
            println!("wrote {}", file.display());
        }
        None => print!("{}", review.full_text()),
    }
    Ok(if review.gate_failed() { exit::FINDINGS } else { exit::CLEAN })
}
