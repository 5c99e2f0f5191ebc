//! The data-flow walk of one file for one taint rule.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::rc::Rc;

use ast_grep_core::Doc as _;
use ast_grep_core::meta_var::MetaVariable;
use ast_grep_core::tree_sitter::StrDoc;

use super::languages::{Binding, Part, TaintSyntax};
use super::state::{Flow, State, Step, Taint};
use super::{Role, TaintSpec};
use crate::analysis::language::Lang;

type Node<'t> = ast_grep_core::Node<'t, StrDoc<Lang>>;
type NodeMatch<'t> = ast_grep_core::NodeMatch<'t, StrDoc<Lang>>;
/// A node's identity within one tree.
type Key = (usize, usize, u16);

fn key(node: &Node) -> Key {
    let r = node.range();
    (r.start, r.end, node.kind_id())
}

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

/// What one of the file's own functions does with its parameters.
#[derive(Clone, Debug, Default)]
struct Summary {
    /// Bits of the parameters whose taint reaches the return value.
    returns: u64,
    /// Sinks reached by parameters: which bits, the sink component and its path inside.
    sinks: Vec<(u64, usize, Vec<Step>)>,
}

enum Mode {
    /// Computing a function's summary: parameter bits are tracked, nothing is reported.
    Summary(Summary),
    Report,
}

struct SinkAt<'t> {
    component: usize,
    found: NodeMatch<'t>,
}

struct Walk<'a, 't> {
    syntax: &'static TaintSyntax,
    spec: &'a TaintSpec,
    sources: HashMap<Key, Vec<Flow>>,
    /// Source ranges, to find the parameters a source match covers.
    source_ranges: Vec<(Range<usize>, Key)>,
    sanitized: HashSet<Key>,
    sinks: HashMap<Key, Vec<SinkAt<'t>>>,
    propagators: HashMap<Key, Vec<(Node<'t>, Node<'t>)>>,
    summaries: HashMap<String, Summary>,
    mode: Mode,
    hits: Vec<Hit>,
    reported: HashSet<Key>,
    /// Whether the file's time budget is spent: the walk then stops early.
    stopped: &'a dyn Fn() -> bool,
}

/// Follows taint through one file for one rule. `matches` are the rule's
/// component matches from the engine's walk, as (component index, match).
pub fn analyse<'t>(spec: &TaintSpec, syntax: &'static TaintSyntax, root: Node<'t>, matches: Vec<(usize, NodeMatch<'t>)>, stopped: &dyn Fn() -> bool) -> Vec<Hit> {
    let mut walk = Walk {
        syntax,
        spec,
        sources: HashMap::new(),
        source_ranges: Vec::new(),
        sanitized: HashSet::new(),
        sinks: HashMap::new(),
        propagators: HashMap::new(),
        summaries: HashMap::new(),
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
    walk.summarise(&root);
    walk.mode = Mode::Report;
    let mut state = State::default();
    walk.visit(&root, &mut state, false, false);
    walk.hits.sort_by_key(|h| h.range.start);
    walk.hits
}

/// The first line of a node's text, cut to a readable length.
pub fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() > 60 {
        format!("{}…", line.chars().take(60).collect::<String>())
    } else if text.contains('\n') {
        format!("{line} …")
    } else {
        line.to_string()
    }
}

impl<'a, 't> Walk<'a, 't> {
    /// Computes the summaries of the file's named functions, twice so that a
    /// function calling one defined after it sees that one's summary.
    fn summarise(&mut self, root: &Node<'t>) {
        let functions: Vec<Node<'t>> = root.dfs().filter(|n| self.syntax.functions.contains(&n.kind().as_ref()) && n.field("name").is_some()).collect();
        if functions.is_empty() {
            return;
        }
        for _round in 0..2 {
            for function in &functions {
                if (self.stopped)() {
                    return;
                }
                let Some(name) = function.field("name").map(|n| n.text().to_string()) else { continue };
                self.mode = Mode::Summary(Summary::default());
                let mut state = State::default();
                self.function(function, &mut state, true);
                if let Mode::Summary(summary) = std::mem::replace(&mut self.mode, Mode::Report) {
                    self.summaries.insert(name, summary);
                }
            }
        }
    }

    fn is(&self, list: &[&str], node: &Node) -> bool {
        list.contains(&node.kind().as_ref())
    }

    fn binding(&self, node: &Node) -> Option<Binding> {
        let kind = node.kind();
        self.syntax.bindings.iter().find(|b| b.kind == kind.as_ref()).copied()
    }

    /// Walks `node` in statement order. `weak`: inside a branch or loop,
    /// where an assignment adds taint but never clears it.
    fn visit(&mut self, node: &Node<'t>, state: &mut State, weak: bool, in_function: bool) {
        if (self.stopped)() {
            return;
        }
        if self.is(self.syntax.functions, node) {
            // A closure starts from what its enclosing function knows; a
            // top-level function from nothing.
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
            let arguments = node.field(call.arguments).map(|a| positional(&a)).unwrap_or_default();
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
            if let Some(summary) = self.summaries.get(&name).cloned() {
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

    /// A call of a summarised function that passes taint to a parameter
    /// which reaches a sink inside it: reported at the call.
    fn call_reaches_sink(&mut self, node: &Node<'t>, summary: &Summary, arguments: &[Node<'t>], state: &State) {
        let at = key(node);
        for (bits, component, inner) in &summary.sinks {
            let mut taint = Taint::default();
            for (i, argument) in arguments.iter().enumerate().take(64) {
                if bits & (1 << i) != 0 {
                    taint.union(self.eval(argument, state));
                }
            }
            let call_step = Step { range: node.range(), note: format!("passed to `{}`", short(&node.text())) };
            match &mut self.mode {
                Mode::Summary(outer) => {
                    if taint.params != 0 {
                        let mut steps = vec![call_step];
                        steps.extend(inner.iter().cloned());
                        outer.sinks.push((taint.params, *component, steps));
                    }
                }
                Mode::Report => {
                    if self.reported.contains(&at) {
                        continue;
                    }
                    let sink = &self.spec.components[*component];
                    if let Some(flow) = taint.flows.iter().find(|f| sink.accepts(f.label.as_deref())) {
                        let mut trace = flow.then(call_step).steps.as_ref().clone();
                        trace.extend(inner.iter().cloned());
                        let mut vars = vec![("SINK".to_string(), short(&node.text()))];
                        vars.extend(source_var(&trace));
                        self.reported.insert(at);
                        self.hits.push(Hit { range: node.range(), trace, vars });
                    }
                }
            }
        }
    }

    /// Walks a function: its parameters are sources when a source match
    /// covers them, or (for a summary) marked by position; then its body.
    fn function(&mut self, node: &Node<'t>, state: &mut State, mark_params: bool) {
        let mut params_range = None;
        let mut index = 0;
        for field in self.syntax.parameters {
            let Some(params) = node.field(field) else { continue };
            params_range = Some(params.range());
            let list: Vec<Node<'t>> = if self.is(self.syntax.variables, &params) { vec![params.clone()] } else { params.children().filter(|c| c.is_named()).collect() };
            for param in list {
                for name in self.binding_names(&param) {
                    let text = name.text().to_string();
                    state.shadow(&text);
                    let mut taint = Taint::default();
                    if mark_params && index < 64 {
                        taint.params = 1 << index;
                    }
                    let covered = name.range();
                    for (range, at) in &self.source_ranges {
                        if range.start <= covered.start && covered.end <= range.end {
                            for flow in self.sources.get(at).into_iter().flatten() {
                                taint.add(flow.then(Step { range: covered.clone(), note: format!("parameter `{text}`") }));
                            }
                        }
                    }
                    state.set(&text, taint, false);
                }
                index += 1;
            }
        }
        for child in node.children() {
            if params_range.as_ref().is_some_and(|r| child.range() == *r) {
                continue;
            }
            self.visit(&child, state, false, true);
        }
    }

    /// The variables a target or parameter declares (`x`, `a, b`, `{a, b}`,
    /// `x: int = 3`), leaving out types, defaults and annotations.
    fn binding_names(&self, node: &Node<'t>) -> Vec<Node<'t>> {
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
        if self.is(self.syntax.indexes, &target) {
            if let Some(root) = self.root_variable(&target) {
                state.set(&root, taint.then(&step), true);
            }
            return;
        }
        if is_path(&text) {
            state.set(&compact(&text), taint.then(&step), weak);
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
    fn eval(&self, node: &Node<'t>, state: &State) -> Taint {
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
            if let Some(summary) = self.summaries.get(&name) {
                let arguments = node.field(call.arguments).map(|a| positional(&a)).unwrap_or_default();
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
        let skip: Vec<Range<usize>> = self.syntax.member_names.iter().filter(|(parent, _)| *parent == node.kind().as_ref()).filter_map(|(_, field)| node.field(field)).map(|n| n.range()).collect();
        let mut taint = Taint::default();
        for child in node.children() {
            if child.is_named() && !skip.contains(&child.range()) {
                taint.union(self.eval(&child, state));
            }
        }
        taint
    }
}

/// One side of a binding node.
fn part<'t>(node: &Node<'t>, part: Part, other: Option<&Node<'t>>) -> Option<Node<'t>> {
    match part {
        Part::Field(field) => node.field(field),
        Part::Nth(n) => node.children().filter(|c| c.is_named()).nth(n),
        Part::LastNamed => node.children().filter(|c| c.is_named()).filter(|c| other.is_none_or(|o| o.range() != c.range())).last().filter(|c| other.is_none_or(|o| c.range().start >= o.range().end)),
    }
}

/// A list of one (`x` in Go's `x := e`, written as an expression list) is its element.
fn single<'t>(node: &Node<'t>) -> Node<'t> {
    let mut named = node.children().filter(|c| c.is_named());
    match (named.next(), named.next()) {
        (Some(only), None) if node.kind().ends_with("_list") || node.kind() == "parenthesized_expression" => only,
        _ => node.clone(),
    }
}

/// The positional arguments of an argument list (comments and keyword arguments left out).
fn positional<'t>(arguments: &Node<'t>) -> Vec<Node<'t>> {
    let unwrap = |c: Node<'t>| {
        if c.kind() != "argument" {
            return c;
        }
        let inner = c.children().find(|a| a.is_named());
        inner.unwrap_or(c)
    };
    arguments.children().filter(|c| c.is_named() && !c.kind().contains("comment") && c.kind() != "keyword_argument").map(unwrap).collect()
}

/// The last name of a call's callee: `q` for `q(x)`, `self.q(x)`, `$this->q($x)`.
fn callee_name(node: &Node, callee_field: &str) -> String {
    let Some(callee) = node.field(callee_field) else { return String::new() };
    let text = callee.text();
    let last = text.rsplit(['.', ':', '>', '\\']).next().unwrap_or(&text);
    last.trim().trim_start_matches('$').to_string()
}

/// The receiver of a method call: a field of its own (Java, Ruby, PHP) or
/// the object part of the callee (`obj.m` in Python, JavaScript, Go, C#).
fn receiver_of<'t>(node: &Node<'t>, callee_field: &str, receiver_field: Option<&str>) -> Option<Node<'t>> {
    if let Some(field) = receiver_field {
        return node.field(field);
    }
    let callee = node.field(callee_field)?;
    let first = callee.children().find(|c| c.is_named())?;
    (first.range() != callee.range() && callee.text().len() > first.text().len()).then_some(first)
}

/// Text that names a field path (`self.x`, `$this->x`, `obj.a.b`) rather than an expression.
fn is_path(text: &str) -> bool {
    text.len() < 80 && (text.contains('.') || text.contains("->")) && text.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '-' | '>' | '@' | ' ' | '\n' | '\t'))
}

fn compact(text: &str) -> String {
    text.split_whitespace().collect()
}

fn source_var(trace: &[Step]) -> Option<(String, String)> {
    trace.first().map(|s| ("SOURCE".to_string(), s.note.trim_start_matches("source: ").trim_matches('`').to_string()))
}

/// The texts a taint rule's message may quote: the sink's metavariables,
/// `$SINK` (the sink's text) and `$SOURCE` (the source's).
fn message_vars(found: &NodeMatch, trace: &[Step]) -> Vec<(String, String)> {
    let env = found.get_env();
    let mut vars: Vec<(String, String)> = env
        .get_matched_variables()
        .filter_map(|var| match var {
            MetaVariable::Capture(name, _) => env.get_match(&name).map(|n| (name.clone(), short(&n.text()))),
            _ => None,
        })
        .collect();
    vars.push(("SINK".to_string(), short(&found.text())));
    vars.extend(source_var(trace));
    vars
}
