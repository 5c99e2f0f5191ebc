//! What techlead analyses, and how it weighs what it finds there: one policy,
//! here, that `techlead scan`, `techlead metrics` and the pull-request review
//! all call, so a file is never skipped by one and analysed by the other.
//!
//! - Bytes are text unless GitHub would call them binary (a NUL byte in the
//!   first 8,000): invalid UTF-8 is decoded lossily and analysed ([`admit`]).
//! - Minified bundles ([`is_minified`]), generated files (a generator's
//!   marker in the header, [`has_generator_marker`]) and vendored
//!   third-party code (`vendor/`, `node_modules/`, JavaScript build output in
//!   `dist/`; [`FilePolicy::skip_path`]) are skipped, with their reason
//!   ([`SkipReason`]); every skip is listed by the caller.
//! - Findings in test, fixture and documentation files are reported at
//!   `info` and never fail the gate, unless their rule says it matters there
//!   too (`metadata.applies_in_tests`) ([`FilePolicy::weigh`]).
//! - Manifests and lock files are data: only rules that apply everywhere run
//!   on them ([`rule_runs_on`]).

mod generated;
mod minified;

use std::collections::HashSet;
use std::fmt;

use globset::{Glob, GlobSet, GlobSetBuilder};

pub use generated::has_generator_marker;
pub use minified::is_minified;

use super::budget::Stopped;
use super::finding::{Finding, Severity};
use super::rules::{Rule, RuleSet};

/// Bytes GitHub (and git) read to tell a binary file: one NUL byte among
/// them makes the file binary.
pub const BINARY_SNIFF_BYTES: usize = 8000;

/// The tag a finding in a test, fixture or docs file carries: it was
/// lowered to `info` there and does not count for the gate.
pub const TEST_PATH_TAG: &str = "test-path";

/// Why a file was not analysed (or not to the end). Shown as one word or
/// phrase (`binary`, `minified`, `generated`, `larger than N bytes`,
/// `analysis stopped after N s ...`); docs/output.md says what each means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    Binary,
    Minified,
    Generated,
    /// Third-party code checked into the repository (`paths.vendored`).
    Vendored,
    TooLarge {
        limit: u64,
    },
    Stopped(Stopped),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Binary => f.write_str("binary"),
            SkipReason::Minified => f.write_str("minified"),
            SkipReason::Generated => f.write_str("generated"),
            SkipReason::Vendored => f.write_str("vendored"),
            SkipReason::TooLarge { limit } => write!(f, "larger than {limit} bytes"),
            SkipReason::Stopped(stopped) => stopped.fmt(f),
        }
    }
}

/// The text to analyse from a file's bytes, or why it is skipped. Bytes
/// that are not UTF-8 become U+FFFD, one per invalid sequence, so lines and
/// the columns of the valid text stay where they were.
pub fn admit(bytes: &[u8]) -> Result<String, SkipReason> {
    if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
        return Err(SkipReason::Binary);
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    match shape(&text) {
        Some(reason) => Err(reason),
        None => Ok(text),
    }
}

/// Bytes as text: UTF-8 as is, anything else decoded lossily (one U+FFFD per
/// invalid sequence). Binary content keeps its NUL bytes, by which
/// [`admit`] skips it. Where file contents are read (the contents API, git).
pub fn decode_lossy(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether decoded text is minified or generated.
pub fn shape(text: &str) -> Option<SkipReason> {
    if has_generator_marker(text) {
        Some(SkipReason::Generated)
    } else if is_minified(text) {
        Some(SkipReason::Minified)
    } else {
        None
    }
}

/// Dependency manifests and lock files, by file name: data written by
/// package managers (dependency names such as `pbkdf2-password` are not
/// passwords). Build scripts that are code (`build.gradle.kts`, `Gemfile`)
/// are not on the list.
const MANIFESTS: &[&str] = &[
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "deno.lock",
    "composer.json",
    "composer.lock",
    "Cargo.toml",
    "Cargo.lock",
    "go.mod",
    "go.sum",
    "go.work.sum",
    "Pipfile",
    "Pipfile.lock",
    "poetry.lock",
    "pdm.lock",
    "uv.lock",
    "pyproject.toml",
    "Gemfile.lock",
    "pom.xml",
    "gradle.lockfile",
    "packages.lock.json",
    "Directory.Packages.props",
    "Package.resolved",
    "Podfile.lock",
    "pubspec.yaml",
    "pubspec.lock",
    "mix.lock",
    "flake.lock",
];

/// Whether `path` is a dependency manifest or lock file.
pub fn is_manifest(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    MANIFESTS.contains(&name) || (name.starts_with("requirements") && name.ends_with(".txt")) || name.ends_with(".csproj")
}

/// Whether `rule` runs on the file at `path`: its own `files`/`ignores`, and
/// on manifests and lock files only when it applies everywhere.
pub fn rule_runs_on(rule: &Rule, path: &str) -> bool {
    rule.applies_to(path) && (rule.meta.applies_in_tests || !is_manifest(path))
}

/// Test, fixture and documentation files, unless the repository config says
/// otherwise (`paths.tests`).
pub const DEFAULT_TEST_GLOBS: &[&str] = &[
    "**/test/**",
    "**/tests/**",
    "**/__tests__/**",
    "**/spec/**",
    "**/testdata/**",
    "**/test-data/**",
    "**/fixtures/**",
    "**/__fixtures__/**",
    "**/__mocks__/**",
    "**/docs/**",
    "**/*_test.go",
    "**/test_*.py",
    "**/*_test.py",
    "**/conftest.py",
    "**/*.test.*",
    "**/*.spec.*",
    "**/*_spec.rb",
    "**/*_test.rb",
    "**/*Test.java",
    "**/*Tests.java",
    "**/*Test.kt",
    "**/*Tests.cs",
    "**/*Test.php",
    "**/*Tests.swift",
    "**/*.md",
    "**/*.rst",
];

/// Third-party code by path, as GitHub's linguist calls it vendored: the
/// review of a pull request is about the team's own code, and a vendored
/// copy of jQuery or a package's bundled `dist/` build repeats what its
/// authors wrote. `paths.vendored` replaces the list; `[]` reviews everything.
pub const DEFAULT_VENDORED_GLOBS: &[&str] = &[
    "**/vendor/**",
    "**/vendors/**",
    "**/node_modules/**",
    "**/bower_components/**",
    "**/third_party/**",
    "**/third-party/**",
    "**/thirdparty/**",
    "**/3rdparty/**",
    "**/3rd_party/**",
    "**/Godeps/_workspace/**",
    "**/Pods/**",
    "**/dist/**/*.{js,cjs,mjs}",
];

/// Where files sit, and what that means: vendored code is skipped, findings
/// in tests and docs are weighed down.
pub struct FilePolicy {
    vendored: GlobSet,
    tests: GlobSet,
    /// Rules whose findings matter in test files too.
    everywhere: HashSet<String>,
}

impl FilePolicy {
    /// `test_globs` as configured (`paths.tests`; [`DEFAULT_TEST_GLOBS`]
    /// when the config says nothing); invalid globs were refused when the
    /// config was read.
    pub fn new(test_globs: &[String], rules: &RuleSet) -> FilePolicy {
        let everywhere = rules.rules.iter().filter(|r| r.meta.applies_in_tests).map(|r| r.id.clone()).collect();
        FilePolicy { vendored: globset(&Self::default_vendored_globs()), tests: globset(test_globs), everywhere }
    }

    /// With `vendored_globs` as configured (`paths.vendored`) in place of
    /// [`DEFAULT_VENDORED_GLOBS`].
    pub fn with_vendored(mut self, vendored_globs: &[String]) -> FilePolicy {
        self.vendored = globset(vendored_globs);
        self
    }

    /// The default globs, as `paths.tests` holds them when unset.
    pub fn default_test_globs() -> Vec<String> {
        DEFAULT_TEST_GLOBS.iter().map(|g| g.to_string()).collect()
    }

    /// The default globs, as `paths.vendored` holds them when unset.
    pub fn default_vendored_globs() -> Vec<String> {
        DEFAULT_VENDORED_GLOBS.iter().map(|g| g.to_string()).collect()
    }

    /// Why the file at `path` (relative to the repository root) is not
    /// analysed at all, whatever it holds: vendored code.
    pub fn skip_path(&self, path: &str) -> Option<SkipReason> {
        self.vendored.is_match(path.trim_start_matches("./")).then_some(SkipReason::Vendored)
    }

    /// Whether `path` (relative to the repository root) is test, fixture or docs code.
    pub fn is_test_path(&self, path: &str) -> bool {
        self.tests.is_match(path.trim_start_matches("./"))
    }

    /// Lowers the findings of a test, fixture or docs file to `info` and
    /// tags them, except those of rules that apply in tests too. `path` is
    /// the file's path relative to the repository root.
    pub fn weigh(&self, path: &str, findings: &mut [Finding]) {
        if findings.is_empty() || !self.is_test_path(path) {
            return;
        }
        for finding in findings.iter_mut().filter(|f| !self.everywhere.contains(&f.rule_id)) {
            finding.severity = finding.severity.min(Severity::Info);
            if !finding.tags.iter().any(|t| t == TEST_PATH_TAG) {
                finding.tags.push(TEST_PATH_TAG.to_string());
            }
        }
    }
}

/// The globs as one set; invalid ones were refused when the config was read.
fn globset(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        if let Ok(glob) = Glob::new(glob) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Whether a finding can fail the quality gate: not one lowered because it
/// is in a test, fixture or docs file.
pub fn counts_for_gate(finding: &Finding) -> bool {
    !finding.tags.iter().any(|t| t == TEST_PATH_TAG)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_nul_byte_early_on_makes_a_file_binary() {
        assert_eq!(admit(b"x = 1\0\n"), Err(SkipReason::Binary));
        let late_nul = [b"x = 1\n".repeat(2000).as_slice(), b"\0"].concat();
        assert!(admit(&late_nul).is_ok());
    }

    #[test]
    fn invalid_utf8_is_decoded_and_keeps_lines_and_columns() {
        let text = admit(b"# caf\xe9\nresult = eval(data)\n").unwrap();
        assert_eq!(text.lines().nth(1), Some("result = eval(data)"));
        assert_eq!(text.lines().next().map(|l| l.chars().count()), Some(6), "one invalid byte, one character");
    }

    #[test]
    fn manifests_by_name() {
        for path in ["package.json", "web/package-lock.json", "requirements-dev.txt", "go.sum", "src/App/App.csproj", "Cargo.lock"] {
            assert!(is_manifest(path), "{path}");
        }
        for path in ["src/package.py", "build.gradle.kts", "Gemfile", "config.json", "requirements.py"] {
            assert!(!is_manifest(path), "{path}");
        }
    }

    #[test]
    fn default_test_paths() {
        let policy = FilePolicy::new(&FilePolicy::default_test_globs(), &RuleSet::default());
        for path in ["tests/a.rs", "src/tests/b.py", "pkg/x_test.go", "app/test_views.py", "web/a.spec.ts", "docs/guide.md", "README.md", "spec/models/user_spec.rb", "src/test/java/AppTest.java"] {
            assert!(policy.is_test_path(path), "{path}");
        }
        for path in ["src/app.py", "src/testing.py", "lib/contest.rb", "examples/vulnerable/app.py", "src/analysis/tests.rs.bak"] {
            assert!(!policy.is_test_path(path), "{path}");
        }
    }
}
