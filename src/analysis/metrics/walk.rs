//! One walk over the tree: finds the functions, tells each metric what it
//! meets, and collects the comments for the line counts.
//!
//! The walk is iterative (a tree cursor and a stack of frames), so deeply
//! nested expressions cannot overflow the thread's stack.

use std::ops::Range;

use tree_sitter::Node;

use super::classify::{Classifier, Role};
use super::cognitive::OwnCall;
use super::languages::MetricKinds;
use super::model::{FunctionMetrics, Value};
use super::{cognitive, cyclomatic, exits, names, nesting, parameters};
use crate::analysis::budget::{Deadline, Stopped};

/// What the metrics are told about one node inside a function.
pub struct Step<'t> {
    pub role: Role,
    pub node: Node<'t>,
    /// Structures enclosing the node within its function.
    pub level: u32,
    /// An `if` right after `else`: it continues a chain and is not nested.
    pub continues_chain: bool,
    /// An `else` branch of an `if` (not an `else if`).
    pub else_branch: bool,
    /// For boolean nodes: the short-circuit operator, if it is one.
    pub operator: Option<&'static str>,
    /// The outermost `&&`/`||` of a boolean expression (cognitive complexity
    /// counts the sequences in it once, there).
    pub starts_sequence: bool,
    pub default_case: bool,
    /// Inside a lambda of the function.
    pub in_lambda: bool,
}

/// Everything the walk found.
pub struct Walked {
    /// `sloc` is still 0: lines are counted afterwards.
    pub functions: Vec<FunctionMetrics>,
    pub comments: Vec<Range<usize>>,
}

/// Wrappers that hold the branch after `else` (Kotlin), looked through to find an `else if`.
const BRANCH_WRAPPERS: &[&str] = &["control_structure_body"];

struct Frame<'t> {
    node: Node<'t>,
    role: Role,
    /// Level of the node's children.
    child_level: u32,
    /// Level of the innermost `if` chain, for the `else if`s that continue it.
    chain_level: u32,
    /// An `&&`/`||`, or parentheses directly inside one: an operator below
    /// continues its sequence.
    logical: bool,
    in_lambda: bool,
    prev_kind: Option<&'t str>,
    pushed_name: bool,
    opened_function: bool,
}

/// A function the walk is inside.
struct Open {
    /// Index into `functions`.
    index: usize,
    own: OwnCall,
    /// Already found calling itself (the recursion increment is once per function).
    recursive: bool,
}

struct Walker<'s> {
    classifier: &'static Classifier,
    source: &'s str,
    functions: Vec<FunctionMetrics>,
    /// The functions the walk is inside, innermost last.
    open: Vec<Open>,
    scope: Vec<String>,
    comments: Vec<Range<usize>>,
}

/// `visit` sees every node in pre-order, with its parent's kind (the
/// metrics skip the inside of comments; `visit` does not).
pub fn walk<'t>(classifier: &'static Classifier, root: Node<'t>, source: &str, deadline: &Deadline, visit: &mut dyn FnMut(Node<'t>, Option<u16>)) -> Result<Walked, Stopped> {
    let mut ticker = deadline.ticker();
    let mut walker = Walker { classifier, source, functions: Vec::new(), open: Vec::new(), scope: Vec::new(), comments: Vec::new() };
    let mut frames: Vec<Frame> = Vec::new();
    let mut cursor = root.walk();
    let mut prev_kind = None;
    loop {
        let node = cursor.node();
        ticker.tick()?;
        visit(node, frames.last().map(|f| f.node.kind_id()));
        let frame = walker.enter(node, frames.last(), prev_kind);
        let is_comment = frame.role == Role::Comment;
        if is_comment {
            visit_inside(node, visit);
        }
        frames.push(frame);
        if !is_comment && cursor.goto_first_child() {
            prev_kind = None;
            continue;
        }
        loop {
            if let Some(frame) = frames.pop() {
                prev_kind = Some(frame.node.kind());
                walker.leave(&frame);
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Ok(Walked { functions: walker.functions, comments: walker.comments });
            }
        }
    }
}

impl<'s> Walker<'s> {
    fn enter<'t>(&mut self, node: Node<'t>, parent: Option<&Frame<'t>>, prev_kind: Option<&'t str>) -> Frame<'t> {
        let mut role = self.classifier.role(node, self.source);
        let level = parent.map_or(0, |p| p.child_level);
        let mut frame = Frame {
            node,
            role,
            child_level: level,
            chain_level: parent.map_or(0, |p| p.chain_level),
            logical: parent.is_some_and(|p| p.logical) && cognitive::is_parenthesized(node),
            in_lambda: parent.is_some_and(|p| p.in_lambda),
            prev_kind,
            pushed_name: false,
            opened_function: false,
        };
        match role {
            Role::Comment => {
                self.comments.push(node.byte_range());
                return frame;
            }
            Role::Function if self.is_declaration_only(node) => {
                frame.role = Role::Other;
                return frame;
            }
            Role::Function | Role::AnonymousFunction => {
                self.open_function(node, parent, role);
                frame.pushed_name = true;
                frame.opened_function = true;
                frame.child_level = 0;
                frame.chain_level = 0;
                frame.in_lambda = false;
                return frame;
            }
            Role::Container => {
                if let Some(name) = names::container_name(node, self.source) {
                    self.scope.push(name);
                    frame.pushed_name = true;
                }
                return frame;
            }
            _ => {}
        }
        let Some(current) = self.open.last_mut() else { return frame };
        if role == Role::Call {
            if !current.recursive && cognitive::is_recursive_call(node, &current.own, self.source) {
                current.recursive = true;
                self.functions[current.index].cognitive += 1;
            }
            return frame;
        }
        // Most nodes (names, punctuation, plain expressions) decide nothing and
        // nest nothing; of them only the one right after an `else` token can
        // count (it is the else branch). Leaving early keeps the metrics cheap
        // next to the rules' own walk.
        if role == Role::Other && prev_kind != Some("else") {
            return frame;
        }
        let current = current.index;
        let parent_role = parent.map_or(Role::Other, |p| p.role);
        let continues_chain =
            role == Role::If && (prev_kind == Some("else") || parent.is_some_and(|p| BRANCH_WRAPPERS.contains(&p.node.kind()) && p.prev_kind == Some("else") && p.node.named_child_count() == 1));
        let after_else_token = prev_kind == Some("else") && parent_role == Role::If && role != Role::If && !self.wraps_if(node);
        let else_clause = role == Role::Else && matches!(parent_role, Role::If | Role::ElseIf) && !self.wraps_if(node);
        let operator = if role == Role::BooleanOperator { cognitive::logical_operator(node, self.source).map(|(op, _)| op) } else { None };
        let sequence = role == Role::BooleanOperator && cognitive::sequence_operator(node, self.source).is_some();
        if role == Role::BooleanOperator && operator.is_none() {
            role = Role::Other;
            frame.role = role;
        }
        let step = Step {
            role,
            node,
            level,
            continues_chain,
            else_branch: after_else_token || else_clause,
            operator,
            starts_sequence: sequence && !parent.is_some_and(|p| p.logical),
            default_case: role == Role::Case && self.is_free_arm(node),
            in_lambda: frame.in_lambda,
        };
        frame.logical |= sequence;
        let metrics = &mut self.functions[current];
        metrics.cyclomatic += cyclomatic::increment(&step);
        metrics.cognitive += cognitive::increment(&step, self.source);
        if exits::is_exit(&step)
            && let Value::Computed(n) = &mut metrics.exits
        {
            *n += 1;
        }
        if nesting::nests(role) {
            let depth = if continues_chain { frame.chain_level + 1 } else { level + 1 };
            frame.child_level = depth;
            if nesting::is_structure(role) {
                metrics.max_nesting = metrics.max_nesting.max(depth);
            }
        }
        if role == Role::If && !continues_chain {
            frame.chain_level = level;
        }
        if role == Role::Lambda {
            frame.in_lambda = true;
        }
        frame
    }

    fn leave(&mut self, frame: &Frame) {
        if frame.pushed_name {
            self.scope.pop();
        }
        if frame.opened_function {
            self.open.pop();
        }
    }

    fn open_function<'t>(&mut self, node: Node<'t>, parent: Option<&Frame<'t>>, role: Role) {
        let kinds = self.kinds();
        let own = if role == Role::AnonymousFunction { names::anonymous_function_name(node, parent.map(|p| p.node), self.source) } else { names::function_name(node, self.source, kinds.separator) };
        let name = if self.scope.is_empty() { own.name.clone() } else { format!("{}{}{}", self.scope.join(kinds.separator), kinds.separator, own.name) };
        let parameters = parameters::count(node, kinds, self.source);
        let unqualified = own.name.rsplit(['.', ':']).next().unwrap_or(&own.name).to_string();
        let receivers = self.scope.last().cloned().into_iter().chain(names::receiver_variable(node, self.source)).collect();
        let arguments = if kinds.overloading { parameters.computed() } else { None };
        let start = node.start_position();
        let end = node.end_position();
        // A node that ends with its line's newline ends on the line before.
        let end_line = if end.column == 0 && end.row > start.row { end.row } else { end.row + 1 };
        self.functions.push(FunctionMetrics {
            name,
            start_line: start.row + 1,
            end_line,
            header_line: own.node.map_or(start.row, |n| n.start_position().row) + 1,
            cyclomatic: 1,
            cognitive: 0,
            sloc: 0,
            max_nesting: 0,
            parameters,
            exits: Value::Computed(0),
        });
        self.open.push(Open { index: self.functions.len() - 1, own: OwnCall { name: unqualified, receivers, arguments }, recursive: false });
        self.scope.push(own.name);
    }

    fn kinds(&self) -> &'static MetricKinds {
        // Only nodes of a language with an entry are classified as functions.
        self.classifier.kinds.unwrap_or(&super::languages::METRIC_KINDS[0])
    }

    /// Abstract and interface methods have no body: they are not measured.
    fn is_declaration_only(&self, node: Node) -> bool {
        if !self.kinds().bodyless_is_declaration || node.child_by_field_name("body").is_some() {
            return false;
        }
        let mut cursor = node.walk();
        // Kotlin's secondary constructors hold their braces directly.
        let has_body = node.children(&mut cursor).any(|c| matches!(c.kind(), "function_body" | "block" | "constructor_body" | "{"));
        !has_body
    }

    /// The arm of a switch that is not a decision: the default arm, or for
    /// exhaustive switches the first arm (n arms make n - 1 decisions).
    fn is_free_arm(&self, node: Node) -> bool {
        if !self.kinds().exhaustive_switches {
            return is_default_case(node, self.source);
        }
        let mut earlier = node.prev_named_sibling();
        while let Some(sibling) = earlier {
            if sibling.kind() == node.kind() {
                return false;
            }
            earlier = sibling.prev_named_sibling();
        }
        true
    }

    /// An `else` clause or wrapper whose only content is an `if` (an `else if`).
    fn wraps_if(&self, node: Node) -> bool {
        node.named_child_count() == 1 && node.named_child(0).is_some_and(|c| self.classifier.role(c, self.source) == Role::If)
    }
}

/// Every node below `node`, in pre-order, with its parent's kind.
fn visit_inside<'t>(node: Node<'t>, visit: &mut dyn FnMut(Node<'t>, Option<u16>)) {
    let mut cursor = node.walk();
    if !cursor.goto_first_child() {
        return;
    }
    let mut parents = vec![node.kind_id()];
    loop {
        let child = cursor.node();
        visit(child, parents.last().copied());
        if cursor.goto_first_child() {
            parents.push(child.kind_id());
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() || cursor.node() == node {
                return;
            }
            parents.pop();
        }
    }
}

/// `default:`, Kotlin's `else ->`, and catch-all patterns `_` / `*)`.
fn is_default_case(node: Node, source: &str) -> bool {
    let mut cursor = node.walk();
    let mut children = node.children(&mut cursor);
    if children.any(|c| matches!(c.kind(), "default" | "else" | "default_keyword" | "discard" | "wildcard")) {
        return true;
    }
    let pattern = node.child_by_field_name("pattern").or_else(|| node.child_by_field_name("value")).or_else(|| node.named_child(0));
    pattern.and_then(|p| source.get(p.byte_range())).is_some_and(|t| matches!(t.trim(), "_" | "*"))
}
