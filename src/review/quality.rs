//! Function metrics in a review: what the pull request changed (before →
//! after), which functions it pushed past a threshold, and the tables and
//! chart the summary shows. Pure: no I/O.

use std::collections::HashMap;
use std::fmt::Write;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::analysis::finding::{Finding, LineContext, Position, Severity, fingerprint};
use crate::analysis::metrics::{FileMetrics, FunctionMetrics};

use crate::config::repo::{RepoConfigFile, Thresholds};

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
    /// How many head functions of the same name come before this one: keeps
    /// the findings of same-named functions apart.
    pub occurrence: usize,
}

/// A metric the gate checks.
struct Check {
    rule_id: &'static str,
    /// The value as the message says it: `{}` is the number.
    phrase: &'static str,
    /// What the limit is a limit of, in the note.
    limit_of: &'static str,
}

/// The metrics the gate checks, in the order of [`values`] and [`limits`].
const CHECKS: [Check; 5] = [
    Check { rule_id: "metrics/cyclomatic-complexity", phrase: "cyclomatic complexity {}", limit_of: "cyclomatic complexity" },
    Check { rule_id: "metrics/cognitive-complexity", phrase: "cognitive complexity {}", limit_of: "cognitive complexity" },
    Check { rule_id: "metrics/function-length", phrase: "{} lines of code", limit_of: "function length" },
    Check { rule_id: "metrics/nesting-depth", phrase: "nesting depth {}", limit_of: "nesting depth" },
    Check { rule_id: "metrics/parameter-count", phrase: "{} parameters", limit_of: "parameter count" },
];

fn values(f: &FunctionMetrics) -> [Option<u32>; 5] {
    [Some(f.cyclomatic), Some(f.cognitive), Some(f.sloc), Some(f.max_nesting), f.parameters.computed()]
}

fn limits(t: &Thresholds) -> [u32; 5] {
    [t.cyclomatic, t.cognitive, t.function_length, t.nesting, t.parameters]
}

impl FileQuality {
    /// Functions that are new, or whose metrics differ from the base. See
    /// [`pair`] for how head functions find their base counterpart.
    pub fn changes(&self) -> Vec<FunctionChange> {
        let before: &[FunctionMetrics] = self.before.as_ref().map_or(&[], |b| &b.functions);
        let after = &self.after.functions;
        let pairs = pair(before, after);
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut changes = Vec::new();
        for (head, base) in after.iter().zip(pairs) {
            let occurrence = seen.entry(head.name.as_str()).or_insert(0);
            *occurrence += 1;
            let before = base.map(|i| before[i].clone());
            if before.as_ref().is_none_or(|b| values(b) != values(head)) {
                changes.push(FunctionChange { path: self.path.clone(), before, after: head.clone(), occurrence: *occurrence - 1 });
            }
        }
        changes
    }
}

/// Above this many cells, same-named functions are paired in order without
/// looking for the unchanged ones first (a generated file with thousands of
/// `<anonymous>` callbacks must not cost quadratic memory).
const MAX_ALIGNMENT_CELLS: usize = 4_000_000;

/// For each head function, the index of the base function it is a later
/// version of, if any.
///
/// Qualified names repeat: JavaScript `<anonymous>` callbacks, Java and C#
/// overloads, Rust `Type::fmt` in both its `Display` and `Debug` impls, a
/// Python property's getter and setter. Pairing a head function with the
/// first base function of its name would compare an untouched function with
/// another one, and a threshold could fire on code nobody changed. So, among
/// the functions of one name, in document order:
/// 1. the longest common subsequence of identical metrics is paired first:
///    those are the untouched functions, wherever the pull request inserted
///    or removed a same-named one around them;
/// 2. between two such anchors, the remaining functions pair with the same
///    parameter count first (the overload that changed), then in order;
/// 3. what is left in the head is new.
pub fn pair(before: &[FunctionMetrics], after: &[FunctionMetrics]) -> Vec<Option<usize>> {
    let mut groups: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, f) in before.iter().enumerate() {
        groups.entry(f.name.as_str()).or_default().0.push(i);
    }
    for (i, f) in after.iter().enumerate() {
        groups.entry(f.name.as_str()).or_default().1.push(i);
    }
    let mut paired = vec![None; after.len()];
    for (base, head) in groups.values() {
        if base.is_empty() || head.is_empty() {
            continue;
        }
        let base_values: Vec<_> = base.iter().map(|&i| values(&before[i])).collect();
        let head_values: Vec<_> = head.iter().map(|&i| values(&after[i])).collect();
        let anchors = unchanged(&base_values, &head_values);
        // The gaps between anchors (and before the first and after the last).
        let (mut b0, mut h0) = (0, 0);
        for &(b1, h1) in anchors.iter().chain(std::iter::once(&(base.len(), head.len()))) {
            let gap_base = &base[b0..b1];
            let mut used = vec![false; gap_base.len()];
            let gap_head = h0..h1;
            let mut left = Vec::new();
            for h in gap_head {
                let parameters = after[head[h]].parameters;
                match (0..gap_base.len()).find(|&k| !used[k] && before[gap_base[k]].parameters == parameters) {
                    Some(k) => {
                        used[k] = true;
                        paired[head[h]] = Some(gap_base[k]);
                    }
                    None => left.push(h),
                }
            }
            let mut rest = (0..gap_base.len()).filter(|&k| !used[k]);
            for h in left {
                paired[head[h]] = rest.next().map(|k| gap_base[k]);
            }
            if b1 < base.len() {
                paired[head[h1]] = Some(base[b1]);
            }
            (b0, h0) = (b1 + 1, h1 + 1);
        }
    }
    paired
}

/// Positions `(base, head)` of the longest common subsequence of identical
/// metrics, in order. A common prefix and suffix are matched directly, so the
/// quadratic table only covers what the pull request touched.
fn unchanged<T: PartialEq>(base: &[T], head: &[T]) -> Vec<(usize, usize)> {
    let prefix = base.iter().zip(head).take_while(|(b, h)| b == h).count();
    let suffix = base[prefix..].iter().rev().zip(head[prefix..].iter().rev()).take_while(|(b, h)| b == h).count();
    let mut anchors: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    let (mid_base, mid_head) = (&base[prefix..base.len() - suffix], &head[prefix..head.len() - suffix]);
    let (n, m) = (mid_base.len(), mid_head.len());
    if n > 0 && m > 0 && (n + 1) * (m + 1) <= MAX_ALIGNMENT_CELLS {
        // lcs[i][j]: the longest common subsequence of mid_base[i..] and mid_head[j..].
        let width = m + 1;
        let mut lcs = vec![0u32; (n + 1) * width];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * width + j] = if mid_base[i] == mid_head[j] { lcs[(i + 1) * width + j + 1] + 1 } else { lcs[(i + 1) * width + j].max(lcs[i * width + j + 1]) };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if mid_base[i] == mid_head[j] {
                anchors.push((prefix + i, prefix + j));
                (i, j) = (i + 1, j + 1);
            } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    anchors.extend((0..suffix).map(|k| (base.len() - suffix + k, head.len() - suffix + k)));
    anchors
}

/// Findings for functions over a threshold that the pull request added or made
/// worse, on the function's header line. Untouched legacy code never fires.
pub fn threshold_findings(changes: &[FunctionChange], thresholds: &Thresholds) -> Vec<Finding> {
    let mut findings = Vec::new();
    for change in changes {
        let after = values(&change.after);
        let before = change.before.as_ref().map(values);
        for (i, (check, limit)) in CHECKS.iter().zip(limits(thresholds)).enumerate() {
            let rule_id = check.rule_id;
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
                message: format!("`{}` has {}{was}, over the limit of {limit}", change.after.name, check.phrase.replace("{}", &value.to_string())),
                note: Some(format!("Why it matters: functions past the team's {} limit are harder to read, test and change safely.\n\nHow to fix it: split the function, return early, or move branches into well-named helpers. The limit is `gate.thresholds` in .github/techlead.yml.", check.limit_of)),
                fix: None,
                tags: vec!["metrics".into()],
                fingerprint: fingerprint(rule_id, &change.path, &change.after.name, change.occurrence),
                context: LineContext::default(),
                trace: Vec::new(),
            });
        }
    }
    findings
}

/// The repository config as it applies to metric findings, which are rules
/// like any other to the team: `rules.enable`/`rules.disable` by id, tag
/// (`metrics`) or language, `rules.severity` by id, language or tag (the most
/// specific wins), and `paths.rules` include/exclude globs per id. Metric
/// findings do not come from a [`RuleSet`](crate::analysis::rules::RuleSet),
/// so `RepoConfig::apply` never sees them: this is the same selection, on
/// findings.
pub struct MetricRules<'c> {
    config: &'c RepoConfigFile,
    /// `paths.rules` of the metric ids, compiled once: (include, exclude).
    paths: HashMap<&'c str, (Option<GlobSet>, Option<GlobSet>)>,
}

impl<'c> MetricRules<'c> {
    pub fn new(config: &'c RepoConfigFile) -> MetricRules<'c> {
        let paths = config
            .paths
            .rules
            .iter()
            .filter(|(id, _)| CHECKS.iter().any(|check| check.rule_id == id.as_str()))
            .map(|(id, globs)| (id.as_str(), (globset(&globs.include), globset(&globs.exclude))))
            .collect();
        MetricRules { config, paths }
    }

    /// Keeps the findings the config lets through, at their configured
    /// severity. `language` is the `Lang::name()` of the file they are in.
    pub fn apply(&self, findings: Vec<Finding>, language: &str) -> Vec<Finding> {
        let rules = &self.config.rules;
        let selects = |selector: &String, f: &Finding| *selector == f.rule_id || selector == language || f.tags.iter().any(|t| t == selector);
        findings
            .into_iter()
            .filter(|f| rules.enable.is_empty() || rules.enable.iter().any(|s| selects(s, f)))
            .filter(|f| !rules.disable.iter().any(|s| selects(s, f)))
            .filter(|f| {
                let path = f.path.trim_start_matches("./");
                self.paths.get(f.rule_id.as_str()).is_none_or(|(include, exclude)| include.as_ref().is_none_or(|g| g.is_match(path)) && !exclude.as_ref().is_some_and(|g| g.is_match(path)))
            })
            .map(|mut f| {
                let by_id = rules.severity.get(&f.rule_id);
                let by_language = rules.severity.get(language);
                let by_tag = f.tags.iter().find_map(|t| rules.severity.get(t));
                if let Some(level) = by_id.or(by_language).or(by_tag) {
                    f.severity = *level;
                }
                f
            })
            .collect()
    }
}

/// Globs as `RepoConfig` compiles them (checked when the config was read;
/// one that still fails to compile is left out rather than failing the review).
fn globset(globs: &[String]) -> Option<GlobSet> {
    if globs.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs.iter().filter_map(|g| Glob::new(g).ok()) {
        builder.add(glob);
    }
    builder.build().ok()
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

/// Longest function name on the chart's axis; longer ones keep their end
/// (the method, which tells functions of one class apart).
const CHART_LABEL_CHARS: usize = 24;

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
    let _ = writeln!(s, "\nbefore → after: ▲ higher (worse) than at the base commit, ▼ lower (better); one number: unchanged, or a new function.");
    let charted: Vec<&&FunctionChange> = sorted.iter().take(10).collect();
    // A chart of zeros says nothing.
    if charted.iter().all(|c| c.after.cognitive == 0 && c.before.as_ref().is_none_or(|b| b.cognitive == 0)) {
        return s;
    }
    let label = |name: &str| {
        let chars: Vec<char> = name.chars().collect();
        let short = if chars.len() > CHART_LABEL_CHARS { format!("…{}", chars[chars.len() - (CHART_LABEL_CHARS - 1)..].iter().collect::<String>()) } else { name.to_string() };
        format!("\"{}\"", short.replace('"', "'"))
    };
    let names: Vec<String> = charted.iter().map(|c| label(&c.after.name)).collect();
    let before: Vec<u32> = charted.iter().map(|c| c.before.as_ref().map_or(0, |b| b.cognitive)).collect();
    let after: Vec<u32> = charted.iter().map(|c| c.after.cognitive).collect();
    let top = before.iter().chain(&after).copied().max().unwrap_or(0) + 1;
    let join = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    let _ = write!(
        s,
        "\nCognitive complexity of these functions: **bars after** this pull request, **line before** it (0 for a new function).\n\n```mermaid\nxychart-beta\n    title \"Cognitive complexity: after (bars), before (line)\"\n    x-axis [{}]\n    y-axis \"cognitive complexity\" 0 --> {top}\n    bar [{}]\n    line [{}]\n```\n",
        names.join(", "),
        join(&after),
        join(&before)
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

    fn rust(before: &str, after: &str) -> FileQuality {
        let rs = Lang::from_name("rust").unwrap();
        FileQuality { path: "a.rs".into(), before: Some(measure(rs, before)), after: measure(rs, after) }
    }

    /// `Display::fmt` is trivial, `Debug::fmt` is over the nesting limit; both are `Point::fmt`.
    const TWO_FMTS: &str = "impl fmt::Display for Point {\n    fn fmt(&self, f: &mut Formatter) -> Result { write!(f, \"p\") }\n}\nimpl fmt::Debug for Point {\n    fn fmt(&self, f: &mut Formatter) -> Result {\n        if a { if b { if c { if d { if e { return x; } } } } }\n        Ok(())\n    }\n}\n";

    #[test]
    fn same_named_functions_are_not_compared_with_each_other() {
        let after = format!("{TWO_FMTS}fn touched() {{ if a {{}} }}\n");
        let q = rust(&format!("{TWO_FMTS}fn touched() {{}}\n"), &after);
        let changes = q.changes();
        assert_eq!(changes.iter().map(|c| c.after.name.as_str()).collect::<Vec<_>>(), ["touched"]);
        assert!(threshold_findings(&changes, &Thresholds::default()).is_empty());
        // A third `fmt` inserted before the two: it is new; the other two are untouched.
        let inserted = format!("impl fmt::LowerHex for Point {{\n    fn fmt(&self, f: &mut Formatter) -> Result {{ if a {{}} Ok(()) }}\n}}\n{TWO_FMTS}");
        let changes = rust(TWO_FMTS, &inserted).changes();
        assert_eq!(changes.len(), 1);
        assert!(changes[0].before.is_none() && changes[0].after.header_line == 2, "{changes:?}");
        // The Debug impl made worse is compared with itself, not with Display's.
        let worse = TWO_FMTS.replace("return x;", "if g { return x; }");
        let changes = rust(TWO_FMTS, &worse).changes();
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].before.as_ref().unwrap().max_nesting, changes[0].after.max_nesting), (5, 6));
        let findings = threshold_findings(&changes, &Thresholds::default());
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(messages, ["`Point::fmt` has cognitive complexity 21 (was 15), over the limit of 15", "`Point::fmt` has nesting depth 6 (was 5), over the limit of 4"]);
        assert_eq!(findings[0].start.line, 5, "on the Debug impl's `fmt`");
    }

    #[test]
    fn an_overload_that_changed_pairs_with_its_own_parameter_count() {
        let java = Lang::from_name("java").unwrap();
        let before = "class A {\n  void f(int a) { if (a > 0) {} }\n  void f(int a, int b) {}\n}\n";
        let after = "class A {\n  void f(int a) { if (a > 0) {} }\n  void f(int a, int b) { while (b > 0) { b--; } }\n}\n";
        let q = FileQuality { path: "A.java".into(), before: Some(measure(java, before)), after: measure(java, after) };
        let changes = q.changes();
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].before.as_ref().unwrap().cyclomatic, changes[0].after.cyclomatic, changes[0].occurrence), (1, 2, 1));
    }

    #[test]
    fn the_repo_config_selects_metric_findings_like_rules() {
        use crate::config::repo::RepoConfigFile;
        let findings = || threshold_findings(&quality(None, NESTED).changes(), &Thresholds { nesting: 4, cognitive: 100, ..Thresholds::default() });
        let apply = |yaml: &str, language: &str| -> Vec<(String, Severity)> {
            let file: RepoConfigFile = serde_json::from_value(serde_json::from_str::<serde_json::Value>(yaml).unwrap()).unwrap();
            MetricRules::new(&file).apply(findings(), language).into_iter().map(|f| (f.rule_id, f.severity)).collect()
        };
        let nesting = |severity| vec![("metrics/nesting-depth".to_string(), severity)];
        assert_eq!(apply("{}", "python"), nesting(Severity::Warning));
        assert!(apply(r#"{"rules": {"disable": ["metrics/nesting-depth"]}}"#, "python").is_empty());
        assert!(apply(r#"{"rules": {"disable": ["metrics"]}}"#, "python").is_empty(), "by tag");
        assert!(apply(r#"{"rules": {"disable": ["python"]}}"#, "python").is_empty(), "by language");
        assert_eq!(apply(r#"{"rules": {"disable": ["python"]}}"#, "go"), nesting(Severity::Warning));
        assert!(apply(r#"{"rules": {"enable": ["security"]}}"#, "python").is_empty(), "enable keeps only what it names");
        assert_eq!(apply(r#"{"rules": {"enable": ["metrics/nesting-depth"]}}"#, "python"), nesting(Severity::Warning));
        assert_eq!(apply(r#"{"rules": {"severity": {"metrics": "info", "metrics/nesting-depth": "error"}}}"#, "python"), nesting(Severity::Error), "the id wins over the tag");
        assert_eq!(apply(r#"{"rules": {"severity": {"metrics": "hint"}}}"#, "python"), nesting(Severity::Hint));
        assert!(apply(r#"{"paths": {"rules": {"metrics/nesting-depth": {"exclude": ["*.py"]}}}}"#, "python").is_empty());
        assert!(apply(r#"{"paths": {"rules": {"metrics/nesting-depth": {"include": ["src/**"]}}}}"#, "python").is_empty());
        assert_eq!(apply(r#"{"paths": {"rules": {"metrics/nesting-depth": {"include": ["a.*"]}}}}"#, "python"), nesting(Severity::Warning));
    }

    #[test]
    fn tables_show_before_and_after() {
        let q = quality(Some("def f(a):\n    return a\n"), "def f(a):\n    if a:\n        return 1\n    return a\n\ndef g():\n    pass\n");
        let md = changes_markdown(&q.changes(), 20);
        assert!(md.contains("| `f` `a.py:1` | 1 → 2 ▲ | 0 → 1 ▲ |"), "{md}");
        assert!(md.contains("| `g` (new) `a.py:6` | 1 | 0 |"), "{md}");
        assert!(md.contains("```mermaid\nxychart-beta") && md.contains("y-axis \"cognitive complexity\" 0 --> 2\n    bar [1, 0]\n    line [0, 0]"), "{md}");
        let totals = totals_markdown(&[q]);
        assert!(totals.contains("| `a.py` | 2 → 6 ▲ | 1 → 2 ▲ | 0 → 1 ▲ |"), "{totals}");
    }
}
