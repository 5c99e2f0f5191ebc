//! Coverage on new code: which of the lines a change added are executable,
//! and which of those the tests ran. Reports name files as the test run saw
//! them (absolute, or relative to a package root); they are matched to
//! repository paths by whole path components at the end, as diff-cover does.

pub mod formats;

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use formats::{Format, ReportError, read};

/// Hits per executable line of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileCoverage {
    pub lines: BTreeMap<usize, u64>,
}

/// One or more reports merged: a line is covered when any report ran it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CoverageReport {
    pub files: HashMap<String, FileCoverage>,
    /// Cobertura's `<source>` directories.
    pub sources: Vec<String>,
}

impl CoverageReport {
    pub fn merge(&mut self, other: CoverageReport) {
        for (path, file) in other.files {
            let into = self.files.entry(path).or_default();
            for (line, hits) in file.lines {
                let entry = into.lines.entry(line).or_insert(0);
                *entry = entry.saturating_add(hits);
            }
        }
        self.sources.extend(other.sources);
    }

    /// The report's entry for a repository path: an exact match, else the
    /// entry whose path ends with the repository path (absolute paths), else
    /// the longest entry the repository path ends with (paths relative to a
    /// sub-directory), always at a `/` boundary.
    pub fn file(&self, repo_path: &str) -> Option<&FileCoverage> {
        let repo_path = repo_path.trim_start_matches("./");
        if let Some(file) = self.files.get(repo_path) {
            return Some(file);
        }
        let ends_at_boundary = |long: &str, short: &str| long.len() > short.len() && long.ends_with(short) && long.as_bytes()[long.len() - short.len() - 1] == b'/';
        let mut candidates: Vec<(&String, &FileCoverage)> = self.files.iter().filter(|(p, _)| ends_at_boundary(p.trim_start_matches("./"), repo_path)).collect();
        if candidates.is_empty() {
            candidates = self.files.iter().filter(|(p, _)| ends_at_boundary(repo_path, p.trim_start_matches("./"))).collect();
        }
        // The closest match wins: the shortest report path that ends with the
        // repository path, or the longest one the repository path ends with.
        candidates.sort_by_key(|(p, _)| p.len());
        let pick = if candidates.iter().any(|(p, _)| p.len() > repo_path.len()) { candidates.first() } else { candidates.last() };
        pick.map(|(_, f)| *f)
    }
}

/// The coverage of one changed file's added lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileNewCoverage {
    pub path: String,
    pub covered: usize,
    pub coverable: usize,
    /// Added executable lines the tests did not run, as inclusive ranges.
    pub uncovered: Vec<(usize, usize)>,
}

/// Coverage on new code, per file and in total.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCodeCoverage {
    pub files: Vec<FileNewCoverage>,
    /// Changed files with added lines that no report mentions: not measured.
    pub not_in_report: Vec<String>,
    pub covered: usize,
    pub coverable: usize,
}

impl NewCodeCoverage {
    pub fn percent(&self) -> Option<f64> {
        (self.coverable > 0).then(|| self.covered as f64 * 100.0 / self.coverable as f64)
    }

    /// "Coverage on new code: 73.2% (41 of 56 lines)".
    pub fn headline(&self) -> String {
        match self.percent() {
            Some(p) => format!("Coverage on new code: {p:.1}% ({} of {} lines)", self.covered, self.coverable),
            None => "Coverage on new code: no executable lines added that the report measures".to_string(),
        }
    }

    /// The headline and a per-file table, Markdown.
    pub fn markdown(&self) -> String {
        let mut out = format!("{}\n", self.headline());
        if !self.files.is_empty() {
            out.push_str("\n| file | covered | coverable | coverage | uncovered added lines |\n| --- | --- | --- | --- | --- |\n");
            for f in &self.files {
                let percent = if f.coverable == 0 { "—".to_string() } else { format!("{:.1}%", f.covered as f64 * 100.0 / f.coverable as f64) };
                out.push_str(&format!("| `{}` | {} | {} | {percent} | {} |\n", f.path, f.covered, f.coverable, ranges_text(&f.uncovered)));
            }
        }
        if !self.not_in_report.is_empty() {
            out.push_str(&format!("\nNot in the coverage report (not measured): {}\n", self.not_in_report.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")));
        }
        out
    }
}

/// `3-5, 9`
pub fn ranges_text(ranges: &[(usize, usize)]) -> String {
    ranges.iter().map(|(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") }).collect::<Vec<_>>().join(", ")
}

/// Coverage of the added lines (`added`: repository path → added line numbers).
pub fn new_code(report: &CoverageReport, added: &BTreeMap<String, BTreeSet<usize>>) -> NewCodeCoverage {
    let mut out = NewCodeCoverage::default();
    for (path, lines) in added {
        if lines.is_empty() {
            continue;
        }
        let Some(file) = report.file(path) else {
            out.not_in_report.push(path.clone());
            continue;
        };
        let coverable: Vec<usize> = lines.iter().copied().filter(|l| file.lines.contains_key(l)).collect();
        if coverable.is_empty() {
            continue;
        }
        let uncovered_lines: Vec<usize> = coverable.iter().copied().filter(|l| file.lines[l] == 0).collect();
        let mut uncovered: Vec<(usize, usize)> = Vec::new();
        for line in uncovered_lines.iter().copied() {
            // Lines in between that are not executable do not split a range.
            match uncovered.last_mut() {
                Some((_, end)) if !coverable.iter().any(|c| *c > *end && *c < line) => *end = line,
                _ => uncovered.push((line, line)),
            }
        }
        let covered = coverable.len() - uncovered_lines.len();
        out.covered += covered;
        out.coverable += coverable.len();
        out.files.push(FileNewCoverage { path: path.clone(), covered, coverable: coverable.len(), uncovered });
    }
    out
}

/// What `gate.new_code_coverage` decides.
#[derive(Clone, Debug, PartialEq)]
pub enum CoverageVerdict {
    Passed,
    Failed {
        percent: f64,
        minimum: f64,
    },
    /// Fewer coverable lines changed than the minimum for the gate to apply.
    TooFewLines {
        coverable: usize,
        minimum_lines: usize,
    },
}

pub fn verdict(coverage: &NewCodeCoverage, minimum: f64, minimum_lines: usize) -> CoverageVerdict {
    if coverage.coverable < minimum_lines || coverage.coverable == 0 {
        return CoverageVerdict::TooFewLines { coverable: coverage.coverable, minimum_lines };
    }
    let percent = coverage.percent().unwrap_or(0.0);
    if percent + 1e-9 < minimum { CoverageVerdict::Failed { percent, minimum } } else { CoverageVerdict::Passed }
}

impl CoverageVerdict {
    pub fn failed(&self) -> bool {
        matches!(self, CoverageVerdict::Failed { .. })
    }

    pub fn describe(&self) -> String {
        match self {
            CoverageVerdict::Passed => "the coverage gate passed".to_string(),
            CoverageVerdict::Failed { percent, minimum } => format!("❌ coverage on new code {percent:.1}% is below the gate's {minimum}%"),
            CoverageVerdict::TooFewLines { coverable, minimum_lines } => format!("the coverage gate does not apply: {coverable} coverable line(s) changed, fewer than {minimum_lines}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(paths: &[&str]) -> CoverageReport {
        let mut r = CoverageReport::default();
        for p in paths {
            r.files.insert(p.to_string(), FileCoverage { lines: [(1, 1), (2, 0), (3, 0), (5, 0), (7, 1)].into_iter().collect() });
        }
        r
    }

    #[test]
    fn paths_match_at_component_boundaries() {
        let r = report(&["/home/runner/work/repo/repo/src/app.py", "lib/util.py"]);
        assert!(r.file("src/app.py").is_some(), "absolute report path");
        assert!(r.file("python/lib/util.py").is_some(), "report relative to a sub-directory");
        assert!(r.file("app.py").is_some());
        assert!(r.file("src/xapp.py").is_none(), "not a component boundary");
    }

    #[test]
    fn added_lines_against_the_report() {
        let r = report(&["a.py"]);
        let added: BTreeMap<String, BTreeSet<usize>> = [("a.py".to_string(), [1, 2, 3, 4, 5, 6].into_iter().collect()), ("b.py".to_string(), [1].into_iter().collect())].into_iter().collect();
        let cov = new_code(&r, &added);
        assert_eq!((cov.covered, cov.coverable), (1, 4));
        assert_eq!(cov.files[0].uncovered, vec![(2, 5)], "line 4 is not executable and does not split the range");
        assert_eq!(cov.not_in_report, vec!["b.py".to_string()]);
        assert_eq!(cov.headline(), "Coverage on new code: 25.0% (1 of 4 lines)");
        assert!(verdict(&cov, 80.0, 3).failed());
        assert_eq!(verdict(&cov, 80.0, 20), CoverageVerdict::TooFewLines { coverable: 4, minimum_lines: 20 });
    }
}
