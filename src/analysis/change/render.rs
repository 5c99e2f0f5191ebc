//! The walkthrough as people read it: Markdown for the summary comment,
//! plain text for `techlead scan --diff`, and JSON (`walkthrough` in
//! `scan --diff --format json`). All three say the same.

use std::fmt::Write;

use super::ChangeReport;
use super::kinds::FileKind;
use super::walkthrough::{Area, FileEntry, Walkthrough};
use crate::analysis::finding::{Finding, Severity};

fn icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "🔴",
        Severity::Warning => "🟠",
        Severity::Info => "🔵",
        Severity::Hint => "⚪",
    }
}

fn kinds(kinds: &[FileKind]) -> String {
    kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
}

fn lines(added: Option<u64>, removed: Option<u64>) -> String {
    match (added, removed) {
        (Some(a), Some(r)) => format!("+{a} −{r}"),
        _ => "unknown (no diff)".into(),
    }
}

/// One line on size and effort.
fn headline(w: &Walkthrough) -> String {
    format!("size {} · effort {}/5", w.size.label.as_str(), w.effort.score)
}

fn size_sentence(w: &Walkthrough) -> String {
    let mut s = format!(
        "{} file{} in {} area{}, +{} −{}; {} changed line{} counted",
        w.files,
        if w.files == 1 { "" } else { "s" },
        w.areas.len(),
        if w.areas.len() == 1 { "" } else { "s" },
        w.added,
        w.removed,
        w.size.counted_lines,
        if w.size.counted_lines == 1 { "" } else { "s" }
    );
    if w.size.uncounted_lines > 0 {
        let _ = write!(s, " ({} in generated code and lock files not counted)", w.size.uncounted_lines);
    }
    if !w.size.unknown.is_empty() {
        let _ = write!(s, "; {} file{} without a diff not counted", w.size.unknown.len(), if w.size.unknown.len() == 1 { "" } else { "s" });
    }
    if !w.languages.is_empty() {
        let _ = write!(s, "; languages: {}", w.languages.join(", "));
    }
    s
}

fn effort_sentence(w: &Walkthrough) -> String {
    let e = &w.effort;
    format!(
        "{}/5 = 1 + size {} ({}) + spread {} ({} area{}, {} language{}) + complexity {} (+{} cognitive complexity)",
        e.score,
        e.size_points,
        w.size.label.as_str(),
        e.spread_points,
        e.areas,
        if e.areas == 1 { "" } else { "s" },
        e.languages,
        if e.languages == 1 { "" } else { "s" },
        e.complexity_points,
        e.complexity_added
    )
}

fn owners(list: &[String]) -> String {
    if list.is_empty() { "—".into() } else { list.join(" ") }
}

fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

/// Where a finding is: `path:line` on an added line, the path alone for a
/// finding about a file as a whole, nothing for the pull request as a whole.
fn place(f: &Finding, on_line: bool) -> Option<String> {
    match (f.path.is_empty(), on_line) {
        (true, _) => None,
        (false, true) => Some(format!("{}:{}", f.path, f.start.line)),
        (false, false) => Some(f.path.clone()),
    }
}

/// Every finding of the checks, each with whether it sits on an added line.
fn all_findings(report: &ChangeReport) -> Vec<(&Finding, bool)> {
    report.on_lines.iter().map(|f| (f, true)).chain(report.on_change.iter().map(|f| (f, false))).collect()
}

fn describe(f: &Finding, on_line: bool) -> String {
    let place = place(f, on_line).map(|p| format!("`{p}` ")).unwrap_or_default();
    format!("{} `{}` {place}{}", icon(f.severity), f.rule_id, f.message.replace('\n', " "))
}

/// The summary comment's section: heading, table of areas, effort, risks,
/// the checks' findings, and the file list folded away.
pub fn markdown(report: &ChangeReport) -> String {
    let w = &report.walkthrough;
    let mut s = String::new();
    let _ = writeln!(s, "\n### Walkthrough · {}\n", headline(w));
    let _ = writeln!(s, "{}.\n", size_sentence(w));
    let with_owners = w.codeowners.is_some();
    if with_owners {
        let _ = writeln!(s, "| area | kind | files | lines | owners |\n| --- | --- | ---: | ---: | --- |");
    } else {
        let _ = writeln!(s, "| area | kind | files | lines |\n| --- | --- | ---: | ---: |");
    }
    for area in &w.areas {
        let _ = write!(s, "| `{}` | {} | {} | +{} −{} |", area.name, kinds(&area.kinds), area.files.len(), area.added, area.removed);
        if with_owners {
            let _ = write!(s, " {} |", owners(&area.owners));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "\n**Effort** {}.", effort_sentence(w));
    if let Some(path) = &w.codeowners {
        let _ = writeln!(s, "Owners from `{path}`.");
    }
    if w.risks.is_empty() {
        let _ = writeln!(s, "\n**Risks:** none of the kinds techlead looks for.");
    } else {
        let _ = writeln!(s, "\n**Risks**\n");
        for risk in &w.risks {
            let _ = writeln!(s, "- ⚠️ {}: {}", risk.reason, evidence(&risk.evidence));
        }
    }
    let findings = all_findings(report);
    if findings.is_empty() {
        let _ = writeln!(s, "\n**Pull request checks:** nothing to report.");
    } else {
        let _ = writeln!(s, "\n**Pull request checks**\n");
        for (f, on_line) in findings {
            let _ = writeln!(s, "- {}", cell(&describe(f, on_line)));
        }
    }
    let _ = writeln!(s, "\n<details><summary>Changed files by area ({})</summary>\n", w.files);
    // The summary has GitHub's size limit and more to say after this list:
    // a huge pull request lists its first files and counts the rest.
    const LISTED: usize = 100;
    let mut listed = 0;
    for area in &w.areas {
        for file in &area.files {
            if listed < LISTED {
                let _ = writeln!(s, "- `{}` · {} · {} · {}{}", file.path, area.name, file.kind.as_str(), lines(file.added, file.removed), file_owners(file));
            }
            listed += 1;
        }
    }
    if listed > LISTED {
        let _ = writeln!(s, "- … and {} more", listed - LISTED);
    }
    let _ = writeln!(s, "\n</details>");
    s
}

fn file_owners(file: &FileEntry) -> String {
    if file.owners.is_empty() { String::new() } else { format!(" · {}", file.owners.join(" ")) }
}

fn evidence(items: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut s = items.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if items.len() > SHOWN {
        let _ = write!(s, " and {} more", items.len() - SHOWN);
    }
    s
}

fn area_line(area: &Area) -> String {
    let owners = if area.owners.is_empty() { String::new() } else { format!("  owners: {}", area.owners.join(" ")) };
    format!("  {:<24} {:<28} {:>3} file{} +{} -{}{owners}", area.name, kinds(&area.kinds), area.files.len(), if area.files.len() == 1 { " " } else { "s" }, area.added, area.removed)
}

/// The walkthrough for a terminal (`techlead scan --diff`).
pub fn text(report: &ChangeReport) -> String {
    let w = &report.walkthrough;
    let mut s = String::new();
    let _ = writeln!(s, "Walkthrough: {}", headline(w));
    let _ = writeln!(s, "  {}", size_sentence(w).replace('−', "-"));
    let _ = writeln!(s, "  effort {}", effort_sentence(w));
    let _ = writeln!(s, "Areas:");
    for area in &w.areas {
        let _ = writeln!(s, "{}", area_line(area));
    }
    if let Some(path) = &w.codeowners {
        let _ = writeln!(s, "  (owners from {path})");
    }
    let _ = writeln!(s, "Risks:{}", if w.risks.is_empty() { " none of the kinds techlead looks for" } else { "" });
    for risk in &w.risks {
        let _ = writeln!(s, "  - {}: {}", risk.reason, evidence(&risk.evidence).replace('`', ""));
    }
    let findings = all_findings(report);
    let _ = writeln!(s, "Pull request checks:{}", if findings.is_empty() { " nothing to report" } else { "" });
    for (f, on_line) in findings {
        let place = place(f, on_line).map(|p| format!(" {p}")).unwrap_or_default();
        let _ = writeln!(s, "  {} {}{place}: {}", f.severity, f.rule_id, f.message.replace('`', ""));
    }
    s
}

/// The `walkthrough` object of `scan --diff --format json`: the walkthrough and the checks' findings.
pub fn json(report: &ChangeReport) -> serde_json::Value {
    let mut value = serde_json::to_value(&report.walkthrough).expect("the walkthrough serializes");
    let checks: Vec<&Finding> = report.findings().collect();
    value["checks"] = serde_json::to_value(checks).expect("findings serialize");
    value
}
