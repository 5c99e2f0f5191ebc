//! The taint table: one row per language, naming the node kinds the data-flow
//! walk needs. Adding a language to taint mode is one row here plus tests; the
//! walk itself knows no grammar.

/// Where a binding finds one of its two sides.
#[derive(Clone, Copy, Debug)]
pub enum Part {
    /// The child in this field.
    Field(&'static str),
    /// The n-th named child (for grammars whose nodes have no field names).
    Nth(usize),
    /// The last named child that is not the other side.
    LastNamed,
    /// The first named child of one of these kinds, for children without a
    /// field name (Kotlin's declarations and calls, the `when` clause of a
    /// C# switch arm).
    Kinds(&'static [&'static str]),
}

/// A node that gives a variable the value of an expression: `x = e`,
/// `let x = e`, `for x in e`, `x += e`.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub kind: &'static str,
    pub target: Part,
    pub value: Part,
}

/// A call node: where the callee and the argument list are.
#[derive(Clone, Copy, Debug)]
pub struct Call {
    pub kind: &'static str,
    /// The callee (`f`, `obj.method`) or the method name.
    pub callee: Part,
    /// The argument list (Kotlin's `call_suffix` wraps one more list, which
    /// the walk looks through).
    pub arguments: Part,
    /// The field holding the receiver when the call is a method call whose
    /// receiver is a separate field (Java, Ruby, PHP); `None` where the
    /// receiver is inside the callee (`obj.m` in Python and JavaScript).
    pub receiver: Option<&'static str>,
}

/// Where the value of a function body, a block or a branch comes from
/// when no `return` gives it: the last statement of a Ruby method or a Scala
/// block, the expression of C#'s `=> e` and Kotlin's `= e`, the arms of an
/// `if` or `match` used as a value. It makes a helper that returns without
/// `return` pass taint through (or, when its value is clean, clean it).
#[derive(Clone, Copy, Debug)]
pub struct Values {
    /// Statement blocks that have no value (C#'s `block`, Python's `block`):
    /// a function body of this kind returns through `return` only. An entry
    /// `parent > kind` names the kind only as a child of `parent` (Kotlin's
    /// `statements` have a value in a lambda, none in a `fun f() { }` body).
    pub blocks: &'static [&'static str],
    /// Statement lists whose value is that of their last statement.
    pub sequences: &'static [&'static str],
    /// Clauses that may end a sequence and give its value instead of the
    /// statement before them (Ruby's `rescue`): both count.
    pub clauses: &'static [&'static str],
    /// `(node kind, part)`: the part picks which arm runs but is not the
    /// node's value (the condition of a ternary, the subject of a `match`, an
    /// arm's guard). A value that depends on a tainted subject only through
    /// the choice of a constant arm is clean.
    pub selectors: &'static [(&'static str, Part)],
    /// `(arm kind, part)`: an arm's pattern, never its value. When a pattern
    /// under a node names a variable (`case Some(v) => v`, `string s => s`) it
    /// may bind the subject, so that node's selectors count after all.
    pub patterns: &'static [(&'static str, Part)],
}

/// One language's node kinds for taint mode.
pub struct TaintSyntax {
    /// The canonical language name, as in the language table.
    pub language: &'static str,
    /// Kinds whose text names a variable when read (`identifier`, PHP's `variable_name`).
    pub variables: &'static [&'static str],
    /// Function-like nodes: each is a scope of its own, analysed with its parameters.
    pub functions: &'static [&'static str],
    /// Where a named function keeps its name. An unnamed one (a lambda) is
    /// named by the variable it is assigned to, so that both get a summary.
    pub name: Part,
    /// The fields of a function node holding its parameters (or, for grammars
    /// without fields, the kinds of the child holding them).
    pub parameters: &'static [&'static str],
    /// Assignments, declarations and loop bindings.
    pub bindings: &'static [Binding],
    /// Nodes whose children run on some paths only (if, switch, try, ternary):
    /// inside them an assignment adds taint but never clears it.
    pub branches: &'static [&'static str],
    /// Loops: their body runs again until the taint stops growing.
    pub loops: &'static [&'static str],
    pub returns: &'static [&'static str],
    pub calls: &'static [Call],
    /// Index reads and writes (`a[i]`): writing taints the whole collection.
    pub indexes: &'static [&'static str],
    /// `(parent kind, field)` pairs whose identifier child is a member or
    /// keyword name, not a variable read (`obj.name` in Python's attribute).
    pub member_names: &'static [(&'static str, &'static str)],
    /// Kinds never descended into when asking whether an expression carries
    /// taint: types, annotations, comments.
    pub opaque: &'static [&'static str],
    /// How function bodies and branches get their value.
    pub values: Values,
    /// Names a method's first parameter has when it is the object the method
    /// is called on (Python's `self`, `cls`): `obj.m(a)` passes `a` to the
    /// parameter after it.
    pub receivers: &'static [&'static str],
}

const PYTHON: TaintSyntax = TaintSyntax {
    language: "python",
    receivers: &["self", "cls"],
    variables: &["identifier"],
    functions: &["function_definition", "lambda"],
    name: Part::Field("name"),
    parameters: &["parameters"],
    bindings: &[
        Binding { kind: "assignment", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "augmented_assignment", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "named_expression", target: Part::Field("name"), value: Part::Field("value") },
        Binding { kind: "for_statement", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "for_in_clause", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "as_pattern", target: Part::Field("alias"), value: Part::Nth(0) },
    ],
    branches: &["if_statement", "match_statement", "try_statement", "conditional_expression", "boolean_operator", "with_statement"],
    loops: &["for_statement", "while_statement", "list_comprehension", "generator_expression", "set_comprehension", "dictionary_comprehension"],
    returns: &["return_statement"],
    calls: &[Call { kind: "call", callee: Part::Field("function"), arguments: Part::Field("arguments"), receiver: None }],
    indexes: &["subscript"],
    member_names: &[("attribute", "attribute"), ("keyword_argument", "name")],
    opaque: &["type", "decorator", "comment"],
    values: Values { blocks: &["block"], sequences: &[], clauses: &[], selectors: &[], patterns: &[] },
};

const JS_BINDINGS: &[Binding] = &[
    Binding { kind: "variable_declarator", target: Part::Field("name"), value: Part::Field("value") },
    Binding { kind: "assignment_expression", target: Part::Field("left"), value: Part::Field("right") },
    Binding { kind: "augmented_assignment_expression", target: Part::Field("left"), value: Part::Field("right") },
    Binding { kind: "for_in_statement", target: Part::Field("left"), value: Part::Field("right") },
];
const JS_FUNCTIONS: &[&str] = &["function_declaration", "function_expression", "function", "arrow_function", "method_definition", "generator_function_declaration", "generator_function"];
const JS_BRANCHES: &[&str] = &["if_statement", "switch_statement", "try_statement", "ternary_expression", "binary_expression"];
const JS_LOOPS: &[&str] = &["for_statement", "for_in_statement", "while_statement", "do_statement"];
const JS_CALLS: &[Call] = &[
    Call { kind: "call_expression", callee: Part::Field("function"), arguments: Part::Field("arguments"), receiver: None },
    Call { kind: "new_expression", callee: Part::Field("constructor"), arguments: Part::Field("arguments"), receiver: None },
];

const fn js_like(language: &'static str) -> TaintSyntax {
    TaintSyntax {
        language,
        receivers: &[],
        variables: &["identifier", "shorthand_property_identifier"],
        functions: JS_FUNCTIONS,
        name: Part::Field("name"),
        parameters: &["parameters", "parameter"],
        bindings: JS_BINDINGS,
        branches: JS_BRANCHES,
        loops: JS_LOOPS,
        returns: &["return_statement"],
        calls: JS_CALLS,
        indexes: &["subscript_expression"],
        member_names: &[("pair", "key")],
        opaque: &["type_annotation", "type_arguments", "decorator", "comment"],
        values: Values { blocks: &["statement_block"], sequences: &[], clauses: &[], selectors: &[], patterns: &[] },
    }
}

const JAVA: TaintSyntax = TaintSyntax {
    language: "java",
    receivers: &[],
    variables: &["identifier"],
    functions: &["method_declaration", "constructor_declaration", "lambda_expression"],
    name: Part::Field("name"),
    parameters: &["parameters"],
    bindings: &[
        Binding { kind: "variable_declarator", target: Part::Field("name"), value: Part::Field("value") },
        Binding { kind: "assignment_expression", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "enhanced_for_statement", target: Part::Field("name"), value: Part::Field("value") },
    ],
    branches: &["if_statement", "switch_expression", "switch_statement", "try_statement", "ternary_expression", "binary_expression"],
    loops: &["for_statement", "enhanced_for_statement", "while_statement", "do_statement"],
    returns: &["return_statement"],
    calls: &[
        Call { kind: "method_invocation", callee: Part::Field("name"), arguments: Part::Field("arguments"), receiver: Some("object") },
        Call { kind: "object_creation_expression", callee: Part::Field("type"), arguments: Part::Field("arguments"), receiver: None },
    ],
    indexes: &["array_access"],
    member_names: &[("field_access", "field"), ("method_invocation", "name")],
    opaque: &["modifiers", "marker_annotation", "annotation", "type_identifier", "generic_type", "comment", "line_comment", "block_comment"],
    values: Values { blocks: &["block", "constructor_body"], sequences: &[], clauses: &[], selectors: &[], patterns: &[] },
};

const GO: TaintSyntax = TaintSyntax {
    language: "go",
    receivers: &[],
    variables: &["identifier"],
    functions: &["function_declaration", "method_declaration", "func_literal"],
    name: Part::Field("name"),
    parameters: &["parameters"],
    bindings: &[
        Binding { kind: "short_var_declaration", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "assignment_statement", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "var_spec", target: Part::Field("name"), value: Part::Field("value") },
        Binding { kind: "range_clause", target: Part::Field("left"), value: Part::Field("right") },
    ],
    branches: &["if_statement", "expression_switch_statement", "type_switch_statement", "select_statement", "binary_expression"],
    loops: &["for_statement"],
    returns: &["return_statement"],
    calls: &[Call { kind: "call_expression", callee: Part::Field("function"), arguments: Part::Field("arguments"), receiver: None }],
    indexes: &["index_expression"],
    member_names: &[("keyed_element", "key")],
    opaque: &["type_identifier", "qualified_type", "pointer_type", "comment"],
    values: Values { blocks: &["block"], sequences: &[], clauses: &[], selectors: &[], patterns: &[] },
};

const PHP: TaintSyntax = TaintSyntax {
    language: "php",
    receivers: &[],
    variables: &["variable_name"],
    functions: &["function_definition", "method_declaration", "anonymous_function", "anonymous_function_creation_expression", "arrow_function"],
    name: Part::Field("name"),
    parameters: &["parameters"],
    bindings: &[
        Binding { kind: "assignment_expression", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "augmented_assignment_expression", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "foreach_statement", target: Part::Nth(1), value: Part::Nth(0) },
    ],
    branches: &["if_statement", "switch_statement", "try_statement", "conditional_expression", "match_expression", "binary_expression"],
    loops: &["for_statement", "foreach_statement", "while_statement", "do_statement"],
    returns: &["return_statement"],
    calls: &[
        Call { kind: "function_call_expression", callee: Part::Field("function"), arguments: Part::Field("arguments"), receiver: None },
        Call { kind: "member_call_expression", callee: Part::Field("name"), arguments: Part::Field("arguments"), receiver: Some("object") },
        Call { kind: "scoped_call_expression", callee: Part::Field("name"), arguments: Part::Field("arguments"), receiver: None },
        Call { kind: "object_creation_expression", callee: Part::Field("name"), arguments: Part::Field("arguments"), receiver: None },
    ],
    indexes: &["subscript_expression"],
    member_names: &[],
    opaque: &["comment", "attribute_list"],
    values: Values {
        blocks: &["compound_statement"],
        sequences: &[],
        clauses: &[],
        selectors: &[("conditional_expression", Part::Field("condition")), ("match_expression", Part::Field("condition"))],
        patterns: &[("match_conditional_expression", Part::Field("conditional_expressions"))],
    },
};

const RUBY: TaintSyntax = TaintSyntax {
    language: "ruby",
    receivers: &[],
    variables: &["identifier", "instance_variable", "class_variable", "global_variable"],
    functions: &["method", "singleton_method", "lambda", "block", "do_block"],
    name: Part::Field("name"),
    parameters: &["parameters"],
    bindings: &[
        Binding { kind: "assignment", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "operator_assignment", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "for", target: Part::Field("pattern"), value: Part::Field("value") },
    ],
    branches: &["if", "elsif", "unless", "case", "case_match", "begin", "conditional", "if_modifier", "unless_modifier", "binary"],
    loops: &["while", "until", "for", "while_modifier", "until_modifier"],
    returns: &["return"],
    calls: &[Call { kind: "call", callee: Part::Field("method"), arguments: Part::Field("arguments"), receiver: Some("receiver") }],
    indexes: &["element_reference"],
    member_names: &[("call", "method"), ("pair", "key")],
    opaque: &["comment"],
    values: Values {
        blocks: &[],
        sequences: &["body_statement", "then", "else", "begin", "block_body", "do", "parenthesized_statements", "when", "in_clause", "rescue", "ensure"],
        clauses: &["rescue", "else", "ensure"],
        selectors: &[
            ("if", Part::Field("condition")),
            ("unless", Part::Field("condition")),
            ("elsif", Part::Field("condition")),
            ("conditional", Part::Field("condition")),
            ("if_modifier", Part::Field("condition")),
            ("unless_modifier", Part::Field("condition")),
            ("case", Part::Field("value")),
        ],
        patterns: &[("when", Part::Field("pattern"))],
    },
};

const CSHARP: TaintSyntax = TaintSyntax {
    language: "csharp",
    receivers: &[],
    // `x` in `x => e` is an `implicit_parameter`.
    variables: &["identifier", "implicit_parameter"],
    functions: &["method_declaration", "constructor_declaration", "local_function_statement", "lambda_expression", "anonymous_method_expression"],
    name: Part::Field("name"),
    parameters: &["parameters"],
    bindings: &[
        Binding { kind: "variable_declarator", target: Part::Field("name"), value: Part::LastNamed },
        Binding { kind: "assignment_expression", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "foreach_statement", target: Part::Field("left"), value: Part::Field("right") },
    ],
    branches: &["if_statement", "switch_statement", "switch_expression", "try_statement", "conditional_expression", "binary_expression"],
    loops: &["for_statement", "foreach_statement", "while_statement", "do_statement"],
    returns: &["return_statement"],
    calls: &[
        Call { kind: "invocation_expression", callee: Part::Field("function"), arguments: Part::Field("arguments"), receiver: None },
        Call { kind: "object_creation_expression", callee: Part::Field("type"), arguments: Part::Field("arguments"), receiver: None },
    ],
    indexes: &["element_access_expression"],
    member_names: &[("member_access_expression", "name")],
    opaque: &["attribute_list", "predefined_type", "generic_name", "comment"],
    values: Values {
        blocks: &["block"],
        sequences: &["arrow_expression_clause"],
        clauses: &[],
        selectors: &[("conditional_expression", Part::Field("condition")), ("switch_expression", Part::Nth(0)), ("switch_expression_arm", Part::Kinds(&["when_clause"]))],
        patterns: &[("switch_expression_arm", Part::Nth(0))],
    },
};

const KOTLIN: TaintSyntax = TaintSyntax {
    language: "kotlin",
    receivers: &[],
    // `$name` in a string template is an `interpolated_identifier`.
    variables: &["simple_identifier", "interpolated_identifier"],
    functions: &["function_declaration", "lambda_literal", "anonymous_function"],
    name: Part::Kinds(&["simple_identifier"]),
    parameters: &["function_value_parameters", "lambda_parameters"],
    bindings: &[
        Binding { kind: "property_declaration", target: Part::Kinds(&["variable_declaration", "multi_variable_declaration"]), value: Part::LastNamed },
        Binding { kind: "assignment", target: Part::Nth(0), value: Part::LastNamed },
        Binding { kind: "for_statement", target: Part::Nth(0), value: Part::Nth(1) },
    ],
    branches: &["if_expression", "when_expression", "try_expression", "elvis_expression"],
    loops: &["for_statement", "while_statement", "do_while_statement"],
    returns: &["jump_expression"],
    calls: &[Call { kind: "call_expression", callee: Part::Nth(0), arguments: Part::Kinds(&["call_suffix"]), receiver: None }],
    // An assignment's target `a[i]` is a `directly_assignable_expression`.
    indexes: &["indexing_expression", "directly_assignable_expression"],
    member_names: &[],
    // `.name` after a receiver names a member, not a variable.
    opaque: &["user_type", "type_arguments", "annotation", "modifiers", "parameter_modifiers", "navigation_suffix", "comment", "line_comment", "multiline_comment"],
    values: Values {
        blocks: &["function_body > statements"],
        sequences: &["function_body", "statements", "control_structure_body", "when_entry"],
        clauses: &[],
        selectors: &[("if_expression", Part::Field("condition")), ("when_expression", Part::Kinds(&["when_subject"]))],
        patterns: &[("when_entry", Part::Kinds(&["when_condition"]))],
    },
};

const SCALA: TaintSyntax = TaintSyntax {
    language: "scala",
    receivers: &[],
    variables: &["identifier"],
    functions: &["function_definition", "lambda_expression"],
    name: Part::Field("name"),
    parameters: &["parameters"],
    bindings: &[
        Binding { kind: "val_definition", target: Part::Field("pattern"), value: Part::Field("value") },
        Binding { kind: "var_definition", target: Part::Field("pattern"), value: Part::Field("value") },
        Binding { kind: "assignment_expression", target: Part::Field("left"), value: Part::Field("right") },
        // `x <- xs` and `y = e` in a `for`.
        Binding { kind: "enumerator", target: Part::Nth(0), value: Part::LastNamed },
    ],
    branches: &["if_expression", "match_expression", "case_block", "try_expression", "infix_expression"],
    loops: &["for_expression", "while_expression", "do_while_expression"],
    returns: &["return_expression"],
    calls: &[Call { kind: "call_expression", callee: Part::Field("function"), arguments: Part::Field("arguments"), receiver: None }],
    indexes: &[],
    member_names: &[("field_expression", "field")],
    opaque: &["type_identifier", "generic_type", "annotation", "comment"],
    values: Values {
        blocks: &[],
        sequences: &["block", "indented_block", "case_clause"],
        clauses: &[],
        selectors: &[("if_expression", Part::Field("condition")), ("match_expression", Part::Field("value")), ("case_clause", Part::Kinds(&["guard"]))],
        patterns: &[("case_clause", Part::Field("pattern"))],
    },
};

/// The table. A language without a row has no taint mode: a taint rule for
/// it is refused when the rule file loads.
pub const TAINT_LANGUAGES: &[TaintSyntax] = &[PYTHON, js_like("javascript"), js_like("typescript"), js_like("tsx"), JAVA, GO, PHP, RUBY, CSHARP, KOTLIN, SCALA];

/// The row of a language, by its canonical name.
pub fn syntax_of(language: &str) -> Option<&'static TaintSyntax> {
    TAINT_LANGUAGES.iter().find(|row| row.language == language)
}

/// The languages with taint mode, for messages.
pub fn taint_languages() -> String {
    TAINT_LANGUAGES.iter().map(|row| row.language).collect::<Vec<_>>().join(", ")
}
