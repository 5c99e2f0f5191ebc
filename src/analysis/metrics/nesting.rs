//! Maximum nesting depth: how many control structures (`if`, conditional
//! expressions, `switch`, loops, `catch`, lambdas) enclose the deepest one,
//! counting itself. `else if` sits at the depth of its `if`. Straight-line
//! code is 0; one `if` is 1; a loop in an `if` is 2.
//!
//! The same levels are the nesting increments of cognitive complexity.

use super::classify::Role;

/// Whether a node of this role nests what it contains one level deeper.
pub fn nests(role: Role) -> bool {
    matches!(role, Role::If | Role::Conditional | Role::Switch | Role::Loop | Role::UnconditionalLoop | Role::Catch | Role::Lambda)
}

/// Whether the structure counts towards the maximum depth (lambdas only deepen others).
pub fn is_structure(role: Role) -> bool {
    nests(role) && role != Role::Lambda
}
