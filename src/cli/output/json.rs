//! The JSON report: a documented, stable object (see docs/output.md).
//!
//! `{version, findings: [{rule_id, severity, path, start{line,column},
//! end{line,column}, message, note?, fix?, tags, fingerprint}], counts{total,
//! by_severity, by_rule}, files{scanned, parsed, skipped[], skipped_counts{}},
//! rules, timing{elapsed_ms}}`

use std::collections::BTreeMap;

use serde::Serialize;

use super::{ScanReport, Skipped};
use crate::analysis::finding::Finding;
use crate::analysis::metrics::FileMetrics;

pub const FORMAT_VERSION: u32 = 1;

/// The report as written: serialized straight from the scan's own data, as a
/// `--metrics` report of a large tree holds tens of megabytes that an
/// intermediate JSON value would copy. Keys are in alphabetical order.
#[derive(Serialize)]
struct Report<'a> {
    counts: Counts<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dependencies: Option<&'a serde_json::Value>,
    files: Files<'a>,
    findings: &'a [Finding],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    metrics: Vec<PathMetrics<'a>>,
    rules: usize,
    timing: Timing,
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    walkthrough: Option<&'a serde_json::Value>,
}

#[derive(Serialize)]
struct Counts<'a> {
    by_rule: BTreeMap<&'a str, usize>,
    by_severity: BTreeMap<&'static str, usize>,
    total: usize,
}

#[derive(Serialize)]
struct Files<'a> {
    parsed: usize,
    scanned: usize,
    skipped: &'a [Skipped],
    skipped_counts: &'a BTreeMap<String, usize>,
}

#[derive(Serialize)]
struct PathMetrics<'a> {
    metrics: &'a FileMetrics,
    path: &'a str,
}

#[derive(Serialize)]
struct Timing {
    elapsed_ms: f64,
}

pub fn render(report: &ScanReport) -> String {
    let document = Report {
        counts: Counts { by_rule: report.count_by_rule(), by_severity: report.count_by_severity().into_iter().map(|(s, n)| (s.as_str(), n)).collect(), total: report.findings.len() },
        coverage: report.coverage.as_ref(),
        dependencies: report.dependencies.as_ref(),
        files: Files { parsed: report.files_parsed, scanned: report.files_scanned, skipped: &report.skipped, skipped_counts: &report.skipped_counts },
        findings: &report.findings,
        metrics: report.metrics.iter().map(|(path, metrics)| PathMetrics { metrics, path }).collect(),
        rules: report.rules,
        timing: Timing { elapsed_ms: report.elapsed.as_secs_f64() * 1000.0 },
        version: FORMAT_VERSION,
        walkthrough: report.walkthrough.as_ref(),
    };
    let mut out = serde_json::to_string_pretty(&document).expect("report serializes");
    out.push('\n');
    out
}
