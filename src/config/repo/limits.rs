//! The `limits` section of the repo config: how much one file may cost.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The largest `file_timeout` accepted: a review is one job on a worker,
/// and an hour for one file is already no review.
const MAX_FILE_TIMEOUT: f64 = 3600.0;

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LimitsSection {
    /// Seconds the analysis of one file (parsing, rules, taint, metrics) may
    /// take; a file over it is reported as "analysis stopped after N s" and
    /// the review goes on with the next. Fractions allowed. Default: 10.
    #[serde(default = "ten_seconds")]
    pub file_timeout: f64,
}

fn ten_seconds() -> f64 {
    10.0
}

impl Default for LimitsSection {
    fn default() -> Self {
        LimitsSection { file_timeout: ten_seconds() }
    }
}

impl LimitsSection {
    /// The budget per file.
    pub fn file_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(self.file_timeout.clamp(0.0, MAX_FILE_TIMEOUT))
    }

    /// What is wrong with the values, and how to fix it.
    pub fn check(&self) -> Result<(), (String, String)> {
        let t = self.file_timeout;
        if t.is_finite() && t > 0.0 && t <= MAX_FILE_TIMEOUT {
            Ok(())
        } else {
            Err((format!("`limits.file_timeout` must be a number of seconds above 0 and at most {MAX_FILE_TIMEOUT}, not `{t}`"), "write seconds, e.g. `10` or `2.5` (default: 10)".to_string()))
        }
    }
}

/// Parses `--file-timeout`: seconds above 0, fractions allowed.
pub fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    let seconds: f64 = text.trim().parse().map_err(|_| format!("`{text}` is not a number of seconds; write e.g. `10` or `0.5`"))?;
    LimitsSection { file_timeout: seconds }.check().map_err(|(problem, _)| problem.replace("`limits.file_timeout`", "the time budget per file"))?;
    Ok(std::time::Duration::from_secs_f64(seconds))
}
