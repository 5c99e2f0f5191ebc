//! A rustc-like code frame per finding, then one summary line.

use std::fmt::Write;

use super::ScanReport;
use crate::analysis::finding::{Finding, Severity};

pub fn render(report: &ScanReport, color: bool) -> String {
    let paint = Paint { color };
    let mut out = String::new();
    for finding in &report.findings {
        frame(&mut out, finding, &paint);
    }
    for skip in &report.skipped {
        let _ = writeln!(out, "{}: {} ({})", paint.dim("skipped"), skip.path, skip.reason);
    }
    for (reason, &count) in &report.skipped_counts {
        let files = if count == 1 { "file" } else { "files" };
        let line = match reason.as_str() {
            "binary" => format!("skipped {} binary {files}", thousands(count)),
            other => format!("skipped {} {files} of no known language ({other})", thousands(count)),
        };
        let _ = writeln!(out, "{}", paint.dim(&line));
    }
    for note in &report.notes {
        let _ = writeln!(out, "{note}");
    }
    let _ = writeln!(out, "{}", summary(report));
    out
}

fn frame(out: &mut String, finding: &Finding, paint: &Paint) {
    let line_no = finding.start.line.to_string();
    let gutter = " ".repeat(line_no.len());
    let severity = paint.severity(finding.severity);
    let _ = writeln!(out, "{severity}[{}]: {}", finding.rule_id, paint.bold(&finding.message));
    let _ = writeln!(out, "{gutter}--> {}:{}:{}", finding.path, finding.start.line, finding.start.column);
    let _ = writeln!(out, "{gutter} |");
    let context = &finding.context;
    let (ellipsis, indent) = if context.first_column > 1 { ("…", " ") } else { ("", "") };
    let _ = writeln!(out, "{line_no} | {ellipsis}{}", context.text);
    let before = finding.start.column - context.first_column;
    let room = context.text.chars().count().saturating_sub(before).max(1);
    let width = if finding.end.line == finding.start.line { finding.end.column.saturating_sub(finding.start.column) } else { room };
    let width = width.clamp(1, room);
    let pad: String = indent.chars().chain(context.text.chars().take(before).map(|c| if c == '\t' { '\t' } else { ' ' })).collect();
    let _ = writeln!(out, "{gutter} | {pad}{}", paint.severity_color(finding.severity, &"^".repeat(width)));
    if !finding.trace.is_empty() {
        // The data's path, numbered from the source to the sink.
        let _ = writeln!(out, "{gutter} = data flow:");
        for (n, step) in finding.trace.iter().enumerate() {
            let _ = writeln!(out, "{gutter}   {}. {}:{}:{}  {}", n + 1, step.path, step.line, step.column, step.note);
        }
    }
    if let Some(fix) = &finding.fix {
        let _ = writeln!(out, "{gutter} = fix: {}", fix.fixed_lines.as_deref().unwrap_or(&fix.replacement).trim());
    }
    if let Some(note) = &finding.note {
        let (why, how) = note_parts(note);
        let _ = writeln!(out, "{gutter} = note: {why}");
        if let Some(how) = how {
            let _ = writeln!(out, "{gutter} = help: {how}");
        }
    }
    out.push('\n');
}

/// What a code frame says of a note: why it matters and how to fix it, from
/// the `Why it matters:` and `How to fix it:` paragraphs of the built-in
/// notes (the finding itself already shows what was found); for a note
/// without them, its first paragraph.
fn note_parts(note: &str) -> (String, Option<String>) {
    let paragraphs: Vec<String> = note.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect();
    let labelled = |label: &str| paragraphs.iter().find_map(|p| p.strip_prefix(label).map(|rest| rest.trim().to_string()));
    let why = labelled("Why it matters:").or_else(|| paragraphs.first().cloned()).unwrap_or_default();
    (why, labelled("How to fix it:"))
}

fn summary(report: &ScanReport) -> String {
    let counts = report.count_by_severity();
    let parts: Vec<String> = Severity::ALL.iter().rev().filter_map(|s| counts.get(s).map(|n| format!("{n} {s}"))).collect();
    let total = report.findings.len();
    let detail = if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) };
    format!(
        "{total} finding{}{detail} in {} file{} ({} parsed, {} skipped), {} rule{}, {:.2}s",
        if total == 1 { "" } else { "s" },
        thousands(report.files_scanned),
        if report.files_scanned == 1 { "" } else { "s" },
        thousands(report.files_parsed),
        thousands(report.skipped_total()),
        report.rules,
        if report.rules == 1 { "" } else { "s" },
        report.elapsed.as_secs_f64()
    )
}

/// `1234567` → `1,234,567`: counts of files run into the thousands.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

struct Paint {
    color: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
    fn dim(&self, text: &str) -> String {
        self.wrap("2", text)
    }
    fn severity_color(&self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Hint => "1;32",
        };
        self.wrap(code, text)
    }
    fn severity(&self, severity: Severity) -> String {
        self.severity_color(severity, severity.as_str())
    }
}
