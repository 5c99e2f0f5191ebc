//! Dependency review speed: indexing tens of thousands of OSV records (one
//! file each, as OSV's archives unpack) and matching a 2,000-package lockfile
//! against them. Run: `cargo bench --bench deps` (numbers in the README).

use std::collections::HashSet;
use std::time::Instant;

use techlead::analysis::deps::osv::AdvisoryIndex;
use techlead::analysis::deps::review::{DependencyChecks, FileVersions, LicensePolicy, review};

const RECORDS: usize = 40_000;
const PACKAGES: usize = 2_000;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let npm = dir.path().join("npm");
    std::fs::create_dir_all(&npm).unwrap();
    // Synthetic records: 40,000 advisories over 10,000 package names, each a range and a CVSS vector.
    for i in 0..RECORDS {
        let record = serde_json::json!({
            "schema_version": "1.6.0", "id": format!("BENCH-{i}"), "modified": "2026-01-01T00:00:00Z",
            "aliases": [format!("CVE-2026-{i}")], "summary": "synthetic advisory",
            "details": "x".repeat(400),
            "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
            "affected": [{"package": {"ecosystem": "npm", "name": format!("pkg-{}", i % 10_000)},
                "ranges": [{"type": "SEMVER", "events": [{"introduced": format!("{}.0.0", i % 5)}, {"fixed": format!("{}.2.0", i % 5)}]}]}]
        });
        std::fs::write(npm.join(format!("BENCH-{i}.json")), serde_json::to_vec(&record).unwrap()).unwrap();
    }
    let started = Instant::now();
    let index = AdvisoryIndex::load(dir.path()).unwrap();
    let load = started.elapsed();
    println!("index {} OSV files: {:.0} ms ({} packages)", index.records, load.as_secs_f64() * 1000.0, index.packages());

    let mut lock = String::from("{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n");
    for i in 0..PACKAGES {
        let comma = if i + 1 == PACKAGES { "" } else { "," };
        lock.push_str(&format!("    \"node_modules/pkg-{}\": {{\n      \"version\": \"{}.1.{}\"\n    }}{comma}\n", i * 5, i % 5, i % 7));
    }
    lock.push_str("  }\n}\n");
    let files = [FileVersions { path: "package-lock.json", base: None, head: Some(&lock) }];
    let mut best = f64::MAX;
    let mut findings = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let report = review(&files, &HashSet::new(), &|_| false, Some(&index), &LicensePolicy::default(), &DependencyChecks::default());
        best = best.min(started.elapsed().as_secs_f64() * 1000.0);
        findings = report.findings.len();
    }
    println!("parse + match a {PACKAGES}-package package-lock.json: {best:.1} ms (best of 5), {findings} findings");
}
