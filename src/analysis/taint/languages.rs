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
    /// The field holding the callee (`f`, `obj.method`) or the method name.
    pub callee: &'static str,
    pub arguments: &'static str,
    /// The field holding the receiver when the call is a method call whose
    /// receiver is a separate field (Java, Ruby, PHP); `None` where the
    /// receiver is inside the callee (`obj.m` in Python and JavaScript).
    pub receiver: Option<&'static str>,
}

/// One language's node kinds for taint mode.
pub struct TaintSyntax {
    /// The canonical language name, as in the language table.
    pub language: &'static str,
    /// Kinds whose text names a variable when read (`identifier`, PHP's `variable_name`).
    pub variables: &'static [&'static str],
    /// Function-like nodes: each is a scope of its own, analysed with its parameters.
    pub functions: &'static [&'static str],
    /// The field of a function node holding its parameters.
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
}

const PYTHON: TaintSyntax = TaintSyntax {
    language: "python",
    variables: &["identifier"],
    functions: &["function_definition", "lambda"],
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
    calls: &[Call { kind: "call", callee: "function", arguments: "arguments", receiver: None }],
    indexes: &["subscript"],
    member_names: &[("attribute", "attribute"), ("keyword_argument", "name")],
    opaque: &["type", "decorator", "comment"],
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
const JS_CALLS: &[Call] =
    &[Call { kind: "call_expression", callee: "function", arguments: "arguments", receiver: None }, Call { kind: "new_expression", callee: "constructor", arguments: "arguments", receiver: None }];

const fn js_like(language: &'static str) -> TaintSyntax {
    TaintSyntax {
        language,
        variables: &["identifier", "shorthand_property_identifier"],
        functions: JS_FUNCTIONS,
        parameters: &["parameters", "parameter"],
        bindings: JS_BINDINGS,
        branches: JS_BRANCHES,
        loops: JS_LOOPS,
        returns: &["return_statement"],
        calls: JS_CALLS,
        indexes: &["subscript_expression"],
        member_names: &[("pair", "key")],
        opaque: &["type_annotation", "type_arguments", "decorator", "comment"],
    }
}

const JAVA: TaintSyntax = TaintSyntax {
    language: "java",
    variables: &["identifier"],
    functions: &["method_declaration", "constructor_declaration", "lambda_expression"],
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
        Call { kind: "method_invocation", callee: "name", arguments: "arguments", receiver: Some("object") },
        Call { kind: "object_creation_expression", callee: "type", arguments: "arguments", receiver: None },
    ],
    indexes: &["array_access"],
    member_names: &[("field_access", "field"), ("method_invocation", "name")],
    opaque: &["modifiers", "marker_annotation", "annotation", "type_identifier", "generic_type", "comment", "line_comment", "block_comment"],
};

const GO: TaintSyntax = TaintSyntax {
    language: "go",
    variables: &["identifier"],
    functions: &["function_declaration", "method_declaration", "func_literal"],
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
    calls: &[Call { kind: "call_expression", callee: "function", arguments: "arguments", receiver: None }],
    indexes: &["index_expression"],
    member_names: &[("keyed_element", "key")],
    opaque: &["type_identifier", "qualified_type", "pointer_type", "comment"],
};

const PHP: TaintSyntax = TaintSyntax {
    language: "php",
    variables: &["variable_name"],
    functions: &["function_definition", "method_declaration", "anonymous_function", "anonymous_function_creation_expression", "arrow_function"],
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
        Call { kind: "function_call_expression", callee: "function", arguments: "arguments", receiver: None },
        Call { kind: "member_call_expression", callee: "name", arguments: "arguments", receiver: Some("object") },
        Call { kind: "scoped_call_expression", callee: "name", arguments: "arguments", receiver: None },
        Call { kind: "object_creation_expression", callee: "name", arguments: "arguments", receiver: None },
    ],
    indexes: &["subscript_expression"],
    member_names: &[],
    opaque: &["comment", "attribute_list"],
};

const RUBY: TaintSyntax = TaintSyntax {
    language: "ruby",
    variables: &["identifier", "instance_variable", "class_variable", "global_variable"],
    functions: &["method", "singleton_method", "lambda", "block", "do_block"],
    parameters: &["parameters"],
    bindings: &[
        Binding { kind: "assignment", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "operator_assignment", target: Part::Field("left"), value: Part::Field("right") },
        Binding { kind: "for", target: Part::Field("pattern"), value: Part::Field("value") },
    ],
    branches: &["if", "unless", "case", "begin", "conditional", "if_modifier", "unless_modifier", "binary"],
    loops: &["while", "until", "for", "while_modifier", "until_modifier"],
    returns: &["return"],
    calls: &[Call { kind: "call", callee: "method", arguments: "arguments", receiver: Some("receiver") }],
    indexes: &["element_reference"],
    member_names: &[("call", "method"), ("pair", "key")],
    opaque: &["comment"],
};

const CSHARP: TaintSyntax = TaintSyntax {
    language: "csharp",
    variables: &["identifier"],
    functions: &["method_declaration", "constructor_declaration", "local_function_statement", "lambda_expression", "anonymous_method_expression"],
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
        Call { kind: "invocation_expression", callee: "function", arguments: "arguments", receiver: None },
        Call { kind: "object_creation_expression", callee: "type", arguments: "arguments", receiver: None },
    ],
    indexes: &["element_access_expression"],
    member_names: &[("member_access_expression", "name")],
    opaque: &["attribute_list", "predefined_type", "generic_name", "comment"],
};

const KOTLIN: TaintSyntax = TaintSyntax {
    language: "kotlin",
    variables: &["simple_identifier"],
    functions: &["function_declaration", "lambda_literal", "anonymous_function"],
    parameters: &["function_value_parameters", "lambda_parameters"],
    bindings: &[
        Binding { kind: "property_declaration", target: Part::Nth(0), value: Part::LastNamed },
        Binding { kind: "assignment", target: Part::Nth(0), value: Part::LastNamed },
        Binding { kind: "for_statement", target: Part::Nth(0), value: Part::Nth(1) },
    ],
    branches: &["if_expression", "when_expression", "try_expression", "elvis_expression"],
    loops: &["for_statement", "while_statement", "do_while_statement"],
    returns: &["jump_expression"],
    calls: &[Call { kind: "call_expression", callee: "function", arguments: "arguments", receiver: None }],
    indexes: &["indexing_expression"],
    member_names: &[("navigation_suffix", "suffix")],
    opaque: &["user_type", "type_arguments", "annotation", "modifiers", "comment", "line_comment", "multiline_comment"],
};

const SCALA: TaintSyntax = TaintSyntax {
    language: "scala",
    variables: &["identifier"],
    functions: &["function_definition", "lambda_expression"],
    parameters: &["parameters"],
    bindings: &[
        Binding { kind: "val_definition", target: Part::Field("pattern"), value: Part::Field("value") },
        Binding { kind: "var_definition", target: Part::Field("pattern"), value: Part::Field("value") },
        Binding { kind: "assignment_expression", target: Part::Field("left"), value: Part::Field("right") },
    ],
    branches: &["if_expression", "match_expression", "try_expression", "infix_expression"],
    loops: &["for_expression", "while_expression", "do_while_expression"],
    returns: &["return_expression"],
    calls: &[Call { kind: "call_expression", callee: "function", arguments: "arguments", receiver: None }],
    indexes: &[],
    member_names: &[("field_expression", "field")],
    opaque: &["type_identifier", "generic_type", "annotation", "comment"],
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
