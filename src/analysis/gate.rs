//! Cheap tests that keep a rule's ast-grep matcher off nodes it cannot
//! match, so the walk tries it on fewer nodes.
//!
//! ast-grep indexes a rule by the node kinds it can match, and no further:
//! a rule such as "an identifier inside a route handler's parameter list" is
//! tried on every identifier, and each try asks tree-sitter for the node's
//! parent, which walks down from the root. Two more tests, derived from the
//! rule when it compiles and decided from what the walk already knows:
//!
//! - **parent kind**: a rule that requires `inside: {kind: K}` (the direct
//!   parent; no `stopBy`) can only match a node whose parent is a `K`; the
//!   walk knows each node's parent kind for free;
//! - **node literals**: a rule whose pattern names `request`, or whose
//!   constraint's regex needs `fetch`, can only match a node whose text holds
//!   one of those literals (ASCII case-insensitively, as the file prefilter
//!   searches); one search of the file finds every literal's offsets, and a
//!   binary search tells whether one starts inside a node.
//!
//! Both are sound (a rule that passes no test is tried as before) and change
//! no result: they only decide what is tried.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use ast_grep_core::Language as _;
use serde_json::Value;

use ast_grep_core::tree_sitter::StrDoc;

use super::budget::{Deadline, Stopped};
use super::language::Lang;

type AstNode<'t> = ast_grep_core::Node<'t, StrDoc<Lang>>;

/// What one rule needs of a node, beyond its kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeNeeds {
    /// The kinds the node's parent may have (`None`: any, or no parent needed).
    pub parents: Option<Vec<u16>>,
    /// Literals one of which the node's text holds (`None`: no guarantee).
    pub literals: Option<Vec<String>>,
}

/// The parent kinds a node matching `rule` (an ast-grep rule object as
/// JSON) may have, when the rule says: its `inside` without `stopBy` names
/// the kind, directly or in every branch of an `any`; `all` narrows, `any`
/// widens, `not` and the rest say nothing.
pub fn parent_kinds(rule: &Value, lang: Lang) -> Option<Vec<u16>> {
    parents_of(rule, lang).map(|set| set.into_iter().collect())
}

fn parents_of(rule: &Value, lang: Lang) -> Option<BTreeSet<u16>> {
    through_all_and_any(rule, lang, &|rule, lang| {
        let relation = rule.get("inside").filter(|relation| relation.get("stopBy").is_none_or(|s| s == "neighbor"))?;
        kinds_of(relation, lang)
    })
}

/// The kinds a node matching `rule` may have, from its `kind` keys.
fn kinds_of(rule: &Value, lang: Lang) -> Option<BTreeSet<u16>> {
    through_all_and_any(rule, lang, &|rule, lang| {
        let id = lang.kind_to_id(rule.get("kind")?.as_str()?);
        // 0: a name the grammar lacks (ast-grep refuses it); 65535: ERROR, which matches anything.
        (id != 0 && id != u16::MAX).then(|| BTreeSet::from([id]))
    })
}

/// What `own` says of the rule object itself, narrowed by each item of its
/// `all` and by the union of its `any` branches (`None`: nothing known).
fn through_all_and_any(rule: &Value, lang: Lang, own: &dyn Fn(&Value, Lang) -> Option<BTreeSet<u16>>) -> Option<BTreeSet<u16>> {
    let mut known = own(rule, lang);
    for item in list(rule, "all") {
        narrow(&mut known, through_all_and_any(item, lang, own));
    }
    if rule.get("any").is_some() {
        narrow(&mut known, union(list(rule, "any").iter().map(|item| through_all_and_any(item, lang, own))));
    }
    known
}

fn list<'v>(rule: &'v Value, key: &str) -> &'v [Value] {
    rule.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn narrow(allowed: &mut Option<BTreeSet<u16>>, need: Option<BTreeSet<u16>>) {
    if let Some(need) = need {
        *allowed = Some(match allowed.take() {
            Some(have) => have.intersection(&need).copied().collect(),
            None => need,
        });
    }
}

/// Any of the branches: known only when every branch is.
fn union(branches: impl Iterator<Item = Option<BTreeSet<u16>>>) -> Option<BTreeSet<u16>> {
    branches.collect::<Option<Vec<_>>>().map(|sets| sets.into_iter().flatten().collect())
}

/// The needs of a list of matchers (the rules of a language, or the
/// components of its taint rules), with one literal search for them all.
pub struct Gates {
    parents: Vec<Option<Vec<u16>>>,
    /// For each matcher with literals, its literal set.
    set_of: Vec<Option<usize>>,
    sets: usize,
    /// Every literal once, and the sets each belongs to.
    search: Option<(AhoCorasick, Vec<Vec<usize>>)>,
}

/// Where a file holds each literal set: the sorted start offsets.
pub struct Hits(Vec<Vec<usize>>);

impl Gates {
    pub fn new<'n>(needs: impl IntoIterator<Item = &'n NodeNeeds>) -> Gates {
        let mut parents = Vec::new();
        let mut set_of = Vec::new();
        let mut literal_ids: HashMap<String, usize> = HashMap::new();
        let mut sets_of_literal: Vec<Vec<usize>> = Vec::new();
        let mut sets = 0;
        for need in needs {
            parents.push(need.parents.clone());
            set_of.push(need.literals.as_ref().map(|literals| {
                let set = sets;
                sets += 1;
                for literal in literals {
                    let id = *literal_ids.entry(literal.to_ascii_lowercase()).or_insert_with(|| {
                        sets_of_literal.push(Vec::new());
                        sets_of_literal.len() - 1
                    });
                    sets_of_literal[id].push(set);
                }
                set
            }));
        }
        let mut patterns: Vec<(String, usize)> = literal_ids.into_iter().collect();
        patterns.sort_by_key(|(_, id)| *id);
        // Overlapping matches: `get` inside `request.get` must be seen too.
        let search = (!patterns.is_empty())
            .then(|| AhoCorasickBuilder::new().ascii_case_insensitive(true).match_kind(MatchKind::Standard).build(patterns.iter().map(|(p, _)| p)).ok())
            .flatten()
            .map(|automaton| (automaton, sets_of_literal));
        // Without the automaton (it cannot fail for these few literals) nothing is gated on literals.
        if search.is_none() {
            set_of.iter_mut().for_each(|s| *s = None);
        }
        Gates { parents, set_of, sets, search }
    }

    /// One search of `source` for every literal.
    pub fn hits(&self, source: &str) -> Hits {
        let mut starts = vec![Vec::new(); self.sets];
        if let Some((automaton, sets_of_literal)) = &self.search {
            for found in automaton.find_overlapping_iter(source) {
                for &set in &sets_of_literal[found.pattern().as_usize()] {
                    starts[set].push(found.start());
                }
            }
            for offsets in &mut starts {
                offsets.sort_unstable();
                offsets.dedup();
            }
        }
        Hits(starts)
    }

    /// Whether matcher `index` may match a node spanning `range` whose
    /// parent has kind `parent` (`None`: the root).
    pub fn open(&self, index: usize, hits: &Hits, range: Range<usize>, parent: Option<u16>) -> bool {
        if let Some(kinds) = &self.parents[index]
            && !parent.is_some_and(|p| kinds.contains(&p))
        {
            return false;
        }
        match self.set_of[index] {
            Some(set) => {
                let offsets = &hits.0[set];
                let first = offsets.partition_point(|&o| o < range.start);
                offsets.get(first).is_some_and(|&o| o < range.end)
            }
            None => true,
        }
    }
}

/// Every node of the tree under `root` (itself included) in pre-order, as
/// ast-grep's `dfs` gives them, with its parent's kind, within `deadline`.
/// From ast-grep's own nodes, each one's children listed by one cursor:
/// adopting the nodes of a tree-sitter cursor walk costs a lineage check up
/// to the root per node in debug builds, and walking one beside ast-grep's
/// `dfs` walks the tree twice.
pub fn preorder<'t>(root: AstNode<'t>, deadline: &Deadline, visit: &mut dyn FnMut(AstNode<'t>, Option<u16>)) -> Result<(), Stopped> {
    let mut ticker = deadline.ticker();
    let mut stack = vec![(root, None)];
    while let Some((node, parent)) = stack.pop() {
        ticker.tick()?;
        let kind = node.kind_id();
        let first = stack.len();
        stack.extend(node.children().map(|child| (child, Some(kind))));
        stack[first..].reverse();
        visit(node, parent);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use ast_grep_core::tree_sitter::LanguageExt as _;

    use super::*;

    fn python() -> Lang {
        Lang::from_name("python").unwrap()
    }

    fn rule(yaml: &str) -> Value {
        serde_saphyr::from_str(yaml).unwrap()
    }

    fn names(lang: Lang, ids: Option<Vec<u16>>) -> Option<Vec<String>> {
        ids.map(|ids| {
            let mut names: Vec<String> = ids.into_iter().map(|id| lang.get_ts_language().node_kind_for_id(id).unwrap_or("?").to_string()).collect();
            names.sort();
            names
        })
    }

    #[test]
    fn the_parent_kind_comes_from_inside_without_stop_by() {
        let py = python();
        let param = rule("kind: identifier\nall:\n  - not: {regex: ^self$}\n  - any:\n    - inside: {kind: parameters}\n    - inside: {kind: typed_parameter, inside: {kind: parameters}}\n");
        assert_eq!(names(py, parent_kinds(&param, py)), Some(vec!["parameters".into(), "typed_parameter".into()]));
        assert_eq!(parent_kinds(&rule("kind: identifier\ninside: {kind: function_definition, stopBy: end}\n"), py), None, "any ancestor: no parent kind");
        assert_eq!(parent_kinds(&rule("any:\n  - inside: {kind: call}\n  - pattern: eval($X)\n"), py), None, "a branch without a parent need");
        assert_eq!(parent_kinds(&rule("not: {inside: {kind: call}}\npattern: eval($X)\n"), py), None, "`not` promises nothing");
        let both = rule("inside: {any: [{kind: call}, {kind: argument_list}]}\nall: [{inside: {kind: call}}]\n");
        assert_eq!(names(py, parent_kinds(&both, py)), Some(vec!["call".into()]), "`all` narrows");
    }

    #[test]
    fn a_node_opens_only_with_its_parent_kind_and_a_literal_inside_it() {
        let py = python();
        let call = py.kind_to_id("call");
        let gates = Gates::new(&[NodeNeeds { parents: Some(vec![call]), literals: None }, NodeNeeds { parents: None, literals: Some(vec!["Request.GET".into(), "get".into()]) }, NodeNeeds::default()]);
        let source = "x = request.get('a')\ny = 1\n";
        let hits = gates.hits(source);
        assert!(gates.open(0, &hits, 0..5, Some(call)));
        assert!(!gates.open(0, &hits, 0..5, None), "the root has no parent");
        assert!(gates.open(1, &hits, 4..20, Some(call)), "case-insensitive, overlapping");
        assert!(gates.open(1, &hits, 12..15, None), "`get` inside `request.get` is seen");
        assert!(!gates.open(1, &hits, 21..26, None), "no literal starts in `y = 1`");
        assert!(gates.open(2, &hits, 21..26, None));
    }

    #[test]
    fn preorder_visits_what_ast_grep_visits_with_each_parent() {
        let source = "def f(a, b):\n    return g(a)\n";
        let root = python().ast_grep(source);
        let expected: Vec<(u16, Option<u16>)> = root.root().dfs().map(|n| (n.kind_id(), n.parent().map(|p| p.kind_id()))).collect();
        let mut seen = Vec::new();
        preorder(root.root(), &Deadline::none(), &mut |node, parent| seen.push((node.kind_id(), parent))).unwrap();
        assert_eq!(seen, expected);
    }
}
