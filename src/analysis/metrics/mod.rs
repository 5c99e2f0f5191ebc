//! Code metrics on the tree-sitter tree: per function, cyclomatic and
//! cognitive complexity, lines of code, nesting depth, parameters and exit
//! points; per file, line counts and the maximum and average of each.
//!
//! One walk per file (`walk`), one file per metric, one table entry per
//! language (`languages`). Definitions, with how they compare to lizard, are
//! in docs/metrics.md.

mod classify;
mod cognitive;
mod cyclomatic;
mod exits;
mod languages;
mod lines;
mod model;
mod names;
mod nesting;
mod parameters;
mod walk;

use ast_grep_core::tree_sitter::LanguageExt;

pub use languages::{METRIC_KINDS, MetricKinds};
pub use model::{Aggregate, FileMetrics, FunctionMetrics, FunctionSummary, Support, Value};

use crate::analysis::budget::{Deadline, Stopped};
use crate::analysis::language::Lang;
use classify::Classifier;
use lines::Lines;

/// Parses `source` as `lang` and measures it.
pub fn measure(lang: Lang, source: &str) -> FileMetrics {
    let root = lang.ast_grep(source);
    measure_tree(lang, root.root().get_inner_node(), source)
}

/// [`measure`] within a time budget (`techlead metrics`).
pub fn measure_within(lang: Lang, source: &str, deadline: &Deadline) -> Result<FileMetrics, Stopped> {
    let root = crate::analysis::budget::parse(lang, source, deadline)?;
    measure_tree_within(lang, root.root().get_inner_node(), source, deadline, &mut |_, _| {})
}

/// Measures a tree already parsed from `source` (the review parses once for
/// rules and metrics).
pub fn measure_tree(lang: Lang, root: tree_sitter::Node, source: &str) -> FileMetrics {
    // Without a deadline nothing can stop the walk.
    measure_tree_within(lang, root, source, &Deadline::none(), &mut |_, _| {}).expect("a walk without a deadline runs to the end")
}

/// [`measure_tree`] within a time budget, calling `visit` on every node in
/// pre-order with its parent's kind as the walk meets it (the rules are
/// matched in this same walk instead of a second one). The walk looks at the
/// deadline between nodes and gives up once it has passed.
pub fn measure_tree_within<'t>(lang: Lang, root: tree_sitter::Node<'t>, source: &str, deadline: &Deadline, visit: &mut dyn FnMut(tree_sitter::Node<'t>, Option<u16>)) -> Result<FileMetrics, Stopped> {
    let classifier = Classifier::of(lang);
    let support = support(lang);
    let walked = walk::walk(classifier, root, source, deadline, visit)?;
    let lines = Lines::classify(source, &walked.comments);
    let mut functions = walked.functions;
    for function in &mut functions {
        function.sloc = lines.code_between(function.start_line, function.end_line);
    }
    let count = u32::try_from(functions.len()).unwrap_or(u32::MAX);
    Ok(FileMetrics {
        summary: FunctionSummary::of(&functions, support),
        function_count: if support.functions { Value::Computed(count) } else { Value::Unsupported },
        functions,
        sloc: lines.code,
        comment_lines: lines.comment,
        blank_lines: lines.blank,
    })
}

/// Which function metrics `lang` has.
pub fn support(lang: Lang) -> Support {
    match languages::metric_kinds(lang.name()) {
        Some(kinds) => Support { functions: true, parameters: kinds.parameters.is_some(), exits: true },
        None => Support { functions: false, parameters: false, exits: false },
    }
}
