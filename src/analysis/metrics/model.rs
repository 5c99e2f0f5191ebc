//! The numbers `measure` returns, and how they serialize.
//!
//! "Unsupported" is a value of its own, never 0: a JSON file has no functions,
//! and a bash function has no parameter list, which is not the same as a
//! function that takes no parameters.

use serde::{Serialize, Serializer};

/// A metric that a language may not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    Computed(u32),
    /// The language has no such construct (JSON functions, bash parameter lists).
    Unsupported,
}

impl Value {
    pub fn computed(self) -> Option<u32> {
        match self {
            Value::Computed(n) => Some(n),
            Value::Unsupported => None,
        }
    }
}

/// A number, or the string `"unsupported"`.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Computed(n) => serializer.serialize_u32(*n),
            Value::Unsupported => serializer.serialize_str("unsupported"),
        }
    }
}

/// One function or method. Lines are 1-based and inclusive.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunctionMetrics {
    /// Qualified: `Class.method`, `Parser::parse` (Rust, C++), `outer.inner`.
    pub name: String,
    pub start_line: usize,
    pub end_line: usize,
    /// The line of the function's name: where a review comment about it goes.
    pub header_line: usize,
    /// McCabe: decision points + 1.
    pub cyclomatic: u32,
    /// SonarSource cognitive complexity.
    pub cognitive: u32,
    /// Lines of the function with code on them (not blank, not only comment).
    pub sloc: u32,
    /// Deepest nesting of control structures (0: straight-line code).
    pub max_nesting: u32,
    pub parameters: Value,
    /// Explicit `return`/`throw` statements (and their per-language equivalents).
    pub exits: Value,
}

/// The maximum and average of one function metric over a file's functions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Aggregate {
    Computed {
        max: u32,
        average: f64,
    },
    /// The file has no functions (the language has them, this file does not).
    NoFunctions,
    /// The language has no functions, or no such metric.
    Unsupported,
}

/// `{"max": .., "average": ..}`, `null` for no functions, or `"unsupported"`.
impl Serialize for Aggregate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        match self {
            Aggregate::Computed { max, average } => {
                let mut s = serializer.serialize_struct("Aggregate", 2)?;
                s.serialize_field("max", max)?;
                s.serialize_field("average", &((average * 100.0).round() / 100.0))?;
                s.end()
            }
            Aggregate::NoFunctions => serializer.serialize_none(),
            Aggregate::Unsupported => serializer.serialize_str("unsupported"),
        }
    }
}

/// Maximum and average of each function metric.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FunctionSummary {
    pub cyclomatic: Aggregate,
    pub cognitive: Aggregate,
    pub sloc: Aggregate,
    pub max_nesting: Aggregate,
    pub parameters: Aggregate,
    pub exits: Aggregate,
}

/// One file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileMetrics {
    /// In document order (of their first line).
    pub functions: Vec<FunctionMetrics>,
    /// `Unsupported` for languages without functions (JSON, YAML, HCL).
    pub function_count: Value,
    /// Lines with code on them.
    pub sloc: u32,
    /// Lines with a comment on them (a line with code and a comment counts in both).
    pub comment_lines: u32,
    /// Lines with nothing but white space.
    pub blank_lines: u32,
    pub summary: FunctionSummary,
}

impl FunctionSummary {
    /// Summarises `functions` of a language that has (or lacks) each kind of construct.
    pub fn of(functions: &[FunctionMetrics], support: Support) -> FunctionSummary {
        let aggregate = |supported: bool, metric: &dyn Fn(&FunctionMetrics) -> Value| -> Aggregate {
            if !supported {
                return Aggregate::Unsupported;
            }
            let mut values = Vec::with_capacity(functions.len());
            for f in functions {
                match metric(f) {
                    Value::Computed(n) => values.push(n),
                    Value::Unsupported => return Aggregate::Unsupported,
                }
            }
            match values.iter().max() {
                None => Aggregate::NoFunctions,
                Some(&max) => Aggregate::Computed { max, average: values.iter().map(|&v| f64::from(v)).sum::<f64>() / values.len() as f64 },
            }
        };
        FunctionSummary {
            cyclomatic: aggregate(support.functions, &|f| Value::Computed(f.cyclomatic)),
            cognitive: aggregate(support.functions, &|f| Value::Computed(f.cognitive)),
            sloc: aggregate(support.functions, &|f| Value::Computed(f.sloc)),
            max_nesting: aggregate(support.functions, &|f| Value::Computed(f.max_nesting)),
            parameters: aggregate(support.functions && support.parameters, &|f| f.parameters),
            exits: aggregate(support.functions && support.exits, &|f| f.exits),
        }
    }
}

/// Which constructs a language has, as far as the metrics go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Support {
    pub functions: bool,
    pub parameters: bool,
    pub exits: bool,
}
