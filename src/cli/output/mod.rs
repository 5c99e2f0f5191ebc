//! How a scan is shown: text for people, JSON for scripts, SARIF for code scanning.

pub mod json;
pub mod sarif;
pub mod text;

use std::collections::BTreeMap;
use std::time::Duration;

use crate::analysis::finding::{Finding, Severity};

/// Everything a scan found and did.
#[derive(Default)]
pub struct ScanReport {
    pub findings: Vec<Finding>,
    pub files_scanned: usize,
    /// Files actually parsed; the prefilter spares the rest.
    pub files_parsed: usize,
    pub skipped: Vec<Skipped>,
    /// Files of no known language that were skipped, counted by reason
    /// (`binary`): listing each image or archive would bury the report.
    pub skipped_counts: BTreeMap<String, usize>,
    pub rules: usize,
    pub elapsed: Duration,
    /// Function metrics per file, with `--metrics`.
    pub metrics: Vec<(String, crate::analysis::metrics::FileMetrics)>,
    /// Lines shown before the summary: dependency changes, coverage on new code.
    pub notes: Vec<String>,
    /// The dependency review (`--diff`, `--advisories`), for JSON.
    pub dependencies: Option<serde_json::Value>,
    /// Coverage on new code (`--coverage`), for JSON.
    pub coverage: Option<serde_json::Value>,
    /// The pull request as a whole (`--diff`): walkthrough and checks, for JSON.
    pub walkthrough: Option<serde_json::Value>,
}

/// A file that was not scanned, and why.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

impl ScanReport {
    /// Every skipped file, listed or counted.
    pub fn skipped_total(&self) -> usize {
        self.skipped.len() + self.skipped_counts.values().sum::<usize>()
    }

    pub fn count_by_severity(&self) -> BTreeMap<Severity, usize> {
        let mut counts = BTreeMap::new();
        for finding in &self.findings {
            *counts.entry(finding.severity).or_insert(0) += 1;
        }
        counts
    }

    pub fn count_by_rule(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for finding in &self.findings {
            *counts.entry(finding.rule_id.as_str()).or_insert(0) += 1;
        }
        counts
    }
}
