//! The JSON report: a documented, stable object (see docs/output.md).
//!
//! `{version, findings: [{rule_id, severity, path, start{line,column},
//! end{line,column}, message, note?, fix?, tags, fingerprint}], counts{total,
//! by_severity, by_rule}, files{scanned, parsed, skipped[], skipped_counts{}},
//! rules, timing{elapsed_ms}}`

use super::ScanReport;

pub const FORMAT_VERSION: u32 = 1;

pub fn render(report: &ScanReport) -> String {
    let by_severity: serde_json::Map<String, serde_json::Value> =
        report.count_by_severity().into_iter().map(|(s, n)| (s.as_str().to_string(), n.into())).collect();
    let value = serde_json::json!({
        "version": FORMAT_VERSION,
        "findings": report.findings,
        "counts": {
            "total": report.findings.len(),
            "by_severity": by_severity,
            "by_rule": report.count_by_rule(),
        },
        "files": {
            "scanned": report.files_scanned,
            "parsed": report.files_parsed,
            "skipped": report.skipped,
            "skipped_counts": report.skipped_counts,
        },
        "rules": report.rules,
        "timing": { "elapsed_ms": report.elapsed.as_secs_f64() * 1000.0 },
    });
    let mut value = value;
    if !report.metrics.is_empty() {
        value["metrics"] = report.metrics.iter().map(|(path, m)| serde_json::json!({"path": path, "metrics": m})).collect();
    }
    let mut out = serde_json::to_string_pretty(&value).expect("report serializes");
    out.push('\n');
    out
}
