//! The public API of a file, from its syntax tree, one row per language:
//! each public symbol with its signature (the declaration up to its body)
//! and whether a doc comment comes with it. What "public" and "documented"
//! mean is each language's own convention.

use tree_sitter::Node;

use super::syntax::{child_of, line, named_children, signature, text, with_root};
use crate::analysis::language::Lang;

/// One public symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicSymbol {
    /// Qualified within the file: `Type::method` (Rust), `Class.method` (others).
    pub name: String,
    /// The declaration up to its body, on one line.
    pub signature: String,
    pub line: usize,
    pub documented: bool,
}

/// How one language declares public symbols and documents them.
pub struct SymbolSyntax {
    /// The `Lang::name()` of the language.
    pub language: &'static str,
    /// Where a doc comment is written, for messages.
    pub doc_comment: &'static str,
    read: fn(Node, &str, &mut Vec<PublicSymbol>),
}

/// The table: one row per language whose public API techlead reads.
pub const SYMBOL_SYNTAX: &[SymbolSyntax] = &[
    SymbolSyntax { language: "rust", doc_comment: "a `///` comment", read: rust },
    SymbolSyntax { language: "python", doc_comment: "a docstring", read: python },
    SymbolSyntax { language: "javascript", doc_comment: "a `/** JSDoc */` comment", read: javascript },
    SymbolSyntax { language: "typescript", doc_comment: "a `/** JSDoc */` comment", read: javascript },
    SymbolSyntax { language: "tsx", doc_comment: "a `/** JSDoc */` comment", read: javascript },
    SymbolSyntax { language: "java", doc_comment: "a `/** Javadoc */` comment", read: java },
    SymbolSyntax { language: "csharp", doc_comment: "a `/// <summary>` comment", read: csharp },
    SymbolSyntax { language: "kotlin", doc_comment: "a `/** KDoc */` comment", read: kotlin },
    SymbolSyntax { language: "go", doc_comment: "a comment starting with its name", read: go },
];

pub fn syntax_of(lang: Lang) -> Option<&'static SymbolSyntax> {
    SYMBOL_SYNTAX.iter().find(|row| row.language == lang.name())
}

/// The public symbols of a file, in source order.
pub fn public_symbols(lang: Lang, source: &str) -> Vec<PublicSymbol> {
    let Some(row) = syntax_of(lang) else { return Vec::new() };
    with_root(lang, source, |root, source| {
        let mut found = Vec::new();
        (row.read)(root, source, &mut found);
        found
    })
}

fn symbol(name: String, node: Node, source: &str, documented: bool, body_kinds: &[&str]) -> PublicSymbol {
    PublicSymbol { name, signature: signature(node, source, body_kinds), line: line(node), documented }
}

/// The sibling before `node`, skipping the kinds in `skip` (attributes).
fn previous_skipping<'t>(node: Node<'t>, skip: &[&str]) -> Option<Node<'t>> {
    let mut prev = node.prev_named_sibling();
    while let Some(p) = prev.filter(|p| skip.contains(&p.kind())) {
        prev = p.prev_named_sibling();
    }
    prev
}

/// Whether a comment ends on the line before `node` starts (or on the same line).
fn adjacent(comment: Node, node: Node) -> bool {
    let end = comment.end_position();
    let end_row = if end.column == 0 { end.row.saturating_sub(1) } else { end.row };
    end_row + 1 >= node.start_position().row
}

/// Whether the comment right before `node` (after skipping `skip`) starts with one of `openers`.
fn doc_before(node: Node, source: &str, skip: &[&str], openers: &[&str]) -> bool {
    previous_skipping(node, skip).is_some_and(|c| c.kind().contains("comment") && adjacent(c, node) && openers.iter().any(|o| text(c, source).starts_with(o)))
}

fn name_of(node: Node, source: &str) -> Option<String> {
    node.child_by_field_name("name").or_else(|| child_of(node, &["identifier", "simple_identifier", "type_identifier"])).map(|n| text(n, source).to_string())
}

// Rust: `pub` items (not `pub(crate)`), in public modules and inherent impls.
fn rust(root: Node, source: &str, out: &mut Vec<PublicSymbol>) {
    rust_items(root, source, "", out);
}

fn is_pub(node: Node, source: &str) -> bool {
    child_of(node, &["visibility_modifier"]).is_some_and(|v| text(v, source) == "pub")
}

fn rust_documented(node: Node, source: &str) -> bool {
    let mut prev = node.prev_named_sibling();
    while let Some(p) = prev {
        match p.kind() {
            "attribute_item" if text(p, source).starts_with("#[doc") => return true,
            "attribute_item" => prev = p.prev_named_sibling(),
            "line_comment" | "block_comment" => return text(p, source).starts_with("///") || text(p, source).starts_with("/**"),
            _ => return false,
        }
    }
    false
}

fn rust_items(container: Node, source: &str, prefix: &str, out: &mut Vec<PublicSymbol>) {
    for item in named_children(container) {
        match item.kind() {
            "function_item" | "struct_item" | "enum_item" | "trait_item" | "type_item" | "const_item" | "static_item" | "union_item" | "function_signature_item" if is_pub(item, source) => {
                if let Some(name) = name_of(item, source) {
                    out.push(symbol(format!("{prefix}{name}"), item, source, rust_documented(item, source), &["field_declaration_list", "enum_variant_list", "declaration_list"]));
                }
            }
            "mod_item" if is_pub(item, source) => {
                let Some(name) = name_of(item, source) else { continue };
                out.push(symbol(format!("{prefix}{name}"), item, source, rust_documented(item, source), &["declaration_list"]));
                if let Some(body) = item.child_by_field_name("body") {
                    rust_items(body, source, &format!("{prefix}{name}::"), out);
                }
            }
            "impl_item" if item.child_by_field_name("trait").is_none() => {
                let (Some(ty), Some(body)) = (item.child_by_field_name("type"), item.child_by_field_name("body")) else { continue };
                let ty = text(ty, source).split('<').next().unwrap_or_default().trim().to_string();
                for method in named_children(body).into_iter().filter(|m| m.kind() == "function_item" && is_pub(*m, source)) {
                    if let Some(name) = name_of(method, source) {
                        out.push(symbol(format!("{prefix}{ty}::{name}"), method, source, rust_documented(method, source), &[]));
                    }
                }
            }
            _ => {}
        }
    }
}

// Python: top-level functions and classes whose names do not start with `_`; documented by a docstring.
fn python(root: Node, source: &str, out: &mut Vec<PublicSymbol>) {
    for item in named_children(root) {
        let definition = if item.kind() == "decorated_definition" { item.child_by_field_name("definition") } else { Some(item) };
        let Some(definition) = definition.filter(|d| matches!(d.kind(), "function_definition" | "class_definition")) else { continue };
        let Some(name) = name_of(definition, source).filter(|n| !n.starts_with('_')) else { continue };
        let docstring = definition
            .child_by_field_name("body")
            .and_then(|body| body.named_child(0))
            .is_some_and(|first| first.kind() == "expression_statement" && first.named_child(0).is_some_and(|s| s.kind() == "string"));
        out.push(symbol(name, definition, source, docstring, &["block"]));
    }
}

// JavaScript/TypeScript: `export` declarations; documented by a `/** */` comment before the export.
fn javascript(root: Node, source: &str, out: &mut Vec<PublicSymbol>) {
    for export in named_children(root).into_iter().filter(|n| n.kind() == "export_statement") {
        if export.child_by_field_name("source").is_some() {
            continue;
        }
        let documented = doc_before(export, source, &[], &["/**"]);
        let bodies = ["statement_block", "class_body", "interface_body", "object_type", "enum_body"];
        if let Some(declaration) = export.child_by_field_name("declaration") {
            match declaration.kind() {
                "lexical_declaration" | "variable_declaration" => {
                    for declarator in named_children(declaration).into_iter().filter(|d| d.kind() == "variable_declarator") {
                        let Some(name) = name_of(declarator, source) else { continue };
                        let value = declarator.child_by_field_name("value");
                        let function_like = value.is_some_and(|v| matches!(v.kind(), "arrow_function" | "function_expression" | "function"));
                        let signature_node = if function_like { value.expect("checked") } else { declarator };
                        let mut found = symbol(name.clone(), signature_node, source, documented, &bodies);
                        if function_like {
                            found.signature = format!("{name} = {}", found.signature.trim_end_matches(" =>"));
                        } else {
                            found.signature = found.signature.split(" = ").next().unwrap_or_default().to_string();
                        }
                        out.push(found);
                    }
                }
                _ => {
                    if let Some(name) = name_of(declaration, source) {
                        out.push(symbol(name, declaration, source, documented, &bodies));
                    }
                }
            }
        } else if text(export, source).starts_with("export default") {
            out.push(symbol("default".into(), export, source, documented, &bodies));
        }
    }
}

// Java: public types and their public members; documented by a `/** */` comment.
fn java(root: Node, source: &str, out: &mut Vec<PublicSymbol>) {
    java_members(root, source, "", false, out);
}

fn modifiers_say(node: Node, source: &str, word: &str) -> bool {
    named_children(node).into_iter().filter(|c| matches!(c.kind(), "modifiers" | "modifier")).any(|m| text(m, source).split_whitespace().any(|w| w == word))
}

fn java_members(container: Node, source: &str, prefix: &str, in_interface: bool, out: &mut Vec<PublicSymbol>) {
    let types = ["class_declaration", "interface_declaration", "enum_declaration", "record_declaration", "annotation_type_declaration"];
    for item in named_children(container) {
        let kind = item.kind();
        let public = modifiers_say(item, source, "public") || (in_interface && !modifiers_say(item, source, "private"));
        if !public || !(types.contains(&kind) || matches!(kind, "method_declaration" | "constructor_declaration" | "field_declaration")) {
            continue;
        }
        let documented = doc_before(item, source, &[], &["/**"]);
        let name = if kind == "field_declaration" { item.child_by_field_name("declarator").and_then(|d| name_of(d, source)) } else { name_of(item, source) };
        let Some(name) = name else { continue };
        out.push(symbol(format!("{prefix}{name}"), item, source, documented, &["class_body", "interface_body", "enum_body", "block", "constructor_body"]));
        if types.contains(&kind)
            && let Some(body) = item.child_by_field_name("body")
        {
            let inner = child_of(body, &["enum_body_declarations"]).unwrap_or(body);
            java_members(inner, source, &format!("{prefix}{name}."), kind == "interface_declaration", out);
        }
    }
}

// C#: public types and members in namespaces; documented by `///` comments.
fn csharp(root: Node, source: &str, out: &mut Vec<PublicSymbol>) {
    csharp_members(root, source, "", false, out);
}

fn csharp_members(container: Node, source: &str, prefix: &str, in_interface: bool, out: &mut Vec<PublicSymbol>) {
    let types = ["class_declaration", "interface_declaration", "struct_declaration", "record_declaration", "enum_declaration"];
    let members = ["method_declaration", "constructor_declaration", "property_declaration", "field_declaration", "event_declaration", "delegate_declaration"];
    for item in named_children(container) {
        let kind = item.kind();
        if matches!(kind, "namespace_declaration" | "file_scoped_namespace_declaration" | "declaration_list") {
            csharp_members(item.child_by_field_name("body").unwrap_or(item), source, prefix, false, out);
            continue;
        }
        let public = modifiers_say(item, source, "public") || (in_interface && !modifiers_say(item, source, "private"));
        if !public || !(types.contains(&kind) || members.contains(&kind)) {
            continue;
        }
        let name = if kind == "field_declaration" || kind == "event_declaration" {
            child_of(item, &["variable_declaration"]).and_then(|d| child_of(d, &["variable_declarator"])).and_then(|d| name_of(d, source))
        } else {
            name_of(item, source)
        };
        let Some(name) = name else { continue };
        let documented = doc_before(item, source, &["attribute_list"], &["///", "/**"]);
        out.push(symbol(format!("{prefix}{name}"), item, source, documented, &["declaration_list", "block", "accessor_list", "arrow_expression_clause", "enum_member_declaration_list"]));
        if types.contains(&kind)
            && let Some(body) = item.child_by_field_name("body").or_else(|| child_of(item, &["declaration_list"]))
        {
            csharp_members(body, source, &format!("{prefix}{name}."), kind == "interface_declaration", out);
        }
    }
}

// Kotlin: declarations are public unless `private`, `internal` or `protected`; documented by `/** KDoc */`.
fn kotlin(root: Node, source: &str, out: &mut Vec<PublicSymbol>) {
    kotlin_members(root, source, "", out);
}

fn kotlin_members(container: Node, source: &str, prefix: &str, out: &mut Vec<PublicSymbol>) {
    for item in named_children(container) {
        let kind = item.kind();
        if !matches!(kind, "class_declaration" | "object_declaration" | "function_declaration" | "property_declaration" | "type_alias") {
            continue;
        }
        let hidden = child_of(item, &["modifiers"]).is_some_and(|m| text(m, source).split_whitespace().any(|w| matches!(w, "private" | "internal" | "protected")));
        if hidden {
            continue;
        }
        let name = if kind == "property_declaration" { child_of(item, &["variable_declaration"]).and_then(|v| name_of(v, source)) } else { name_of(item, source) };
        let Some(name) = name else { continue };
        let documented = doc_before(item, source, &[], &["/**"]);
        out.push(symbol(format!("{prefix}{name}"), item, source, documented, &["class_body", "function_body", "enum_class_body"]));
        if let Some(body) = child_of(item, &["class_body", "enum_class_body"]) {
            kotlin_members(body, source, &format!("{prefix}{name}."), out);
        }
    }
}

// Go: exported (capitalised) top-level names; documented by the comment right above.
fn go(root: Node, source: &str, out: &mut Vec<PublicSymbol>) {
    let exported = |name: &str| name.chars().next().is_some_and(char::is_uppercase);
    for item in named_children(root) {
        let documented = doc_before(item, source, &[], &["//", "/*"]);
        match item.kind() {
            "function_declaration" => {
                if let Some(name) = name_of(item, source).filter(|n| exported(n)) {
                    out.push(symbol(name, item, source, documented, &["block"]));
                }
            }
            "method_declaration" => {
                let receiver = item.child_by_field_name("receiver").map(|r| text(r, source).trim_matches(['(', ')']).split_whitespace().last().unwrap_or_default().trim_start_matches('*').to_string());
                let receiver = receiver.unwrap_or_default();
                let receiver = receiver.split('[').next().unwrap_or_default();
                if let Some(name) = name_of(item, source).filter(|n| exported(n) && exported(receiver)) {
                    out.push(symbol(format!("{receiver}.{name}"), item, source, documented, &["block"]));
                }
            }
            "type_declaration" | "const_declaration" | "var_declaration" => {
                let grouped = text(item, source).contains('(');
                for spec in named_children(item).into_iter().filter(|s| s.kind().ends_with("_spec")) {
                    let spec_documented = if grouped { doc_before(spec, source, &[], &["//", "/*"]) || documented } else { documented };
                    let mut cursor = spec.walk();
                    let names: Vec<String> = spec.children_by_field_name("name", &mut cursor).map(|n| text(n, source).to_string()).collect();
                    for name in names.into_iter().filter(|n| exported(n)) {
                        let mut found = symbol(name, spec, source, spec_documented, &[]);
                        if item.kind() == "type_declaration" {
                            found.signature = format!("type {}", found.signature.split('{').next().unwrap_or_default().trim());
                        } else {
                            found.signature = found.signature.split(" = ").next().unwrap_or_default().to_string();
                        }
                        out.push(found);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, documented) of each public symbol.
    fn read(language: &str, source: &str) -> Vec<(String, bool)> {
        public_symbols(Lang::from_name(language).unwrap(), source).into_iter().map(|s| (s.name, s.documented)).collect()
    }

    fn expect(items: &[(&str, bool)]) -> Vec<(String, bool)> {
        items.iter().map(|(n, d)| (n.to_string(), *d)).collect()
    }

    #[test]
    fn rust_pub_items_and_doc_comments() {
        let source = "/// Doc.\n#[derive(Debug)]\npub struct S;\npub fn f(a: u8) -> u8 { a }\npub(crate) fn g() {}\nfn h() {}\nimpl S {\n    /// M\n    pub fn m(&self) {}\n    fn private(&self) {}\n}\nimpl Clone for S { fn clone(&self) -> S { S } }\npub mod m2 { pub fn h() {} }\n";
        assert_eq!(read("rust", source), expect(&[("S", true), ("f", false), ("S::m", true), ("m2", false), ("m2::h", false)]));
        let f = &public_symbols(Lang::from_name("rust").unwrap(), source)[1];
        assert_eq!((f.signature.as_str(), f.line), ("pub fn f(a: u8) -> u8", 4));
    }

    #[test]
    fn python_public_names_and_docstrings() {
        let source = "import os\n\ndef f(a, b: int) -> str:\n    \"\"\"Doc.\"\"\"\n    return a\n\n@dec\nclass C(B):\n    pass\n\ndef _private():\n    pass\n";
        assert_eq!(read("python", source), expect(&[("f", true), ("C", false)]));
        assert_eq!(public_symbols(Lang::from_name("python").unwrap(), source)[0].signature, "def f(a, b: int) -> str");
    }

    #[test]
    fn javascript_and_typescript_exports_and_jsdoc() {
        let source = "/** Doc. */\nexport function f(a) { return a }\nexport const g = () => 1, h = 2;\nfunction internal() {}\nexport class K {}\nexport { x } from './x';\n";
        assert_eq!(read("javascript", source), expect(&[("f", true), ("g", false), ("h", false), ("K", false)]));
        let ts = "/**\n * Doc.\n */\nexport function f(a: number): string { return '' }\nexport interface I { x: number }\nexport type T = string;\n// not a doc comment\nexport enum E { A }\n";
        assert_eq!(read("typescript", ts), expect(&[("f", true), ("I", false), ("T", false), ("E", false)]));
        assert_eq!(public_symbols(Lang::from_name("typescript").unwrap(), ts)[0].signature, "function f(a: number): string");
    }

    #[test]
    fn java_public_members_and_javadoc() {
        let source = "package a;\n/** Doc. */\npublic class A {\n  /** D */\n  @Override\n  public String f(int x) { return \"\"; }\n  public int y;\n  void g() {}\n  private void h() {}\n  public A() {}\n}\nclass Hidden { public void x() {} }\n";
        assert_eq!(read("java", source), expect(&[("A", true), ("A.f", true), ("A.y", false), ("A.A", false)]));
        let f = &public_symbols(Lang::from_name("java").unwrap(), source)[1];
        assert_eq!(f.signature, "@Override public String f(int x)");
    }

    #[test]
    fn csharp_public_members_and_doc_comments() {
        let source = "using System;\nnamespace N {\n  /// <summary>Doc</summary>\n  public class A {\n    public void F(int x) {}\n    /// <summary>P</summary>\n    public int P { get; set; }\n    private void G() {}\n  }\n  internal class B { public void H() {} }\n}\n";
        assert_eq!(read("csharp", source), expect(&[("A", true), ("A.F", false), ("A.P", true)]));
    }

    #[test]
    fn kotlin_default_public_and_kdoc() {
        let source = "package a.b\n\n/** Doc. */\nfun f(a: Int): String = \"\"\nclass C {\n  fun m() {}\n  private fun p() {}\n}\ninternal val v = 1\nval w = 2\nprivate fun q() {}\n";
        assert_eq!(read("kotlin", source), expect(&[("f", true), ("C", false), ("C.m", false), ("w", false)]));
    }

    #[test]
    fn go_exported_names_and_comments() {
        let source = "package x\n\n// F does.\nfunc F(a int) string { return \"\" }\n\nfunc g() {}\n\nfunc (s *Srv) Run() {}\n\ntype T struct{}\n\n// C is.\nconst C, d = 1, 2\n";
        assert_eq!(read("go", source), expect(&[("F", true), ("Srv.Run", false), ("T", false), ("C", true)]));
        assert_eq!(public_symbols(Lang::from_name("go").unwrap(), source)[0].signature, "func F(a int) string");
    }
}
