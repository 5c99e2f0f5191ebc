//! A time budget per file: one pathological file or rule must not hold a
//! worker. Every stage of a file's analysis (parse, rules, taint, metrics)
//! checks the same [`Deadline`] and gives up with [`Stopped`] once it has
//! passed; the caller reports the file as "analysis stopped after N s" and
//! goes on with the next one.
//!
//! The parse is cancelled from inside tree-sitter (its progress callback);
//! the walks check between nodes, every [`CHECK_EVERY`] nodes, so the check
//! costs nothing measurable on files that finish in time.

use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use ast_grep_core::AstGrep;
use ast_grep_core::tree_sitter::{LanguageExt, StrDoc};

use super::language::Lang;

/// Nodes a walk visits between two looks at the clock.
pub const CHECK_EVERY: u32 = 16;

/// When the analysis of one file must stop. Copy it freely: it is an instant
/// and the budget it came from.
#[derive(Clone, Copy, Debug)]
pub struct Deadline {
    started: Instant,
    budget: Option<Duration>,
}

/// The analysis of a file ran out of its budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped {
    /// The budget that ran out.
    pub budget: Duration,
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "analysis stopped after {} s", seconds(self.budget))
    }
}

/// `10`, `0.5`, `0.001`: seconds as people write them.
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 { format!("{s:.0}") } else { format!("{s}") }
}

impl Deadline {
    /// No budget: the analysis runs to the end (rule tests, benchmarks).
    pub fn none() -> Deadline {
        Deadline { started: Instant::now(), budget: None }
    }

    /// `budget` from now.
    pub fn after(budget: Duration) -> Deadline {
        Deadline { started: Instant::now(), budget: Some(budget) }
    }

    /// Whether the budget is spent.
    pub fn expired(&self) -> bool {
        self.budget.is_some_and(|b| self.started.elapsed() >= b)
    }

    /// `Err(Stopped)` once the budget is spent, for `?` between stages.
    pub fn check(&self) -> Result<(), Stopped> {
        match self.budget {
            Some(budget) if self.started.elapsed() >= budget => Err(Stopped { budget }),
            _ => Ok(()),
        }
    }

    /// A counter for a walk: [`Ticker::tick`] looks at the clock every [`CHECK_EVERY`] calls.
    pub fn ticker(&self) -> Ticker {
        Ticker { deadline: *self, count: 0 }
    }
}

/// Checks a [`Deadline`] every [`CHECK_EVERY`] steps of a walk.
pub struct Ticker {
    deadline: Deadline,
    count: u32,
}

impl Ticker {
    /// Counts one step; `Err` once the deadline has passed.
    pub fn tick(&mut self) -> Result<(), Stopped> {
        self.count = self.count.wrapping_add(1);
        if self.count.is_multiple_of(CHECK_EVERY) { self.deadline.check() } else { Ok(()) }
    }
}

/// Parses `source` as `lang` into the tree ast-grep matches on, giving up
/// when `deadline` passes (tree-sitter asks its progress callback as it goes).
pub fn parse(lang: Lang, source: &str, deadline: &Deadline) -> Result<AstGrep<StrDoc<Lang>>, Stopped> {
    deadline.check()?;
    let mut parser = tree_sitter::Parser::new();
    // Our languages' grammars are compiled in and match the tree-sitter core
    // (a test parses every language); a refusal would be a build error.
    if parser.set_language(&lang.get_ts_language()).is_err() {
        return Ok(lang.ast_grep(source));
    }
    let bytes = source.as_bytes();
    let mut read = |offset: usize, _| bytes.get(offset..).unwrap_or_default();
    let mut progress = |_: &tree_sitter::ParseState| if deadline.expired() { ControlFlow::Break(()) } else { ControlFlow::Continue(()) };
    let options = tree_sitter::ParseOptions::new().progress_callback(&mut progress);
    match parser.parse_with_options(&mut read, None, Some(options)) {
        Some(tree) => Ok(AstGrep::doc(StrDoc { src: source.to_string(), lang, tree })),
        None => Err(Stopped { budget: deadline.budget.unwrap_or_default() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_budget_never_expires_and_a_zero_budget_has() {
        assert!(Deadline::none().check().is_ok());
        let spent = Deadline::after(Duration::ZERO);
        assert_eq!(spent.check(), Err(Stopped { budget: Duration::ZERO }));
        assert!(Deadline::after(Duration::from_secs(3600)).check().is_ok());
    }

    #[test]
    fn the_ticker_looks_at_the_clock_every_few_steps() {
        let mut ticker = Deadline::after(Duration::ZERO).ticker();
        let first_error = (1..=CHECK_EVERY * 2).find(|_| ticker.tick().is_err());
        assert_eq!(first_error, Some(CHECK_EVERY));
    }

    #[test]
    fn a_parse_past_its_deadline_is_stopped_and_one_in_time_matches_ast_grep() {
        let lang = Lang::from_name("python").unwrap();
        let source = "x = 1\n".repeat(50_000);
        assert!(parse(lang, &source, &Deadline::after(Duration::from_nanos(1))).is_err());
        let tree = parse(lang, "eval(x)\n", &Deadline::none()).unwrap();
        assert_eq!(tree.root().get_inner_node().to_sexp(), lang.ast_grep("eval(x)\n").root().get_inner_node().to_sexp());
    }

    #[test]
    fn the_message_says_after_how_long() {
        assert!(Stopped { budget: Duration::from_secs(10) }.to_string().starts_with("analysis stopped after 10 s"));
        assert!(Stopped { budget: Duration::from_millis(500) }.to_string().starts_with("analysis stopped after 0.5 s"));
    }
}
