//! What the walk knows at one point of a function: which variables carry
//! taint, from where, and by which steps it got there.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

/// One step of a path, in byte offsets of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub range: Range<usize>,
    pub note: String,
}

/// Taint from one source: its label and the steps from the source so far.
#[derive(Clone, Debug)]
pub struct Flow {
    pub label: Option<Rc<str>>,
    pub steps: Rc<Vec<Step>>,
}

/// Paths longer than this keep their first and last steps only: a trace is
/// for a reader, and a loop must not grow it without end.
const MAX_STEPS: usize = 12;
/// Distinct flows kept per value: enough for every label a rule uses.
const MAX_FLOWS: usize = 4;

impl Flow {
    pub fn then(&self, step: Step) -> Flow {
        if self.steps.last().is_some_and(|last| last.range == step.range) {
            return self.clone();
        }
        let mut steps: Vec<Step> = self.steps.as_ref().clone();
        if steps.len() >= MAX_STEPS {
            steps.remove(1);
        }
        steps.push(step);
        Flow { label: self.label.clone(), steps: Rc::new(steps) }
    }
}

/// The taint a value carries: flows from real sources, and (while a
/// function's summary is computed) the bits of the parameters it came from.
#[derive(Clone, Debug, Default)]
pub struct Taint {
    pub flows: Vec<Flow>,
    pub params: u64,
}

impl Taint {
    pub fn is_clean(&self) -> bool {
        self.flows.is_empty() && self.params == 0
    }

    pub fn union(&mut self, other: Taint) {
        self.params |= other.params;
        for flow in other.flows {
            self.add(flow);
        }
    }

    pub fn add(&mut self, flow: Flow) {
        if self.flows.len() < MAX_FLOWS && !self.flows.iter().any(|f| f.label == flow.label) {
            self.flows.push(flow);
        }
    }

    /// The same taint with one more step on every flow.
    pub fn then(&self, step: &Step) -> Taint {
        Taint { flows: self.flows.iter().map(|f| f.then(step.clone())).collect(), params: self.params }
    }

    /// Flows and parameter bits not already in `self`: whether a union would change it.
    fn adds_to(&self, other: &Taint) -> bool {
        (other.params & !self.params) != 0 || other.flows.iter().any(|f| self.flows.len() < MAX_FLOWS && !self.flows.iter().any(|g| g.label == f.label))
    }
}

/// Variables (and `obj.field` paths, by their text) that carry taint.
#[derive(Clone, Debug, Default)]
pub struct State {
    vars: HashMap<String, Taint>,
    /// Grows whenever some variable gains taint: loops run until it stops.
    pub changes: u64,
}

impl State {
    pub fn get(&self, name: &str) -> Option<&Taint> {
        self.vars.get(name)
    }

    pub fn has_paths(&self) -> bool {
        self.vars.keys().any(|k| k.contains(['.', '>', ':']))
    }

    /// Gives `name` the taint of `value`: replaces what it had (a strong
    /// update), or with `weak` adds to it (the assignment runs on some paths
    /// only, or adds to the old value like `+=`).
    pub fn set(&mut self, name: &str, value: Taint, weak: bool) {
        if weak {
            if value.is_clean() {
                return;
            }
            let entry = self.vars.entry(name.to_string()).or_default();
            if entry.adds_to(&value) {
                self.changes += 1;
            }
            entry.union(value);
        } else if value.is_clean() {
            self.vars.remove(name);
        } else {
            let grows = self.vars.get(name).is_none_or(|old| old.adds_to(&value));
            if grows {
                self.changes += 1;
            }
            self.vars.insert(name.to_string(), value);
        }
    }

    /// Forgets `name`: a parameter or local of an inner scope shadows it.
    pub fn shadow(&mut self, name: &str) {
        self.vars.remove(name);
    }
}
