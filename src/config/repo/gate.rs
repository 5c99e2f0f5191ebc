//! The `gate` section of the repo config, and the metric checks it sets thresholds for.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::finding::Severity;

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct GateSection {
    /// New findings at or above this severity fail the check run. Default: `error`.
    #[serde(default)]
    pub fail_level: Severity,
    /// Function metric thresholds; a function the pull request adds or makes
    /// worse past one of them fails the gate.
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Whether a function pushed past a threshold fails the gate. With
    /// `false` its finding is still reported, but the check run passes.
    /// Default: `true`.
    #[serde(default = "metrics_fail_the_gate")]
    pub metrics: bool,
    /// Coverage on new code (percent of the added executable lines that tests
    /// ran) below which the gate fails. Needs a coverage report (`--coverage`,
    /// or the `coverage` section in the App). Default: none.
    #[serde(default)]
    pub new_code_coverage: Option<f64>,
    /// `new_code_coverage` applies only when at least this many coverable
    /// lines were added, as SonarQube does. Default: 20.
    #[serde(default = "twenty")]
    pub new_code_min_lines: usize,
}

fn twenty() -> usize {
    20
}

fn metrics_fail_the_gate() -> bool {
    true
}

impl Default for GateSection {
    fn default() -> Self {
        GateSection { fail_level: Severity::Error, thresholds: Thresholds::default(), metrics: true, new_code_coverage: None, new_code_min_lines: twenty() }
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Cyclomatic complexity. Default: 15.
    #[serde(default = "fifteen")]
    pub cyclomatic: u32,
    /// Cognitive complexity. Default: 15.
    #[serde(default = "fifteen")]
    pub cognitive: u32,
    /// Lines of code in one function. Default: 80.
    #[serde(default = "eighty")]
    pub function_length: u32,
    /// Maximum nesting depth. Default: 4.
    #[serde(default = "four")]
    pub nesting: u32,
    /// Parameters. Default: 6.
    #[serde(default = "six")]
    pub parameters: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { cyclomatic: 15, cognitive: 15, function_length: 80, nesting: 4, parameters: 6 }
    }
}

fn fifteen() -> u32 {
    15
}

fn eighty() -> u32 {
    80
}

fn four() -> u32 {
    4
}

fn six() -> u32 {
    6
}

impl Thresholds {
    /// The value of a `gate.thresholds` key.
    pub fn get(&self, key: &str) -> Option<u32> {
        Some(match key {
            "cyclomatic" => self.cyclomatic,
            "cognitive" => self.cognitive,
            "function_length" => self.function_length,
            "nesting" => self.nesting,
            "parameters" => self.parameters,
            _ => return None,
        })
    }
}

/// A metric check of the quality gate, reported under a rule id of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricRule {
    /// The rule id its findings carry, e.g. `metrics/function-length`.
    pub id: &'static str,
    /// Its key under `gate.thresholds`.
    pub threshold: &'static str,
    /// What it measures, for `@techlead explain`.
    pub what: &'static str,
}

/// The metric checks, in the order of [`Thresholds`]' fields. To the config
/// they are rules like any other: their ids, their tag [`METRIC_TAG`] and the
/// languages select them in `rules` and `paths.rules`; commands take their ids.
pub const METRIC_RULES: [MetricRule; 5] = [
    MetricRule { id: "metrics/cyclomatic-complexity", threshold: "cyclomatic", what: "the cyclomatic complexity of a function (its independent paths)" },
    MetricRule { id: "metrics/cognitive-complexity", threshold: "cognitive", what: "the cognitive complexity of a function (how hard its control flow is to follow)" },
    MetricRule { id: "metrics/function-length", threshold: "function_length", what: "the lines of code of a function" },
    MetricRule { id: "metrics/nesting-depth", threshold: "nesting", what: "the deepest nesting of blocks in a function" },
    MetricRule { id: "metrics/parameter-count", threshold: "parameters", what: "the parameters of a function" },
];

/// The tag every metric check carries.
pub const METRIC_TAG: &str = "metrics";

/// The metric check with this rule id.
pub fn metric_rule(id: &str) -> Option<&'static MetricRule> {
    METRIC_RULES.iter().find(|m| m.id == id)
}
