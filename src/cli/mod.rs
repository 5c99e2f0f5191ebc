//! The `techlead` command line: argument parsing and dispatch only; each
//! command lives in its own module.

mod advisories_cmd;
mod architecture_cmd;
mod config_cmd;
mod demo;
mod local_config;
mod local_review;
mod metrics_cmd;
mod output;
mod review_cmd;
mod rules_catalogue;
mod rules_cmd;
mod scan;
mod serve;
mod setup_cmd;
mod test_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::finding::Severity;
use crate::analysis::rules::RuleSet;
use crate::config::{self, RuleFileErrors};

/// Exit codes shared by every command.
pub mod exit {
    /// Nothing at or above the fail level.
    pub const CLEAN: u8 = 0;
    /// Findings at or above the fail level, or failed rule tests.
    pub const FINDINGS: u8 = 1;
    /// Bad usage, bad rule files, unreadable input.
    pub const ERROR: u8 = 2;
}

#[derive(Parser)]
#[command(name = "techlead", version, about = "An automated technical lead: finds security and standards problems in code, locally and on pull requests.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Review an example pull request offline and write it as a page: what the App posts, without GitHub.
    Demo(demo::DemoArgs),
    /// Scan files and directories for findings.
    Scan(scan::ScanArgs),
    /// Run every rule's inline tests (`tests: {valid, invalid}`).
    Test(RuleArgs),
    /// Check the repository config, or print its schema and reference.
    Config {
        #[command(subcommand)]
        command: config_cmd::ConfigCommand,
    },
    /// Review one pull request with a token (Action mode, no App needed), or the current branch with `--local`.
    Review(Box<review_cmd::ReviewArgs>),
    /// Create the GitHub App from its manifest and write its credentials to .env.
    Setup(setup_cmd::SetupArgs),
    /// Run the GitHub App: receive webhooks and review pull requests.
    Serve(Box<serve::ServeArgs>),
    /// Measure code: complexity, size and nesting per function and per file.
    Metrics(metrics_cmd::MetricsArgs),
    /// Check the imports of a whole tree against the repository config's `architecture:` rules.
    Architecture {
        #[command(subcommand)]
        command: architecture_cmd::ArchitectureCommand,
    },
    /// Download OSV's advisory archives for the dependency review (`advisories sync DIR`).
    Advisories {
        #[command(subcommand)]
        command: advisories_cmd::AdvisoriesCommand,
    },
    /// List the rules, show one, or print the rule-file schema.
    Rules {
        #[command(subcommand)]
        command: rules_cmd::RulesCommand,
    },
}

/// Where rules come from.
#[derive(Args, Clone, Default)]
pub struct RuleArgs {
    /// A directory (or file) of rule files; repeatable. Default: the built-in rules.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

/// `--severity` and friends take a level name.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Level {
    Hint,
    Info,
    Warning,
    Error,
}

impl From<Level> for Severity {
    fn from(level: Level) -> Severity {
        match level {
            Level::Hint => Severity::Hint,
            Level::Info => Severity::Info,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        }
    }
}

/// A failure that ends a command with exit code 2 and a message.
pub enum CliError {
    Rules(RuleFileErrors),
    Other(anyhow::Error),
}

impl From<anyhow::Error> for CliError {
    fn from(e: anyhow::Error) -> Self {
        CliError::Other(e)
    }
}

impl From<RuleFileErrors> for CliError {
    fn from(e: RuleFileErrors) -> Self {
        CliError::Rules(e)
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => demo::run(args),
        Command::Scan(args) => scan::run(args),
        Command::Test(args) => test_cmd::run(&args),
        Command::Rules { command } => rules_cmd::run(command),
        Command::Config { command } => config_cmd::run(command),
        Command::Setup(args) => setup_cmd::run(args),
        Command::Review(args) => {
            crate::telemetry::init_logging();
            review_cmd::run(*args)
        }
        Command::Metrics(args) => metrics_cmd::run(args),
        Command::Advisories { command } => advisories_cmd::run(command),
        Command::Architecture { command } => architecture_cmd::run(command),
        Command::Serve(args) => {
            crate::telemetry::init_logging();
            serve::run(*args)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(CliError::Rules(errors)) => {
            eprintln!("{errors}");
            ExitCode::from(exit::ERROR)
        }
        Err(CliError::Other(error)) => {
            eprintln!("error: {error:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}

/// The rule files the user asked for: the built-in ones, or `--rules` directories.
pub fn rule_sources(args: &RuleArgs) -> Result<Vec<config::RuleSource>, CliError> {
    if args.rules.is_empty() {
        return Ok(config::builtin::builtin_sources());
    }
    let mut sources = Vec::new();
    for dir in &args.rules {
        sources.extend(config::read_rule_dir(dir)?);
    }
    Ok(sources)
}

/// Loads and compiles the rules the user asked for.
pub fn load_rules(args: &RuleArgs) -> Result<RuleSet, CliError> {
    Ok(config::compile(&rule_sources(args)?)?)
}
