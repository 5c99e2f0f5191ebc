//! Turns the kind table into a lookup by node kind id, built once per language.

use std::sync::OnceLock;

use ast_grep_core::tree_sitter::LanguageExt;
use tree_sitter::Node;

use super::languages::{MetricKinds, metric_kinds};
use crate::analysis::language::Lang;

/// What a node is to the metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Other,
    Comment,
    Function,
    AnonymousFunction,
    Lambda,
    Container,
    If,
    ElseIf,
    Else,
    Conditional,
    Switch,
    Case,
    Loop,
    UnconditionalLoop,
    Catch,
    Decision,
    BooleanOperator,
    Return,
    Throw,
    Jump,
    /// A call, which may be a recursive one.
    Call,
}

/// A narrowing of a table entry (see `languages`).
#[derive(Clone, Copy, Debug)]
enum Condition {
    Always,
    FirstChild(&'static str),
    HasChild(&'static str),
    HasField(&'static str),
    Callee(&'static str),
    Parent(&'static str),
}

/// Node kind id → the roles it may have, for one language.
pub struct Classifier {
    pub kinds: Option<&'static MetricKinds>,
    by_id: Vec<Vec<(Condition, Role)>>,
}

impl Classifier {
    /// The classifier of `lang`, built on first use.
    pub fn of(lang: Lang) -> &'static Classifier {
        static ALL: OnceLock<Vec<(Lang, Classifier)>> = OnceLock::new();
        let all = ALL.get_or_init(|| Lang::all().map(|l| (l, Classifier::new(l))).collect());
        // Every Lang is in `Lang::all()`, so the search always finds it.
        &all.iter().find(|(l, _)| *l == lang).unwrap_or(&all[0]).1
    }

    fn new(lang: Lang) -> Classifier {
        let ts = lang.get_ts_language();
        let kinds = metric_kinds(lang.name());
        let count = ts.node_kind_count();
        let mut by_id: Vec<Vec<(Condition, Role)>> = vec![Vec::new(); count];
        let mut table: Vec<(&'static str, Role)> = Vec::new();
        if let Some(k) = kinds {
            let groups: [(&[&'static str], Role); 20] = [
                (k.functions, Role::Function),
                (k.anonymous_functions, Role::AnonymousFunction),
                (k.lambdas, Role::Lambda),
                (k.containers, Role::Container),
                (k.ifs, Role::If),
                (k.else_ifs, Role::ElseIf),
                (k.elses, Role::Else),
                (k.conditionals, Role::Conditional),
                (k.switches, Role::Switch),
                (k.cases, Role::Case),
                (k.loops, Role::Loop),
                (k.unconditional_loops, Role::UnconditionalLoop),
                (k.catches, Role::Catch),
                (k.decisions, Role::Decision),
                (k.boolean_operators, Role::BooleanOperator),
                (k.returns, Role::Return),
                (k.throws, Role::Throw),
                (k.jumps, Role::Jump),
                (k.calls, Role::Call),
                (&[], Role::Other),
            ];
            for (entries, role) in groups {
                table.extend(entries.iter().map(|e| (*e, role)));
            }
        }
        for (id, roles) in by_id.iter_mut().enumerate() {
            let Ok(id16) = u16::try_from(id) else { break };
            let named = ts.node_kind_is_named(id16);
            let Some(name) = ts.node_kind_for_id(id16) else { continue };
            if named && is_comment_kind(name) {
                roles.push((Condition::Always, Role::Comment));
                continue;
            }
            for (entry, role) in &table {
                let (kind, condition) = parse_entry(entry);
                // Tokens (`&&` in a macro's token tree) only by their parent: a
                // bare token kind would also match inside every expression.
                let token_ok = named || matches!(condition, Condition::Parent(_));
                if kind == name && token_ok {
                    roles.push((condition, *role));
                }
            }
        }
        Classifier { kinds, by_id }
    }

    /// The role of `node`; `Other` for most nodes.
    pub fn role(&self, node: Node, source: &str) -> Role {
        let Some(candidates) = self.by_id.get(usize::from(node.kind_id())) else { return Role::Other };
        candidates.iter().find(|(condition, _)| holds(*condition, node, source)).map_or(Role::Other, |(_, role)| *role)
    }
}

/// Comment node kinds in the shipped grammars (`comment`, `line_comment`,
/// `block_comment`, `multiline_comment`, `html_comment`); doc-comment parts
/// inside them are covered by the enclosing comment.
fn is_comment_kind(kind: &str) -> bool {
    kind == "comment" || kind.ends_with("_comment")
}

fn parse_entry(entry: &'static str) -> (&'static str, Condition) {
    if let Some((kind, parent)) = entry.split_once('^') {
        (kind, Condition::Parent(parent))
    } else if let Some((kind, first)) = entry.split_once('/') {
        (kind, Condition::FirstChild(first))
    } else if let Some((kind, child)) = entry.split_once('>') {
        (kind, Condition::HasChild(child))
    } else if let Some((kind, field)) = entry.split_once(':') {
        (kind, Condition::HasField(field))
    } else if let Some((kind, callee)) = entry.split_once('=') {
        (kind, Condition::Callee(callee))
    } else {
        (entry, Condition::Always)
    }
}

fn holds(condition: Condition, node: Node, source: &str) -> bool {
    match condition {
        Condition::Always => true,
        Condition::FirstChild(kind) => node.child(0).is_some_and(|c| c.kind() == kind),
        Condition::HasChild(kind) => {
            let mut cursor = node.walk();
            node.named_children(&mut cursor).any(|c| c.kind() == kind)
        }
        Condition::HasField(field) => node.child_by_field_name(field).is_some(),
        Condition::Callee(name) => callee(node, source) == Some(name),
        Condition::Parent(kind) => node.parent().is_some_and(|p| p.kind() == kind),
    }
}

/// The name a call calls: `raise` in `raise X`, `exit` in `exit 1`, `panic` in `panic(x)`.
fn callee<'s>(node: Node, source: &'s str) -> Option<&'s str> {
    let target = ["method", "function", "name"].iter().find_map(|field| node.child_by_field_name(field))?;
    // Ruby `foo.raise` is not a raise: it has a receiver.
    if node.child_by_field_name("receiver").is_some() {
        return None;
    }
    source.get(target.byte_range()).map(str::trim)
}
