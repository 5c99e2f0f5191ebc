//! Summaries of the file's own functions: which parameters reach the return
//! value and which reach a sink, so that call sites can use those facts.

use super::nodes::{Node, key, short, source_var};
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
    /// Computes the summaries of the file's named functions, twice so that a
    /// function calling one defined after it sees that one's summary.
    pub(super) fn summarise(&mut self, root: &Node<'t>) {
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

    /// Walks a function: its parameters are sources when a source match
    /// covers them, or (for a summary) marked by position; then its body.
    pub(super) fn function(&mut self, node: &Node<'t>, state: &mut State, mark_params: bool) {
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
