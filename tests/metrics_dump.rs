//! Temporary: prints the tree of DUMP_FILE in DUMP_LANG.
use ast_grep_core::tree_sitter::LanguageExt;
use techlead::analysis::language::Lang;

fn dump(node: tree_sitter::Node, field: Option<&str>, depth: usize, src: &str) {
    let text: String = if node.child_count() == 0 { format!(" {:?}", &src[node.byte_range()]) } else { String::new() };
    println!("{}{}{}{}{} @{}", "  ".repeat(depth), field.map(|f| format!("{f}: ")).unwrap_or_default(), if node.is_named() { "" } else { "'" }, node.kind(), text, node.start_position().row + 1);
    let mut cursor = node.walk();
    for (i, child) in node.children(&mut cursor).enumerate() {
        dump(child, node.field_name_for_child(i as u32), depth + 1, src);
    }
}

#[test]
fn dump_tree() {
    let (Ok(lang), Ok(file)) = (std::env::var("DUMP_LANG"), std::env::var("DUMP_FILE")) else { return };
    let lang = Lang::from_name(&lang).unwrap();
    let src = std::fs::read_to_string(file).unwrap();
    let root = lang.ast_grep(&src);
    dump(root.root().get_inner_node(), None, 0, &src);
}
