//! `techlead rules`: what rules there are, one rule in full, the schema.

use clap::Subcommand;

use super::{CliError, RuleArgs, exit, load_rules};
use crate::analysis::language::LANGUAGES;
use crate::analysis::taint::Role;
use crate::config::error::nearest;
use crate::config::repo::{builtin_check, builtin_checks, describe_check};

#[derive(Subcommand)]
pub enum RulesCommand {
    /// List the rules with their language, severity and tags.
    List {
        #[command(flatten)]
        rules: RuleArgs,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one rule: its message, note, metadata and examples.
    Show {
        /// The rule id.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Print the JSON Schema of rule files (committed as rules/schema.json).
    Schema,
    /// List the supported languages and their file extensions.
    Languages,
    /// Print the rule catalogue as Markdown (committed as rules/README.md).
    Catalogue {
        #[command(flatten)]
        rules: RuleArgs,
    },
}

pub fn run(command: RulesCommand) -> Result<u8, CliError> {
    match command {
        RulesCommand::List { rules, json } => list(&rules, json),
        RulesCommand::Show { id, rules } => show(&id, &rules),
        RulesCommand::Schema => {
            println!("{}", serde_json::to_string_pretty(&crate::config::rule_file::json_schema()).expect("schema serializes"));
            Ok(exit::CLEAN)
        }
        RulesCommand::Catalogue { rules } => {
            print!("{}", super::rules_catalogue::catalogue(&load_rules(&rules)?));
            Ok(exit::CLEAN)
        }
        RulesCommand::Languages => {
            for spec in LANGUAGES {
                println!("{:<12} {}", spec.name, spec.extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(" "));
            }
            Ok(exit::CLEAN)
        }
    }
}

fn list(args: &RuleArgs, json: bool) -> Result<u8, CliError> {
    let set = load_rules(args)?;
    if json {
        let rows: Vec<_> = set
            .rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "language": r.language_name(), "severity": r.severity, "tags": r.meta.tags, "origin": r.origin,
                    "cwe": r.meta.cwe, "owasp": r.meta.owasp, "confidence": r.meta.confidence, "url": r.meta.url, "note": r.meta.note,
                    "tests": {"valid": r.tests.valid.len(), "invalid": r.tests.invalid.len()},
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows).expect("rows serialize"));
        return Ok(exit::CLEAN);
    }
    let checks = builtin_checks();
    let width = set.rules.iter().map(|r| r.id.len()).chain(checks.iter().map(|c| c.id.len())).max().unwrap_or(2).max(2);
    println!("{:<width$}  {:<10}  {:<8}  TAGS", "ID", "LANGUAGE", "SEVERITY");
    for rule in &set.rules {
        println!("{:<width$}  {:<10}  {:<8}  {}", rule.id, rule.language_name(), rule.severity.as_str(), rule.meta.tags.join(", "));
    }
    for check in &checks {
        println!("{:<width$}  {:<10}  {:<8}  {} (built in)", check.id, "any", check.default_severity.as_str(), check.tag);
    }
    println!("{} rules and {} built-in checks", set.rules.len(), checks.len());
    Ok(exit::CLEAN)
}

fn show(id: &str, args: &RuleArgs) -> Result<u8, CliError> {
    let set = load_rules(args)?;
    if set.get(id).is_none()
        && let Some(check) = builtin_check(id)
    {
        println!("{}  (built-in check, {})", check.id, check.default_severity);
        println!("\n{}", describe_check(&check));
        return Ok(exit::CLEAN);
    }
    let Some(rule) = set.get(id) else {
        let checks = builtin_checks();
        let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).chain(checks.iter().map(|c| c.id)).collect();
        let hint = nearest(id, &ids).map(|n| format!("; did you mean `{n}`?")).unwrap_or_default();
        return Err(CliError::Other(anyhow::anyhow!("no rule with id `{id}`{hint}")));
    };
    let meta = &rule.meta;
    println!("{}  ({}, {})", rule.id, rule.language_name(), rule.severity);
    println!("defined in {}", rule.origin);
    println!("\n{}", meta.message);
    if let Some(note) = &meta.note {
        println!("\n{}", note.trim_end());
    }
    let fields = [
        ("tags", meta.tags.join(", ")),
        ("cwe", meta.cwe.join(", ")),
        ("owasp", meta.owasp.join(", ")),
        ("confidence", meta.confidence.clone().unwrap_or_default()),
        ("docs", meta.url.clone().unwrap_or_default()),
    ];
    println!();
    for (name, value) in fields.iter().filter(|(_, v)| !v.is_empty()) {
        println!("{name:<11} {value}");
    }
    if let Some((_, spec)) = rule.taint_specs().next() {
        println!("\nmode        taint");
        for role in [Role::Source, Role::Sink, Role::Sanitizer, Role::Propagator] {
            for component in spec.components.iter().filter(|c| c.role == role) {
                println!("{:<11} {}", role.key(), component.shown);
            }
        }
        if !spec.returns_clean.is_empty() {
            println!("{:<11} {}", "returns_clean", spec.returns_clean.join(", "));
        }
    }
    for case in &rule.tests.invalid {
        println!("\nflagged:\n{}", indent(&case.code));
        if let Some(fixed) = &case.fixed {
            println!("fixed:\n{}", indent(fixed));
        }
    }
    for code in &rule.tests.valid {
        println!("\nnot flagged:\n{}", indent(code));
    }
    Ok(exit::CLEAN)
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}
