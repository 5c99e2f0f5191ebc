//! Function metrics in a review: what the pull request changed (before →
//! after), which functions it pushed past a threshold, and the tables and
//! chart the summary shows. Pure: no I/O.

use std::fmt::Write;

use crate::analysis::finding::{Finding, LineContext, Position, Severity, fingerprint};
use crate::analysis::metrics::{FileMetrics, FunctionMetrics};
use crate::config::repo::Thresholds;

/// A file's metrics at the base and head commits (`before` is `None` for a new file).
#[derive(Clone, Debug)]
pub struct FileQuality {
    pub path: String,
    pub before: Option<FileMetrics>,
    pub after: FileMetrics,
}

/// A function the pull request added or changed.
#[derive(Clone, Debug)]
pub struct FunctionChange {
    pub path: String,
    pub before: Option<FunctionMetrics>,
    pub after: FunctionMetrics,
}

/// The metrics the gate checks, with their rule ids.
const CHECKS: [(&str, &str); 5] = [
    ("metrics/cyclomatic-complexity", "cyclomatic complexity"),
    ("metrics/cognitive-complexity", "cognitive complexity"),
    ("metrics/function-length", "lines of code"),
    ("metrics/nesting-depth", "nesting depth"),
    ("metrics/parameter-count", "parameters"),
];

fn values(f: &FunctionMetrics) -> [Option<u32>; 5] {
    [Some(f.cyclomatic), Some(f.cognitive), Some(f.sloc), Some(f.max_nesting), f.parameters.computed()]
}

fn limits(t: &Thresholds) -> [u32; 5] {
    [t.cyclomatic, t.cognitive, t.function_length, t.nesting, t.parameters]
}

impl FileQuality {
    /// Functions that are new, or whose metrics differ from the base. Functions
    /// are matched by qualified name (the first of a name, for overloads).
    pub fn changes(&self) -> Vec<FunctionChange> {
        self.after
            .functions
            .iter()
            .filter_map(|after| {
                let before = self.before.as_ref().and_then(|b| b.functions.iter().find(|f| f.name == after.name)).cloned();
                let changed = before.as_ref().is_none_or(|b| values(b) != values(after));
                changed.then(|| FunctionChange { path: self.path.clone(), before, after: after.clone() })
            })
            .collect()
    }
}

/// Findings for functions over a threshold that the pull request added or made
/// worse, on the function's header line. Untouched legacy code never fires.
pub fn threshold_findings(changes: &[FunctionChange], thresholds: &Thresholds) -> Vec<Finding> {
    let mut findings = Vec::new();
    for change in changes {
        let after = values(&change.after);
        let before = change.before.as_ref().map(values);
        for (i, ((rule_id, what), limit)) in CHECKS.iter().zip(limits(thresholds)).enumerate() {
            let Some(value) = after[i] else { continue };
            let worse = before.is_none_or(|b| b[i].is_none_or(|old| value > old));
            if value <= limit || !worse {
                continue;
            }
            let was = before.and_then(|b| b[i]).map(|old| format!(" (was {old})")).unwrap_or_default();
            let line = change.after.header_line;
            findings.push(Finding {
                rule_id: rule_id.to_string(),
                severity: Severity::Warning,
                path: change.path.clone(),
                start: Position { line, column: 1 },
                end: Position { line, column: 1 },
                message: format!("`{}` has {what} {value}{was}, over the limit of {limit}", change.after.name),
                note: Some(format!("Why it matters: functions past the team's {what} limit are harder to read, test and change safely.\n\nHow to fix it: split the function, return early, or move branches into well-named helpers. The limit is `gate.thresholds` in .github/techlead.yml.")),
                fix: None,
                tags: vec!["metrics".into()],
                fingerprint: fingerprint(rule_id, &change.path, &change.after.name, 0),
                context: LineContext::default(),
            });
        }
    }
    findings
}

/// Whether a finding comes from a metric threshold rather than a rule.
pub fn is_metric(finding: &Finding) -> bool {
    finding.rule_id.starts_with("metrics/")
}

fn delta(before: Option<u32>, after: Option<u32>) -> String {
    match (before, after) {
        (_, None) => "n/a".into(),
        (None, Some(a)) => a.to_string(),
        (Some(b), Some(a)) if a > b => format!("{b} → {a} ▲"),
        (Some(b), Some(a)) if a < b => format!("{b} → {a} ▼"),
        (Some(_), Some(a)) => a.to_string(),
    }
}

/// The table of changed functions, worst first, and a chart of their
/// cognitive complexity before and after.
pub fn changes_markdown(changes: &[FunctionChange], limit: usize) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut sorted: Vec<&FunctionChange> = changes.iter().collect();
    sorted.sort_by(|a, b| b.after.cognitive.cmp(&a.after.cognitive).then_with(|| a.after.name.cmp(&b.after.name)));
    let mut s = String::from("| function | cyclomatic | cognitive | lines | nesting | parameters |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for change in sorted.iter().take(limit) {
        let after = values(&change.after);
        let before = change.before.as_ref().map(values);
        let cell = |i: usize| delta(before.and_then(|b| b[i]), after[i]);
        let new = if change.before.is_none() { " (new)" } else { "" };
        let _ = writeln!(s, "| `{}`{new} `{}:{}` | {} | {} | {} | {} | {} |", change.after.name, change.path, change.after.header_line, cell(0), cell(1), cell(2), cell(3), cell(4));
    }
    if sorted.len() > limit {
        let _ = writeln!(s, "\n… and {} more.", sorted.len() - limit);
    }
    let charted: Vec<&&FunctionChange> = sorted.iter().take(10).collect();
    // A chart of zeros says nothing.
    if charted.iter().all(|c| c.after.cognitive == 0 && c.before.as_ref().is_none_or(|b| b.cognitive == 0)) {
        return s;
    }
    let names: Vec<String> = charted.iter().map(|c| format!("\"{}\"", c.after.name.replace('"', "'"))).collect();
    let before: Vec<String> = charted.iter().map(|c| c.before.as_ref().map_or(0, |b| b.cognitive).to_string()).collect();
    let after: Vec<String> = charted.iter().map(|c| c.after.cognitive.to_string()).collect();
    let _ = write!(
        s,
        "\n```mermaid\nxychart-beta\n    title \"Cognitive complexity: before (first bar) and after\"\n    x-axis [{}]\n    y-axis \"cognitive\"\n    bar [{}]\n    bar [{}]\n```\n",
        names.join(", "),
        before.join(", "),
        after.join(", ")
    );
    s
}

/// Per-file totals, before → after.
pub fn totals_markdown(files: &[FileQuality]) -> String {
    if files.is_empty() {
        return String::new();
    }
    let mut s = String::from("| file | lines of code | functions | max cognitive |\n| --- | ---: | ---: | ---: |\n");
    for file in files {
        let count = |m: &FileMetrics| m.function_count.computed();
        let max = |m: &FileMetrics| m.functions.iter().map(|f| f.cognitive).max();
        let before = file.before.as_ref();
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} |",
            file.path,
            delta(before.map(|b| b.sloc), Some(file.after.sloc)),
            delta(before.and_then(count), count(&file.after)),
            delta(before.and_then(max), max(&file.after)),
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::language::Lang;
    use crate::analysis::metrics::measure;

    fn quality(before: Option<&str>, after: &str) -> FileQuality {
        let py = Lang::from_name("python").unwrap();
        FileQuality { path: "a.py".into(), before: before.map(|b| measure(py, b)), after: measure(py, after) }
    }

    const NESTED: &str = "def f(a):\n    if a:\n        if a:\n            if a:\n                if a:\n                    if a:\n                        return 1\n    return 0\n";

    #[test]
    fn only_functions_the_pr_added_or_worsened_fire() {
        let t = Thresholds { nesting: 4, ..Thresholds::default() };
        let added = quality(None, NESTED);
        let f = threshold_findings(&added.changes(), &t);
        assert_eq!(f.iter().map(|f| f.rule_id.as_str()).collect::<Vec<_>>(), vec!["metrics/nesting-depth"]);
        assert_eq!(f[0].start.line, 1);
        assert!(f[0].message.contains("nesting depth 5, over the limit of 4"), "{}", f[0].message);
        // Legacy code, untouched: no change, no finding.
        let untouched = quality(Some(NESTED), NESTED);
        assert!(untouched.changes().is_empty());
        // Made better but still over: no finding.
        let better = quality(Some(NESTED), &NESTED.replace("                    if a:\n                        return 1\n", "                    return 1\n"));
        assert!(threshold_findings(&better.changes(), &t).iter().all(|f| f.rule_id != "metrics/nesting-depth"));
    }

    #[test]
    fn tables_show_before_and_after() {
        let q = quality(Some("def f(a):\n    return a\n"), "def f(a):\n    if a:\n        return 1\n    return a\n\ndef g():\n    pass\n");
        let md = changes_markdown(&q.changes(), 20);
        assert!(md.contains("| `f` `a.py:1` | 1 → 2 ▲ | 0 → 1 ▲ |"), "{md}");
        assert!(md.contains("| `g` (new) `a.py:6` | 1 | 0 |"), "{md}");
        assert!(md.contains("```mermaid\nxychart-beta") && md.contains("bar [0, 0]\n    bar [1, 0]"), "{md}");
        let totals = totals_markdown(&[q]);
        assert!(totals.contains("| `a.py` | 2 → 6 ▲ | 1 → 2 ▲ | 0 → 1 ▲ |"), "{totals}");
    }
}
