//! Metric values a user sees: per language on small snippets, the worked
//! examples of SonarSource's cognitive complexity paper, qualified names,
//! "unsupported" where a language has no such construct, and line counts.

use techlead::analysis::language::Lang;
use techlead::analysis::metrics::{Aggregate, FileMetrics, Value, measure};

fn lang(name: &str) -> Lang {
    Lang::from_name(name).unwrap()
}

/// One row per function: `name cyclomatic cognitive sloc max_nesting parameters exits`.
fn table(language: &str, source: &str) -> Vec<String> {
    let metrics = measure(lang(language), source);
    metrics
        .functions
        .iter()
        .map(|f| {
            let value = |v: Value| v.computed().map_or("-".to_string(), |n| n.to_string());
            format!("{} {} {} {} {} {} {}", f.name, f.cyclomatic, f.cognitive, f.sloc, f.max_nesting, value(f.parameters), value(f.exits))
        })
        .collect()
}

fn cognitive_of(metrics: &FileMetrics, name: &str) -> u32 {
    metrics.functions.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no function {name}")).cognitive
}

#[test]
fn cognitive_complexity_reproduces_the_white_paper_examples() {
    let source = std::fs::read_to_string("tests/data/metrics/sonar_examples.java").unwrap();
    let metrics = measure(lang("java"), &source);
    let expected = [
        ("Examples.sumOfPrimes", 7),
        ("Examples.getWords", 1),
        ("Examples.nesting", 9),
        ("Examples.mixedOperators", 4),
        ("Examples.sameOperators", 2),
        ("Examples.elseChain", 4),
        ("Examples.lambdaNesting", 2),
        ("Examples.ternaries", 3),
        ("Examples.lookupOverride", 19),
        ("Examples.breakToLabel", 9),
        ("Examples.fibonacci", 2),
        ("Examples.size", 0),
        ("Examples.classify", 4),
    ];
    for (name, cognitive) in expected {
        assert_eq!(cognitive_of(&metrics, name), cognitive, "{name}");
    }
    let cyclomatic = |name: &str| metrics.functions.iter().find(|f| f.name == name).unwrap().cyclomatic;
    // McCabe counts every decision: 3 loops/ifs; 3 non-default cases; 5 operators + if.
    assert_eq!(cyclomatic("Examples.sumOfPrimes"), 4);
    assert_eq!(cyclomatic("Examples.getWords"), 4);
    assert_eq!(cyclomatic("Examples.mixedOperators"), 7);
}

#[test]
fn cognitive_complexity_white_paper_rules_in_java_overloads_and_recursion() {
    let source = std::fs::read_to_string("tests/data/metrics/sonar_examples.java").unwrap();
    let metrics = measure(lang("java"), &source);
    let totals: Vec<u32> = metrics.functions.iter().filter(|f| f.name == "Examples.total").map(|f| f.cognitive).collect();
    // `total(a)` only delegates to the other overload; `total(a, b)` calls itself.
    assert_eq!(totals, [0, 2]);
}

#[test]
fn cognitive_complexity_white_paper_rules_in_javascript() {
    let source = std::fs::read_to_string("tests/data/metrics/sonar_examples.js").unwrap();
    let metrics = measure(lang("javascript"), &source);
    for (name, cognitive) in [("sumOfPrimes", 7), ("getWords", 1), ("label", 0), ("mixed", 4), ("size", 4), ("factorial", 2), ("Tree.walk", 3), ("Tree.close", 0)] {
        assert_eq!(cognitive_of(&metrics, name), cognitive, "{name}");
    }
    // The same rules hold for TypeScript.
    let ts = measure(lang("typescript"), &source);
    assert_eq!(ts.functions.iter().map(|f| f.cognitive).collect::<Vec<_>>(), metrics.functions.iter().map(|f| f.cognitive).collect::<Vec<_>>());
}

#[test]
fn cognitive_complexity_white_paper_rules_in_kotlin() {
    let source = std::fs::read_to_string("tests/data/metrics/sonar_examples.kt").unwrap();
    let metrics = measure(lang("kotlin"), &source);
    for (name, cognitive) in [("Examples.sumOfPrimes", 7), ("Examples.getWords", 1), ("Examples.label", 0), ("Examples.sign", 3), ("Examples.lambdaNesting", 2), ("Examples.factorial", 2)] {
        assert_eq!(cognitive_of(&metrics, name), cognitive, "{name}");
    }
}

#[test]
fn recursion_is_a_call_of_the_function_itself_not_of_a_namesake() {
    let cognitive = |language: &str, source: &str| -> Vec<(String, u32)> { measure(lang(language), source).functions.into_iter().map(|f| (f.name, f.cognitive)).collect() };
    let python = "class Node:\n    def walk(self):\n        for c in self.children:\n            c.walk()\n        self.walk()\n\n    def close(self):\n        self._file.close()\n\ndef fact(n):\n    return 1 if n < 2 else n * fact(n - 1)\n";
    // walk: for +1, self.walk() +1 (c.walk() is the child's: not counted); fact: conditional +1, recursion +1.
    assert_eq!(cognitive("python", python), [("Node.walk".into(), 2), ("Node.close".into(), 0), ("fact".into(), 2)]);
    let rust = "impl Tree {\n    fn depth(&self) -> u32 { self.left.depth() }\n    fn size(&self) -> u32 { Self::size(self) + self.size() }\n}\nfn gcd(a: u32, b: u32) -> u32 { if b == 0 { a } else { gcd(b, a % b) } }\n";
    assert_eq!(cognitive("rust", rust), [("Tree::depth".into(), 0), ("Tree::size".into(), 1), ("gcd".into(), 3)]);
    let go = "package p\nfunc (n *Node) Sum() int {\n\tif n == nil {\n\t\treturn 0\n\t}\n\treturn n.Value + n.Left.Sum() + n.Sum()\n}\n";
    assert_eq!(cognitive("go", go), [("Node.Sum".into(), 2)]);
    let csharp = "class C {\n  int F(int n) { return n == 0 ? 0 : F(n - 1); }\n  int G(int n) { return G(n, 1); }\n}\n";
    assert_eq!(cognitive("csharp", csharp), [("C.F".into(), 2), ("C.G".into(), 0)]);
    let php = "<?php\nclass P {\n  function f($n) { return $n ? $this->f($n - 1) : 0; }\n  function g() { return $this->other->g(); }\n}\n";
    assert_eq!(cognitive("php", php), [("P.f".into(), 2), ("P.g".into(), 0)]);
    let ruby = "class T\n  def walk(n)\n    walk(n - 1) if n > 0\n  end\n\n  def each\n    @items.each\n  end\nend\n";
    assert_eq!(cognitive("ruby", ruby), [("T.walk".into(), 2), ("T.each".into(), 0)]);
    let swift = "struct S {\n  func f(_ n: Int) -> Int { return n > 0 ? self.f(n - 1) : 0 }\n}\n";
    assert_eq!(cognitive("swift", swift), [("S.f".into(), 2)]);
    let scala = "object O {\n  def f(n: Int): Int = if (n > 0) f(n - 1) else 0\n}\n";
    assert_eq!(cognitive("scala", scala), [("O.f".into(), 3)]);
    let c = "int f(int n) { return n ? f(n - 1) : 0; }\n";
    assert_eq!(cognitive("c", c), [("f".into(), 2)]);
    let cpp = "struct A {\n  int f(int n) { return n ? this->f(n - 1) : g(n); }\n  int f() { return f(1); }\n};\n";
    assert_eq!(cognitive("cpp", cpp), [("A::f".into(), 2), ("A::f".into(), 0)]);
}

#[test]
fn python() {
    let source = r##"
class Parser:
    def parse(self, text, *rest, strict=False, **options):
        """Docstrings are code."""
        # a comment
        for line in text:
            if line and not strict:
                continue
            elif line.startswith("#"):
                raise ValueError(line)
            else:
                try:
                    return [x for x in line if x]
                except KeyError:
                    pass
                finally:
                    cleanup()
        return None

    def helper(self):
        def inner(a):
            return a if a else 0
        return inner
"##;
    assert_eq!(
        table("python", source),
        [
            // for, if, and, elif, comprehension for + if, except: 7 decisions; cognitive for 1 + if 2 + and 1 + elif 1 + else 1 + except 3
            "Parser.parse 8 9 15 3 5 3",
            "Parser.helper 1 0 4 0 1 1",
            "Parser.helper.inner 2 1 2 1 1 1",
        ]
    );
}

#[test]
fn javascript_and_typescript() {
    let source = r#"
class Store {
  load(key, fallback = null) {
    while (key) {
      if (cache[key] ?? fallback) { return cache[key]; }
      key = parent(key);
    }
    throw new Error("missing");
  }
}
const pick = (items) => items.filter(function (item) { return item.ok || item.forced; });
"#;
    let expected = [
        // while, if, ??, default value: 4 decisions; cognitive: while 1, if 2,
        // and nothing for `??` (null-coalescing is shorthand to the white paper)
        "Store.load 5 3 7 2 2 2",
        "pick 1 0 1 0 1 0",
        "pick.<anonymous> 2 1 1 0 1 1",
    ];
    assert_eq!(table("javascript", source), expected);
    assert_eq!(table("typescript", &source.replace("(key, fallback = null)", "(key: string, fallback: unknown = null)")), expected);
}

#[test]
fn go() {
    let source = r#"
package p

func (s *Server) Handle(a, b int, rest ...string) error {
	switch a {
	case 1, 2:
		return nil
	case 3:
		if b > 0 && a < 0 {
			panic("no")
		}
	default:
	}
	go func() {
		for i := 0; i < b; i++ {
		}
	}()
	return nil
}
"#;
    // cases 2 (default free), if, &&: 4 decisions; cognitive: switch 1, if 2, && 1.
    // The `func` literal is a function of its own (as lizard has it): its `for`
    // is its decision, and its +1 at nesting 0.
    assert_eq!(table("go", source), ["Server.Handle 5 4 16 2 3 3", "Server.Handle.<anonymous> 2 1 4 1 0 0"]);
}

#[test]
fn rust_match_arms_try_and_closures() {
    let source = r#"
impl<T> Parser<T> {
    fn parse(&mut self, input: &str) -> Result<u32, Error> {
        let n = input.parse::<u32>()?;
        let Some(x) = self.x else { return Err(Error) };
        match n {
            0 => Ok(0),
            1 | 2 => Ok(1),
            m if m > 10 => Ok(2),
            _ => loop {
                if self.done() { break Ok(x); }
            },
        }
    }
}
fn free(f: impl Fn(u32) -> bool) -> bool { (0..3).any(|x| f(x) || x == 2) }
"#;
    // ?, let-else, 3 arms after the first, guard, if, (loop: none): 7 decisions.
    // cognitive: match 1, loop 2 (nesting 1), if 3 (nesting 2)
    assert_eq!(table("rust", source), ["Parser::parse 8 6 12 3 2 1", "free 2 1 1 0 1 0"]);
}

#[test]
fn java_c_cpp_csharp() {
    let java = "class A {\n  A(int x) { this.x = x > 0 ? x : 0; }\n  abstract void later();\n  void m() throws E { do { x--; } while (x > 0); }\n}\n";
    assert_eq!(table("java", java), ["A.A 2 1 1 1 1 0", "A.m 2 1 1 1 0 0"]);

    let c = "static int\ncount(const char *s, int n)\n{\n    int k = 0;\n    for (; *s; s++) {\n        if (*s == 'a' || *s == 'b') k++;\n    }\n    goto done;\ndone:\n    return k;\n}\nvoid none(void) {}\n";
    assert_eq!(table("c", c), ["count 4 5 11 2 2 1", "none 1 0 1 0 0 0"]);

    let cpp = "struct Foo {\n  int bar(int a) const { return a ? 1 : 2; }\n};\nint Foo::baz(int a) {\n  try { return a; } catch (...) { throw; }\n}\n";
    assert_eq!(table("cpp", cpp), ["Foo::bar 2 1 1 1 1 1", "Foo::baz 2 1 3 1 1 2"]);

    let csharp = "class A {\n  int P { get { return a ?? b; } }\n  void F(int a, int b) {\n    var x = a switch { 1 => 2, _ => 3 };\n    foreach (var i in xs) { if (i is int j when j > 0) continue; }\n  }\n}\n";
    // `??` is a decision (cyclomatic 2) but shorthand to cognitive complexity (0).
    assert_eq!(table("csharp", csharp), ["A.P.get 2 0 1 0 0 1", "A.F 4 4 4 2 2 0"]);
}

#[test]
fn ruby_php_bash() {
    let ruby = "module M\n  class A\n    def f(a, b = 1, *c, &d)\n      raise ArgumentError unless a\n      case a\n      when 1, 2 then :x\n      else :y\n      end\n    end\n\n    def self.g\n      [1].each { |x| return x if x > 0 }\n    end\n  end\nend\n";
    // f: unless modifier, one when: 2 decisions; cognitive: unless 1, case 1.
    // g: the `if` modifier inside the block: 1 decision, cognitive 2 (nested in the block); the block's return is not g's.
    assert_eq!(table("ruby", ruby), ["M.A.f 3 2 7 1 4 1", "M.A.g 2 2 3 2 0 0"]);

    let php = "<?php\nclass A {\n  public function f($a, ...$rest) {\n    if ($a) { return 1; } elseif ($a === 2) { return 2; } else { throw new E(); }\n    $x = match($a) { 1 => 'a', default => 'b' };\n  }\n}\n";
    assert_eq!(table("php", php), ["A.f 4 4 4 1 2 3"]);

    let bash = "#!/bin/bash\nbuild() {\n  if [ -z \"$1\" ]; then\n    exit 1\n  fi\n  make && make install || return 2\n}\n";
    // if, &&, ||: 3 decisions; cognitive: if 1, two runs of operators 2. No parameter lists in bash.
    assert_eq!(table("bash", bash), ["build 4 3 6 1 - 2"]);
}

#[test]
fn kotlin_swift_scala() {
    let kotlin = "class A {\n  fun f(a: Int, b: Int): Int {\n    val c = a ?: 0\n    return when (a) { 1 -> 2\n      else -> if (b > 0) 1 else 0 }\n  }\n}\n";
    // elvis, one non-else entry, if: 3 decisions; cognitive: elvis 0 (shorthand), when 1, if 2 (nested), else 1
    assert_eq!(table("kotlin", kotlin), ["A.f 4 4 5 2 2 1"]);

    let swift = "struct S {\n  func f(_ a: Int?) -> Int {\n    guard let v = a else { return 0 }\n    for i in 0..<v where i > 2 { }\n    return v > 1 ? 1 : 2\n  }\n}\n";
    assert_eq!(table("swift", swift), ["S.f 4 3 5 1 1 2"]);

    let scala = "object O {\n  def f(a: Int)(b: Int): Int = a match {\n    case 1 => 2\n    case n if n > 2 => 3\n    case _ => 4\n  }\n}\n";
    // two non-default cases and a guard: 3 decisions
    assert_eq!(table("scala", scala), ["O.f 4 1 5 1 2 0"]);
    // A `catch { case … }` decides by its arms, like Java's catch clauses: two arms and a guard.
    let scala_catch = "object O {\n  def g(a: Int): Int =\n    try a\n    catch {\n      case x if rethrow(x) => throw x\n      case _: IOException => 0\n    }\n}\n";
    assert_eq!(table("scala", scala_catch), ["O.g 4 1 6 1 1 1"]);
}

#[test]
fn logical_assignments_and_conditions_in_rust_macros_are_decisions() {
    // `a ||= b` assigns only when `a` is unset: a short-circuit, +1 cyclomatic,
    // and shorthand to cognitive complexity (0).
    assert_eq!(table("ruby", "def f\n  @x ||= 1\n  @y &&= 2\nend\n"), ["f 3 0 4 0 0 0"]);
    assert_eq!(table("javascript", "function f(a) {\n  a.x ??= 1;\n  a.y ||= 2;\n  a.z += 3;\n}\n"), ["f 3 0 5 0 1 0"]);
    assert_eq!(table("csharp", "class C {\n  void F() { x ??= 1; y += 2; }\n}\n"), ["C.F 2 0 1 0 0 0"]);
    assert_eq!(table("php", "<?php\nfunction f($a) {\n  $a ??= 1;\n}\n"), ["f 2 0 3 0 1 0"]);
    // tree-sitter leaves a macro's arguments as tokens; their `&&`, `||` and `?` still decide.
    assert_eq!(table("rust", "fn f(a: bool, b: bool) -> Result<(), E> {\n    assert!(a && b || check()?);\n    Ok(())\n}\n"), ["f 4 0 4 0 2 0"]);
}

#[test]
fn languages_without_functions_report_unsupported_not_zero() {
    for (language, source) in [("json", "{\"a\": [1, 2]}\n"), ("yaml", "a: 1\n# note\nb: [2]\n"), ("hcl", "resource \"x\" \"y\" {\n  a = 1\n}\n")] {
        let metrics = measure(lang(language), source);
        assert_eq!(metrics.function_count, Value::Unsupported, "{language}");
        assert_eq!(metrics.summary.cyclomatic, Aggregate::Unsupported, "{language}");
        let json = serde_json::to_value(&metrics).unwrap();
        assert_eq!(json["function_count"], "unsupported", "{language}");
        assert_eq!(json["summary"]["cognitive"], "unsupported", "{language}");
        assert!(metrics.sloc > 0, "{language}: line counts still apply");
    }
    let bash = measure(lang("bash"), "f() { echo hi; }\n");
    let json = serde_json::to_value(&bash).unwrap();
    assert_eq!(json["functions"][0]["parameters"], "unsupported");
    assert_eq!(json["summary"]["parameters"], "unsupported");
    assert_eq!(json["summary"]["cyclomatic"]["max"], 1);
    // A file of a language with functions, but none in it: no maximum (null), not 0 or "unsupported".
    let empty = serde_json::to_value(measure(lang("python"), "x = 1\n")).unwrap();
    assert_eq!(empty["function_count"], 0);
    assert!(empty["summary"]["cyclomatic"].is_null());
}

#[test]
fn file_line_counts_and_summary() {
    let source = "# header\n\ndef a(x):  # trailing\n    return x\n\n\ndef b(x):\n    '''doc'''\n    if x:\n        return 1\n    return 2\n";
    let metrics = measure(lang("python"), source);
    assert_eq!((metrics.sloc, metrics.comment_lines, metrics.blank_lines), (7, 2, 3));
    assert_eq!(metrics.function_count, Value::Computed(2));
    assert_eq!(metrics.summary.cyclomatic, Aggregate::Computed { max: 2, average: 1.5 });
    let b = &metrics.functions[1];
    assert_eq!((b.start_line, b.end_line, b.header_line, b.sloc), (7, 11, 7, 5));
}

#[test]
fn names_are_qualified_and_header_lines_point_at_the_name() {
    let names = |language: &str, source: &str| -> Vec<(String, usize)> { measure(lang(language), source).functions.into_iter().map(|f| (f.name, f.header_line)).collect() };
    assert_eq!(names("python", "@decorator\ndef f():\n    def g():\n        pass\n"), [("f".into(), 2), ("f.g".into(), 3)]);
    assert_eq!(names("rust", "impl fmt::Display for Parser {\n    fn fmt(&self) {}\n}\ntrait T { fn d(&self) {} }\n"), [("Parser::fmt".into(), 2), ("T::d".into(), 4)]);
    assert_eq!(names("go", "package p\nfunc (p Point) Norm() float64 { return 0 }\nfunc Free() {}\n"), [("Point.Norm".into(), 2), ("Free".into(), 3)]);
    assert_eq!(
        names("javascript", "class A { m() {} }\nexports.run = function () {};\nsetTimeout(() => {}, 1);\nconst o = { k: () => 1 };\n"),
        [("A.m".into(), 1), ("exports.run".into(), 2), ("<anonymous>".into(), 3), ("k".into(), 4)]
    );
    assert_eq!(names("java", "class Outer {\n  class Inner {\n    void m() {}\n  }\n}\n"), [("Outer.Inner.m".into(), 3)]);
    assert_eq!(names("cpp", "namespace n {\nvoid\nWidget::draw() {}\n}\n"), [("Widget::draw".into(), 3)]);
    assert_eq!(names("kotlin", "class K {\n  fun f() {}\n  constructor(x: Int) {}\n}\n"), [("K.f".into(), 2), ("K.constructor".into(), 3)]);
    assert_eq!(names("swift", "class S {\n  init() {}\n  func f() {}\n}\n"), [("S.init".into(), 2), ("S.f".into(), 3)]);
    assert_eq!(names("scala", "class C {\n  def m(): Unit = {}\n}\n"), [("C.m".into(), 2)]);
    assert_eq!(names("php", "<?php\nclass P {\n  function m() {}\n}\nfunction top() {}\n"), [("P.m".into(), 3), ("top".into(), 5)]);
    assert_eq!(names("ruby", "class R\n  def m; end\nend\n"), [("R.m".into(), 2)]);
    assert_eq!(names("csharp", "class C {\n  void M() {}\n}\n"), [("C.M".into(), 2)]);
}
