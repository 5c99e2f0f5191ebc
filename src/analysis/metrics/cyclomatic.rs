//! Cyclomatic complexity (McCabe): 1 + the number of decision points.
//!
//! A decision point is an `if`/`else if`/`elif`, a conditional expression
//! (`?:`, `x if c else y`, `guard`, `x if c` modifiers), a loop with a
//! condition (`for`, `while`, `do … while`, comprehension `for`), a `catch`
//! clause, a case arm that is not the default (`default`, `else`, `_`), each
//! short-circuit operator (`&&`, `||`, `and`, `or`, `??`), and the
//! per-language decisions of the table (Python comprehension `if`, Rust `?`).
//! `else`, `switch` itself, `try`, `finally` and Rust's `loop` decide nothing.

use super::classify::Role;
use super::walk::Step;

pub fn increment(step: &Step) -> u32 {
    match step.role {
        Role::If | Role::ElseIf | Role::Conditional | Role::Loop | Role::Catch | Role::Decision => 1,
        Role::Case => u32::from(!step.default_case),
        Role::BooleanOperator => u32::from(step.operator.is_some()),
        _ => 0,
    }
}
