//! Small helpers over tree-sitter nodes shared by the import and
//! public-symbol tables.

use tree_sitter::Node;

use crate::analysis::language::Lang;
use ast_grep_core::tree_sitter::LanguageExt;

/// Parses `source` and hands its root to `f` (the tree lives only as long as the call).
pub fn with_root<T>(lang: Lang, source: &str, f: impl FnOnce(Node, &str) -> T) -> T {
    let tree = lang.ast_grep(source);
    f(tree.root().get_inner_node(), source)
}

/// The node's text.
pub fn text<'s>(node: Node, source: &'s str) -> &'s str {
    source.get(node.byte_range()).unwrap_or_default()
}

/// 1-based line of the node's start.
pub fn line(node: Node) -> usize {
    node.start_position().row + 1
}

/// The named children of a node.
pub fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// The first named child whose kind is one of `kinds`.
pub fn child_of<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    named_children(node).into_iter().find(|c| kinds.contains(&c.kind()))
}

/// Every node of the tree in pre-order, handed to `visit`; `visit` returns
/// whether to look inside the node.
pub fn walk<'t>(root: Node<'t>, visit: &mut dyn FnMut(Node<'t>) -> bool) {
    let mut cursor = root.walk();
    loop {
        let descend = visit(cursor.node());
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// A string literal's content, without quotes or prefixes.
pub fn unquote(literal: &str) -> String {
    literal.trim().trim_start_matches(['r', 'b', 'f', 'u']).trim_matches(['"', '\'', '`']).to_string()
}

/// The text of a declaration up to its body (its signature), on one line.
pub fn signature(node: Node, source: &str, body_kinds: &[&str]) -> String {
    let body = node.child_by_field_name("body").or_else(|| named_children(node).into_iter().find(|c| body_kinds.contains(&c.kind())));
    let end = body.map_or(node.end_byte(), |b| b.start_byte());
    let raw = source.get(node.start_byte()..end).unwrap_or_default();
    let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = one_line.trim_end_matches(['{', ':', '=', ' ']).trim_end_matches(" where").to_string();
    if trimmed.chars().count() > 200 { trimmed.chars().take(200).collect::<String>() + "…" } else { trimmed }
}
