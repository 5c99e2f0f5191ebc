//! Taint mode: rules that follow untrusted data from where it enters
//! (sources) to where it does harm (sinks), through assignments, string
//! building, calls and the functions of the same file.
//!
//! The analysis is intraprocedural and flow-sensitive in statement order,
//! with summaries of the file's own functions: each function is walked once
//! with its parameters marked, which tells which parameters reach its return
//! value (by `return` or by the value of its body) and which reach a sink;
//! call sites then use those facts (see `summary`). Branches
//! merge by union (an assignment inside a branch adds taint but never clears
//! it), loops run to a fixpoint, closures start from their enclosing scope.
//!
//! Sources, sinks, sanitizers and propagators are ordinary ast-grep rules.
//! The engine's single walk keeps the nodes they may match; sources are
//! matched first, sinks only for the rules with a source in the file, the
//! rest only for those with both (see `group`).

mod group;
pub mod languages;
mod nodes;
mod state;
mod summary;
mod walk;

use ast_grep_config::{Fixer, RuleCore};

use crate::analysis::gate::NodeNeeds;

pub use group::{TaintFound, TaintGroup};
pub use state::Step;
pub use walk::{Hit, analyse};

/// What a component of a taint rule does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Source,
    Sink,
    Sanitizer,
    Propagator,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Source => "sources",
            Role::Sink => "sinks",
            Role::Sanitizer => "sanitizers",
            Role::Propagator => "propagators",
        }
    }
}

/// One entry of `sources`, `sinks`, `sanitizers` or `propagators`, compiled.
pub struct Component {
    pub role: Role,
    /// The entry as the rule file writes it, in short (`pattern: eval($X)`, `focus: X`), for `techlead rules show`.
    pub shown: String,
    pub matcher: RuleCore,
    /// The matcher's rule object as canonical JSON: rules that share an entry
    /// (many share their sources) have it matched once per node.
    pub identity: String,
    /// For a sink: the metavariable whose node must carry the taint
    /// (without it, the whole match).
    pub focus: Option<String>,
    /// For a source: the label its taint carries.
    pub label: Option<String>,
    /// For a sink: it fires only for taint with one of these labels (any taint when empty).
    pub requires: Vec<String>,
    /// For a propagator: the metavariables taint moves from and to.
    pub from: Option<String>,
    pub to: Option<String>,
    /// What a node must have for `matcher` to be tried on it (see `analysis::gate`).
    pub needs: NodeNeeds,
}

impl Component {
    /// Whether this sink accepts taint with `label`.
    pub fn accepts(&self, label: Option<&str>) -> bool {
        self.requires.is_empty() || label.is_some_and(|l| self.requires.iter().any(|r| r == l))
    }
}

/// A compiled taint rule, for one language.
pub struct TaintSpec {
    pub components: Vec<Component>,
    /// Functions whose return value is clean whatever they receive (`len`, `int`).
    pub returns_clean: Vec<String>,
    /// The rule's `fix`, applied to the sink match.
    pub fixer: Option<Fixer>,
    /// Literals one of which a file must hold for some source to match
    /// (`None`: some source promises none).
    pub source_literals: Option<Vec<String>>,
}

impl TaintSpec {
    pub fn has(&self, role: Role) -> bool {
        self.components.iter().any(|c| c.role == role)
    }
}
