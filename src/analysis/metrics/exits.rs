//! Exit points: explicit `return` and `throw` (or `raise`) in the function
//! itself, not in lambdas or nested functions it contains. Per language:
//! Kotlin/Swift `return`/`throw` jumps, Go's `panic(..)`, Ruby's
//! `raise`/`fail` calls, bash's `return` and `exit` commands. Falling off the
//! end of the body and Rust's `?` are not counted.

use super::classify::Role;
use super::walk::Step;

pub fn is_exit(step: &Step) -> bool {
    matches!(step.role, Role::Return | Role::Throw) && !step.in_lambda
}
