//! Runs rules over files: one parse per file, all rules of its language in one
//! tree walk, after a literal prefilter.
//!
//! The walk is ours rather than ast-grep's `CombinedScan`, which walks the
//! tree twice (once for its own suppression comments); we index rules by the
//! node kinds they can match, as it does, and match with ast-grep's matchers.

use std::collections::HashMap;

use ast_grep_config::RuleConfig;
use ast_grep_core::AstGrep;
use ast_grep_core::matcher::{Matcher as _, MatcherExt};
use ast_grep_core::tree_sitter::{LanguageExt, StrDoc};

use super::budget::{self, Deadline, Stopped};
use super::file_policy::rule_runs_on;
use super::finding::{Finding, Fix, LineContext, Position, fingerprint};
use super::gate::{Gates, Hits, NodeNeeds, parent_kinds, preorder};
use super::language::Lang;
use super::metrics::{FileMetrics, measure_tree_within};
use super::prefilter::Prefilter;
use super::rules::{Matcher, Rule, RuleSet, TextMatcher};
use super::suppress::is_suppressed;
use super::taint::{TaintFound, TaintGroup};

/// The rules of a run, grouped by language, ready to scan many files in parallel.
pub struct Engine<'r> {
    by_lang: HashMap<Lang, LangRules<'r>>,
    /// Rules over the plain text of every file.
    text: Option<TextRules<'r>>,
    /// Each rule's CWE ids, to tell when a text rule and a syntax rule report
    /// the same weakness.
    cwe: HashMap<&'r str, &'r [String]>,
}

/// A rule with its matcher compiled for the language being scanned.
type Compiled<'r> = (&'r Rule, &'r RuleConfig<Lang>);
/// A node of a parsed file.
type AstNode<'t> = ast_grep_core::Node<'t, StrDoc<Lang>>;
/// A rule's match, with the rule.
type Matched<'r, 't> = (&'r Rule, &'r RuleConfig<Lang>, ast_grep_core::NodeMatch<'t, StrDoc<Lang>>);

struct TextRules<'r> {
    rules: Vec<&'r Rule>,
    prefilter: Prefilter,
}

/// Comment openers tried for `techlead-ignore` in files of no known language.
const ANY_COMMENT: &[&str] = &["#", "//", "/*", "<!--", "--", ";"];

struct LangRules<'r> {
    rules: Vec<Compiled<'r>>,
    prefilter: Prefilter,
    by_kind: KindIndex,
    /// What a node needs, beyond its kind, for each rule to be tried on it.
    gates: Gates,
    /// The taint rules of the language: their components are matched in the same walk.
    taint: TaintGroup<'r>,
}

/// Node kind id → the indices of the rules that can match a node of that kind.
struct KindIndex(Vec<Vec<usize>>);

impl KindIndex {
    fn new(rules: &[Compiled]) -> KindIndex {
        let mut index: Vec<Vec<usize>> = Vec::new();
        for (i, (_, config)) in rules.iter().enumerate() {
            // Compiled rules always have potential kinds: ast-grep refuses the others.
            let kinds = config.matcher.potential_kinds().unwrap_or_default();
            for kind in kinds.iter() {
                if index.len() <= kind {
                    index.resize(kind + 1, Vec::new());
                }
                index[kind].push(i);
            }
        }
        KindIndex(index)
    }

    fn rules_for(&self, kind: u16) -> &[usize] {
        self.0.get(usize::from(kind)).map_or(&[], Vec::as_slice)
    }
}

/// The result of scanning one file.
#[derive(Debug, Default)]
pub struct FileScan {
    pub findings: Vec<Finding>,
    /// False when the prefilter showed that no rule could match, so the file was never parsed.
    pub parsed: bool,
}

impl<'r> Engine<'r> {
    pub fn new(set: &'r RuleSet) -> Engine<'r> {
        let mut grouped: HashMap<Lang, Vec<Compiled<'r>>> = HashMap::new();
        let mut text = Vec::new();
        let mut tainted: HashMap<Lang, Vec<&Rule>> = HashMap::new();
        for rule in &set.rules {
            if let Matcher::Text(_) = rule.matcher {
                text.push(rule);
            }
            for (lang, config) in rule.ast_configs() {
                grouped.entry(lang).or_default().push((rule, config));
            }
            for (lang, _) in rule.taint_specs() {
                tainted.entry(lang).or_default().push(rule);
                grouped.entry(lang).or_default();
            }
        }
        let cwe = set.rules.iter().map(|r| (r.id.as_str(), r.meta.cwe.as_slice())).collect();
        // Rule authors tune speed with this: one such rule makes every file of its language parsed.
        for rule in set.rules.iter().filter(|r| r.required_literals.is_none()) {
            tracing::debug!(rule = %rule.id, language = rule.language_name(), "the rule names no literal text, so every file it may apply to is searched for it");
        }
        let text = (!text.is_empty()).then(|| TextRules { prefilter: Prefilter::new(text.iter().map(|r| r.required_literals.as_deref())), rules: text });
        let by_lang = grouped
            .into_iter()
            .map(|(lang, rules)| {
                let prefilter = Prefilter::new(rules.iter().map(|(r, _)| r.required_literals.as_deref()));
                let by_kind = KindIndex::new(&rules);
                let gates = gates_of(&rules, lang);
                let taint = TaintGroup::new(lang, tainted.remove(&lang).unwrap_or_default());
                (lang, LangRules { rules, prefilter, by_kind, gates, taint })
            })
            .collect();
        Engine { by_lang, text, cwe }
    }

    /// Whether any rule looks at a file of `lang` (`None`: no known language);
    /// other files need not be read.
    pub fn has_rules_for(&self, lang: Option<Lang>) -> bool {
        self.text.is_some() || lang.is_some_and(|l| self.by_lang.contains_key(&l))
    }

    /// Scans one file's text. `path` is used for `files`/`ignores` globs and in the findings.
    pub fn scan(&self, path: &str, source: &str, lang: Option<Lang>) -> FileScan {
        self.scan_measured(path, source, lang, false).0
    }

    /// Scans one file and, with `measure`, computes its metrics on the same
    /// parse (the review does both; metrics need the tree even when the
    /// prefilter rules every rule out).
    pub fn scan_measured(&self, path: &str, source: &str, lang: Option<Lang>, measure: bool) -> (FileScan, Option<FileMetrics>) {
        // Without a deadline nothing stops the scan.
        self.scan_within(path, source, lang, measure, &Deadline::none()).unwrap_or_default()
    }

    /// [`scan_measured`](Self::scan_measured) within a time budget: parse,
    /// rules and metrics look at `deadline` as they go, and the file's
    /// analysis is `Stopped` once it has passed.
    pub fn scan_within(&self, path: &str, source: &str, lang: Option<Lang>, measure: bool, deadline: &Deadline) -> Result<(FileScan, Option<FileMetrics>), Stopped> {
        let (mut scan, metrics) = match lang {
            Some(l) => self.scan_tree(path, source, l, measure, deadline)?,
            None => (FileScan::default(), None),
        };
        deadline.check()?;
        if let Some(text) = &self.text {
            let rules: Vec<&Rule> = text.prefilter.candidates(source).into_iter().map(|i| text.rules[i]).filter(|r| rule_runs_on(r, path)).collect();
            if !rules.is_empty() {
                let comments = lang.map_or(ANY_COMMENT, |l| l.spec().comment_starts);
                let found = scan_text(&rules, path, source, comments);
                let fresh: Vec<Finding> = found.into_iter().filter(|t| !scan.findings.iter().any(|f| self.same_weakness(f, t))).collect();
                scan.findings.extend(fresh);
                scan.findings.sort_by(|a, b| (a.start, &a.rule_id).cmp(&(b.start, &b.rule_id)));
            }
        }
        Ok((scan, metrics))
    }

    /// Whether syntax finding `tree` already reports what text finding `text`
    /// does: it covers the same line and the rules share a CWE (the generic
    /// secret regex and a language's hard-coded password rule). The syntax
    /// rule is kept: it knows the variable and skips what is not an assignment.
    fn same_weakness(&self, tree: &Finding, text: &Finding) -> bool {
        let cwe = |id: &str| self.cwe.get(id).copied().unwrap_or_default();
        (tree.start.line..=tree.end.line).contains(&text.start.line) && cwe(&tree.rule_id).iter().any(|c| cwe(&text.rule_id).contains(c))
    }

    fn scan_tree(&self, path: &str, source: &str, lang: Lang, measure: bool, deadline: &Deadline) -> Result<(FileScan, Option<FileMetrics>), Stopped> {
        let group = self.by_lang.get(&lang);
        let mut enabled = vec![false; group.map_or(0, |g| g.rules.len())];
        let mut any = false;
        if let Some(group) = group {
            for i in group.prefilter.candidates(source) {
                enabled[i] = rule_runs_on(group.rules[i].0, path);
                any |= enabled[i];
            }
        }
        let mut taint_on = vec![false; group.map_or(0, |g| g.taint.len())];
        if let Some(group) = group {
            for i in group.taint.candidates(source) {
                taint_on[i] = rule_runs_on(group.taint.rule(i), path);
                any |= taint_on[i];
            }
        }
        if !any && !measure {
            return Ok((FileScan::default(), None));
        }
        let root = budget::parse(lang, source, deadline)?;
        let Some(group) = group.filter(|_| any) else {
            let metrics = measure.then(|| measure_tree_within(lang, root.root().get_inner_node(), source, deadline, &mut |_, _| {})).transpose()?;
            return Ok((FileScan { findings: Vec::new(), parsed: true }, metrics));
        };
        let on = Enabled::new(group, enabled, taint_on, source);
        if !measure {
            let findings = walk(group, &on, path, source, &root, lang, deadline)?;
            return Ok((FileScan { findings, parsed: true }, None));
        }
        // With metrics, their walk is the one walk: the rules are matched on
        // each node it visits.
        let mut matches = Vec::new();
        let mut taint_found = TaintFound::default();
        let metrics = measure_tree_within(lang, root.root().get_inner_node(), source, deadline, &mut |inner, parent| {
            let node = root.adopt(inner);
            group.taint.keep(&on.taint, &on.taint_hits, &node, parent, &mut taint_found);
            match_node(group, &on, node, parent, &mut matches);
        })?;
        let mut findings = findings_of(matches, path, source, lang);
        with_taint(&mut findings, group, &on, taint_found, &root, path, source, lang, deadline)?;
        Ok((FileScan { findings, parsed: true }, Some(metrics)))
    }
}

/// Parses `source` once as `lang` and runs those of `rules` that run on it in
/// one walk. Used where rules are few and ad hoc, such as a rule's own tests.
pub fn run_rules(rules: &[&Rule], path: &str, source: &str, lang: Lang) -> Vec<Finding> {
    let compiled: Vec<Compiled> = rules.iter().filter_map(|r| r.config_for(lang).map(|c| (*r, c))).collect();
    let taint = TaintGroup::new(lang, rules.iter().copied().filter(|r| r.is_taint()).collect());
    let gates = gates_of(&compiled, lang);
    let group = LangRules { by_kind: KindIndex::new(&compiled), prefilter: Prefilter::new(std::iter::empty()), rules: compiled, gates, taint };
    let root = lang.ast_grep(source);
    let on = Enabled::new(&group, vec![true; group.rules.len()], vec![true; group.taint.len()], source);
    // Without a deadline nothing stops the walk.
    walk(&group, &on, path, source, &root, lang, &Deadline::none()).unwrap_or_default()
}

/// What each rule needs of a node beyond its kind (see `gate`).
fn gates_of(rules: &[Compiled], lang: Lang) -> Gates {
    let needs: Vec<NodeNeeds> =
        rules.iter().map(|(rule, config)| NodeNeeds { parents: serde_json::to_value(&config.rule).ok().and_then(|r| parent_kinds(&r, lang)), literals: rule.node_literals.clone() }).collect();
    Gates::new(&needs)
}

/// The rules that run on one file, and where its text holds their literals.
struct Enabled {
    rules: Vec<bool>,
    hits: Hits,
    taint: Vec<bool>,
    taint_hits: Hits,
}

impl Enabled {
    fn new(group: &LangRules, rules: Vec<bool>, taint: Vec<bool>, source: &str) -> Enabled {
        let taint_hits = group.taint.hits(if taint.contains(&true) { source } else { "" });
        Enabled { hits: group.gates.hits(if rules.contains(&true) { source } else { "" }), rules, taint, taint_hits }
    }
}

fn walk(group: &LangRules, on: &Enabled, path: &str, source: &str, root: &AstGrep<StrDoc<Lang>>, lang: Lang, deadline: &Deadline) -> Result<Vec<Finding>, Stopped> {
    let mut matches = Vec::new();
    let mut taint_found = TaintFound::default();
    preorder(root.root(), deadline, &mut |node, parent| {
        group.taint.keep(&on.taint, &on.taint_hits, &node, parent, &mut taint_found);
        match_node(group, on, node, parent, &mut matches);
    })?;
    let mut findings = findings_of(matches, path, source, lang);
    with_taint(&mut findings, group, on, taint_found, root, path, source, lang, deadline)?;
    Ok(findings)
}

/// Adds the findings of the taint rules, from their components' matches.
#[allow(clippy::too_many_arguments)]
fn with_taint<'t>(
    findings: &mut Vec<Finding>,
    group: &LangRules,
    on: &Enabled,
    found: TaintFound<'t>,
    root: &'t AstGrep<StrDoc<Lang>>,
    path: &str,
    source: &str,
    lang: Lang,
    deadline: &Deadline,
) -> Result<(), Stopped> {
    let tainted = group.taint.findings(found, &on.taint, &on.taint_hits, root.root(), path, source, lang, &|| deadline.expired());
    deadline.check()?;
    if !tainted.is_empty() {
        findings.extend(tainted);
        findings.sort_by(|a, b| (a.start, &a.rule_id).cmp(&(b.start, &b.rule_id)));
    }
    Ok(())
}

/// Matches the enabled rules that can match `node` (its kind, its parent's
/// kind, its literals) against it.
fn match_node<'r, 't>(group: &LangRules<'r>, on: &Enabled, node: AstNode<'t>, parent: Option<u16>, matches: &mut Vec<Matched<'r, 't>>) {
    for &i in group.by_kind.rules_for(node.kind_id()) {
        let (rule, config) = group.rules[i];
        if on.rules[i]
            && group.gates.open(i, &on.hits, node.range(), parent)
            && let Some(found) = config.matcher.match_node(node.clone())
        {
            matches.push((rule, config, found));
        }
    }
}

/// The findings of the matches of one file, suppressions applied.
fn findings_of(matches: Vec<Matched<'_, '_>>, path: &str, source: &str, lang: Lang) -> Vec<Finding> {
    if matches.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(source);
    let lines: Vec<&str> = source.lines().collect();
    let comment_starts = lang.spec().comment_starts;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut findings = Vec::new();
    for (rule, config, node) in matches {
        {
            let range = node.range();
            let start = index.position(source, range.start);
            if is_suppressed(&lines, start.line, &rule.id, comment_starts) {
                continue;
            }
            let matched = node.text().to_string();
            let key = format!("{}\0{}", rule.id, matched.split_whitespace().collect::<String>());
            let occurrence = seen.entry(key).and_modify(|n| *n += 1).or_insert(0);
            let fix = config.fixer.first().map(|fixer| {
                let edit = node.make_edit(&config.matcher, fixer);
                let replacement = String::from_utf8_lossy(&edit.inserted_text).into_owned();
                let end = edit.position + edit.deleted_length;
                make_fix(source, &index, edit.position..end, replacement)
            });
            findings.push(Finding {
                rule_id: rule.id.clone(),
                severity: rule.severity,
                path: path.to_string(),
                start,
                end: index.position(source, range.end),
                message: config.get_message(&node),
                note: rule.meta.note.clone(),
                fix,
                tags: rule.meta.tags.clone(),
                fingerprint: fingerprint(&rule.id, path, &matched, *occurrence),
                context: LineContext::new(lines.get(start.line - 1).unwrap_or(&""), start.column),
                trace: Vec::new(),
            });
        }
    }
    findings.sort_by(|a, b| (a.start, &a.rule_id).cmp(&(b.start, &b.rule_id)));
    findings
}

/// Lines longer than this are not offered as a whole-line suggestion.
const MAX_SUGGESTION_BYTES: usize = 4096;

/// Runs text rules: each regex over the whole file.
pub fn scan_text(rules: &[&Rule], path: &str, source: &str, comment_starts: &[&str]) -> Vec<Finding> {
    let index = LineIndex::new(source);
    let lines: Vec<&str> = source.lines().collect();
    let mut findings = Vec::new();
    for rule in rules {
        let Matcher::Text(TextMatcher { regex, exclude }) = &rule.matcher else { continue };
        let mut occurrences: HashMap<&str, usize> = HashMap::new();
        for found in regex.find_iter(source) {
            if exclude.as_ref().is_some_and(|x| x.is_match(found.as_str())) {
                continue;
            }
            let start = index.position(source, found.start());
            if is_suppressed(&lines, start.line, &rule.id, comment_starts) {
                continue;
            }
            let occurrence = occurrences.entry(found.as_str()).and_modify(|n| *n += 1).or_insert(0);
            findings.push(Finding {
                rule_id: rule.id.clone(),
                severity: rule.severity,
                path: path.to_string(),
                start,
                end: index.position(source, found.end()),
                // The message never quotes the match: it may be a secret.
                message: rule.meta.message.clone(),
                note: rule.meta.note.clone(),
                fix: None,
                tags: rule.meta.tags.clone(),
                fingerprint: fingerprint(&rule.id, path, found.as_str(), *occurrence),
                context: LineContext::new(lines.get(start.line - 1).unwrap_or(&""), start.column),
                trace: Vec::new(),
            });
        }
    }
    findings
}

pub(crate) fn make_fix(source: &str, index: &LineIndex, range: std::ops::Range<usize>, replacement: String) -> Fix {
    let start = index.position(source, range.start);
    let end = index.position(source, range.end);
    let line_start = index.line_start(start.line);
    let line_end = source[range.end..].find('\n').map_or(source.len(), |i| range.end + i);
    let fixed_lines = (line_end - line_start <= MAX_SUGGESTION_BYTES).then(|| format!("{}{}{}", &source[line_start..range.start], replacement, &source[range.end..line_end]));
    Fix { replacement, start, end, fixed_lines }
}

/// Byte offset → line/column, with columns counted in characters.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { starts }
    }

    pub fn position(&self, source: &str, offset: usize) -> Position {
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let column = source.get(line_start..offset).map_or(offset - line_start, |s| s.chars().count()) + 1;
        Position { line, column }
    }

    fn line_start(&self, line: usize) -> usize {
        self.starts[line - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let src = "ab\nçd = 1\n";
        let index = LineIndex::new(src);
        assert_eq!(index.position(src, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(src, 3), Position { line: 2, column: 1 });
        assert_eq!(index.position(src, 5), Position { line: 2, column: 2 });
    }
}
