//! Reading the parts of syntax nodes the taint walk needs, whatever the
//! grammar: the sides of a binding, a call's callee and arguments, field
//! paths, and the texts a finding quotes.

use ast_grep_core::meta_var::MetaVariable;
use ast_grep_core::tree_sitter::StrDoc;

use super::languages::Part;
use super::state::Step;
use crate::analysis::language::Lang;

pub(super) type Node<'t> = ast_grep_core::Node<'t, StrDoc<Lang>>;
pub(super) type NodeMatch<'t> = ast_grep_core::NodeMatch<'t, StrDoc<Lang>>;
/// A node's identity within one tree.
pub(super) type Key = (usize, usize, u16);

pub(super) fn key(node: &Node) -> Key {
    let r = node.range();
    (r.start, r.end, node.kind_id())
}

/// The first line of a node's text, cut to a readable length.
pub(super) fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() > 60 {
        format!("{}…", line.chars().take(60).collect::<String>())
    } else if text.contains('\n') {
        format!("{line} …")
    } else {
        line.to_string()
    }
}

/// One part of a node (a side of a binding, a call's callee). `other`: the
/// side already found, which `LastNamed` must come after.
pub(super) fn part<'t>(node: &Node<'t>, part: Part, other: Option<&Node<'t>>) -> Option<Node<'t>> {
    match part {
        Part::Field(field) => node.field(field),
        Part::Nth(n) => node.children().filter(|c| c.is_named()).nth(n),
        Part::LastNamed => node.children().filter(|c| c.is_named()).filter(|c| other.is_none_or(|o| o.range() != c.range())).last().filter(|c| other.is_none_or(|o| c.range().start >= o.range().end)),
        Part::Kinds(kinds) => node.children().find(|c| c.is_named() && kinds.contains(&c.kind().as_ref())),
    }
}

/// Every child a part names: a field or a kind may occur more than once
/// (a Ruby `when` with several patterns).
pub(super) fn parts<'t>(node: &Node<'t>, which: Part) -> Vec<Node<'t>> {
    match which {
        Part::Field(field) => node.field_children(field).collect(),
        Part::Kinds(kinds) => node.children().filter(|c| c.is_named() && kinds.contains(&c.kind().as_ref())).collect(),
        Part::Nth(_) | Part::LastNamed => part(node, which, None).into_iter().collect(),
    }
}

/// A list of one (`x` in Go's `x := e`, written as an expression list) is
/// its element, and so is a node that only wraps one (Kotlin's
/// `directly_assignable_expression` around the `x` of `x = e`).
pub(super) fn single<'t>(node: &Node<'t>) -> Node<'t> {
    let mut named = node.children().filter(|c| c.is_named());
    match (named.next(), named.next()) {
        (Some(only), None) if node.kind().ends_with("_list") || node.kind() == "parenthesized_expression" || only.range() == node.range() => only,
        _ => node.clone(),
    }
}

/// The positional arguments of an argument list (comments and keyword
/// arguments left out). A nested list (Kotlin's `value_arguments` inside a
/// `call_suffix`) is looked through; a wrapped argument (`name: x`) is its value.
pub(super) fn positional<'t>(arguments: &Node<'t>) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    for child in arguments.children().filter(|c| c.is_named() && !c.kind().contains("comment") && c.kind() != "keyword_argument") {
        let kind = child.kind();
        if kind.ends_with("arguments") {
            out.extend(positional(&child));
        } else if kind == "argument" || kind == "value_argument" {
            out.push(child.children().filter(|a| a.is_named()).last().unwrap_or(child.clone()));
        } else {
            out.push(child.clone());
        }
    }
    out
}

/// The last name of a call's callee: `q` for `q(x)`, `self.q(x)`, `$this->q($x)`.
pub(super) fn callee_name(node: &Node, callee: Part) -> String {
    let Some(callee) = part(node, callee, None) else { return String::new() };
    let text = callee.text();
    let last = text.rsplit(['.', ':', '>', '\\']).next().unwrap_or(&text);
    last.trim().trim_start_matches('$').to_string()
}

/// The receiver of a method call: a field of its own (Java, Ruby, PHP) or
/// the object part of the callee (`obj.m` in Python, JavaScript, Go, C#, Kotlin).
pub(super) fn receiver_of<'t>(node: &Node<'t>, callee: Part, receiver_field: Option<&str>) -> Option<Node<'t>> {
    if let Some(field) = receiver_field {
        return node.field(field);
    }
    let callee = part(node, callee, None)?;
    let first = callee.children().find(|c| c.is_named())?;
    (first.range() != callee.range() && callee.text().len() > first.text().len()).then_some(first)
}

/// Text that names a field path (`self.x`, `$this->x`, `obj.a.b`) rather than an expression.
pub(super) fn is_path(text: &str) -> bool {
    text.len() < 80 && (text.contains('.') || text.contains("->")) && text.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '-' | '>' | '@' | ' ' | '\n' | '\t'))
}

pub(super) fn compact(text: &str) -> String {
    text.split_whitespace().collect()
}

pub(super) fn source_var(trace: &[Step]) -> Option<(String, String)> {
    trace.first().map(|s| ("SOURCE".to_string(), s.note.trim_start_matches("source: ").trim_matches('`').to_string()))
}

/// The texts a taint rule's message may quote: the sink's metavariables,
/// `$SINK` (the sink's text) and `$SOURCE` (the source's).
pub(super) fn message_vars(found: &NodeMatch, trace: &[Step]) -> Vec<(String, String)> {
    let env = found.get_env();
    let mut vars: Vec<(String, String)> = env
        .get_matched_variables()
        .filter_map(|var| match var {
            MetaVariable::Capture(name, _) => env.get_match(&name).map(|n| (name.clone(), short(&n.text()))),
            _ => None,
        })
        .collect();
    vars.push(("SINK".to_string(), short(&found.text())));
    vars.extend(source_var(trace));
    vars
}
