//! Every language in the table loads its grammar and parses real code.

use ast_grep_core::tree_sitter::LanguageExt;
use techlead::analysis::language::{LANGUAGES, Lang};

fn sample(name: &str) -> &'static str {
    match name {
        "python" => "def f(x):\n    return [i for i in x if i]\n",
        "javascript" => "const f = async (x) => { for (const i of x) await i; };\n",
        "typescript" => "function f<T>(x: T[]): number { return x.length; }\n",
        "tsx" => "const App = () => <div className=\"a\">{1}</div>;\n",
        "go" => "package main\n\nfunc main() { defer println(1) }\n",
        "java" => "class A { int f(int x) { return x > 0 ? x : -x; } }\n",
        "c" => "int main(void) { char b[4]; return b[0]; }\n",
        "cpp" => "template <typename T> T id(T x) { return x; }\n",
        "csharp" => "class A { public int F(int x) => x switch { 1 => 2, _ => 0 }; }\n",
        "ruby" => "def f(x)\n  x.map { |i| i * 2 }\nend\n",
        "php" => "<?php function f($x) { return $x ?? 1; }\n",
        "rust" => "fn f(x: Option<u8>) -> u8 { x.unwrap_or(0) }\n",
        "kotlin" => "fun f(x: Int): Int = if (x > 0) x else -x\n",
        "swift" => "func f(_ x: Int) -> Int { guard x > 0 else { return 0 }; return x }\n",
        "scala" => "object A { def f(x: Int): Int = x match { case 1 => 2; case _ => 0 } }\n",
        "bash" => "for f in *.txt; do echo \"$f\"; done\n",
        "hcl" => "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"private\"\n}\n",
        "yaml" => "a:\n  - b: 1\n",
        "json" => "{\"a\": [1, 2, {\"b\": null}]}\n",
        other => panic!("no sample for {other}; add one when adding a language"),
    }
}

#[test]
fn every_grammar_loads_and_parses_without_errors() {
    assert!(LANGUAGES.len() >= 19);
    for lang in Lang::all() {
        let root = lang.ast_grep(sample(lang.name()));
        let tree = root.root();
        assert!(!tree.dfs().any(|n| n.is_error() || n.is_missing()), "{lang} failed to parse its sample:\n{}", tree.text());
        assert!(tree.dfs().count() > 3, "{lang} produced an empty tree");
    }
}

#[test]
fn the_issue_languages_are_all_present() {
    let names: Vec<&str> = LANGUAGES.iter().map(|s| s.name).collect();
    for wanted in ["python", "javascript", "typescript", "tsx", "go", "java", "c", "cpp", "csharp", "ruby", "php", "rust", "kotlin", "swift", "scala", "bash", "hcl", "yaml", "json"] {
        assert!(names.contains(&wanted), "{wanted} missing");
    }
}
