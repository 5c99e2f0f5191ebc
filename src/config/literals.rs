//! Literal text a rule needs in a file before it can match, for the prefilter.
//!
//! Sound, not complete: `None` means "no guarantee, always run the rule".
//! A `pattern` needs every identifier it names, and what the `constraints` of
//! its `$VARS` need; `all` and relational rules need what any one of their
//! parts needs; `any` needs one of its branches; a `regex` needs one of the
//! literals every match starts or ends with; `not`, `kind` and `matches`
//! guarantee nothing. The prefilter searches ASCII case-insensitively, so a
//! `(?i)` regex's literals are kept in lower case.

use regex_syntax::hir::literal::{ExtractKind, Extractor};

use super::yaml_tree::YNode;

/// More alternatives than this make a literal set that nearly every file hits.
const MAX_LITERALS: usize = 64;

/// What a rule object needs; `constraints` is the rule's top-level
/// `constraints` mapping, which tells what a `$VAR` of a pattern must match.
pub fn required_literals(rule: &YNode, constraints: Option<&YNode>) -> Option<Vec<String>> {
    literals_within(rule, constraints, Scope::File)
}

/// What the text of a node matching the rule object holds one of: as
/// [`required_literals`], without what `inside`, `precedes` and `follows`
/// need (it lies outside the node). For `analysis::gate`.
pub fn node_literals(rule: &YNode, constraints: Option<&YNode>) -> Option<Vec<String>> {
    literals_within(rule, constraints, Scope::Node)
}

/// [`required_literals`] and [`node_literals`] together: the same when the
/// rule looks at nothing around the node (no `inside`, `precedes` or
/// `follows` in it or its constraints), then derived once.
pub fn file_and_node_literals(rule: &YNode, constraints: Option<&YNode>) -> (Option<Vec<String>>, Option<Vec<String>>) {
    let node = node_literals(rule, constraints);
    let mut context = false;
    for tree in std::iter::once(rule).chain(constraints) {
        tree.walk(None, &mut |key, _| context |= matches!(key, Some("inside" | "precedes" | "follows")));
    }
    let file = if context { required_literals(rule, constraints) } else { node.clone() };
    (file, node)
}

#[derive(Clone, Copy, PartialEq)]
enum Scope {
    File,
    Node,
}

fn literals_within(rule: &YNode, constraints: Option<&YNode>, scope: Scope) -> Option<Vec<String>> {
    let mut options: Vec<Vec<String>> = Vec::new();
    for (key, value) in rule.entries() {
        let need = match key.name.as_str() {
            "pattern" => value.as_str().and_then(|p| pattern_literals(p, constraints, scope)),
            "all" => {
                options.extend(value.items().iter().filter_map(|item| literals_within(item, constraints, scope)));
                None
            }
            "any" => {
                let branches: Option<Vec<Vec<String>>> = value.items().iter().map(|item| literals_within(item, constraints, scope)).collect();
                branches.filter(|b| !b.is_empty()).map(|b| b.concat())
            }
            "has" => literals_within(value, constraints, scope),
            "inside" | "precedes" | "follows" if scope == Scope::File => literals_within(value, constraints, scope),
            "regex" => value.as_str().and_then(regex_literals),
            _ => None,
        };
        options.extend(need);
    }
    most_selective(options)
}

/// The most selective requirement: the one whose weakest literal is longest.
fn most_selective(options: Vec<Vec<String>>) -> Option<Vec<String>> {
    options.into_iter().max_by_key(|lits| lits.iter().map(String::len).min().unwrap_or(0))
}

/// The literals every match of `regex` starts with, or those it ends with
/// (`^(\w+\.)*createHash$` has no useful prefix), whichever is more
/// selective, when they are a small set of useful length.
pub fn regex_literals(regex: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::parse(regex).ok()?;
    let options = [ExtractKind::Prefix, ExtractKind::Suffix].into_iter().filter_map(|kind| {
        let seq = Extractor::new().kind(kind).extract(&hir);
        let mut literals: Vec<String> = seq.literals()?.iter().map(|l| String::from_utf8(l.as_bytes().to_vec()).ok().map(|s| s.to_ascii_lowercase())).collect::<Option<_>>()?;
        literals.sort_by_key(String::len);
        literals.dedup();
        // A file holding `'algorithm` holds `algorithm`: the longer one adds nothing.
        let mut kept: Vec<String> = Vec::new();
        for literal in literals {
            if !kept.iter().any(|k| literal.contains(k.as_str())) {
                kept.push(literal);
            }
        }
        (!kept.is_empty() && kept.len() <= MAX_LITERALS && kept.iter().all(|l| l.len() >= 2)).then_some(kept)
    });
    most_selective(options.collect())
}

/// What a pattern needs: its longest identifier, or what the constraint of
/// one of its single `$VARS` needs (a matched pattern has bound them all).
fn pattern_literals(pattern: &str, constraints: Option<&YNode>, scope: Scope) -> Option<Vec<String>> {
    let (identifier, metavars) = scan_pattern(pattern);
    let mut options: Vec<Vec<String>> = identifier.into_iter().map(|word| vec![word.to_string()]).collect();
    if let Some(constraints) = constraints {
        for name in metavars {
            options.extend(constraints.get(name).and_then(|c| literals_within(c, None, scope)));
        }
    }
    most_selective(options)
}

/// The longest identifier of a pattern that is not a `$METAVAR` (if at least
/// two characters long), and the names of its single-node `$VARS`.
fn scan_pattern(pattern: &str) -> (Option<&str>, Vec<&str>) {
    let bytes = pattern.as_bytes();
    let word_char = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut best: Option<&str> = None;
    let mut metavars = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'$' {
            let dollars = bytes[i..].iter().take_while(|&&b| b == b'$').count();
            let start = i + dollars;
            let mut end = start;
            while end < bytes.len() && word_char(bytes[end]) {
                end += 1;
            }
            if dollars == 1 && end > start {
                metavars.push(&pattern[start..end]);
            }
            i = end.max(i + 1);
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && word_char(bytes[i]) {
                i += 1;
            }
            let word = &pattern[start..i];
            if best.is_none_or(|b| word.len() > b.len()) {
                best = Some(word);
            }
            continue;
        }
        i += 1;
    }
    (best.filter(|w| w.len() >= 2), metavars)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::yaml_tree::parse_documents;

    fn needs(yaml: &str) -> Option<Vec<String>> {
        let doc = &parse_documents(yaml).unwrap()[0];
        required_literals(doc.get("rule").unwrap_or(doc), doc.get("constraints"))
    }

    fn set(words: &[&str]) -> Option<Vec<String>> {
        Some(words.iter().map(|w| w.to_string()).collect())
    }

    #[test]
    fn patterns_need_their_longest_identifier() {
        assert_eq!(needs("pattern: subprocess.call($$$ARGS, shell=True)"), set(&["subprocess"]));
        assert_eq!(needs("pattern: $A == $B"), None);
        assert_eq!(needs("any: [{pattern: eval($X)}, {pattern: exec($X)}]"), set(&["eval", "exec"]));
        assert_eq!(needs("any: [{pattern: eval($X)}, {kind: call}]"), None);
        assert_eq!(needs("all: [{kind: call}, {has: {pattern: innerHTML}}]"), set(&["innerHTML"]));
        assert_eq!(needs("not: {pattern: eval($X)}"), None);
        assert_eq!(needs("{kind: except_clause, regex: '^except\\s*:'}"), set(&["except"]));
        assert_eq!(needs("{kind: identifier, regex: '^(md5|sha1)$'}"), set(&["md5", "sha1"]));
        assert_eq!(needs("{kind: identifier, regex: 'a.*'}"), None);
        assert_eq!(needs("pattern: {context: 'class A { $F }', selector: field}"), None);
    }

    #[test]
    fn a_node_holds_what_its_pattern_and_has_need_not_what_lies_around_it() {
        let node = |yaml: &str| {
            let doc = &parse_documents(yaml).unwrap()[0];
            node_literals(doc.get("rule").unwrap_or(doc), doc.get("constraints"))
        };
        assert_eq!(node("pattern: subprocess.call($$$ARGS)"), set(&["subprocess"]));
        assert_eq!(node("all: [{kind: call}, {has: {pattern: innerHTML}}]"), set(&["innerHTML"]));
        assert_eq!(node("pattern: $F($X)\ninside: {kind: module, stopBy: end, has: {pattern: import yaml}}"), None, "the import lies outside the call");
        assert_eq!(needs("pattern: $F($X)\ninside: {kind: module, stopBy: end, has: {pattern: import yaml}}"), set(&["import"]), "but in the file");
        let constrained = "rule:\n  pattern: $FN($PATH)\nconstraints:\n  FN: {regex: '^(open|Path)$', inside: {pattern: with_safety($$$)}}\n";
        assert_eq!(node(constrained), set(&["open", "path"]));
    }

    #[test]
    fn regexes_give_prefixes_or_suffixes_in_lower_case() {
        assert_eq!(regex_literals(r"^(\w+\.)*createHash$"), set(&["createhash"]), "a suffix when no prefix helps");
        assert_eq!(regex_literals(r#"^['"]?algorithms?['"]?$"#), set(&["algorithm"]), "longer variants are implied");
        // Unicode case folding stays covered: `ſ` (long s) matches `s` under `(?i)`.
        assert_eq!(regex_literals(r"(?i)^(md5|sha1)$"), set(&["md5", "sha1", "ſha1"]));
        assert_eq!(regex_literals(r"\brequest\.(args|GET)\b"), set(&["request.get", "request.args"]));
        assert_eq!(regex_literals(r"\w+"), None);
    }

    #[test]
    fn constraints_of_pattern_variables_count() {
        let rule = "rule:\n  pattern: $FN($PATH)\nconstraints:\n  FN: {regex: '^(\\w+\\.)*(open|Path)$'}\n  PATH: {regex: '\\brequest\\.(args|form)\\b'}\n";
        assert_eq!(needs(rule), set(&["request.args", "request.form"]), "the most selective constraint");
        let multi = "rule:\n  pattern: f($$$ARGS)\nconstraints:\n  ARGS: {regex: 'needle'}\n";
        assert_eq!(needs(multi), None, "constraints hold only for single-node variables");
        let nested = "rule:\n  kind: assignment\n  has: {pattern: $R.$FN($$$A)}\nconstraints:\n  R: {regex: ^random$}\n";
        assert_eq!(needs(nested), set(&["random"]));
    }
}
