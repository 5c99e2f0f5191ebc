//! Parameter count: the parameters declared in a function's parameter lists.
//!
//! Counted as written: Python's `self`, Rust's `&self` count; Go's receiver
//! does not (it is not in the parameter list); `f(void)` in C has none; Go's
//! `a, b int` is two; a Scala function with several lists counts them all.

use tree_sitter::Node;

use super::languages::MetricKinds;
use super::model::Value;
use super::names::function_declarator;

pub fn count(function: Node, kinds: &MetricKinds, source: &str) -> Value {
    let Some(items) = kinds.parameters else { return Value::Unsupported };
    if function.child_by_field_name("parameter").is_some() {
        return Value::Computed(1); // `x => x`
    }
    let mut lists = Vec::new();
    let mut cursor = function.walk();
    lists.extend(function.children_by_field_name("parameters", &mut cursor));
    let mut cursor = function.walk();
    lists.extend(function.named_children(&mut cursor).filter(|c| kinds.parameter_lists.contains(&c.kind())));
    if let Some(parameters) = function_declarator(function).and_then(|d| d.child_by_field_name("parameters")) {
        lists.push(parameters);
    }
    if lists.is_empty() {
        // Swift: parameters are children of the function itself.
        lists.push(function);
    }
    let name = function.child_by_field_name("name").map(|n| n.id());
    let mut total = 0u32;
    for list in lists {
        let mut cursor = list.walk();
        for item in list.named_children(&mut cursor).filter(|c| items.contains(&c.kind()) && Some(c.id()) != name) {
            total += weight(item, source);
        }
    }
    Value::Computed(total)
}

/// How many parameters one parameter node declares.
fn weight(item: Node, source: &str) -> u32 {
    if item.kind() == "parameter_declaration" {
        if source.get(item.byte_range()).is_some_and(|t| t.trim() == "void") {
            return 0; // C's `f(void)`
        }
        let mut cursor = item.walk();
        let names = item.children_by_field_name("name", &mut cursor).count();
        return u32::try_from(names.max(1)).unwrap_or(u32::MAX); // Go's `a, b int`
    }
    1
}
