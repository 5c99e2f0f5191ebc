//! The data-flow walk of one file for one taint rule.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

use ast_grep_core::Doc as _;

use super::languages::{Binding, TaintSyntax};
use super::nodes::{Key, Node, NodeMatch, callee_name, compact, is_path, key, message_vars, part, positional, receiver_of, short, single};
use super::state::{Flow, State, Step, Taint};
use super::summary::{Mode, Summary};
use super::{Role, TaintSpec};

/// Method names that put their argument into their receiver: string
/// builders and collections (`sb.append(x)`, `list.add(x)`, `buf.WriteString(x)`).
const MUTATORS: &[&str] = &[
    "append",
    "add",
    "push",
    "put",
    "extend",
    "insert",
    "write",
    "writelines",
    "update",
    "setdefault",
    "unshift",
    "addAll",
    "putAll",
    "Append",
    "AppendLine",
    "AppendFormat",
    "Add",
    "Insert",
    "Write",
    "WriteString",
    "concat_mut",
    "push_str",
];

/// A sink reached by taint: where, by which path, and the texts the
/// message may quote.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The sink match's range.
    pub range: Range<usize>,
    /// Source first, sink last.
    pub trace: Vec<Step>,
    /// Metavariables of the sink match (`QUERY` → its text), `SINK` and `SOURCE`.
    pub vars: Vec<(String, String)>,
}

struct SinkAt<'t> {
    component: usize,
    found: NodeMatch<'t>,
}

pub(super) struct Walk<'a, 't> {
    pub(super) syntax: &'static TaintSyntax,
    pub(super) spec: &'a TaintSpec,
    pub(super) sources: HashMap<Key, Vec<Flow>>,
    /// Source ranges, to find the parameters a source match covers.
    pub(super) source_ranges: Vec<(Range<usize>, Key)>,
    pub(super) sanitized: HashSet<Key>,
    sinks: HashMap<Key, Vec<SinkAt<'t>>>,
    propagators: HashMap<Key, Vec<(Node<'t>, Node<'t>)>>,
    pub(super) summaries: HashMap<String, Summary>,
    /// The functions whose summary is still to be computed, and whether a
    /// walk asked for one of them (then the summaries take one more round).
    pub(super) unsummarised: HashSet<String>,
    pub(super) missed_summary: Cell<bool>,
    pub(super) mode: Mode,
    pub(super) hits: Vec<Hit>,
    pub(super) reported: HashSet<Key>,
    /// Whether the file's time budget is spent: the walk then stops early.
    pub(super) stopped: &'a dyn Fn() -> bool,
}

/// The named functions of a file that the file calls, found once per file
/// and shared by its rules' walks (see `Walk::summarise`).
pub type Called<'t> = Option<Vec<(String, Node<'t>)>>;

/// Follows taint through one file for one rule. `matches` are the rule's
/// component matches from the engine's walk, as (component index, match).
pub fn analyse<'t>(spec: &TaintSpec, syntax: &'static TaintSyntax, root: Node<'t>, matches: Vec<(usize, NodeMatch<'t>)>, called: &mut Called<'t>, stopped: &dyn Fn() -> bool) -> Vec<Hit> {
    let mut walk = Walk {
        syntax,
        spec,
        sources: HashMap::new(),
        source_ranges: Vec::new(),
        sanitized: HashSet::new(),
        sinks: HashMap::new(),
        propagators: HashMap::new(),
        summaries: HashMap::new(),
        unsummarised: HashSet::new(),
        missed_summary: Cell::new(false),
        mode: Mode::Report,
        hits: Vec::new(),
        reported: HashSet::new(),
        stopped,
    };
    for (index, found) in matches {
        let component = &spec.components[index];
        let at = key(&found);
        match component.role {
            Role::Source => {
                let step = Step { range: found.range(), note: format!("source: `{}`", short(&found.text())) };
                let flow = Flow { label: component.label.as_deref().map(Rc::from), steps: Rc::new(vec![step]) };
                walk.source_ranges.push((found.range(), at));
                walk.sources.entry(at).or_default().push(flow);
            }
            Role::Sanitizer => {
                walk.sanitized.insert(at);
            }
            Role::Sink => walk.sinks.entry(at).or_default().push(SinkAt { component: index, found }),
            Role::Propagator => {
                let env = found.get_env();
                let pick = |var: &Option<String>| var.as_deref().and_then(|v| env.get_match(v).cloned());
                if let (Some(from), Some(to)) = (pick(&component.from), pick(&component.to)) {
                    walk.propagators.entry(at).or_default().push((from, to));
                }
            }
        }
    }
    if walk.sinks.is_empty() {
        return Vec::new();
    }
    let functions = called.get_or_insert_with(|| walk.called_functions(&root));
    walk.summarise(functions);
    walk.mode = Mode::Report;
    let mut state = State::default();
    walk.visit(&root, &mut state, false, false);
    walk.hits.sort_by_key(|h| h.range.start);
    walk.hits
}

impl<'a, 't> Walk<'a, 't> {
    pub(super) fn is(&self, list: &[&str], node: &Node) -> bool {
        list.contains(&node.kind().as_ref())
    }

    pub(super) fn binding(&self, node: &Node) -> Option<Binding> {
        let kind = node.kind();
        self.syntax.bindings.iter().find(|b| b.kind == kind.as_ref()).copied()
    }

    /// Walks `node` in statement order. `weak`: inside a branch or loop,
    /// where an assignment adds taint but never clears it.
    pub(super) fn visit(&mut self, node: &Node<'t>, state: &mut State, weak: bool, in_function: bool) {
        if (self.stopped)() {
            return;
        }
        if self.is(self.syntax.functions, node) {
            // A closure starts from what its enclosing function knows; a
            // top-level function from nothing, so one that holds no source
            // has nothing to report (what its parameters carry to a sink,
            // its summary reports at the call).
            let range = node.range();
            if !in_function && matches!(self.mode, Mode::Report) && !self.source_ranges.iter().any(|(r, _)| range.start <= r.start && r.end <= range.end) {
                return;
            }
            let mut inner = if in_function { state.clone() } else { State::default() };
            self.function(node, &mut inner, false);
            return;
        }
        let is_loop = self.is(self.syntax.loops, node);
        let inner_weak = weak || is_loop || self.is(self.syntax.branches, node);
        let binding = self.binding(node);
        if is_loop {
            for _pass in 0..3 {
                let before = state.changes;
                if let Some(b) = binding {
                    self.bind(node, b, state, true);
                }
                for child in node.children() {
                    self.visit(&child, state, true, in_function);
                }
                if state.changes == before {
                    break;
                }
            }
        } else {
            for child in node.children() {
                self.visit(&child, state, inner_weak, in_function);
            }
            if let Some(b) = binding {
                self.bind(node, b, state, weak);
            }
        }
        self.after(node, state);
    }

    /// What a node does once its children have run: returns, propagators,
    /// mutating calls, summarised calls, sinks.
    fn after(&mut self, node: &Node<'t>, state: &mut State) {
        if self.is(self.syntax.returns, node) {
            let mut taint = Taint::default();
            for child in node.children().filter(|c| c.is_named()) {
                taint.union(self.eval(&child, state));
            }
            if let Mode::Summary(summary) = &mut self.mode {
                summary.returns |= taint.params;
            }
        }
        let at = key(node);
        if let Some(pairs) = self.propagators.get(&at) {
            let pairs: Vec<(Node<'t>, Node<'t>)> = pairs.clone();
            for (from, to) in pairs {
                let taint = self.eval(&from, state);
                if !taint.is_clean() {
                    let step = Step { range: to.range(), note: format!("`{}`", short(&to.text())) };
                    self.assign(&to, None, taint.then(&step), state, true);
                }
            }
        }
        if let Some(call) = self.syntax.calls.iter().find(|c| c.kind == node.kind().as_ref()) {
            let name = callee_name(node, call.callee);
            let arguments = part(node, call.arguments, None).map(|a| positional(&a)).unwrap_or_default();
            if MUTATORS.contains(&name.as_str())
                && let Some(receiver) = receiver_of(node, call.callee, call.receiver)
            {
                let mut taint = Taint::default();
                for argument in &arguments {
                    taint.union(self.eval(argument, state));
                }
                if !taint.is_clean()
                    && let Some(root) = self.root_variable(&receiver)
                {
                    let step = Step { range: node.range(), note: format!("`{}`", short(&node.text())) };
                    state.set(&root, taint.then(&step), true);
                }
            }
            if let Some(summary) = self.summary_of(&name).cloned() {
                self.call_reaches_sink(node, &summary, &arguments, state);
            }
        }
        if self.sinks.contains_key(&at) {
            self.check_sink(node, at, state);
        }
    }

    fn check_sink(&mut self, node: &Node<'t>, at: Key, state: &State) {
        let Some(sinks) = self.sinks.remove(&at) else { return };
        for sink in &sinks {
            let component = &self.spec.components[sink.component];
            let targets: Vec<Node<'t>> = match &component.focus {
                None => vec![sink.found.get_node().clone()],
                Some(var) => {
                    let env = sink.found.get_env();
                    match env.get_match(var) {
                        Some(one) => vec![one.clone()],
                        None => env.get_multiple_matches(var),
                    }
                }
            };
            let mut taint = Taint::default();
            for target in &targets {
                taint.union(self.eval(target, state));
            }
            let sink_step = Step { range: node.range(), note: format!("sink: `{}`", short(&node.text())) };
            match &mut self.mode {
                Mode::Summary(summary) => {
                    if taint.params != 0 {
                        summary.sinks.push((taint.params, sink.component, vec![sink_step]));
                    }
                }
                Mode::Report => {
                    if self.reported.contains(&at) {
                        continue;
                    }
                    if let Some(flow) = taint.flows.iter().find(|f| component.accepts(f.label.as_deref())) {
                        let trace = flow.then(sink_step).steps.as_ref().clone();
                        let vars = message_vars(&sink.found, &trace);
                        self.reported.insert(at);
                        self.hits.push(Hit { range: node.range(), trace, vars });
                    }
                }
            }
        }
        self.sinks.insert(at, sinks);
    }

    /// The variables a target or parameter declares (`x`, `a, b`, `{a, b}`,
    /// `x: int = 3`), leaving out types, defaults and annotations.
    pub(super) fn binding_names(&self, node: &Node<'t>) -> Vec<Node<'t>> {
        if self.is(self.syntax.variables, node) || node.kind() == "shorthand_property_identifier_pattern" {
            return vec![node.clone()];
        }
        for field in ["name", "pattern"] {
            if let Some(named) = node.field(field)
                && (self.is(self.syntax.variables, &named) || named.kind() == "shorthand_property_identifier_pattern")
            {
                return vec![named];
            }
        }
        let mut names = Vec::new();
        let skip: Vec<Range<usize>> = ["type", "value", "default_value", "right", "default"].iter().filter_map(|f| node.field(f)).map(|n| n.range()).collect();
        for child in node.children().filter(|c| c.is_named()) {
            if skip.contains(&child.range()) || self.is(self.syntax.opaque, &child) || self.is(self.syntax.indexes, &child) {
                continue;
            }
            names.extend(self.binding_names(&child));
        }
        names
    }

    /// Applies a binding node: the target gets the value's taint.
    fn bind(&mut self, node: &Node<'t>, binding: Binding, state: &mut State, weak: bool) {
        let Some(target) = part(node, binding.target, None) else { return };
        let Some(value) = part(node, binding.value, Some(&target)) else { return };
        // `x += e` and `x .= e` keep what x had.
        let between = node.get_doc().get_source().get(target.range().end..value.range().start).unwrap_or_default().trim().to_string();
        let augmented = between.len() > 1 && between.ends_with('=') && between != ":=" && between != "==";
        let taint = self.eval(&value, state);
        self.assign(&target, Some(&value), taint, state, weak || augmented);
    }

    /// Gives `target` the taint (a variable, a field path, an element of a
    /// collection, or each name of a destructuring pattern).
    fn assign(&mut self, target: &Node<'t>, value: Option<&Node<'t>>, taint: Taint, state: &mut State, weak: bool) {
        let target = single(target);
        let text = target.text();
        let step = Step { range: target.range(), note: format!("`{}`", short(&text)) };
        if self.is(self.syntax.variables, &target) {
            state.set(&text, taint.then(&step), weak);
            return;
        }
        // A path first: Kotlin writes both `obj.f = e` and `a[i] = e` as one
        // kind, listed with the indexes.
        if is_path(&text) {
            state.set(&compact(&text), taint.then(&step), weak);
            return;
        }
        if self.is(self.syntax.indexes, &target) {
            if let Some(root) = self.root_variable(&target) {
                state.set(&root, taint.then(&step), true);
            }
            return;
        }
        let names = self.binding_names(&target);
        let values: Vec<Node<'t>> = value.map(|v| single(v)).map(|v| v.children().filter(|c| c.is_named()).collect()).unwrap_or_default();
        // `a, b = x, y` pairs the names with the values; `{a, b} = obj` gives each the whole.
        let listed = value.is_some_and(|v| {
            let inner = single(v);
            let kind = inner.kind();
            kind.contains("list") || kind.contains("tuple") || kind == "array"
        });
        let pairwise = listed && names.len() > 1 && values.len() == names.len();
        let state_before = state.clone();
        for (i, name) in names.iter().enumerate() {
            let own = if pairwise { self.eval(&values[i], &state_before) } else { taint.clone() };
            let step = Step { range: name.range(), note: format!("`{}`", name.text()) };
            state.set(&name.text(), own.then(&step), weak);
        }
    }

    /// The variable at the root of `a.b[c].d`: the one that holds the collection.
    fn root_variable(&self, node: &Node<'t>) -> Option<String> {
        let mut current = node.clone();
        for _ in 0..32 {
            if self.is(self.syntax.variables, &current) {
                return Some(current.text().to_string());
            }
            let next = current.children().find(|c| c.is_named())?;
            current = next;
        }
        None
    }

    /// The taint an expression carries here.
    pub(super) fn eval(&self, node: &Node<'t>, state: &State) -> Taint {
        let at = key(node);
        if self.sanitized.contains(&at) {
            return Taint::default();
        }
        if let Some(flows) = self.sources.get(&at) {
            let mut taint = Taint::default();
            for flow in flows {
                taint.add(flow.clone());
            }
            return taint;
        }
        if !node.is_named() || self.is(self.syntax.opaque, node) || self.is(self.syntax.functions, node) {
            return Taint::default();
        }
        if self.is(self.syntax.variables, node) {
            return state.get(&node.text()).cloned().unwrap_or_default();
        }
        if state.has_paths()
            && is_path(&node.text())
            && let Some(taint) = state.get(&compact(&node.text()))
        {
            return taint.clone();
        }
        if let Some(call) = self.syntax.calls.iter().find(|c| c.kind == node.kind().as_ref()) {
            let name = callee_name(node, call.callee);
            if self.spec.returns_clean.iter().any(|c| *c == name) {
                return Taint::default();
            }
            if let Some(summary) = self.summary_of(&name) {
                let arguments = part(node, call.arguments, None).map(|a| positional(&a)).unwrap_or_default();
                let mut taint = Taint::default();
                for (i, argument) in arguments.iter().enumerate().take(64) {
                    if summary.returns & (1 << i) != 0 {
                        taint.union(self.eval(argument, state));
                    }
                }
                let step = Step { range: node.range(), note: format!("returned by `{}`", short(&node.text())) };
                return taint.then(&step);
            }
        }
        // Member names are not variables; the condition of a ternary or the
        // subject of a `match` picks an arm but is not the value.
        let mut skip: Vec<Range<usize>> = self.syntax.member_names.iter().filter(|(parent, _)| *parent == node.kind().as_ref()).filter_map(|(_, field)| node.field(field)).map(|n| n.range()).collect();
        skip.extend(self.selectors(node));
        let mut taint = Taint::default();
        for child in node.children() {
            if child.is_named() && !skip.contains(&child.range()) {
                taint.union(self.eval(&child, state));
            }
        }
        taint
    }
}
