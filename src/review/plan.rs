//! Decides what a review posts: which findings get an inline comment, which
//! only appear in the summary, which old comments are now fixed. Pure: no I/O,
//! so every rule of placement is tested without GitHub.

use std::collections::{HashMap, HashSet};

use super::analyse::{Analysis, SkippedFile};
use super::commands::finding_key;
use super::markers;
use super::quality::{FileQuality, is_metric};
use crate::analysis::file_policy::counts_for_gate;
use crate::analysis::finding::{Finding, Severity};
use crate::github::api::{NewReviewComment, PostedReviewComment};

/// A finding placed on the diff.
#[derive(Clone, Debug)]
pub struct Placed {
    pub finding: Finding,
    pub comment: NewReviewComment,
    /// Replacement for the commented lines, shown as a ```suggestion block.
    pub suggestion: Option<String>,
}

/// An earlier comment whose finding is gone: fixed, or its rule ignored.
#[derive(Clone, Debug)]
pub struct Fixed {
    pub comment_id: u64,
    pub fingerprint: String,
    pub body: String,
    /// Who ignored the comment's rule on this pull request, if that is why it is gone.
    pub ignored_by: Option<String>,
}

#[derive(Debug, Default)]
pub struct Plan {
    /// New inline comments to post now, worst first, at most the limit.
    pub new_inline: Vec<Placed>,
    /// Findings on changed lines that already have their comment.
    pub already_posted: Vec<Finding>,
    /// Findings on changed lines beyond the comment limit.
    pub overflow: Vec<Finding>,
    /// Findings on changed lines of rules less sure than `review.min_confidence`.
    pub below_confidence: Vec<Finding>,
    /// Findings whose anchor GitHub refused (filled in while posting).
    pub refused: Vec<Finding>,
    /// Findings on lines the pull request did not add or change.
    pub outside_diff: Vec<Finding>,
    pub fixed: Vec<Fixed>,
    pub skipped: Vec<SkippedFile>,
    pub truncated_file_list: bool,
    pub fail_level: Severity,
    /// Function metrics of the changed files, for the summary's tables.
    pub quality: Vec<FileQuality>,
    /// Whether a metric threshold finding fails the gate (`gate.metrics`).
    pub metrics_fail_gate: bool,
    /// The pull request as a whole: walkthrough and checks (`review::change`).
    pub change: Option<crate::analysis::change::ChangeReport>,
}

impl Plan {
    /// `ignored` maps what is silenced on this pull request (a rule id, or one
    /// finding's [`finding_key`](super::commands::finding_key)) to who silenced it.
    pub fn build(analysis: Analysis, existing: &[PostedReviewComment], ignored: &HashMap<String, String>, max_inline: usize, fail_level: Severity, truncated_file_list: bool) -> Plan {
        // Only a file looked at this time can say a finding is gone: a skipped
        // file, or one past GitHub's file-list cap, says nothing.
        let looked_at: HashSet<String> = analysis.files.iter().map(|f| f.path.clone()).chain(analysis.removed).collect();
        let quiet = analysis.below_confidence;
        let mut plan = Plan { skipped: analysis.skipped, truncated_file_list, fail_level, quality: analysis.quality, metrics_fail_gate: true, ..Plan::default() };
        let posted: HashSet<&str> = existing.iter().filter(|c| c.in_reply_to.is_none()).filter_map(|c| markers::open_fingerprint(&c.body)).collect();
        let mut current = HashSet::new();
        let mut candidates = Vec::new();
        for file in analysis.files {
            for finding in file.findings.into_iter().filter(|f| !ignored.contains_key(&f.rule_id) && !ignored.contains_key(&finding_key(&f.rule_id, &f.fingerprint))) {
                current.insert(finding.fingerprint.clone());
                let Some(changed) = file.changed.as_ref().filter(|c| c.is_added(finding.start.line)) else {
                    plan.outside_diff.push(finding);
                    continue;
                };
                if posted.contains(finding.fingerprint.as_str()) {
                    plan.already_posted.push(finding);
                    continue;
                }
                if quiet.contains(&finding.rule_id) {
                    plan.below_confidence.push(finding);
                    continue;
                }
                let fix_lines = finding.fix.as_ref().and_then(|fix| Some((fix.start.line, fix.end.line, fix.fixed_lines.clone()?)));
                let (start, end, suggestion) = match fix_lines {
                    Some((start, end, lines)) if changed.shows_range(start, end) => (start, end, Some(lines)),
                    _ => (finding.start.line, finding.start.line, None),
                };
                let comment = NewReviewComment { path: finding.path.clone(), line: end, start_line: (start < end).then_some(start), body: String::new() };
                candidates.push(Placed { finding, comment, suggestion });
            }
        }
        // Worst first, so the limit drops hints before errors.
        candidates.sort_by(|a, b| b.finding.severity.cmp(&a.finding.severity).then_with(|| (&a.finding.path, a.finding.start).cmp(&(&b.finding.path, b.finding.start))));
        for placed in candidates {
            if plan.new_inline.len() < max_inline {
                plan.new_inline.push(placed);
            } else {
                plan.overflow.push(placed.finding);
            }
        }
        let mut seen_fixed = HashMap::new();
        for comment in existing.iter().filter(|c| c.in_reply_to.is_none()) {
            if let Some(fp) = markers::open_fingerprint(&comment.body)
                && looked_at.contains(&comment.path)
                && !current.contains(fp)
                && seen_fixed.insert(fp.to_string(), comment.id).is_none()
            {
                let ignored_by = markers::rule_of(&comment.body).and_then(|rule| ignored.get(rule).or_else(|| ignored.get(&finding_key(rule, fp)))).cloned();
                plan.fixed.push(Fixed { comment_id: comment.id, fingerprint: fp.to_string(), body: comment.body.clone(), ignored_by });
            }
        }
        plan
    }

    /// Every finding on a line the pull request changed.
    pub fn on_diff(&self) -> impl Iterator<Item = &Finding> {
        self.new_inline.iter().map(|p| &p.finding).chain(&self.already_posted).chain(&self.overflow).chain(&self.refused).chain(&self.below_confidence)
    }

    /// The gate fails on a finding at or above the fail level on a changed
    /// line, or on a function the pull request added or made worse past a
    /// metric threshold; untouched legacy code never fails it.
    pub fn gate_failed(&self) -> bool {
        !self.gate_reasons().is_empty()
    }

    /// Why the gate fails; empty when it passes.
    pub fn gate_reasons(&self) -> Vec<String> {
        let mut reasons = Vec::new();
        let n = self.on_diff().filter(|f| !is_metric(f) && f.severity >= self.fail_level && counts_for_gate(f)).count();
        if n > 0 {
            reasons.push(format!("{n} finding{} at or above `{}` on the lines this pull request changed", if n == 1 { "" } else { "s" }, self.fail_level));
        }
        for f in self.on_diff().chain(&self.outside_diff).filter(|f| self.metrics_fail_gate && is_metric(f)) {
            reasons.push(f.message.clone());
        }
        reasons.extend(super::change::gate_reasons(self));
        reasons
    }

    pub fn gate_reason(&self) -> String {
        let reasons = self.gate_reasons();
        if reasons.is_empty() {
            format!("no finding at or above `{}` on the lines this pull request changed, and no function pushed past a metric threshold", self.fail_level)
        } else {
            reasons.join("; ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diff::parse_patch;
    use crate::analysis::finding::{Fix, LineContext, Position};
    use crate::review::analyse::FileResult;

    fn finding(line: usize, severity: Severity, fp: &str) -> Finding {
        Finding {
            rule_id: "r".into(),
            severity,
            path: "a.py".into(),
            start: Position { line, column: 1 },
            end: Position { line, column: 5 },
            message: "m".into(),
            note: None,
            fix: None,
            tags: vec![],
            fingerprint: fp.into(),
            context: LineContext::default(),
            trace: Vec::new(),
        }
    }

    impl Plan {
        fn build_for_test(analysis: Analysis, existing: &[PostedReviewComment], max_inline: usize, fail_level: Severity, truncated: bool) -> Plan {
            Plan::build(analysis, existing, &HashMap::new(), max_inline, fail_level, truncated)
        }
    }

    fn analysis(findings: Vec<Finding>, patch: Option<&str>) -> Analysis {
        Analysis {
            files: vec![FileResult { path: "a.py".into(), findings, changed: patch.map(parse_patch) }],
            skipped: vec![],
            removed: vec![],
            quality: vec![],
            below_confidence: HashSet::new(),
            texts: HashMap::new(),
        }
    }

    const PATCH: &str = "@@ -1,2 +1,3 @@\n a\n+b\n+c\n";

    #[test]
    fn only_added_lines_get_inline_comments() {
        let plan = Plan::build_for_test(analysis(vec![finding(1, Severity::Error, "x"), finding(2, Severity::Error, "y")], Some(PATCH)), &[], 25, Severity::Error, false);
        assert_eq!(plan.new_inline.len(), 1);
        assert_eq!(plan.new_inline[0].comment.line, 2);
        assert_eq!(plan.outside_diff.len(), 1);
        assert!(plan.gate_failed());
    }

    #[test]
    fn findings_of_rules_below_the_confidence_bar_go_to_the_summary_and_still_count() {
        let mut analysed = analysis(vec![finding(2, Severity::Error, "low")], Some(PATCH));
        analysed.below_confidence.insert("r".into());
        let plan = Plan::build_for_test(analysed, &[], 25, Severity::Error, false);
        assert!(plan.new_inline.is_empty());
        assert_eq!(plan.below_confidence.len(), 1);
        assert!(plan.gate_failed(), "the gate still counts them");
    }

    #[test]
    fn findings_lowered_in_test_paths_never_fail_the_gate() {
        let mut f = finding(2, Severity::Info, "t");
        f.tags.push(crate::analysis::file_policy::TEST_PATH_TAG.into());
        let plan = Plan::build_for_test(analysis(vec![f], Some(PATCH)), &[], 25, Severity::Info, false);
        assert_eq!(plan.new_inline.len(), 1);
        assert!(!plan.gate_failed());
    }

    #[test]
    fn a_file_without_patch_gets_no_inline_comments() {
        let plan = Plan::build_for_test(analysis(vec![finding(2, Severity::Error, "y")], None), &[], 25, Severity::Error, false);
        assert!(plan.new_inline.is_empty());
        assert_eq!(plan.outside_diff.len(), 1);
        assert!(!plan.gate_failed());
    }

    #[test]
    fn the_limit_keeps_the_worst() {
        let plan = Plan::build_for_test(analysis(vec![finding(2, Severity::Hint, "h"), finding(3, Severity::Error, "e")], Some(PATCH)), &[], 1, Severity::Error, false);
        assert_eq!(plan.new_inline[0].finding.fingerprint, "e");
        assert_eq!(plan.overflow[0].fingerprint, "h");
    }

    #[test]
    fn posted_findings_are_not_repeated_and_gone_ones_are_fixed() {
        let existing = vec![
            PostedReviewComment { id: 1, body: markers::finding("y"), path: "a.py".into(), author: "bot".into(), in_reply_to: None },
            PostedReviewComment { id: 2, body: markers::finding("gone"), path: "a.py".into(), author: "bot".into(), in_reply_to: None },
            PostedReviewComment { id: 3, body: "thanks!".into(), path: "a.py".into(), author: "dev".into(), in_reply_to: Some(2) },
        ];
        let plan = Plan::build_for_test(analysis(vec![finding(2, Severity::Error, "y")], Some(PATCH)), &existing, 25, Severity::Error, false);
        assert!(plan.new_inline.is_empty());
        assert_eq!(plan.already_posted.len(), 1);
        assert_eq!(plan.fixed.len(), 1);
        assert_eq!(plan.fixed[0].comment_id, 2);
    }

    #[test]
    fn comments_on_files_not_looked_at_this_time_are_not_called_fixed() {
        let existing = vec![
            PostedReviewComment { id: 1, body: markers::finding("big"), path: "skipped.py".into(), author: "bot".into(), in_reply_to: None },
            PostedReviewComment { id: 2, body: markers::finding("old"), path: "deleted.py".into(), author: "bot".into(), in_reply_to: None },
        ];
        let mut analysed = analysis(vec![], Some(PATCH));
        analysed.skipped.push(SkippedFile { path: "skipped.py".into(), reason: "too large".into() });
        analysed.removed.push("deleted.py".into());
        let plan = Plan::build_for_test(analysed, &existing, 25, Severity::Error, false);
        let fixed: Vec<u64> = plan.fixed.iter().map(|f| f.comment_id).collect();
        assert_eq!(fixed, vec![2], "a removed file's finding is gone; a skipped file's is unknown");
    }

    #[test]
    fn fixes_become_suggestions_when_their_lines_are_shown() {
        let mut f = finding(2, Severity::Warning, "s");
        f.fix = Some(Fix { replacement: "B".into(), start: Position { line: 2, column: 1 }, end: Position { line: 3, column: 2 }, fixed_lines: Some("B".into()) });
        let plan = Plan::build_for_test(analysis(vec![f], Some(PATCH)), &[], 25, Severity::Error, false);
        let placed = &plan.new_inline[0];
        assert_eq!((placed.comment.start_line, placed.comment.line), (Some(2), 3));
        assert_eq!(placed.suggestion.as_deref(), Some("B"));
    }
}
