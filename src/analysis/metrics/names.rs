//! Function and container names, as written in the source.

use tree_sitter::Node;

/// A function's own name and the node it was read from (for the header line).
pub struct OwnName<'t> {
    pub name: String,
    pub node: Option<Node<'t>>,
}

/// The name of a named function: its `name` field, the identifier inside a
/// C/C++ declarator, or the first identifier child (Kotlin). Go methods are
/// prefixed with their receiver type (`Type.Method`).
pub fn function_name<'t>(node: Node<'t>, source: &str, separator: &str) -> OwnName<'t> {
    let named = node.child_by_field_name("name").or_else(|| declarator_name(node)).or_else(|| first_child_of(node, &["simple_identifier", "identifier"]));
    let Some(name_node) = named else {
        let fallback = match node.kind() {
            "secondary_constructor" => "constructor",
            "deinit_declaration" => "deinit",
            "init_declaration" => "init",
            _ => "<anonymous>",
        };
        return OwnName { name: fallback.to_string(), node: None };
    };
    let mut name = text(name_node, source);
    if let Some(receiver) = node.child_by_field_name("receiver").and_then(|r| first_descendant(r, "type_identifier")) {
        name = format!("{}{separator}{name}", text(receiver, source));
    }
    OwnName { name, node: Some(name_node) }
}

/// The name of an anonymous function: what it is assigned to (`const f = () =>`,
/// `obj.f = function`, `{ f: () => }`, a class field), else `<anonymous>`.
pub fn anonymous_function_name<'t>(node: Node<'t>, parent: Option<Node<'t>>, source: &str) -> OwnName<'t> {
    if let Some(own) = node.child_by_field_name("name") {
        return OwnName { name: text(own, source), node: Some(own) };
    }
    let binding = parent.and_then(|p| match p.kind() {
        "variable_declarator" => p.child_by_field_name("name"),
        "assignment_expression" => p.child_by_field_name("left"),
        "pair" => p.child_by_field_name("key"),
        "field_definition" => p.child_by_field_name("property"),
        "public_field_definition" => p.child_by_field_name("name"),
        _ => None,
    });
    match binding {
        Some(b) => OwnName { name: text(b, source), node: Some(b) },
        None => OwnName { name: "<anonymous>".to_string(), node: None },
    }
}

/// The variable a Go method's receiver is bound to: `n` in `func (n *Node) Walk()`.
pub fn receiver_variable(node: Node, source: &str) -> Option<String> {
    let receiver = node.child_by_field_name("receiver")?;
    let declaration = first_child_of(receiver, &["parameter_declaration"])?;
    declaration.child_by_field_name("name").map(|n| text(n, source))
}

/// Member accesses whose first named child is the receiver and whose last is the member.
const MEMBER_ACCESSES: &[&str] =
    &["member_expression", "attribute", "field_expression", "selector_expression", "scoped_identifier", "qualified_identifier", "navigation_expression", "member_access_expression"];

/// What a call calls: the name, and the receiver's text when there is one
/// (`this.f()` → `f`, `this`; `f()` → `f`, none). `None` for calls through
/// anything else (`fns[0]()`, `f()()`, generic instantiations).
pub fn call_target<'s>(call: Node, source: &'s str) -> Option<(&'s str, Option<&'s str>)> {
    let slice = |n: Node| source.get(n.byte_range()).map(str::trim);
    // Java, Ruby and PHP name the method and its receiver in fields of the call.
    if let Some(name) = call.child_by_field_name("name").or_else(|| call.child_by_field_name("method")) {
        let receiver = ["object", "receiver", "scope"].iter().find_map(|f| call.child_by_field_name(f));
        return Some((slice(name)?, receiver.and_then(slice)));
    }
    let callee = call.child_by_field_name("function").or_else(|| call.named_child(0))?;
    if callee.named_child_count() == 0 {
        return Some((slice(callee)?, None));
    }
    if !MEMBER_ACCESSES.contains(&callee.kind()) {
        return None;
    }
    let receiver = callee.named_child(0)?;
    let mut member = last_named_child(callee)?;
    // Kotlin and Swift wrap the member in a `navigation_suffix`.
    while let Some(inner) = last_named_child(member) {
        member = inner;
    }
    Some((slice(member)?, slice(receiver)))
}

fn last_named_child(node: Node) -> Option<Node> {
    let last = u32::try_from(node.named_child_count()).ok()?.checked_sub(1)?;
    node.named_child(last)
}

/// The arguments a call passes, when it has an argument list.
pub fn argument_count(call: Node) -> Option<u32> {
    let list = call.child_by_field_name("arguments")?;
    let mut cursor = list.walk();
    let count = list.named_children(&mut cursor).filter(|c| !c.kind().ends_with("comment")).count();
    u32::try_from(count).ok()
}

/// The name of a class-like container; `impl<T> Foo<T>` gives `Foo`.
pub fn container_name(node: Node, source: &str) -> Option<String> {
    let named = node.child_by_field_name("name").or_else(|| node.child_by_field_name("type")).or_else(|| first_child_of(node, &["type_identifier", "simple_identifier", "identifier", "constant"]));
    let name = match named {
        Some(n) => text(n, source),
        None if node.kind() == "companion_object" => "Companion".to_string(),
        None => return None,
    };
    let plain = name.split(['<', '[', '(']).next().unwrap_or(&name).trim().to_string();
    (!plain.is_empty()).then_some(plain)
}

/// C/C++: `int *Foo::bar(int x)` → the `Foo::bar` inside the declarators.
fn declarator_name(node: Node) -> Option<Node> {
    let function_declarator = function_declarator(node)?;
    let mut name = function_declarator.child_by_field_name("declarator")?;
    // `(*f)(int)` and friends: look through parentheses.
    while name.kind() == "parenthesized_declarator" {
        name = name.named_child(0)?;
    }
    Some(name)
}

/// The `function_declarator` under a C/C++ function definition's declarator chain.
pub fn function_declarator(node: Node) -> Option<Node> {
    let mut current = node.child_by_field_name("declarator")?;
    for _ in 0..8 {
        if current.kind() == "function_declarator" {
            return Some(current);
        }
        current = current.child_by_field_name("declarator")?;
    }
    None
}

fn first_child_of<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).find(|c| kinds.contains(&c.kind()))
}

fn first_descendant<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == kind {
            return Some(n);
        }
        let mut cursor = n.walk();
        let children: Vec<Node<'t>> = n.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    None
}

/// The node's text on one line (names split over lines are rare but exist in C++).
fn text(node: Node, source: &str) -> String {
    let raw = source.get(node.byte_range()).unwrap_or("");
    if raw.contains(char::is_whitespace) { raw.split_whitespace().collect::<Vec<_>>().join("") } else { raw.to_string() }
}
