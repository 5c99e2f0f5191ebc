//! The `pr` section of the repo config: how the pull request as a whole is
//! judged (size thresholds, test and generated globs, the changelog, labels,
//! risky paths), and how the config becomes the analysis' [`ChangeSettings`].

use globset::Glob;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::architecture::compile_rules;
use super::{ConfigDoc, RepoConfigFile, globset};
use crate::analysis::change::settings::{CHANGE_CHECKS, ChangeSettings, RiskyPath, SizeThresholds};
use crate::config::error::RuleFileError;

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct PrSection {
    /// Changed-line thresholds of the size labels (generated code and lock
    /// files not counted). Default: XS ≤ 10, S ≤ 100, M ≤ 500, L ≤ 1000, XL above.
    #[serde(default)]
    pub size: SizeSection,
    /// Globs of test files, besides each language's conventions (`test_*.py`,
    /// `*_test.go`, `*.spec.ts`, `*Test.java`, ...). Default: none.
    #[serde(default)]
    pub tests: Vec<String>,
    /// Globs of generated files, besides files with a generator marker: not
    /// counted in the size, and not checked. Default: none.
    #[serde(default)]
    pub generated: Vec<String>,
    /// The changelog check.
    #[serde(default)]
    pub changelog: ChangelogSection,
    /// A pull request with this label may remove or change public symbols
    /// (`pr/breaking-change` is skipped). Default: `breaking-change`.
    #[serde(default = "breaking_label")]
    pub breaking_label: String,
    /// Paths the team calls risky, each with the reason the walkthrough shows.
    #[serde(default)]
    pub risky_paths: Vec<RiskyPathEntry>,
}

impl Default for PrSection {
    fn default() -> Self {
        PrSection { size: SizeSection::default(), tests: Vec::new(), generated: Vec::new(), changelog: ChangelogSection::default(), breaking_label: breaking_label(), risky_paths: Vec::new() }
    }
}

fn breaking_label() -> String {
    "breaking-change".into()
}

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct SizeSection {
    /// Up to this many changed lines: XS. Default: 10.
    #[serde(default = "xs")]
    pub xs: u64,
    /// Up to this many: S. Default: 100.
    #[serde(default = "s")]
    pub s: u64,
    /// Up to this many: M. Default: 500.
    #[serde(default = "m")]
    pub m: u64,
    /// Up to this many: L; more is XL (and `pr/too-large`). Default: 1000.
    #[serde(default = "l")]
    pub l: u64,
}

fn xs() -> u64 {
    10
}
fn s() -> u64 {
    100
}
fn m() -> u64 {
    500
}
fn l() -> u64 {
    1000
}

impl Default for SizeSection {
    fn default() -> Self {
        SizeSection { xs: xs(), s: s(), m: m(), l: l() }
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ChangelogSection {
    /// The changelog file. Default: the first of `CHANGELOG.md`, `CHANGELOG`,
    /// `CHANGELOG.rst`, `CHANGELOG.txt`, `CHANGES.md`, `CHANGES.rst`,
    /// `HISTORY.md`, `NEWS.md` at the root; without one the check is skipped.
    pub path: Option<String>,
    /// Changes to files matching these globs want a changelog entry. Default: any source file.
    #[serde(default)]
    pub globs: Vec<String>,
    /// A pull request with this label needs no entry. Default: `no-changelog`.
    #[serde(default = "skip_label")]
    pub skip_label: String,
}

fn skip_label() -> String {
    "no-changelog".into()
}

impl Default for ChangelogSection {
    fn default() -> Self {
        ChangelogSection { path: None, globs: Vec::new(), skip_label: skip_label() }
    }
}

#[derive(Deserialize, Serialize, JsonSchema, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RiskyPathEntry {
    /// Globs of the risky files.
    pub paths: Vec<String>,
    /// Why they are risky, as the walkthrough says it.
    pub reason: String,
}

/// The analysis' settings from the effective config: the `pr` and
/// `architecture` sections, and `rules`/`paths.rules` as they select and
/// grade the checks (the same selection as rules and metric checks: id or
/// tag in `enable`/`disable`, `severity` by id, then tag).
pub fn change_settings(file: &RepoConfigFile) -> ChangeSettings {
    let pr = &file.pr;
    let (levels, paths) = super::checks::select(file, &CHANGE_CHECKS);
    let checks = CHANGE_CHECKS.iter().filter_map(|c| Some((c.id, levels.get(c.id)?.unwrap_or(c.default_severity)))).collect();
    ChangeSettings {
        size: SizeThresholds { xs: pr.size.xs, s: pr.size.s, m: pr.size.m, l: pr.size.l },
        test_globs: globset(&pr.tests),
        generated_globs: globset(&pr.generated),
        changelog_path: pr.changelog.path.clone(),
        changelog_globs: globset(&pr.changelog.globs),
        changelog_skip_label: pr.changelog.skip_label.clone(),
        breaking_label: pr.breaking_label.clone(),
        risky_paths: pr.risky_paths.iter().filter_map(|r| Some(RiskyPath { globs: globset(&r.paths)?, reason: r.reason.clone() })).collect(),
        architecture: compile_rules(&file.architecture),
        checks,
        paths,
        cognitive_limit: file.gate.thresholds.cognitive,
    }
}

impl ConfigDoc {
    /// Checks the `pr` section beyond its types: globs, and thresholds in order.
    pub(super) fn check_pr(&self) -> Result<(), RuleFileError> {
        let pr = &self.file.pr;
        let mut lists: Vec<(Vec<String>, &Vec<String>)> =
            vec![(vec!["pr".into(), "tests".into()], &pr.tests), (vec!["pr".into(), "generated".into()], &pr.generated), (vec!["pr".into(), "changelog".into(), "globs".into()], &pr.changelog.globs)];
        for (i, risky) in pr.risky_paths.iter().enumerate() {
            lists.push((vec!["pr".into(), "risky_paths".into(), i.to_string(), "paths".into()], &risky.paths));
        }
        for (at, globs) in lists {
            for (i, glob) in globs.iter().enumerate() {
                if let Err(e) = Glob::new(glob) {
                    let pos = self.node_at(&at).and_then(|list| list.items().get(i)).map_or(self.pos(&["pr"]), |n| n.pos);
                    let shown = at.iter().filter(|p| p.parse::<usize>().is_err()).cloned().collect::<Vec<_>>().join(".");
                    return Err(self.error(pos, format!("bad glob `{glob}` in `{shown}`: {}", e.kind()), "write a glob such as `src/**/*.py`"));
                }
            }
        }
        for (i, risky) in pr.risky_paths.iter().enumerate() {
            if risky.reason.trim().is_empty() {
                let pos = self.node_at(&["pr".into(), "risky_paths".into(), i.to_string()]).map_or(self.pos(&["pr", "risky_paths"]), |n| n.pos);
                return Err(self.error(pos, "a `pr.risky_paths` entry has an empty `reason`", "say in a few words why these paths are risky; the walkthrough shows it"));
            }
        }
        let size = pr.size;
        if !(size.xs < size.s && size.s < size.m && size.m < size.l) {
            return Err(self.error(
                self.pos(&["pr", "size"]),
                format!("`pr.size` thresholds must grow: xs {} < s {} < m {} < l {}", size.xs, size.s, size.m, size.l),
                "write thresholds in increasing order (default: xs 10, s 100, m 500, l 1000)",
            ));
        }
        Ok(())
    }

    /// The node at a path whose parts are keys or list indexes.
    pub(super) fn node_at(&self, path: &[String]) -> Option<&crate::config::yaml_tree::YNode> {
        let mut node = self.tree.as_ref()?;
        for part in path {
            node = match part.parse::<usize>() {
                Ok(i) => node.items().get(i)?,
                Err(_) => node.get(part)?,
            };
        }
        Some(node)
    }
}

/// The reference of the pull-request checks, the walkthrough's effort
/// score and the architecture rules, for docs/configuration.md (`techlead
/// config docs`): generated from the same tables the checks use.
pub fn reference() -> String {
    use crate::analysis::change::walkthrough::{COMPLEXITY_POINT, SPREAD_POINT, SizeLabel, effort};
    let mut out = String::from(
        "\n## The pull request as a whole (`pr`, `architecture`)\n\n\
         Besides line findings, every review (App, Action mode, `techlead review --local`) and `techlead scan --diff BASE` describe the change as a whole, \
         with the same result: a **Walkthrough** section in the summary comment (`walkthrough` in `scan --diff --format json`, a block in the text output) \
         and the checks below. Changed files are grouped by area (the top-level directory, or `src/web`-style components under `src`, `lib`, `app`, \
         `packages`, `apps`, `services`, `crates`, `cmd`, `internal`, `pkg`, `modules`, `components`), each with its kinds (source, test, docs, config, \
         CI, dependencies, migrations, generated), lines and owners from `CODEOWNERS` (`.github/`, the root or `docs/`, the first found; the last \
         matching pattern wins, as on GitHub).\n\n\
         ### Checks\n\n\
         Each check is a finding under a fixed rule id. `rules.enable`/`rules.disable` select them by id or by their tag (`pr`, `architecture`), \
         `rules.severity` changes their severity (id over tag), `paths.rules` limits them by path. A check on a line the pull request added is \
         commented inline and counts with the other findings on changed lines; a check about the change as a whole is listed in the summary and \
         has its own row in the gate. Either fails the gate at or above `gate.fail_level`.\n\n\
         | id | default severity | reports |\n| --- | --- | --- |\n",
    );
    for check in &CHANGE_CHECKS {
        out.push_str(&format!("| `{}` | {} | {} |\n", check.id, check.default_severity, check.what));
    }
    out.push_str(
        "\n`pr/tests-missing` sits on the first changed line of the first changed source file; test files are known by each language's \
         conventions (`test_*.py`, `*_test.go`, `*.spec.ts`, `*Test.java`, `*_spec.rb`, `*Tests.cs`, test directories, `#[test]` added to a Rust file) \
         and by `pr.tests`. `pr/public-api-undocumented` and `pr/breaking-change` read public symbols with tree-sitter: Rust `pub` items \
         (`///`), Python public top-level functions and classes (docstrings), JavaScript/TypeScript `export`s (`/** */`), Java and C# `public` \
         members of public types (`/** */`, `///`), Kotlin declarations not `private`/`internal`/`protected` (`/** */`), Go exported names (the \
         comment above). A symbol's signature is its declaration up to its body; the base version of a changed file is read only when its diff \
         removes lines or touches a public signature. `pr/generated-marker-added` uses the same generator markers as the rest of techlead.\n\n\
         ### Size and effort\n\n\
         The size label counts lines added plus removed, without generated code and lock files: XS up to `pr.size.xs`, S up to `pr.size.s`, \
         M up to `pr.size.m`, L up to `pr.size.l`, XL above. The effort to review, 1 to 5, is\n\n\
         `effort = min(5, 1 + size + spread + complexity)`, where size is XS 0, S 1, M 2, L 3, XL 4; spread is 1 when the change spans ",
    );
    out.push_str(&format!(
        "{SPREAD_POINT} or more areas or languages; complexity is 1 when its functions gained {COMPLEXITY_POINT} or more cognitive complexity in all (the metrics' before → after).\n\n| size | areas | languages | cognitive complexity added | effort |\n| --- | ---: | ---: | ---: | ---: |\n"
    ));
    for (size, areas, languages, complexity) in
        [(SizeLabel::XS, 1, 1, 0), (SizeLabel::S, 2, 1, 3), (SizeLabel::S, 3, 1, 0), (SizeLabel::M, 1, 1, 20), (SizeLabel::L, 2, 2, 5), (SizeLabel::L, 4, 3, 40), (SizeLabel::XL, 1, 1, 0)]
    {
        out.push_str(&format!("| {} | {areas} | {languages} | {complexity} | {} |\n", size.as_str(), effort(size, areas, languages, complexity).score));
    }
    out.push_str(
        "\nRisks, each with its evidence: database migrations, CI workflows, authentication/cryptography/permission code (by path), deploy files, \
         dependency manifests, public API changes, deleted tests, functions pushed past `gate.thresholds.cognitive`, an L or XL size, and the \
         team's own `pr.risky_paths`.\n\n\
         ### Architecture rules\n\n\
         ```yaml\narchitecture:\n  - name: the domain knows no web framework\n    files: [\"src/domain/**\"]\n    forbid: [\"src/web/**\", \"flask\", \"django.*\"]\n  - name: layers\n    layers: [\"src/web\", \"src/service\", \"src/domain\"]   # each may import only the ones after it\n```\n\n\
         Each entry has a `name` and either `files` (globs of the importing files) with `forbid`, or `layers` (at least two, outermost first). \
         An entry of `forbid` or `layers` is a glob, or a plain path or module name that also covers what lies below it (`src/web` covers \
         `src/web/x.py`, `flask` covers `flask.views`). Imports are read with tree-sitter in Python, JavaScript, TypeScript, Java, Go, Rust, C#, \
         PHP, Ruby and Kotlin, and resolved to the repository's files where they are relative or local (Python packages, also under `src/`; \
         `./x` with its extensions and `index` files; Java/Kotlin packages under any source root; Go packages by path suffix; Rust `crate::`, \
         `self::`, `super::`; PHP namespaces PSR-4 style and `require` paths; Ruby `require_relative` and `lib/`). A forbidden entry matches the \
         resolved path or the module as written; layers compare resolved paths. In a review only imports on added lines are checked; \
         `techlead architecture check [PATH]` checks every import of the tree, to see what adopting a rule on legacy code means.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::super::{ConfigDoc, RepoConfig};
    use super::*;
    use crate::analysis::finding::Severity;

    const PATH: &str = ".github/techlead.yml";

    fn message(text: &str) -> String {
        ConfigDoc::parse(None, PATH, text).unwrap_err().to_string()
    }

    fn settings(text: &str) -> ChangeSettings {
        change_settings(&RepoConfig::from_docs(ConfigDoc::parse(None, PATH, text).unwrap(), None).unwrap().file)
    }

    #[test]
    fn errors_point_at_the_value() {
        assert_eq!(
            message("pr:\n  size: {xs: 10, s: 5}\n"),
            ".github/techlead.yml:2:9: `pr.size` thresholds must grow: xs 10 < s 5 < m 500 < l 1000; write thresholds in increasing order (default: xs 10, s 100, m 500, l 1000)"
        );
        assert_eq!(message("pr:\n  tests: ['ok/**', 'a/[b']\n"), ".github/techlead.yml:2:20: bad glob `a/[b` in `pr.tests`: unclosed character class; missing ']'; write a glob such as `src/**/*.py`");
        assert!(message("pr:\n  risky_paths:\n    - paths: ['billing/**']\n      reason: ' '\n").starts_with(".github/techlead.yml:3:7: a `pr.risky_paths` entry has an empty `reason`"));
        assert_eq!(message("pr:\n  changelog:\n    skip_lable: x\n"), ".github/techlead.yml:3:5: unknown key `skip_lable`; did you mean `skip_label`?");
        assert_eq!(message("pr:\n  size:\n    xl: 3\n"), ".github/techlead.yml:3:5: unknown key `xl`; valid keys here are: xs, s, m, l");
    }

    #[test]
    fn checks_are_selected_and_graded_like_rules() {
        let defaults = settings("");
        assert_eq!(defaults.severity("pr/tests-missing"), Some(Severity::Warning));
        assert_eq!(defaults.severity("architecture/forbidden-import"), Some(Severity::Error));
        assert_eq!(defaults.size, SizeThresholds::default());
        let custom = settings("rules:\n  disable: [pr/too-large]\n  severity: {pr: error, pr/unowned-file: hint}\npr:\n  size: {l: 2000}\n  breaking_label: api-break\n");
        assert_eq!(custom.severity("pr/too-large"), None);
        assert_eq!(custom.severity("pr/tests-missing"), Some(Severity::Error), "by tag");
        assert_eq!(custom.severity("pr/unowned-file"), Some(Severity::Hint), "the id wins over the tag");
        assert_eq!(custom.severity("architecture/forbidden-import"), Some(Severity::Error));
        assert_eq!((custom.size.l, custom.breaking_label.as_str()), (2000, "api-break"));
        let none = settings("rules:\n  disable: [pr, architecture]\n");
        assert!(none.checks.is_empty());
    }
}
