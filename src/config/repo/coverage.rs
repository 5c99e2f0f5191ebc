//! The `coverage` section of the repo config: where the App finds the
//! coverage report of a pull request's head (a workflow's artifact).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CoverageSection {
    /// The workflow that uploads the report: its name (`ci`), file name
    /// (`ci.yml`) or path (`.github/workflows/ci.yml`).
    pub workflow: String,
    /// The artifact's name, as `actions/upload-artifact` gave it.
    pub artifact: String,
    /// The report's path inside the artifact (e.g. `lcov.info`). Default:
    /// every file in it that is a coverage report.
    #[serde(default)]
    pub path: Option<String>,
}
