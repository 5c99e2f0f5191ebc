//! Coverage report formats, sniffed from the content: lcov, Cobertura XML,
//! JaCoCo XML, Go coverprofile, coverage.py JSON.

use std::collections::BTreeMap;

use super::{CoverageReport, FileCoverage};

/// A report that cannot be read; the message says which format was expected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{format} coverage report: {message}")]
pub struct ReportError {
    pub format: &'static str,
    pub message: String,
}

fn error(format: &'static str, message: impl ToString) -> ReportError {
    ReportError { format, message: message.to_string() }
}

/// The formats techlead reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Lcov,
    Cobertura,
    Jacoco,
    GoCoverprofile,
    CoveragePyJson,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Lcov => "lcov",
            Format::Cobertura => "Cobertura",
            Format::Jacoco => "JaCoCo",
            Format::GoCoverprofile => "Go coverprofile",
            Format::CoveragePyJson => "coverage.py JSON",
        }
    }

    /// Tells the format from the first bytes of the content.
    pub fn sniff(text: &str) -> Option<Format> {
        let head: String = text.chars().take(4096).collect();
        let trimmed = head.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with("mode:") {
            return Some(Format::GoCoverprofile);
        }
        if trimmed.starts_with('{') {
            return (head.contains("\"files\"") || head.contains("\"meta\"")).then_some(Format::CoveragePyJson);
        }
        if trimmed.starts_with('<') {
            if head.contains("<report") || head.contains("JACOCO") {
                return Some(Format::Jacoco);
            }
            return head.contains("<coverage").then_some(Format::Cobertura);
        }
        trimmed.lines().any(|l| l.starts_with("SF:") || l.starts_with("TN:")).then_some(Format::Lcov)
    }
}

/// Reads a report of any supported format.
pub fn read(text: &str) -> Result<(Format, CoverageReport), ReportError> {
    let format =
        Format::sniff(text).ok_or_else(|| error("unknown", "not lcov, Cobertura, JaCoCo, Go coverprofile or coverage.py JSON; write one of these (e.g. `coverage json`, `go test -coverprofile`)"))?;
    let report = match format {
        Format::Lcov => lcov(text),
        Format::Cobertura => cobertura(text),
        Format::Jacoco => jacoco(text),
        Format::GoCoverprofile => go_coverprofile(text),
        Format::CoveragePyJson => coverage_py(text),
    }?;
    Ok((format, report))
}

fn hit(file: &mut FileCoverage, line: usize, hits: u64) {
    let entry = file.lines.entry(line).or_insert(0);
    *entry = entry.saturating_add(hits);
}

/// `SF:path`, `DA:line,hits`, `end_of_record`.
fn lcov(text: &str) -> Result<CoverageReport, ReportError> {
    let mut report = CoverageReport::default();
    let mut current: Option<String> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(path) = line.strip_prefix("SF:") {
            current = Some(path.to_string());
            report.files.entry(path.to_string()).or_default();
        } else if let Some(data) = line.strip_prefix("DA:") {
            let file = current.as_ref().ok_or_else(|| error("lcov", format!("line {}: DA before SF", n + 1)))?;
            let mut parts = data.split(',');
            let parse = |p: Option<&str>| p.and_then(|p| p.trim().parse::<u64>().ok());
            let (Some(number), Some(hits)) = (parse(parts.next()), parse(parts.next())) else {
                return Err(error("lcov", format!("line {}: `DA:{data}` is not `DA:line,hits`", n + 1)));
            };
            hit(report.files.get_mut(file).expect("SF inserted the file"), number as usize, hits);
        } else if line == "end_of_record" {
            current = None;
        }
    }
    Ok(report)
}

fn xml<'a>(format: &'static str, text: &'a str) -> Result<roxmltree::Document<'a>, ReportError> {
    roxmltree::Document::parse_with_options(text, roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() }).map_err(|e| error(format, e))
}

/// `<class filename="..."><lines><line number="3" hits="1"/>`; `<source>`
/// directories are kept so paths can be matched against the repository.
fn cobertura(text: &str) -> Result<CoverageReport, ReportError> {
    let doc = xml("Cobertura", text)?;
    let mut report = CoverageReport::default();
    report.sources = doc.descendants().filter(|n| n.has_tag_name("source")).filter_map(|n| n.text()).map(|s| s.trim().to_string()).collect();
    for class in doc.descendants().filter(|n| n.has_tag_name("class")) {
        let Some(path) = class.attribute("filename") else { continue };
        let file = report.files.entry(path.to_string()).or_default();
        for line in class.descendants().filter(|n| n.has_tag_name("line")) {
            // Methods repeat their lines inside the class's; count them once.
            if line.ancestors().any(|a| a.has_tag_name("method")) {
                continue;
            }
            let (Some(number), Some(hits)) = (line.attribute("number").and_then(|v| v.parse().ok()), line.attribute("hits").and_then(|v| v.parse::<u64>().ok())) else { continue };
            hit(file, number, hits);
        }
    }
    Ok(report)
}

/// `<package name="com/x"><sourcefile name="A.java"><line nr="3" ci="1" mi="0"/>`.
fn jacoco(text: &str) -> Result<CoverageReport, ReportError> {
    let doc = xml("JaCoCo", text)?;
    let mut report = CoverageReport::default();
    for package in doc.descendants().filter(|n| n.has_tag_name("package")) {
        let dir = package.attribute("name").unwrap_or("");
        for source in package.children().filter(|n| n.has_tag_name("sourcefile")) {
            let name = source.attribute("name").unwrap_or("");
            let path = if dir.is_empty() { name.to_string() } else { format!("{dir}/{name}") };
            let file = report.files.entry(path).or_default();
            for line in source.children().filter(|n| n.has_tag_name("line")) {
                let number = line.attribute("nr").and_then(|v| v.parse().ok());
                let covered = line.attribute("ci").and_then(|v| v.parse::<u64>().ok());
                if let (Some(number), Some(covered)) = (number, covered) {
                    hit(file, number, covered);
                }
            }
        }
    }
    Ok(report)
}

/// `mode: set` then `path/file.go:10.13,12.2 2 1`: a block's lines are
/// covered when any block over them ran.
fn go_coverprofile(text: &str) -> Result<CoverageReport, ReportError> {
    let mut report = CoverageReport::default();
    for (n, line) in text.lines().enumerate().skip(1) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parsed = (|| {
            let (path, rest) = line.rsplit_once(':')?;
            let mut words = rest.split_whitespace();
            let (range, _statements, count) = (words.next()?, words.next()?, words.next()?.parse::<u64>().ok()?);
            let (start, end) = range.split_once(',')?;
            let line_of = |pos: &str| pos.split('.').next()?.parse::<usize>().ok();
            Some((path, line_of(start)?, line_of(end)?, count))
        })();
        let Some((path, start, end, count)) = parsed else {
            return Err(error("Go coverprofile", format!("line {}: `{line}` is not `file:start.col,end.col statements count`", n + 1)));
        };
        let file = report.files.entry(path.to_string()).or_default();
        for number in start..=end {
            hit(file, number, count);
        }
    }
    Ok(report)
}

/// `{"files": {"pkg/a.py": {"executed_lines": [...], "missing_lines": [...]}}}`.
fn coverage_py(text: &str) -> Result<CoverageReport, ReportError> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| error("coverage.py JSON", e))?;
    let files = doc.get("files").and_then(|f| f.as_object()).ok_or_else(|| error("coverage.py JSON", "no `files` object; write the report with `coverage json`"))?;
    let mut report = CoverageReport::default();
    for (path, data) in files {
        let lines = |key: &str| data.get(key).and_then(|v| v.as_array()).into_iter().flatten().filter_map(|v| v.as_u64()).map(|n| n as usize).collect::<Vec<_>>();
        let mut file = FileCoverage { lines: BTreeMap::new() };
        for number in lines("missing_lines") {
            hit(&mut file, number, 0);
        }
        for number in lines("executed_lines") {
            hit(&mut file, number, 1);
        }
        report.files.insert(path.clone(), file);
    }
    Ok(report)
}
