//! Imports read from the syntax tree, one row per language: what a file
//! imports as written (`app.web.views`, `./x`, `crate::web`), on which line,
//! and how that resolves to a file of the repository when it is relative or
//! local ([`super::resolve`]).

use tree_sitter::Node;

use super::resolve::{RepoIndex, Resolver};
use super::syntax::{child_of, line, named_children, text, unquote, walk, with_root};
use crate::analysis::language::Lang;

/// One import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    /// The module as written: `app.web`, `./x`, `github.com/a/b`, `crate::web::a`, `App\Web\C`.
    pub module: String,
    /// Names imported from it, where the syntax says (`from m import a, b`):
    /// a name may itself be a module.
    pub names: Vec<String>,
    pub line: usize,
}

/// How one language's imports are read and resolved.
pub struct ImportSyntax {
    /// The `Lang::name()` of the language.
    pub language: &'static str,
    /// Reads the imports of one node, if it is one; returns whether to look inside it.
    read: fn(Node, &str, &mut Vec<Import>) -> bool,
    /// How module names map to repository paths.
    pub resolver: Resolver,
}

/// The table: one row per language whose imports techlead reads.
pub const IMPORT_SYNTAX: &[ImportSyntax] = &[
    ImportSyntax { language: "python", read: python, resolver: Resolver::Python },
    ImportSyntax { language: "javascript", read: javascript, resolver: Resolver::JavaScript },
    ImportSyntax { language: "typescript", read: javascript, resolver: Resolver::JavaScript },
    ImportSyntax { language: "tsx", read: javascript, resolver: Resolver::JavaScript },
    ImportSyntax { language: "java", read: java, resolver: Resolver::Dotted { extensions: &["java"] } },
    ImportSyntax { language: "go", read: go, resolver: Resolver::GoPackage },
    ImportSyntax { language: "rust", read: rust, resolver: Resolver::Rust },
    ImportSyntax { language: "csharp", read: csharp, resolver: Resolver::Namespace },
    ImportSyntax { language: "php", read: php, resolver: Resolver::Php },
    ImportSyntax { language: "ruby", read: ruby, resolver: Resolver::Ruby },
    ImportSyntax { language: "kotlin", read: kotlin, resolver: Resolver::Dotted { extensions: &["kt", "kts", "java"] } },
];

/// The row of a language, if techlead reads its imports.
pub fn syntax_of(lang: Lang) -> Option<&'static ImportSyntax> {
    IMPORT_SYNTAX.iter().find(|row| row.language == lang.name())
}

/// The imports of a file, in source order.
pub fn imports(lang: Lang, source: &str) -> Vec<Import> {
    let Some(row) = syntax_of(lang) else { return Vec::new() };
    with_root(lang, source, |root, source| {
        let mut found = Vec::new();
        walk(root, &mut |node| (row.read)(node, source, &mut found));
        found
    })
}

/// An import with the repository path it resolves to, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedImport {
    pub import: Import,
    pub path: Option<String>,
}

/// The imports of `path`, each resolved against the repository's files.
pub fn resolved_imports(lang: Lang, path: &str, source: &str, index: &RepoIndex) -> Vec<ResolvedImport> {
    let Some(row) = syntax_of(lang) else { return Vec::new() };
    imports(lang, source).into_iter().map(|import| ResolvedImport { path: row.resolver.resolve(&import, path, index), import }).collect()
}

fn push(out: &mut Vec<Import>, module: impl Into<String>, names: Vec<String>, node: Node) {
    let module = module.into();
    if !module.is_empty() {
        out.push(Import { module, names, line: line(node) });
    }
}

fn python(node: Node, source: &str, out: &mut Vec<Import>) -> bool {
    match node.kind() {
        "import_statement" => {
            for child in named_children(node) {
                let name = if child.kind() == "aliased_import" { child.child_by_field_name("name") } else { Some(child) };
                if let Some(name) = name {
                    push(out, text(name, source), Vec::new(), node);
                }
            }
            false
        }
        "import_from_statement" => {
            let Some(module) = node.child_by_field_name("module_name") else { return false };
            let mut cursor = node.walk();
            let names = node
                .children_by_field_name("name", &mut cursor)
                .map(|n| if n.kind() == "aliased_import" { n.child_by_field_name("name").unwrap_or(n) } else { n })
                .map(|n| text(n, source).to_string())
                .collect();
            push(out, text(module, source), names, node);
            false
        }
        _ => true,
    }
}

fn string_argument<'s>(call: Node, source: &'s str) -> Option<String> {
    let args = call.child_by_field_name("arguments")?;
    let first = named_children(args).into_iter().next()?;
    matches!(first.kind(), "string" | "template_string").then(|| unquote(text(first, source)))
}

fn javascript(node: Node, source: &str, out: &mut Vec<Import>) -> bool {
    match node.kind() {
        "import_statement" | "export_statement" => {
            if let Some(from) = node.child_by_field_name("source") {
                push(out, unquote(text(from, source)), Vec::new(), node);
                return false;
            }
            true
        }
        "call_expression" => {
            let callee = node.child_by_field_name("function");
            if callee.is_some_and(|f| f.kind() == "import" || (f.kind() == "identifier" && text(f, source) == "require"))
                && let Some(module) = string_argument(node, source)
            {
                push(out, module, Vec::new(), node);
            }
            true
        }
        _ => true,
    }
}

fn java(node: Node, source: &str, out: &mut Vec<Import>) -> bool {
    match node.kind() {
        "import_declaration" => {
            if let Some(name) = child_of(node, &["scoped_identifier", "identifier"]) {
                let wildcard = child_of(node, &["asterisk"]).is_some();
                push(out, format!("{}{}", text(name, source), if wildcard { ".*" } else { "" }), Vec::new(), node);
            }
            false
        }
        "program" => true,
        _ => false,
    }
}

fn kotlin(node: Node, source: &str, out: &mut Vec<Import>) -> bool {
    match node.kind() {
        "import" | "import_header" => {
            if let Some(name) = child_of(node, &["qualified_identifier", "identifier"]) {
                let written = text(node, source);
                let wildcard = written.trim_end().ends_with('*');
                push(out, format!("{}{}", text(name, source), if wildcard { ".*" } else { "" }), Vec::new(), node);
            }
            false
        }
        "source_file" | "import_list" => true,
        _ => false,
    }
}

fn go(node: Node, source: &str, out: &mut Vec<Import>) -> bool {
    match node.kind() {
        "import_spec" => {
            if let Some(path) = node.child_by_field_name("path") {
                push(out, unquote(text(path, source)), Vec::new(), node);
            }
            false
        }
        "source_file" | "import_declaration" | "import_spec_list" => true,
        _ => false,
    }
}

/// `a::b::{c, d::e}` → `a::b::c`, `a::b::d::e` (one level of braces is enough
/// to tell which module is used).
fn rust_paths(written: &str) -> Vec<String> {
    let flat: String = written.split_whitespace().collect();
    let flat = flat.split(" as ").next().unwrap_or(&flat).to_string();
    match flat.split_once("::{") {
        Some((prefix, rest)) => {
            let inner = rest.strip_suffix('}').unwrap_or(rest);
            let mut depth = 0;
            let mut items = vec![String::new()];
            for c in inner.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(String::new()),
                    _ => {}
                }
                if c != ',' || depth != 0 {
                    items.last_mut().expect("one item").push(c);
                }
            }
            items
                .into_iter()
                .map(|i| i.trim().to_string())
                .filter(|i| !i.is_empty())
                .map(|i| if i == "self" { prefix.to_string() } else { format!("{prefix}::{}", i.split("::{").next().unwrap_or(&i)) })
                .collect()
        }
        None => vec![flat],
    }
}

fn rust(node: Node, source: &str, out: &mut Vec<Import>) -> bool {
    match node.kind() {
        "use_declaration" => {
            if let Some(argument) = node.child_by_field_name("argument") {
                let written = match argument.kind() {
                    "use_as_clause" => argument.child_by_field_name("path").map_or("", |p| text(p, source)),
                    _ => text(argument, source),
                };
                for path in rust_paths(written) {
                    push(out, path, Vec::new(), node);
                }
            }
            false
        }
        "extern_crate_declaration" => {
            if let Some(name) = node.child_by_field_name("name") {
                push(out, text(name, source), Vec::new(), node);
            }
            false
        }
        "source_file" | "mod_item" | "declaration_list" | "function_item" | "block" | "impl_item" => true,
        _ => false,
    }
}

fn csharp(node: Node, source: &str, out: &mut Vec<Import>) -> bool {
    match node.kind() {
        "using_directive" => {
            if let Some(name) = named_children(node).into_iter().rev().find(|c| matches!(c.kind(), "qualified_name" | "identifier")) {
                push(out, text(name, source), Vec::new(), node);
            }
            false
        }
        "compilation_unit" | "namespace_declaration" | "file_scoped_namespace_declaration" | "declaration_list" => true,
        _ => false,
    }
}

fn php(node: Node, source: &str, out: &mut Vec<Import>) -> bool {
    match node.kind() {
        "namespace_use_declaration" => {
            let prefix = child_of(node, &["namespace_name"]).map(|p| text(p, source).to_string());
            let group = node.child_by_field_name("body").or_else(|| child_of(node, &["namespace_use_group"]));
            let clauses = group.map_or_else(|| named_children(node), named_children);
            for clause in clauses.into_iter().filter(|c| c.kind() == "namespace_use_clause") {
                let name = child_of(clause, &["qualified_name", "name"]).map_or("", |n| text(n, source)).trim_start_matches('\\');
                let module = match &prefix {
                    Some(prefix) if group.is_some() => format!("{prefix}\\{name}"),
                    _ => name.to_string(),
                };
                push(out, module, Vec::new(), node);
            }
            false
        }
        "require_expression" | "require_once_expression" | "include_expression" | "include_once_expression" => {
            // The string part of `__DIR__ . '/x.php'` or `'lib/x.php'`.
            let mut literal = None;
            walk(node, &mut |n| {
                if literal.is_none() && matches!(n.kind(), "string" | "encapsed_string") {
                    literal = Some(unquote(text(n, source)));
                }
                literal.is_none()
            });
            if let Some(literal) = literal {
                let from_dir = text(node, source).contains("__DIR__") || text(node, source).contains("dirname(__FILE__)");
                push(out, if from_dir { format!(".{literal}") } else { literal }, Vec::new(), node);
            }
            false
        }
        _ => true,
    }
}

fn ruby(node: Node, source: &str, out: &mut Vec<Import>) -> bool {
    if node.kind() != "call" {
        return true;
    }
    let method = node.child_by_field_name("method").map(|m| text(m, source));
    let relative = match method {
        Some("require" | "load" | "autoload") => false,
        Some("require_relative") => true,
        _ => return true,
    };
    let Some(args) = node.child_by_field_name("arguments") else { return true };
    if let Some(string) = named_children(args).into_iter().rev().find(|a| a.kind() == "string") {
        let module = unquote(text(string, source));
        push(out, if relative && !module.starts_with('.') { format!("./{module}") } else { module }, Vec::new(), node);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(language: &str, source: &str) -> Vec<(String, usize)> {
        imports(Lang::from_name(language).unwrap(), source).into_iter().map(|i| (i.module, i.line)).collect()
    }

    fn pairs(items: &[(&str, usize)]) -> Vec<(String, usize)> {
        items.iter().map(|(m, l)| (m.to_string(), *l)).collect()
    }

    #[test]
    fn python_imports() {
        let source = "import os, a.b as c\nfrom . import x\nfrom ..pkg.mod import y as z\n\ndef f():\n    from app.web import views\n";
        assert_eq!(read("python", source), pairs(&[("os", 1), ("a.b", 1), (".", 2), ("..pkg.mod", 3), ("app.web", 6)]));
        let from = imports(Lang::from_name("python").unwrap(), "from app.web import views, forms as f\n");
        assert_eq!(from[0].names, vec!["views", "forms"]);
    }

    #[test]
    fn javascript_and_typescript_imports() {
        let source = "import a from \"./x\";\nimport * as b from 'lodash';\nexport { c } from \"../y\";\nconst d = require(\"fs\");\nasync function g() { await import(\"./lazy\"); }\n";
        let expected = pairs(&[("./x", 1), ("lodash", 2), ("../y", 3), ("fs", 4), ("./lazy", 5)]);
        assert_eq!(read("javascript", source), expected);
        assert_eq!(read("typescript", &format!("import type {{ T }} from './types';\n{source}")).len(), 6);
        assert_eq!(read("tsx", "import React from 'react';\nexport const A = () => <div/>;\n"), pairs(&[("react", 1)]));
    }

    #[test]
    fn java_and_kotlin_imports() {
        let java = "package a;\nimport com.acme.web.Controller;\nimport static java.util.Map.entry;\nimport com.acme.*;\nclass A {}\n";
        assert_eq!(read("java", java), pairs(&[("com.acme.web.Controller", 2), ("java.util.Map.entry", 3), ("com.acme.*", 4)]));
        let kotlin = "package a.b\n\nimport com.acme.web.Controller\nimport java.util.*\nimport x.Y as Z\n\nfun f() {}\n";
        assert_eq!(read("kotlin", kotlin), pairs(&[("com.acme.web.Controller", 3), ("java.util.*", 4), ("x.Y", 5)]));
    }

    #[test]
    fn go_imports() {
        let source = "package x\n\nimport \"fmt\"\nimport (\n\tw \"github.com/acme/app/web\"\n\t\"os\"\n)\n";
        assert_eq!(read("go", source), pairs(&[("fmt", 3), ("github.com/acme/app/web", 5), ("os", 6)]));
    }

    #[test]
    fn rust_imports() {
        let source = "use crate::web::{a, b::C};\nuse super::x;\nuse std::io as sio;\nextern crate serde;\nfn f() {\n    use crate::db::Pool;\n}\n";
        assert_eq!(read("rust", source), pairs(&[("crate::web::a", 1), ("crate::web::b::C", 1), ("super::x", 2), ("std::io", 3), ("serde", 4), ("crate::db::Pool", 6)]));
    }

    #[test]
    fn csharp_php_and_ruby_imports() {
        assert_eq!(read("csharp", "using System;\nusing Acme.Web;\nnamespace N { class A {} }\n"), pairs(&[("System", 1), ("Acme.Web", 2)]));
        let php = "<?php\nnamespace App;\nuse App\\Web\\Controller;\nuse Foo\\{A, B};\nrequire_once __DIR__ . '/x.php';\ninclude 'lib/y.php';\n";
        assert_eq!(read("php", php), pairs(&[("App\\Web\\Controller", 3), ("Foo\\A", 4), ("Foo\\B", 4), ("./x.php", 5), ("lib/y.php", 6)]));
        assert_eq!(read("ruby", "require 'json'\nrequire_relative '../lib/x'\nrequire_relative 'y'\n"), pairs(&[("json", 1), ("../lib/x", 2), ("./y", 3)]));
    }
}
