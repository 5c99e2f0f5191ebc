//! The taint rules of one language inside the engine: their sinks are
//! matched on each node of the engine's one walk, like every other rule; only
//! for the rules with a sink match are the other components matched (one more
//! walk of the tree) and the data flow followed.

use std::collections::HashMap;

use ast_grep_core::matcher::{Matcher as _, MatcherExt as _};
use ast_grep_core::tree_sitter::StrDoc;

use super::languages::syntax_of;
use super::walk::{Hit, analyse};
use super::{Role, TaintSpec};
use crate::analysis::engine::{LineIndex, make_fix};
use crate::analysis::finding::{Finding, LineContext, TraceStep, fingerprint};
use crate::analysis::gate::{Gates, Hits};
use crate::analysis::language::Lang;
use crate::analysis::prefilter::Prefilter;
use crate::analysis::rules::Rule;
use crate::analysis::suppress::is_suppressed;

type AstNode<'t> = ast_grep_core::Node<'t, StrDoc<Lang>>;
type NodeMatch<'t> = ast_grep_core::NodeMatch<'t, StrDoc<Lang>>;

/// A component match: (index into the group's components, the match).
pub type TaintMatch<'t> = (usize, NodeMatch<'t>);

/// What the engine's walk finds for the taint rules of a file: the nodes
/// some component may match, with their parent's kind (see `findings`).
#[derive(Default)]
pub struct TaintFound<'t> {
    nodes: Vec<(AstNode<'t>, Option<u16>)>,
}

/// The components are matched in stages, each only for the rules the one
/// before left in: a rule with no source match in a file needs no sink
/// matched, one without a sink match no sanitizer.
#[derive(Clone, Copy)]
enum Stage {
    Sources,
    Sinks,
    Rest,
}

impl Stage {
    fn of(role: Role) -> Stage {
        match role {
            Role::Source => Stage::Sources,
            Role::Sink => Stage::Sinks,
            Role::Sanitizer | Role::Propagator => Stage::Rest,
        }
    }
}

pub struct TaintGroup<'r> {
    rules: Vec<(&'r Rule, &'r TaintSpec)>,
    /// Every component of every rule: (rule index, component index).
    components: Vec<(usize, usize)>,
    /// For each component, the components of any rule with the same matcher
    /// (itself included): only the first of them is matched.
    twins: Vec<Vec<usize>>,
    /// Per stage, node kind id → the components that can match a node of that kind.
    by_kind: [Vec<Vec<usize>>; 3],
    /// Which rules a file's text lets run: it holds a literal of their sinks,
    prefilter: Prefilter,
    /// and one of their sources.
    source_prefilter: Prefilter,
    /// What a node needs, beyond its kind, for each component to be tried on it.
    gates: Gates,
}

impl<'r> TaintGroup<'r> {
    pub fn new(lang: Lang, rules: Vec<&'r Rule>) -> TaintGroup<'r> {
        let rules: Vec<(&Rule, &TaintSpec)> = rules.into_iter().filter_map(|r| r.taint_specs().find(|(l, _)| *l == lang).map(|(_, spec)| (r, spec))).collect();
        let mut components = Vec::new();
        let mut by_kind: [Vec<Vec<usize>>; 3] = Default::default();
        let mut twins: Vec<Vec<usize>> = Vec::new();
        let mut first_of: HashMap<(usize, &str), usize> = HashMap::new();
        for (ri, (_, spec)) in rules.iter().enumerate() {
            for (ci, component) in spec.components.iter().enumerate() {
                let flat = components.len();
                components.push((ri, ci));
                twins.push(Vec::new());
                let stage = Stage::of(component.role) as usize;
                let first = *first_of.entry((stage, component.identity.as_str())).or_insert(flat);
                twins[first].push(flat);
                if first != flat {
                    continue;
                }
                let by_kind = &mut by_kind[stage];
                for kind in component.matcher.potential_kinds().unwrap_or_default().iter() {
                    if by_kind.len() <= kind {
                        by_kind.resize(kind + 1, Vec::new());
                    }
                    by_kind[kind].push(flat);
                }
            }
        }
        let prefilter = Prefilter::new(rules.iter().map(|(r, _)| r.required_literals.as_deref()));
        let source_prefilter = Prefilter::new(rules.iter().map(|(_, spec)| spec.source_literals.as_deref()));
        let gates = Gates::new(components.iter().map(|&(ri, ci)| &rules[ri].1.components[ci].needs));
        TaintGroup { rules, components, twins, by_kind, prefilter, source_prefilter, gates }
    }

    /// The indices of the rules that may report in `source`: it holds a
    /// literal of one of their sinks and one of their sources.
    pub fn candidates(&self, source: &str) -> Vec<usize> {
        let with_sources = self.source_prefilter.candidates(source);
        self.prefilter.candidates(source).into_iter().filter(|i| with_sources.binary_search(i).is_ok()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn rule(&self, index: usize) -> &'r Rule {
        self.rules[index].0
    }

    /// Where `source` holds the literals of the components (see `gate`).
    pub fn hits(&self, source: &str) -> Hits {
        self.gates.hits(source)
    }

    /// Keeps `node` aside, in the engine's walk, when a component of an
    /// enabled rule may match it (its kind, parent kind and literals allow).
    pub fn keep<'t>(&self, enabled: &[bool], hits: &Hits, node: &AstNode<'t>, parent: Option<u16>, found: &mut TaintFound<'t>) {
        let kind = usize::from(node.kind_id());
        let wanted = self
            .by_kind
            .iter()
            .filter_map(|by_kind| by_kind.get(kind))
            .flatten()
            .any(|&first| self.twins[first].iter().any(|&flat| enabled[self.components[flat].0]) && self.gates.open(first, hits, node.range(), parent));
        if wanted {
            found.nodes.push((node.clone(), parent));
        }
    }

    fn match_with<'t>(&self, by_kind: &[Vec<usize>], enabled: &[bool], hits: &Hits, node: &AstNode<'t>, parent: Option<u16>, out: &mut Vec<TaintMatch<'t>>) {
        let Some(candidates) = by_kind.get(usize::from(node.kind_id())) else { return };
        for &first in candidates {
            let twins = &self.twins[first];
            if !twins.iter().any(|&flat| enabled[self.components[flat].0]) || !self.gates.open(first, hits, node.range(), parent) {
                continue;
            }
            let (ri, ci) = self.components[first];
            let Some(found) = self.rules[ri].1.components[ci].matcher.match_node(node.clone()) else { continue };
            for &flat in twins {
                if enabled[self.components[flat].0] {
                    out.push((flat, found.clone()));
                }
            }
        }
    }

    /// Matches the components on the nodes the walk kept, stage by stage
    /// (sources; sinks of the rules with a source; the rest of the rules with
    /// both), runs the data-flow walk of the rules with both, and turns what
    /// reaches a sink into findings with their traces.
    #[allow(clippy::too_many_arguments)]
    pub fn findings<'t>(&self, found: TaintFound<'t>, enabled: &[bool], hits: &Hits, root: AstNode<'t>, path: &str, source: &str, lang: Lang, stopped: &dyn Fn() -> bool) -> Vec<Finding> {
        let Some(syntax) = syntax_of(lang.name()) else { return Vec::new() };
        let mut matches = Vec::new();
        let mut on = enabled.to_vec();
        for stage in [Stage::Sources, Stage::Sinks, Stage::Rest] {
            let before = matches.len();
            for (visited, (node, parent)) in found.nodes.iter().enumerate() {
                if visited % 4096 == 0 && stopped() {
                    return Vec::new();
                }
                self.match_with(&self.by_kind[stage as usize], &on, hits, node, *parent, &mut matches);
            }
            if matches!(stage, Stage::Rest) {
                break;
            }
            // The next stage only for the rules this one matched for.
            let mut matched = vec![false; self.rules.len()];
            for (flat, _) in &matches[before..] {
                matched[self.components[*flat].0] = true;
            }
            on = matched;
            if !on.contains(&true) {
                return Vec::new();
            }
        }
        let mut per_rule: HashMap<usize, Vec<(usize, NodeMatch<'t>)>> = HashMap::new();
        for (flat, found) in matches {
            let (ri, ci) = self.components[flat];
            per_rule.entry(ri).or_default().push((ci, found));
        }
        let mut findings = Vec::new();
        let mut called = None;
        let mut rules: Vec<usize> = per_rule.keys().copied().collect();
        rules.sort_unstable();
        for ri in rules {
            let found = per_rule.remove(&ri).unwrap_or_default();
            let (rule, spec) = self.rules[ri];
            let has = |role: Role| found.iter().any(|(ci, _)| spec.components[*ci].role == role);
            if !has(Role::Sink) || !has(Role::Source) || stopped() {
                continue;
            }
            let sinks: HashMap<(usize, usize), NodeMatch<'t>> =
                found.iter().filter(|(ci, _)| spec.components[*ci].role == Role::Sink).map(|(_, m)| ((m.range().start, m.range().end), m.clone())).collect();
            let hits = analyse(spec, syntax, root.clone(), found, &mut called, stopped);
            findings.extend(to_findings(rule, spec, hits, &sinks, path, source, lang));
        }
        findings
    }
}

fn to_findings(rule: &Rule, spec: &TaintSpec, hits: Vec<Hit>, sinks: &HashMap<(usize, usize), NodeMatch>, path: &str, source: &str, lang: Lang) -> Vec<Finding> {
    if hits.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(source);
    let lines: Vec<&str> = source.lines().collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut findings = Vec::new();
    for hit in hits {
        let start = index.position(source, hit.range.start);
        if is_suppressed(&lines, start.line, &rule.id, lang.spec().comment_starts) {
            continue;
        }
        let sink_text = source.get(hit.range.clone()).unwrap_or_default();
        // The sink and the source identify the flow; line numbers do not, so
        // inserting unrelated lines above leaves the fingerprint alone.
        let source_text = hit.trace.first().and_then(|s| source.get(s.range.clone())).unwrap_or_default();
        let identity = format!("{}\u{1}{}", sink_text.split_whitespace().collect::<String>(), source_text.split_whitespace().collect::<String>());
        let occurrence = seen.entry(identity.clone()).and_modify(|n| *n += 1).or_insert(0);
        let mut message = rule.meta.message.clone();
        let mut vars = hit.vars.clone();
        // Longest names first, so `$QUERY_TEXT` is not read as `$QUERY` + `_TEXT`.
        vars.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        for (name, text) in &vars {
            message = message.replace(&format!("${name}"), text);
        }
        let fix = spec.fixer.as_ref().and_then(|fixer| {
            let found = sinks.get(&(hit.range.start, hit.range.end))?;
            let sink_component = spec.components.iter().find(|c| c.role == Role::Sink && c.matcher.match_node(found.get_node().clone()).is_some())?;
            let edit = found.make_edit(&sink_component.matcher, fixer);
            let replacement = String::from_utf8_lossy(&edit.inserted_text).into_owned();
            Some(make_fix(source, &index, edit.position..edit.position + edit.deleted_length, replacement))
        });
        let trace = hit
            .trace
            .iter()
            .map(|step| {
                let at = index.position(source, step.range.start);
                TraceStep { path: path.to_string(), line: at.line, column: at.column, note: step.note.clone() }
            })
            .collect();
        findings.push(Finding {
            rule_id: rule.id.clone(),
            severity: rule.severity,
            path: path.to_string(),
            start,
            end: index.position(source, hit.range.end),
            message,
            note: rule.meta.note.clone(),
            fix,
            tags: rule.meta.tags.clone(),
            fingerprint: fingerprint(&rule.id, path, &identity, *occurrence),
            context: LineContext::new(lines.get(start.line - 1).unwrap_or(&""), start.column),
            trace,
        });
    }
    findings
}
