//! Summaries of the file's own functions: which parameters reach the return
//! value and which reach a sink, so that call sites can use those facts.
//! A function returns by `return` or, in the languages and forms that have
//! one, by the value of its body: Ruby's last expression, Scala's block,
//! C#'s `=> e`, Kotlin's `= e`, an arrow function's expression.

use std::collections::HashSet;
use std::ops::Range;

use super::nodes::{Node, callee_name, key, part, parts, short, source_var};
use super::state::{State, Step, Taint};
use super::walk::{Hit, Walk};

/// What one of the file's own functions does with its parameters.
#[derive(Clone, Debug, Default)]
pub(super) struct Summary {
    /// Bits of the parameters whose taint reaches the return value.
    pub returns: u64,
    /// Sinks reached by parameters: which bits, the sink component and its path inside.
    pub sinks: Vec<(u64, usize, Vec<Step>)>,
}

pub(super) enum Mode {
    /// Computing a function's summary: parameter bits are tracked, nothing is reported.
    Summary(Summary),
    Report,
}

impl<'a, 't> Walk<'a, 't> {
    /// The file's named functions that the file calls (a view or a handler
    /// the framework calls needs no summary).
    pub(super) fn called_functions(&self, root: &Node<'t>) -> Vec<(String, Node<'t>)> {
        let mut called = HashSet::new();
        let mut functions = Vec::new();
        for node in root.dfs() {
            if let Some(call) = self.syntax.calls.iter().find(|c| c.kind == node.kind().as_ref()) {
                called.insert(callee_name(&node, call.callee));
            } else if self.is(self.syntax.functions, &node) {
                functions.push(node);
            }
        }
        functions.into_iter().filter_map(|n| self.function_name(&n).filter(|name| called.contains(name)).map(|name| (name, n))).collect()
    }

    /// Computes the summaries of `functions` (see [`Self::called_functions`]),
    /// once, and a second time when a function called one defined after it.
    pub(super) fn summarise(&mut self, functions: &[(String, Node<'t>)]) {
        if functions.is_empty() {
            return;
        }
        self.unsummarised = functions.iter().map(|(name, _)| name.clone()).collect();
        for _round in 0..2 {
            self.missed_summary.set(false);
            for (name, function) in functions {
                if (self.stopped)() {
                    return;
                }
                self.mode = Mode::Summary(Summary::default());
                let mut state = State::default();
                self.function(function, &mut state, true);
                if let Mode::Summary(summary) = std::mem::replace(&mut self.mode, Mode::Report) {
                    self.summaries.insert(name.clone(), summary);
                    self.unsummarised.remove(name);
                }
            }
            if !self.missed_summary.get() {
                break;
            }
        }
    }

    /// The summary of the file's function `name`; noting when a function
    /// still to be summarised was asked for too early.
    pub(super) fn summary_of(&self, name: &str) -> Option<&Summary> {
        let found = self.summaries.get(name);
        if found.is_none() && self.unsummarised.contains(name) {
            self.missed_summary.set(true);
        }
        found
    }

    /// The name a call uses for a function: its own, or that of the variable
    /// a lambda is assigned to (`clean = lambda s: ...`, `var q = s => ...`,
    /// `val q = { s: String -> ... }`), PHP's `$` left out as calls leave it.
    fn function_name(&self, node: &Node<'t>) -> Option<String> {
        if let Some(name) = part(node, self.syntax.name, None) {
            return Some(name.text().to_string());
        }
        let parent = node.parent()?;
        let binding = self.binding(&parent)?;
        let target = part(&parent, binding.target, None)?;
        let value = part(&parent, binding.value, Some(&target))?;
        if value.range() != node.range() {
            return None;
        }
        let names = self.binding_names(&target);
        match names.as_slice() {
            [only] => Some(only.text().trim_start_matches('$').to_string()),
            _ => None,
        }
    }

    /// Walks a function: its parameters are sources when a source match
    /// covers them, or (for a summary, `mark_params`) marked by position;
    /// then its body, whose value is what the function returns without `return`.
    pub(super) fn function(&mut self, node: &Node<'t>, state: &mut State, mark_params: bool) {
        let mut params_range = None;
        let mut index = 0;
        for field in self.syntax.parameters {
            let Some(params) = node.field(field).or_else(|| node.children().find(|c| c.is_named() && c.kind() == *field)) else { continue };
            params_range = Some(params.range());
            // Opaque children are not parameters: Kotlin's annotations
            // (`parameter_modifiers`) stand between them in the list.
            let list: Vec<Node<'t>> =
                if self.is(self.syntax.variables, &params) { vec![params.clone()] } else { params.children().filter(|c| c.is_named() && !self.is(self.syntax.opaque, c)).collect() };
            for (position, param) in list.into_iter().enumerate() {
                if index == 0 && position == 0 && self.syntax.receivers.contains(&param.text().as_ref()) {
                    state.shadow(&param.text());
                    continue;
                }
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
        // Only the function being summarised: the value of a closure inside
        // it is the closure's, not its own.
        if mark_params && let Some(body) = self.body(node, params_range) {
            let value = self.value_of(&body, state);
            if let Mode::Summary(summary) = &mut self.mode {
                summary.returns |= value.params;
            }
        }
    }

    /// A function's body: its `body` field, or (in grammars without one) its
    /// last named child after the parameters and the name.
    fn body(&self, node: &Node<'t>, params: Option<Range<usize>>) -> Option<Node<'t>> {
        if let Some(body) = node.field("body") {
            return Some(body);
        }
        let after = params.map(|r| r.end).into_iter().chain(part(node, self.syntax.name, None).map(|n| n.range().end)).max().unwrap_or(0);
        node.children().filter(|c| c.is_named() && !self.is(self.syntax.opaque, c)).last().filter(|c| c.range().start >= after && after > 0)
    }

    /// The taint of the value a body, block or branch ends with, in the
    /// state after it ran: the last statement of a sequence, each arm of a
    /// branch (its condition left out), nothing for a block without a value,
    /// a loop, a `return` (counted where it stands) or a nested function.
    fn value_of(&self, node: &Node<'t>, state: &State) -> Taint {
        let at = key(node);
        if self.sanitized.contains(&at) || self.sources.contains_key(&at) {
            return self.eval(node, state);
        }
        let values = &self.syntax.values;
        if self.is(self.syntax.returns, node) || self.is(self.syntax.loops, node) || self.is(self.syntax.functions, node) || self.is_block(node) {
            return Taint::default();
        }
        if self.is(values.sequences, node) {
            let statements: Vec<Node<'t>> = node.children().filter(|c| c.is_named() && !self.is(self.syntax.opaque, c)).collect();
            let mut taint = Taint::default();
            for statement in statements.iter().rev() {
                taint.union(self.value_of(statement, state));
                if !self.is(values.clauses, statement) {
                    break;
                }
            }
            return taint;
        }
        let selected = self.selectors(node);
        if self.is(self.syntax.branches, node) || !selected.is_empty() {
            let mut taint = Taint::default();
            for arm in node.children().filter(|c| c.is_named() && !self.is(self.syntax.opaque, c) && !selected.contains(&c.range())) {
                taint.union(self.value_of(&arm, state));
            }
            return taint;
        }
        self.eval(node, state)
    }

    /// Whether `node` is a statement block without a value (`kind`, or
    /// `parent > kind` when the kind has one only elsewhere).
    fn is_block(&self, node: &Node<'t>) -> bool {
        let kind = node.kind();
        self.syntax.values.blocks.iter().any(|entry| match entry.split_once(" > ") {
            None => *entry == kind.as_ref(),
            Some((parent, child)) => child == kind.as_ref() && node.parent().is_some_and(|p| p.kind() == parent),
        })
    }

    /// The ranges of the children of `node` that choose an arm but are not
    /// its value: its selectors (unless a pattern under it may bind the
    /// subject) and its patterns. In `a ?: b` the condition is the value:
    /// with no arm but an `alternative`, nothing is left out.
    pub(super) fn selectors(&self, node: &Node<'t>) -> Vec<Range<usize>> {
        let values = &self.syntax.values;
        let kind = node.kind();
        let mut ranges: Vec<Range<usize>> = Vec::new();
        for (_, which) in values.selectors.iter().filter(|(k, _)| *k == kind.as_ref()) {
            ranges.extend(parts(node, *which).iter().map(|n| n.range()));
        }
        if !ranges.is_empty() && self.binds(node) {
            ranges.clear();
        }
        for (_, which) in values.patterns.iter().filter(|(k, _)| *k == kind.as_ref()) {
            ranges.extend(parts(node, *which).iter().map(|n| n.range()));
        }
        if ranges.is_empty() {
            return ranges;
        }
        let alternatives: Vec<Range<usize>> = node.field_children("alternative").map(|n| n.range()).collect();
        let has_arm = node.children().any(|c| c.is_named() && !self.is(self.syntax.opaque, &c) && !ranges.contains(&c.range()) && !alternatives.contains(&c.range()));
        if has_arm { ranges } else { Vec::new() }
    }

    /// Whether an arm pattern under `node` names a variable (`Some(v)`,
    /// `string s`): it may bind part of the subject, whose taint then reaches
    /// the arm's value through that name.
    fn binds(&self, node: &Node<'t>) -> bool {
        let patterns = self.syntax.values.patterns;
        !patterns.is_empty() && node.dfs().any(|d| patterns.iter().any(|(k, which)| *k == d.kind().as_ref() && parts(&d, *which).iter().any(|p| p.dfs().any(|x| self.is(self.syntax.variables, &x)))))
    }

    /// A call of a summarised function that passes taint to a parameter
    /// which reaches a sink inside it: reported at the call.
    pub(super) fn call_reaches_sink(&mut self, node: &Node<'t>, summary: &Summary, arguments: &[Node<'t>], state: &State) {
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
}
