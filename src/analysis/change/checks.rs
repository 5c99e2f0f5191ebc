//! The checks of a change as a whole, each a finding under a fixed rule id
//! ([`super::settings::CHANGE_CHECKS`]), at the severity the config gives it.

use std::collections::{BTreeMap, HashSet};

use super::architecture::{Violation, violations};
use super::imports::resolved_imports;
use super::kinds::{FileKind, adds_inline_tests, classify};
use super::resolve::RepoIndex;
use super::settings::{self, ChangeSettings};
use super::symbols::{PublicSymbol, public_symbols};
use super::walkthrough::{SizeLabel, Walkthrough};
use super::{ChangedFile, FileStatus, RepoFacts};
use crate::analysis::file_policy::has_generator_marker;
use crate::analysis::finding::{Finding, LineContext, Position, fingerprint};
use crate::analysis::language::Lang;

/// A public symbol the change removed or whose signature it changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiChange {
    Removed { name: String, old: String },
    Changed { name: String, old: String, new: String, line: usize },
}

/// What the checks and the walkthrough learn about one changed file.
#[derive(Clone, Debug)]
pub struct FileFacts {
    pub kind: FileKind,
    pub lang: Option<Lang>,
    /// A generator marker at the head that the base did not have.
    pub marker_added: bool,
    pub api_changes: Vec<ApiChange>,
    /// Public symbols the change adds without a doc comment.
    pub undocumented: Vec<PublicSymbol>,
    pub doc_comment: &'static str,
    /// Imports on added lines that break an architecture rule.
    pub violations: Vec<Violation>,
    /// The diff adds tests inside a source file (Rust's `#[test]`).
    pub inline_tests: bool,
}

/// [`FileFacts`] of every changed file, in the same order.
#[derive(Clone, Debug)]
pub struct Facts {
    pub files: Vec<FileFacts>,
}

impl Facts {
    pub fn gather(files: &[ChangedFile], repo: &RepoFacts, settings: &ChangeSettings) -> Facts {
        let empty = RepoIndex::default();
        let index = repo.files.as_ref().unwrap_or(&empty);
        Facts { files: files.iter().map(|f| file_facts(f, index, settings)).collect() }
    }
}

fn added_text(file: &ChangedFile) -> String {
    let (Some(head), Some(added)) = (&file.head, &file.added_lines) else { return String::new() };
    head.lines().enumerate().filter(|(i, _)| added.is_added(i + 1)).map(|(_, l)| l).collect::<Vec<_>>().join("\n")
}

fn file_facts(file: &ChangedFile, index: &RepoIndex, settings: &ChangeSettings) -> FileFacts {
    let generated_at_head = file.head.as_deref().is_some_and(has_generator_marker) || settings.generated_globs.as_ref().is_some_and(|g| g.is_match(&file.path));
    let kind = classify(&file.path, generated_at_head, |p| settings.is_test(p));
    let lang = file.lang();
    let marker_added = file.status != FileStatus::Added && file.head.as_deref().is_some_and(has_generator_marker) && file.base.as_deref().is_some_and(|b| !has_generator_marker(b));
    let mut facts = FileFacts { kind, lang, marker_added, api_changes: Vec::new(), undocumented: Vec::new(), doc_comment: "", violations: Vec::new(), inline_tests: false };
    let Some(lang) = lang else { return facts };
    if kind == FileKind::Generated {
        return facts;
    }
    facts.inline_tests = kind == FileKind::Source && adds_inline_tests(Some(lang), &added_text(file));
    let is_added = |line: usize| file.status == FileStatus::Added || file.added_lines.as_ref().is_some_and(|a| a.is_added(line));
    if let Some(head) = &file.head {
        if !settings.architecture.is_empty() {
            for import in resolved_imports(lang, &file.path, head, index).into_iter().filter(|i| is_added(i.import.line)) {
                facts.violations.extend(violations(&settings.architecture, &file.path, &import));
            }
        }
    }
    let Some(row) = super::symbols::syntax_of(lang) else { return facts };
    if kind != FileKind::Source {
        return facts;
    }
    facts.doc_comment = row.doc_comment;
    let head_symbols = file.head.as_deref().map(|h| public_symbols(lang, h)).unwrap_or_default();
    let base_symbols = file.base.as_deref().map(|b| public_symbols(lang, b));
    let base_names: HashSet<&str> = base_symbols.iter().flatten().map(|s| s.name.as_str()).collect();
    // Added: not at the base (a new file has no base), on a line the change added.
    let base_known = file.status == FileStatus::Added || base_symbols.is_some();
    for symbol in &head_symbols {
        if !symbol.documented && is_added(symbol.line) && (!base_known || !base_names.contains(symbol.name.as_str())) {
            facts.undocumented.push(symbol.clone());
        }
    }
    if let Some(base_symbols) = base_symbols {
        facts.api_changes = api_changes(&base_symbols, &head_symbols);
    }
    facts
}

/// Symbols of the base that the head lost, or whose signatures changed
/// (overloads: each name's set of signatures is compared).
fn api_changes(base: &[PublicSymbol], head: &[PublicSymbol]) -> Vec<ApiChange> {
    let group = |symbols: &[PublicSymbol]| {
        let mut by_name: BTreeMap<String, Vec<PublicSymbol>> = BTreeMap::new();
        for s in symbols {
            by_name.entry(s.name.clone()).or_default().push(s.clone());
        }
        by_name
    };
    let (base, head) = (group(base), group(head));
    let mut changes = Vec::new();
    for (name, olds) in &base {
        let Some(news) = head.get(name) else {
            changes.push(ApiChange::Removed { name: name.clone(), old: olds[0].signature.clone() });
            continue;
        };
        let gone: Vec<&PublicSymbol> = olds.iter().filter(|o| !news.iter().any(|n| n.signature == o.signature)).collect();
        let fresh: Vec<&PublicSymbol> = news.iter().filter(|n| !olds.iter().any(|o| o.signature == n.signature)).collect();
        for (i, old) in gone.iter().enumerate() {
            match fresh.get(i).or(fresh.last()) {
                Some(new) => changes.push(ApiChange::Changed { name: name.clone(), old: old.signature.clone(), new: new.signature.clone(), line: new.line }),
                None => changes.push(ApiChange::Removed { name: name.clone(), old: old.signature.clone() }),
            }
        }
    }
    changes
}

/// One finding of a check.
struct Draft<'a> {
    id: &'static str,
    path: &'a str,
    line: usize,
    /// What the fingerprint keeps apart: the same check twice in one file.
    key: String,
    message: String,
    note: String,
}

/// Findings on added lines, and findings about the change as a whole.
pub fn run(files: &[ChangedFile], repo: &RepoFacts, settings: &ChangeSettings, facts: &Facts, walkthrough: &Walkthrough) -> (Vec<Finding>, Vec<Finding>) {
    let mut on_lines = Vec::new();
    let mut on_change = Vec::new();
    let mut emit = |draft: Draft, file: Option<&ChangedFile>| {
        let Some(severity) = settings.severity(draft.id) else { return };
        if !draft.path.is_empty() && !settings.allows(draft.id, draft.path) {
            return;
        }
        let tag = settings::change_check(draft.id).map_or(settings::PR_TAG, |c| c.tag);
        let context = file.and_then(|f| f.head.as_deref()).and_then(|h| h.lines().nth(draft.line.saturating_sub(1))).map(|l| LineContext::new(l, 1)).unwrap_or_default();
        let finding = Finding {
            rule_id: draft.id.to_string(),
            severity,
            path: draft.path.to_string(),
            start: Position { line: draft.line.max(1), column: 1 },
            end: Position { line: draft.line.max(1), column: 1 },
            message: draft.message,
            note: Some(draft.note),
            fix: None,
            tags: vec![tag.to_string()],
            fingerprint: fingerprint(draft.id, draft.path, &draft.key, 0),
            context,
            trace: Vec::new(),
        };
        let on_added_line = draft.line > 0 && file.is_some_and(|f| f.added_lines.as_ref().is_some_and(|a| a.is_added(draft.line)));
        if on_added_line { on_lines.push(finding) } else { on_change.push(finding) }
    };
    let has_label = |label: &str| repo.labels.as_ref().is_some_and(|labels| labels.iter().any(|l| l.eq_ignore_ascii_case(label)));
    let live = |i: usize| files[i].status != FileStatus::Removed;

    // pr/tests-missing
    let sources: Vec<usize> = (0..files.len()).filter(|&i| facts.files[i].kind == FileKind::Source && live(i)).collect();
    let tests_changed = (0..files.len()).any(|i| (facts.files[i].kind == FileKind::Test && live(i)) || facts.files[i].inline_tests);
    if !sources.is_empty() && !tests_changed {
        let first = sources.iter().copied().find(|&i| files[i].added_lines.as_ref().is_some_and(|a| !a.added.is_empty())).unwrap_or(sources[0]);
        let line = files[first].added_lines.as_ref().and_then(|a| a.added.first().copied()).unwrap_or(0);
        let names: Vec<String> = sources.iter().take(5).map(|&i| format!("`{}`", files[i].path)).collect();
        let more = if sources.len() > 5 { format!(" and {} more", sources.len() - 5) } else { String::new() };
        emit(
            Draft {
                id: settings::TESTS_MISSING,
                path: &files[first].path,
                line,
                key: String::new(),
                message: format!("{} source file{} changed ({}{more}) and no test was added or changed", sources.len(), plural(sources.len()), names.join(", ")),
                note: "Why it matters: a change without a test is a change nobody will notice breaking.\n\nHow to fix it: add or update a test that exercises the change. Test files are recognised by each language's conventions (`test_*.py`, `*_test.go`, `*.spec.ts`, `*Test.java`, `#[test]` in Rust) and by `pr.tests` globs in .github/techlead.yml.".into(),
            },
            Some(&files[first]),
        );
    }

    // pr/too-large
    if walkthrough.size.label == SizeLabel::XL {
        let counted: Vec<_> = walkthrough.areas.iter().filter(|a| a.counted > 0).collect();
        let areas: Vec<String> = counted.iter().take(6).map(|a| format!("`{}` ({} lines)", a.name, a.counted)).collect();
        let hint = if counted.len() > 1 { format!("; it could be split by area: {}", areas.join(", ")) } else { "; it could be split into a refactoring, the change itself, and its tests".into() };
        emit(
            Draft {
                id: settings::TOO_LARGE,
                path: "",
                line: 0,
                key: String::new(),
                message: format!("{} changed lines, over the XL threshold of {}{hint}", walkthrough.size.counted_lines, settings.size.l),
                note: "Why it matters: reviewers find fewer defects per line in large pull requests, and large merges are harder to revert.\n\nHow to fix it: split the pull request. Generated code and lock files are not counted; the thresholds are `pr.size` in .github/techlead.yml.".into(),
            },
            None,
        );
    }

    // pr/changelog-missing
    let changelog = settings.changelog_path.clone().or_else(|| repo.files.as_ref().and_then(find_changelog));
    if let Some(changelog) = &changelog
        && !has_label(&settings.changelog_skip_label)
        && !files.iter().any(|f| f.path == *changelog)
    {
        let wanting: Vec<&ChangedFile> = files
            .iter()
            .enumerate()
            .filter(|(i, f)| match &settings.changelog_globs {
                Some(globs) => globs.is_match(&f.path),
                None => facts.files[*i].kind == FileKind::Source,
            })
            .map(|(_, f)| f)
            .collect();
        if let Some(first) = wanting.first() {
            emit(
                Draft {
                    id: settings::CHANGELOG_MISSING,
                    path: "",
                    line: 0,
                    key: changelog.clone(),
                    message: format!(
                        "`{changelog}` was not updated, though {} file{} it covers changed (`{}`{})",
                        wanting.len(),
                        plural(wanting.len()),
                        first.path,
                        if wanting.len() > 1 { ", …" } else { "" }
                    ),
                    note: format!(
                        "Why it matters: users read the changelog to learn what a release changes.\n\nHow to fix it: add an entry to `{changelog}`, or label the pull request `{}` when it changes nothing users see. `pr.changelog` in .github/techlead.yml sets the file, the globs and the label.",
                        settings.changelog_skip_label
                    ),
                },
                None,
            );
        }
    }

    for (i, file) in files.iter().enumerate() {
        let file_facts = &facts.files[i];
        // pr/public-api-undocumented
        for symbol in &file_facts.undocumented {
            emit(
                Draft {
                    id: settings::PUBLIC_API_UNDOCUMENTED,
                    path: &file.path,
                    line: symbol.line,
                    key: symbol.name.clone(),
                    message: format!("public `{}` has no doc comment: `{}`", symbol.name, symbol.signature),
                    note: format!(
                        "Why it matters: a public symbol is used by people who do not read its body; its doc comment is what they read.\n\nHow to fix it: add {} saying what it does and why one would call it.",
                        file_facts.doc_comment
                    ),
                },
                Some(file),
            );
        }
        // pr/breaking-change
        if !has_label(&settings.breaking_label) {
            for change in &file_facts.api_changes {
                let note = format!(
                    "Why it matters: code that uses this symbol breaks when it is released.\n\nHow to fix it: keep the old signature (deprecate it and add a new one), or label the pull request `{}` to say the break is intended.",
                    settings.breaking_label
                );
                let draft = match change {
                    ApiChange::Removed { name, old } => Draft {
                        id: settings::BREAKING_CHANGE,
                        path: &file.path,
                        line: 0,
                        key: name.clone(),
                        message: format!("public `{name}` was removed from `{}` (was `{old}`)", file.base_path()),
                        note,
                    },
                    ApiChange::Changed { name, old, new, line } => Draft {
                        id: settings::BREAKING_CHANGE,
                        path: &file.path,
                        line: *line,
                        key: name.clone(),
                        message: format!("the signature of public `{name}` changed from `{old}` to `{new}`"),
                        note,
                    },
                };
                emit(draft, Some(file));
            }
        }
        // architecture/forbidden-import
        for violation in &file_facts.violations {
            emit(
                Draft {
                    id: settings::FORBIDDEN_IMPORT,
                    path: &file.path,
                    line: violation.line,
                    key: format!("{}\u{0}{}", violation.rule, violation.module),
                    message: violation.message.clone(),
                    note: "Why it matters: the team decided which parts of the code may depend on which; an import against that couples what was meant to stay apart.\n\nHow to fix it: depend on an interface in an allowed layer, move the code, or change the rule in `architecture:` in .github/techlead.yml.".into(),
                },
                Some(file),
            );
        }
        // pr/unowned-file
        if let Some(owners) = &repo.codeowners
            && file.status == FileStatus::Added
            && owners.owners_of(&file.path).is_empty()
        {
            emit(
                Draft {
                    id: settings::UNOWNED_FILE,
                    path: &file.path,
                    line: 1,
                    key: String::new(),
                    message: format!("no pattern in `{}` owns the new file `{}`", owners.path, file.path),
                    note: format!("Why it matters: nobody is asked to review later changes to a file without an owner.\n\nHow to fix it: add a pattern for it to `{}`.", owners.path),
                },
                Some(file),
            );
        }
        // pr/generated-marker-added
        if file_facts.marker_added {
            emit(
                Draft {
                    id: settings::GENERATED_MARKER_ADDED,
                    path: &file.path,
                    line: first_marker_line(file).unwrap_or(0),
                    key: String::new(),
                    message: format!("`{}` now says it is generated, and was not before: techlead and reviewers will skip it from now on", file.path),
                    note: "Why it matters: a generator marker takes a file out of review; added by hand to a file people write, it hides that file's future changes.\n\nHow to fix it: remove the marker unless a generator really writes this file now (then say which in the pull request).".into(),
                },
                Some(file),
            );
        }
    }
    (on_lines, on_change)
}

fn first_marker_line(file: &ChangedFile) -> Option<usize> {
    let head = file.head.as_deref()?;
    (1..=head.lines().count().min(10)).find(|&n| has_generator_marker(&head.lines().take(n).collect::<Vec<_>>().join("\n")))
}

/// The changelog at the root, if the repository has one.
pub fn find_changelog(index: &RepoIndex) -> Option<String> {
    const NAMES: [&str; 8] = ["CHANGELOG.md", "CHANGELOG", "CHANGELOG.rst", "CHANGELOG.txt", "CHANGES.md", "CHANGES.rst", "HISTORY.md", "NEWS.md"];
    NAMES.iter().find(|name| index.has_file(name)).map(|name| name.to_string())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbol(name: &str, signature: &str) -> PublicSymbol {
        PublicSymbol { name: name.into(), signature: signature.into(), line: 1, documented: false }
    }

    #[test]
    fn removed_and_changed_signatures_are_api_changes() {
        let base = [symbol("f", "def f(a)"), symbol("g", "def g()"), symbol("h", "def h()")];
        let head = [symbol("f", "def f(a, b)"), symbol("h", "def h()")];
        assert_eq!(
            api_changes(&base, &head),
            vec![ApiChange::Changed { name: "f".into(), old: "def f(a)".into(), new: "def f(a, b)".into(), line: 1 }, ApiChange::Removed { name: "g".into(), old: "def g()".into() }]
        );
        // An overload added next to an unchanged one breaks nothing.
        assert!(api_changes(&[symbol("A.f", "void f()")], &[symbol("A.f", "void f()"), symbol("A.f", "void f(int x)")]).is_empty());
    }
}
