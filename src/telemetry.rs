//! Logs, and counters for `GET /metrics` in Prometheus' text format.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

/// A latency histogram with fixed buckets (seconds).
pub struct Histogram {
    bounds: &'static [f64],
    state: Mutex<(Vec<u64>, f64, u64)>,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Histogram {
        Histogram { bounds, state: Mutex::new((vec![0; bounds.len()], 0.0, 0)) }
    }

    pub fn observe(&self, value: f64) {
        let mut state = self.state.lock().expect("histogram lock");
        for (i, bound) in self.bounds.iter().enumerate() {
            if value <= *bound {
                state.0[i] += 1;
            }
        }
        state.1 += value;
        state.2 += 1;
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        let (buckets, sum, count) = self.state.lock().expect("histogram lock").clone();
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        for (bound, n) in self.bounds.iter().zip(buckets) {
            let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {n}");
        }
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}\n{name}_sum {sum}\n{name}_count {count}");
    }
}

/// Everything the process counts itself; queue depth and GitHub figures are
/// read at scrape time from their owners.
pub struct Metrics {
    deliveries: Mutex<BTreeMap<(String, String), u64>>,
    jobs_finished: Mutex<BTreeMap<String, u64>>,
    /// One attempt's run time.
    pub job_latency: Histogram,
    /// From the delivery's arrival to the end of the job: what an author waits.
    pub delivery_to_done: Histogram,
    /// Seconds spent per stage of a review, summed, and reviews counted.
    review_stages: Mutex<BTreeMap<&'static str, (f64, u64)>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            deliveries: Mutex::default(),
            jobs_finished: Mutex::default(),
            job_latency: Histogram::new(&[0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0]),
            delivery_to_done: Histogram::new(&[0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0]),
            review_stages: Mutex::default(),
        }
    }
}

/// Figures owned elsewhere, gathered for one scrape.
pub struct Snapshot {
    pub jobs_by_state: Vec<(String, i64)>,
    pub github_calls: BTreeMap<u16, u64>,
    pub rate_limit_remaining: Option<i64>,
}

impl Metrics {
    pub fn delivery(&self, event: &str, outcome: &str) {
        *self.deliveries.lock().expect("metrics lock").entry((event.to_string(), outcome.to_string())).or_insert(0) += 1;
    }

    pub fn job_finished(&self, state: &str) {
        *self.jobs_finished.lock().expect("metrics lock").entry(state.to_string()).or_insert(0) += 1;
    }

    /// One review's `stage` (analysis, change, dependencies, publish) took `took`.
    pub fn review_stage(&self, stage: &'static str, took: std::time::Duration) {
        let mut stages = self.review_stages.lock().expect("metrics lock");
        let entry = stages.entry(stage).or_insert((0.0, 0));
        entry.0 += took.as_secs_f64();
        entry.1 += 1;
    }

    pub fn render(&self, snapshot: &Snapshot) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# HELP techlead_webhook_deliveries_total Webhook deliveries by event and outcome.\n# TYPE techlead_webhook_deliveries_total counter");
        for ((event, outcome), n) in self.deliveries.lock().expect("metrics lock").iter() {
            let _ = writeln!(out, "techlead_webhook_deliveries_total{{event=\"{event}\",outcome=\"{outcome}\"}} {n}");
        }
        let depth: i64 = snapshot.jobs_by_state.iter().filter(|(s, _)| s == "queued" || s == "running").map(|(_, n)| n).sum();
        let _ = writeln!(out, "# HELP techlead_queue_depth Jobs queued or running.\n# TYPE techlead_queue_depth gauge\ntechlead_queue_depth {depth}");
        let _ = writeln!(out, "# HELP techlead_jobs Jobs in storage by state.\n# TYPE techlead_jobs gauge");
        for (state, n) in &snapshot.jobs_by_state {
            let _ = writeln!(out, "techlead_jobs{{state=\"{state}\"}} {n}");
        }
        let _ = writeln!(out, "# HELP techlead_jobs_finished_total Jobs finished by this process, by final state.\n# TYPE techlead_jobs_finished_total counter");
        for (state, n) in self.jobs_finished.lock().expect("metrics lock").iter() {
            let _ = writeln!(out, "techlead_jobs_finished_total{{state=\"{state}\"}} {n}");
        }
        self.job_latency.render(&mut out, "techlead_job_duration_seconds", "Time to run one attempt of a job.");
        self.delivery_to_done.render(&mut out, "techlead_job_latency_seconds", "Time from a delivery's arrival to the end of its job (queue wait and retries included).");
        let _ = writeln!(
            out,
            "# HELP techlead_review_stage_seconds Time reviews spent per stage: analysis (changed files: rules, taint, metrics), change (walkthrough and pull-request checks), dependencies, publish.\n# TYPE techlead_review_stage_seconds summary"
        );
        for (stage, (sum, count)) in self.review_stages.lock().expect("metrics lock").iter() {
            let _ = writeln!(out, "techlead_review_stage_seconds_sum{{stage=\"{stage}\"}} {sum}\ntechlead_review_stage_seconds_count{{stage=\"{stage}\"}} {count}");
        }
        let _ = writeln!(out, "# HELP techlead_github_api_calls_total GitHub API answers by status.\n# TYPE techlead_github_api_calls_total counter");
        for (status, n) in &snapshot.github_calls {
            let _ = writeln!(out, "techlead_github_api_calls_total{{status=\"{status}\"}} {n}");
        }
        if let Some(remaining) = snapshot.rate_limit_remaining {
            let _ = writeln!(
                out,
                "# HELP techlead_github_rate_limit_remaining GitHub's x-ratelimit-remaining on the last answer.\n# TYPE techlead_github_rate_limit_remaining gauge\ntechlead_github_rate_limit_remaining {remaining}"
            );
        }
        out
    }
}

/// Logs to stderr: JSON lines when `TECHLEAD_LOG_FORMAT=json`, readable text
/// otherwise; the level comes from `RUST_LOG` (default `info`).
pub fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if std::env::var("TECHLEAD_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        builder.json().with_current_span(true).with_span_list(true).init();
    } else {
        builder.init();
    }
}
