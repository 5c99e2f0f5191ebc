//! Cognitive complexity, as SonarSource's white paper defines it
//! (G. Ann Campbell, "Cognitive Complexity", 2016-2023):
//!
//! - +1 for each break in linear flow: `if`, `else if`, `else`, conditional
//!   expressions, `switch`/`match`/`when`, loops, `catch`, `goto` and
//!   labelled `break`/`continue`, and each sequence of like boolean
//!   operators (`a && b && c` is +1, `a && b || c` is +2);
//! - +1 once for a function that calls itself (the paper's recursion
//!   increment: once per method in a recursion cycle, not once per call);
//! - plus the nesting level for the structures that nest (`if`, conditional
//!   expressions, `switch`, loops, `catch`), but not for `else if`/`else`;
//! - nesting rises inside those structures and inside lambdas.
//!
//! Null-coalescing (`??`, Kotlin's `?:`) adds nothing: the paper names it as
//! shorthand that spares the reader an `if`, exactly what the metric should
//! not penalise. Cyclomatic complexity still counts it (it is a path).
//!
//! Recursion through other functions (`a` calls `b` calls `a`) is not
//! counted: seeing the cycle takes resolving calls across files.

use tree_sitter::Node;

use super::classify::Role;
use super::walk::Step;

pub fn increment(step: &Step, source: &str) -> u32 {
    match step.role {
        Role::If if step.continues_chain => 1,
        Role::If | Role::Conditional | Role::Switch | Role::Loop | Role::UnconditionalLoop | Role::Catch => 1 + step.level,
        Role::ElseIf | Role::Jump => 1,
        Role::BooleanOperator if step.starts_sequence => operator_sequences(step.node, source),
        _ => u32::from(step.else_branch),
    }
}

/// The number of runs of like operators in a boolean expression, read left to
/// right through parentheses: `a && b || c && d` has three.
fn operator_sequences(root: Node, source: &str) -> u32 {
    enum Item<'t> {
        Visit(Node<'t>),
        Operator(&'static str),
    }
    let mut runs = 0;
    let mut last: Option<&str> = None;
    let mut stack = vec![Item::Visit(root)];
    while let Some(item) = stack.pop() {
        match item {
            Item::Operator(op) => {
                if last != Some(op) {
                    runs += 1;
                }
                last = Some(op);
            }
            Item::Visit(node) => {
                let operator = sequence_operator(node, source);
                if operator.is_none() && !is_parenthesized(node) {
                    continue;
                }
                let mut cursor = node.walk();
                let children: Vec<Node> = node.children(&mut cursor).collect();
                for child in children.into_iter().rev() {
                    match operator {
                        Some((op, op_node)) if op_node.id() == child.id() => stack.push(Item::Operator(op)),
                        _ => stack.push(Item::Visit(child)),
                    }
                }
            }
        }
    }
    runs
}

pub fn is_parenthesized(node: Node) -> bool {
    node.kind().starts_with("parenthesized")
}

/// The operator of a binary node that counts in a sequence: `&&` or `||`
/// (null-coalescing and `||=`-style assignments are shorthand, and start no sequence).
pub fn sequence_operator<'t>(node: Node<'t>, source: &str) -> Option<(&'static str, Node<'t>)> {
    logical_operator(node, source).filter(|(op, _)| matches!(*op, "&&" | "||"))
}

/// How a function can be called from its own body.
pub struct OwnCall {
    /// The function's own name, unqualified (`fmt` of `Point::fmt`).
    pub name: String,
    /// Receivers that mean the function's own object or type: `this`, `self`,
    /// the enclosing class, a Go method's receiver variable.
    pub receivers: Vec<String>,
    /// For languages with overloads by parameter count: the parameters, which
    /// a recursive call must match (`f(a)` calling `f(a, 0)` is another overload).
    pub arguments: Option<u32>,
}

/// How far into a call its callee's name can be for a recursive call: past
/// `Self::`, `this.`, `$this->` or a class name.
const CALLEE_WINDOW: usize = 256;

/// Receivers that always mean the current object or type.
const SELF_RECEIVERS: &[&str] = &["this", "self", "Self", "$this", "static", "cls"];

/// Whether `call` calls the function itself: its own name, with no receiver
/// or the function's own object (`self.f()`, `this.f()`, `Self::f()`).
/// `self.items.f()` is not: another object's method of the same name.
pub fn is_recursive_call(call: Node, own: &OwnCall, source: &str) -> bool {
    // Calls are frequent and few mention the function's name near their
    // start (where the callee is): rule those out before looking at fields.
    let start = call.start_byte();
    if let Some(head) = source.get(start..call.end_byte().min(start + CALLEE_WINDOW))
        && !head.contains(own.name.as_str())
    {
        return false;
    }
    let Some((name, receiver)) = super::names::call_target(call, source) else { return false };
    if name != own.name {
        return false;
    }
    if let Some(receiver) = receiver
        && !SELF_RECEIVERS.contains(&receiver)
        && !own.receivers.iter().any(|r| r == receiver)
    {
        return false;
    }
    own.arguments.is_none_or(|n| super::names::argument_count(call) == Some(n))
}

/// The short-circuit operator of a binary node or logical assignment,
/// normalised (`and` → `&&`, `or` → `||`, Kotlin's `?:` → `??`), with the
/// operator's node.
pub fn logical_operator<'t>(node: Node<'t>, source: &str) -> Option<(&'static str, Node<'t>)> {
    if let Some(op) = node.child_by_field_name("operator").or_else(|| node.child_by_field_name("op")) {
        return normalise(source.get(op.byte_range())?.trim()).map(|n| (n, op));
    }
    let mut cursor = node.walk();
    node.children(&mut cursor).filter(|c| !c.is_named()).find_map(|c| normalise(c.kind()).map(|n| (n, c)))
}

fn normalise(operator: &str) -> Option<&'static str> {
    match operator {
        "&&" | "and" => Some("&&"),
        "||" | "or" => Some("||"),
        "??" | "?:" => Some("??"),
        // Assign only if (not) already set: a short-circuit too.
        "||=" => Some("||="),
        "&&=" => Some("&&="),
        "??=" => Some("??="),
        _ => None,
    }
}
