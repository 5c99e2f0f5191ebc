//! What people read: inline comment bodies, the summary comment and the check
//! run's text.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::markers;
use super::plan::{Placed, Plan};
use super::quality;
use crate::analysis::file_policy::counts_for_gate;
use crate::analysis::finding::{Finding, Severity, TraceStep};
use crate::ids::CommitSha;

/// GitHub's limit for a check run's summary and text, and for comment bodies.
pub const GITHUB_TEXT_LIMIT: usize = 65_535;

fn icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "🔴",
        Severity::Warning => "🟠",
        Severity::Info => "🔵",
        Severity::Hint => "⚪",
    }
}

/// The first paragraph of a rule's note, on one line.
pub fn first_paragraph(note: &str) -> String {
    note.trim().split("\n\n").next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An inline comment: severity, rule, message, why, the fix as a suggestion,
/// and the hidden fingerprint.
/// `blob` is the web address of the head commit's tree
/// (`https://github.com/OWNER/REPO/blob/SHA`, on the App's GitHub host), for
/// links to a trace's lines.
pub fn inline_comment(placed: &Placed, docs_url: Option<&str>, blob: &str) -> String {
    let f = &placed.finding;
    let mut body = format!("{} **{}** · `{}`", icon(f.severity), f.severity, f.rule_id);
    if let Some(url) = docs_url {
        let _ = write!(body, " · [docs]({url})");
    }
    let _ = write!(body, "\n\n{}\n", f.message);
    if !f.trace.is_empty() {
        let _ = write!(body, "\n**Data flow:** {}\n", trace_line(&f.trace, blob));
    }
    if let Some(note) = &f.note {
        let _ = write!(body, "\n{}\n", first_paragraph(note));
    }
    if let Some(suggestion) = &placed.suggestion {
        let _ = write!(body, "\n```suggestion\n{suggestion}\n```\n");
    }
    let _ = write!(body, "\n{}", markers::finding(&f.fingerprint));
    body
}

/// A taint finding's path on one line: each step's code, linked to its
/// line at the head commit, source first and sink last.
pub fn trace_line(trace: &[TraceStep], blob: &str) -> String {
    trace
        .iter()
        .map(|step| {
            let what = step.note.trim_start_matches("source: ").trim_start_matches("sink: ");
            format!("{what} ([line {}]({blob}/{}#L{}))", step.line, step.path.trim_start_matches("./"), step.line)
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The body of a comment whose finding is gone.
pub fn fixed_comment(old_body: &str, fingerprint: &str, head: &CommitSha) -> String {
    let original = old_body.replace(&markers::finding(fingerprint), "");
    format!("✅ **Fixed** in {}.\n\n<details><summary>Original comment</summary>\n\n{}\n</details>\n\n{}", head.short(), original.trim(), markers::fixed(fingerprint))
}

/// The body of a comment whose rule a maintainer ignored on this pull request.
pub fn ignored_comment(old_body: &str, fingerprint: &str, author: &str) -> String {
    let original = old_body.replace(&markers::finding(fingerprint), "");
    format!("🔕 **Ignored** on this pull request by @{author}.\n\n<details><summary>Original comment</summary>\n\n{}\n</details>\n\n{}", original.trim(), markers::fixed(fingerprint))
}

fn location(f: &Finding) -> String {
    format!("`{}:{}`", f.path, f.start.line)
}

fn counts_by_severity<'a>(findings: impl Iterator<Item = &'a Finding>) -> BTreeMap<Severity, usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry(f.severity).or_insert(0) += 1;
    }
    counts
}

/// The summary comment, found again by its marker and edited on later pushes.
pub fn summary(plan: &Plan, head: &CommitSha, gate_failed: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}\n## techlead review of {}\n", markers::SUMMARY, head.short());
    let _ = writeln!(s, "{}\n", if gate_failed { "❌ **Quality gate failed**" } else { "✅ **Quality gate passed**" });
    s.push_str(&gate_table(plan));
    s.push('\n');
    let on_diff = counts_by_severity(plan.on_diff());
    let outside = counts_by_severity(plan.outside_diff.iter());
    let _ = writeln!(s, "| severity | on changed lines | elsewhere in changed files |\n| --- | ---: | ---: |");
    for severity in Severity::ALL.iter().rev() {
        let (a, b) = (on_diff.get(severity).copied().unwrap_or(0), outside.get(severity).copied().unwrap_or(0));
        if a + b > 0 {
            let _ = writeln!(s, "| {} {severity} | {a} | {b} |", icon(*severity));
        }
    }
    if on_diff.is_empty() && outside.is_empty() {
        let _ = writeln!(s, "| — | 0 | 0 |");
    }
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in plan.on_diff().chain(plan.outside_diff.iter()) {
        *by_rule.entry(f.rule_id.as_str()).or_insert(0) += 1;
    }
    if !by_rule.is_empty() {
        let _ = writeln!(s, "\n| rule | findings |\n| --- | ---: |");
        for (rule, n) in &by_rule {
            let _ = writeln!(s, "| `{rule}` | {n} |");
        }
    }
    s.push_str(&super::change::summary_section(plan));
    let changes: Vec<_> = plan.quality.iter().flat_map(|q| q.changes()).collect();
    if !changes.is_empty() {
        let _ = writeln!(s, "\n### Functions this pull request added or changed\n\n{}", quality::changes_markdown(&changes, 20));
        let _ = writeln!(s, "<details><summary>File totals</summary>\n\n{}\n</details>", quality::totals_markdown(&plan.quality));
    }
    let mut section = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            let _ = writeln!(s, "\n<details><summary>{title} ({})</summary>\n", items.len());
            for item in items {
                let _ = writeln!(s, "- {item}");
            }
            let _ = writeln!(s, "\n</details>");
        }
    };
    let describe = |f: &Finding| format!("{} {} `{}`: {}", icon(f.severity), location(f), f.rule_id, f.message.replace('\n', " "));
    section("Not commented inline: over the comment limit", plan.overflow.iter().map(describe).collect());
    section("Not commented inline: GitHub refused the anchor", plan.refused.iter().map(describe).collect());
    section("Not commented inline: rules less sure than `review.min_confidence`", plan.below_confidence.iter().map(describe).collect());
    section("On lines this pull request did not change", plan.outside_diff.iter().map(describe).collect());
    section("Files not analysed", plan.skipped.iter().map(|f| format!("`{}`: {}", f.path, f.reason)).collect());
    if plan.truncated_file_list {
        let _ = writeln!(s, "\n⚠️ GitHub lists only the first 3000 files of a pull request; later files were not reviewed.");
    }
    truncate(s, GITHUB_TEXT_LIMIT)
}

/// Text for a Markdown table cell: on one line, with `|` escaped.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

/// The gate's conditions as a table, one row per reason it failed (failures
/// first), and a ✅ row for each condition that holds, so a reader sees at a
/// glance what was checked and what blocked the merge.
fn gate_table(plan: &Plan) -> String {
    let mut failed = Vec::new();
    let mut passed = Vec::new();
    let findings_condition = format!("findings at or above `{}` on the lines this pull request changed", plan.fail_level);
    let n = plan.on_diff().filter(|f| !quality::is_metric(f) && f.severity >= plan.fail_level && counts_for_gate(f)).count();
    if n > 0 {
        failed.push(format!("| ❌ | {findings_condition} | {n} |"));
    } else {
        passed.push(format!("| ✅ | {findings_condition} | none |"));
    }
    let metrics_condition = "functions this pull request added or made worse past a metric threshold";
    let over: Vec<&Finding> = plan.on_diff().chain(&plan.outside_diff).filter(|f| quality::is_metric(f)).collect();
    for f in &over {
        match plan.metrics_fail_gate {
            true => failed.push(format!("| ❌ | {metrics_condition} | {} {} (`{}`) |", location(f), cell(&f.message), f.rule_id)),
            false => passed.push(format!("| ⚠️ | {metrics_condition} (reported only: `gate.metrics: false`) | {} {} (`{}`) |", location(f), cell(&f.message), f.rule_id)),
        }
    }
    if over.is_empty() {
        passed.push(format!("| ✅ | {metrics_condition} | none |"));
    }
    let (change_failed, change_passed) = super::change::gate_rows(plan);
    (failed.extend(change_failed), passed.extend(change_passed));
    let mut table = String::from("| | gate condition | result |\n| --- | --- | --- |\n");
    for row in failed.into_iter().chain(passed) {
        table.push_str(&row);
        table.push('\n');
    }
    table
}

/// Cuts `text` to `limit` characters, saying so, instead of letting GitHub refuse it.
pub fn truncate(text: String, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text;
    }
    const NOTE: &str = "\n\n… (truncated: GitHub allows 65,535 characters)";
    let keep = limit - NOTE.chars().count();
    let cut: String = text.chars().take(keep).collect();
    cut + NOTE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_stays_under_the_limit_and_says_so() {
        let long = "x".repeat(70_000);
        let cut = truncate(long, GITHUB_TEXT_LIMIT);
        assert_eq!(cut.chars().count(), GITHUB_TEXT_LIMIT);
        assert!(cut.ends_with("characters)"));
        assert_eq!(truncate("short".into(), 10), "short");
    }
}
