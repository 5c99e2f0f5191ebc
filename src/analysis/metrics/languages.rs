//! Which tree-sitter node kinds are functions, branches, loops, ... per
//! language: one entry per language. A language without an entry (HCL, YAML,
//! JSON) has no functions, and its function metrics are "unsupported".
//!
//! An entry is a node kind, optionally narrowed:
//! - `kind/first` — only when the node's first child has kind `first`
//!   (Kotlin's `jump_expression` is a return, a throw or a break);
//! - `kind>child` — only when the node has a named child of kind `child`
//!   (a `break` with a label);
//! - `kind:field` — only when the node has a child in field `field`
//!   (Rust's `let … else`, a TypeScript parameter with a default value);
//! - `kind=callee` — only a call of that name (Ruby's `raise`, bash's `exit`);
//! - `token^parent` — a token (unnamed node) directly inside `parent`: Rust's
//!   `&&`, `||` and `?` in a macro's token tree, which tree-sitter leaves
//!   unparsed (`assert!(a && b)`, `debug_assert!(x.is_some() || y)`).

/// The node kinds that matter to the metrics, for one language.
pub struct MetricKinds {
    /// `Lang::name()` of the language.
    pub language: &'static str,
    /// Named functions and methods, each measured on its own.
    pub functions: &'static [&'static str],
    /// Anonymous functions measured on their own, named after what they are
    /// assigned to: JavaScript and TypeScript callbacks, Go `func` literals
    /// (goroutine bodies, `t.Run` subtests). They are most of the code there,
    /// and lizard measures them on their own too.
    pub anonymous_functions: &'static [&'static str],
    /// Lambdas and blocks, counted inside their enclosing function (one nesting level deeper).
    pub lambdas: &'static [&'static str],
    /// Classes and the like, whose names qualify the functions inside.
    pub containers: &'static [&'static str],
    /// `if` statements or expressions; an `if` right after `else` is an `else if`.
    pub ifs: &'static [&'static str],
    /// Clauses of their own for `elif`/`elsif`/`elseif`.
    pub else_ifs: &'static [&'static str],
    /// Clauses of their own for `else` (languages where `else` is only a token need none).
    pub elses: &'static [&'static str],
    /// Branches without `else` chains: `?:`, Python's `x if c else y`, `guard`, `x if c` modifiers.
    pub conditionals: &'static [&'static str],
    pub switches: &'static [&'static str],
    /// Case arms; a `default`/`else`/`_` arm is not a decision.
    pub cases: &'static [&'static str],
    /// Whether switches must cover every value (Rust's `match`): then the first
    /// arm is the one that decides nothing, whatever its pattern.
    pub exhaustive_switches: bool,
    pub loops: &'static [&'static str],
    /// Loops without a condition (Rust's `loop`): cognitive only, no decision.
    pub unconditional_loops: &'static [&'static str],
    pub catches: &'static [&'static str],
    /// Decisions that are not structures: comprehension `for`/`if`, Rust's `?`,
    /// JavaScript default values (applied only when the argument is `undefined`).
    pub decisions: &'static [&'static str],
    /// Binary nodes that may hold `&&`, `||`, `and`, `or`, `??`, and
    /// assignments that may be `||=`, `&&=`, `??=` (the operator is checked).
    pub boolean_operators: &'static [&'static str],
    pub returns: &'static [&'static str],
    pub throws: &'static [&'static str],
    /// `goto` and labelled `break`/`continue`: breaks in linear flow.
    pub jumps: &'static [&'static str],
    /// Calls, checked for recursion (cognitive complexity adds 1 to a
    /// function that calls itself).
    pub calls: &'static [&'static str],
    /// Whether overloads by parameter count are the idiom (Java, C#, C++):
    /// `f(a)` delegating to `f(a, 0)` is then another function, not recursion,
    /// so a recursive call must pass as many arguments as the function takes.
    pub overloading: bool,
    /// Parameter nodes, counted inside the function's parameter lists.
    /// `None`: the language has no parameter lists (bash).
    pub parameters: Option<&'static [&'static str]>,
    /// Parameter lists not under a `parameters` field.
    pub parameter_lists: &'static [&'static str],
    /// Whether a function node without a body is only a declaration (abstract, interface).
    pub bodyless_is_declaration: bool,
    /// Between qualifiers in a qualified name.
    pub separator: &'static str,
}

const NONE: MetricKinds = MetricKinds {
    language: "",
    functions: &[],
    anonymous_functions: &[],
    lambdas: &[],
    containers: &[],
    ifs: &[],
    else_ifs: &[],
    elses: &[],
    conditionals: &[],
    switches: &[],
    cases: &[],
    exhaustive_switches: false,
    loops: &[],
    unconditional_loops: &[],
    catches: &[],
    decisions: &[],
    boolean_operators: &[],
    returns: &[],
    throws: &[],
    jumps: &[],
    calls: &[],
    overloading: false,
    parameters: Some(&[]),
    parameter_lists: &[],
    bodyless_is_declaration: false,
    separator: ".",
};

const JS_PARAMETERS: &[&str] = &["identifier", "assignment_pattern", "object_pattern", "array_pattern", "rest_pattern", "required_parameter", "optional_parameter"];

const JAVASCRIPT: MetricKinds = MetricKinds {
    language: "javascript",
    functions: &["function_declaration", "generator_function_declaration", "method_definition"],
    anonymous_functions: &["function_expression", "function", "arrow_function", "generator_function"],
    containers: &["class_declaration", "class", "abstract_class_declaration"],
    ifs: &["if_statement"],
    elses: &["else_clause"],
    conditionals: &["ternary_expression"],
    switches: &["switch_statement"],
    cases: &["switch_case"],
    loops: &["for_statement", "for_in_statement", "while_statement", "do_statement"],
    catches: &["catch_clause"],
    decisions: &["assignment_pattern", "required_parameter:value", "optional_parameter:value"],
    boolean_operators: &["binary_expression", "augmented_assignment_expression"],
    returns: &["return_statement"],
    throws: &["throw_statement"],
    jumps: &["break_statement>statement_identifier", "continue_statement>statement_identifier"],
    calls: &["call_expression"],
    parameters: Some(JS_PARAMETERS),
    ..NONE
};

const C: MetricKinds = MetricKinds {
    language: "c",
    functions: &["function_definition"],
    ifs: &["if_statement"],
    elses: &["else_clause"],
    conditionals: &["conditional_expression"],
    switches: &["switch_statement"],
    cases: &["case_statement"],
    loops: &["for_statement", "while_statement", "do_statement"],
    catches: &["seh_except_clause"],
    boolean_operators: &["binary_expression"],
    returns: &["return_statement"],
    jumps: &["goto_statement"],
    calls: &["call_expression"],
    parameters: Some(&["parameter_declaration", "variadic_parameter"]),
    ..NONE
};

/// The table.
pub const METRIC_KINDS: &[MetricKinds] = &[
    MetricKinds {
        language: "python",
        functions: &["function_definition"],
        lambdas: &["lambda"],
        containers: &["class_definition"],
        ifs: &["if_statement"],
        else_ifs: &["elif_clause"],
        elses: &["else_clause"],
        conditionals: &["conditional_expression"],
        switches: &["match_statement"],
        cases: &["case_clause"],
        loops: &["for_statement", "while_statement"],
        catches: &["except_clause", "except_group_clause"],
        decisions: &["for_in_clause", "if_clause"],
        boolean_operators: &["boolean_operator"],
        returns: &["return_statement"],
        throws: &["raise_statement"],
        calls: &["call"],
        parameters: Some(&["identifier", "typed_parameter", "default_parameter", "typed_default_parameter", "list_splat_pattern", "dictionary_splat_pattern", "tuple_pattern"]),
        ..NONE
    },
    JAVASCRIPT,
    MetricKinds { language: "typescript", ..JAVASCRIPT },
    MetricKinds { language: "tsx", ..JAVASCRIPT },
    MetricKinds {
        language: "go",
        functions: &["function_declaration", "method_declaration"],
        anonymous_functions: &["func_literal"],
        ifs: &["if_statement"],
        switches: &["expression_switch_statement", "type_switch_statement", "select_statement"],
        cases: &["expression_case", "type_case", "communication_case"],
        loops: &["for_statement"],
        boolean_operators: &["binary_expression"],
        returns: &["return_statement"],
        throws: &["call_expression=panic"],
        jumps: &["goto_statement", "break_statement>label_name", "continue_statement>label_name"],
        calls: &["call_expression"],
        parameters: Some(&["parameter_declaration", "variadic_parameter_declaration"]),
        ..NONE
    },
    MetricKinds {
        language: "java",
        functions: &["method_declaration", "constructor_declaration", "compact_constructor_declaration"],
        lambdas: &["lambda_expression"],
        containers: &["class_declaration", "interface_declaration", "enum_declaration", "record_declaration", "annotation_type_declaration"],
        ifs: &["if_statement"],
        conditionals: &["ternary_expression"],
        switches: &["switch_expression"],
        cases: &["switch_label"],
        loops: &["for_statement", "enhanced_for_statement", "while_statement", "do_statement"],
        catches: &["catch_clause"],
        boolean_operators: &["binary_expression"],
        returns: &["return_statement"],
        throws: &["throw_statement"],
        jumps: &["break_statement>identifier", "continue_statement>identifier"],
        calls: &["method_invocation"],
        overloading: true,
        parameters: Some(&["formal_parameter", "spread_parameter"]),
        bodyless_is_declaration: true,
        ..NONE
    },
    C,
    MetricKinds {
        language: "cpp",
        lambdas: &["lambda_expression"],
        containers: &["class_specifier", "struct_specifier", "union_specifier"],
        loops: &["for_statement", "for_range_loop", "while_statement", "do_statement"],
        catches: &["catch_clause", "seh_except_clause"],
        returns: &["return_statement", "co_return_statement"],
        throws: &["throw_statement", "throw_expression"],
        overloading: true,
        parameters: Some(&["parameter_declaration", "optional_parameter_declaration", "variadic_parameter_declaration", "variadic_parameter"]),
        separator: "::",
        ..C
    },
    MetricKinds {
        language: "csharp",
        functions: &[
            "method_declaration",
            "constructor_declaration",
            "destructor_declaration",
            "local_function_statement",
            "operator_declaration",
            "conversion_operator_declaration",
            "accessor_declaration",
        ],
        lambdas: &["lambda_expression", "anonymous_method_expression"],
        containers: &["class_declaration", "struct_declaration", "interface_declaration", "record_declaration", "property_declaration"],
        ifs: &["if_statement"],
        conditionals: &["conditional_expression"],
        switches: &["switch_statement", "switch_expression"],
        cases: &["switch_section", "switch_expression_arm"],
        decisions: &["when_clause"],
        loops: &["for_statement", "foreach_statement", "while_statement", "do_statement"],
        catches: &["catch_clause"],
        boolean_operators: &["binary_expression", "assignment_expression"],
        returns: &["return_statement"],
        throws: &["throw_statement", "throw_expression"],
        jumps: &["goto_statement"],
        calls: &["invocation_expression"],
        overloading: true,
        parameters: Some(&["parameter"]),
        bodyless_is_declaration: true,
        ..NONE
    },
    MetricKinds {
        language: "ruby",
        functions: &["method", "singleton_method"],
        lambdas: &["block", "do_block", "lambda"],
        containers: &["class", "module"],
        ifs: &["if", "unless"],
        else_ifs: &["elsif"],
        elses: &["else"],
        conditionals: &["conditional", "if_modifier", "unless_modifier"],
        switches: &["case", "case_match"],
        cases: &["when", "in_clause"],
        loops: &["while", "until", "for", "while_modifier", "until_modifier"],
        catches: &["rescue", "rescue_modifier"],
        boolean_operators: &["binary", "operator_assignment"],
        returns: &["return"],
        throws: &["call=raise", "call=fail"],
        calls: &["call"],
        parameters: Some(&[
            "identifier",
            "optional_parameter",
            "splat_parameter",
            "hash_splat_parameter",
            "block_parameter",
            "keyword_parameter",
            "destructured_parameter",
            "forward_parameter",
            "hash_splat_nil",
        ]),
        ..NONE
    },
    MetricKinds {
        language: "php",
        functions: &["function_definition", "method_declaration"],
        lambdas: &["anonymous_function", "arrow_function"],
        containers: &["class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"],
        ifs: &["if_statement"],
        else_ifs: &["else_if_clause"],
        elses: &["else_clause"],
        conditionals: &["conditional_expression"],
        switches: &["switch_statement", "match_expression"],
        cases: &["case_statement", "match_conditional_expression"],
        loops: &["for_statement", "foreach_statement", "while_statement", "do_statement"],
        catches: &["catch_clause"],
        boolean_operators: &["binary_expression", "augmented_assignment_expression"],
        returns: &["return_statement"],
        throws: &["throw_expression"],
        jumps: &["goto_statement", "break_statement>integer", "continue_statement>integer"],
        calls: &["function_call_expression", "member_call_expression", "scoped_call_expression"],
        parameters: Some(&["simple_parameter", "variadic_parameter", "property_promotion_parameter"]),
        bodyless_is_declaration: true,
        ..NONE
    },
    MetricKinds {
        language: "rust",
        functions: &["function_item"],
        lambdas: &["closure_expression"],
        containers: &["impl_item", "trait_item"],
        ifs: &["if_expression"],
        elses: &["else_clause"],
        switches: &["match_expression"],
        cases: &["match_arm"],
        exhaustive_switches: true,
        loops: &["for_expression", "while_expression"],
        unconditional_loops: &["loop_expression"],
        decisions: &["try_expression", "let_declaration:alternative", "match_pattern:condition", "&&^token_tree", "||^token_tree", "?^token_tree"],
        boolean_operators: &["binary_expression"],
        returns: &["return_expression"],
        jumps: &["break_expression>label", "continue_expression>label"],
        calls: &["call_expression"],
        parameters: Some(&["parameter", "self_parameter", "variadic_parameter"]),
        separator: "::",
        ..NONE
    },
    MetricKinds {
        language: "kotlin",
        functions: &["function_declaration", "secondary_constructor"],
        lambdas: &["lambda_literal", "anonymous_function"],
        containers: &["class_declaration", "object_declaration", "companion_object"],
        ifs: &["if_expression"],
        switches: &["when_expression"],
        cases: &["when_entry"],
        loops: &["for_statement", "while_statement", "do_while_statement"],
        catches: &["catch_block"],
        boolean_operators: &["conjunction_expression", "disjunction_expression", "elvis_expression"],
        returns: &["jump_expression/return", "jump_expression/return@"],
        throws: &["jump_expression/throw"],
        jumps: &["jump_expression/break@", "jump_expression/continue@"],
        calls: &["call_expression"],
        parameters: Some(&["parameter"]),
        parameter_lists: &["function_value_parameters"],
        bodyless_is_declaration: true,
        ..NONE
    },
    MetricKinds {
        language: "swift",
        functions: &["function_declaration", "init_declaration", "deinit_declaration"],
        lambdas: &["lambda_literal"],
        containers: &["class_declaration", "protocol_declaration"],
        ifs: &["if_statement"],
        conditionals: &["ternary_expression", "guard_statement"],
        switches: &["switch_statement"],
        cases: &["switch_entry"],
        loops: &["for_statement", "while_statement", "repeat_while_statement"],
        catches: &["catch_block"],
        boolean_operators: &["conjunction_expression", "disjunction_expression", "nil_coalescing_expression"],
        returns: &["control_transfer_statement/return"],
        throws: &["control_transfer_statement/throw_keyword"],
        calls: &["call_expression"],
        parameters: Some(&["parameter"]),
        ..NONE
    },
    MetricKinds {
        language: "scala",
        functions: &["function_definition"],
        lambdas: &["lambda_expression"],
        containers: &["class_definition", "object_definition", "trait_definition", "enum_definition"],
        ifs: &["if_expression"],
        // A Scala `catch { case … }` is a match on the exception: its arms are the
        // decisions (as Java's catch clauses are), the `catch` itself only a structure.
        switches: &["match_expression", "catch_clause"],
        cases: &["case_clause"],
        decisions: &["guard"],
        loops: &["for_expression", "while_expression", "do_while_expression"],
        boolean_operators: &["infix_expression"],
        returns: &["return_expression"],
        throws: &["throw_expression"],
        calls: &["call_expression"],
        parameters: Some(&["parameter"]),
        ..NONE
    },
    MetricKinds {
        language: "bash",
        functions: &["function_definition"],
        ifs: &["if_statement"],
        else_ifs: &["elif_clause"],
        elses: &["else_clause"],
        conditionals: &["ternary_expression"],
        switches: &["case_statement"],
        cases: &["case_item"],
        loops: &["for_statement", "c_style_for_statement", "while_statement"],
        boolean_operators: &["list", "binary_expression"],
        returns: &["command=return"],
        throws: &["command=exit"],
        parameters: None,
        ..NONE
    },
];

/// The entry of a language, if it has functions.
pub fn metric_kinds(language: &str) -> Option<&'static MetricKinds> {
    METRIC_KINDS.iter().find(|kinds| kinds.language == language)
}
