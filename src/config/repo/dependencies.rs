//! The `dependencies` section of the repo config: the dependency review and
//! the licence policy it applies.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::deps::review::LicensePolicy;

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DependenciesSection {
    /// Review lockfile and manifest changes (package changes table,
    /// `dependency/*` findings). Default: `true`.
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// Licences accepted and refused, checked where a lockfile states a
    /// package's licence (npm's package-lock v2/v3, composer.lock).
    #[serde(default)]
    pub licenses: LicensesSection,
}

fn enabled() -> bool {
    true
}

impl Default for DependenciesSection {
    fn default() -> Self {
        DependenciesSection { enabled: true, licenses: LicensesSection::default() }
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LicensesSection {
    /// SPDX licence ids or expressions; when set, a package must be usable
    /// under these alone (`MIT OR GPL-3.0-only` passes with `MIT` allowed).
    #[serde(default)]
    pub allow: Vec<String>,
    /// SPDX licence ids or expressions that are never accepted.
    #[serde(default)]
    pub deny: Vec<String>,
}

impl DependenciesSection {
    /// The compiled licence policy, or the key, what is wrong and the fix.
    pub fn policy(&self) -> Result<LicensePolicy, (&'static str, String, String)> {
        for (key, list) in [("allow", &self.licenses.allow), ("deny", &self.licenses.deny)] {
            if let Err(problem) = LicensePolicy::new(list, &[]) {
                return Err((key, problem, "write SPDX licence ids such as `MIT`, `Apache-2.0`, `GPL-3.0-only` (https://spdx.org/licenses/)".to_string()));
            }
        }
        LicensePolicy::new(&self.licenses.allow, &self.licenses.deny).map_err(|p| ("allow", p, String::new()))
    }
}
