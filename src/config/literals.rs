//! Literal text a rule needs in a file before it can match, for the prefilter.
//!
//! Sound, not complete: `None` means "no guarantee, always run the rule".
//! A `pattern` needs every identifier it names; `all` and relational rules
//! need what any one of their parts needs; `any` needs one of its branches;
//! a `regex` needs one of its literal prefixes; `not`, `kind` and `matches`
//! guarantee nothing.

use super::yaml_tree::YNode;

pub fn required_literals(rule: &YNode) -> Option<Vec<String>> {
    let mut options: Vec<Vec<String>> = Vec::new();
    for (key, value) in rule.entries() {
        let need = match key.name.as_str() {
            "pattern" => value.as_str().and_then(pattern_literal).map(|lit| vec![lit]),
            "all" => {
                options.extend(value.items().iter().filter_map(required_literals));
                None
            }
            "any" => {
                let branches: Option<Vec<Vec<String>>> = value.items().iter().map(required_literals).collect();
                branches.filter(|b| !b.is_empty()).map(|b| b.concat())
            }
            "inside" | "has" | "precedes" | "follows" => required_literals(value),
            "regex" => value.as_str().and_then(regex_literals),
            _ => None,
        };
        options.extend(need);
    }
    // The most selective requirement: the one whose weakest literal is longest.
    options.into_iter().max_by_key(|lits| lits.iter().map(String::len).min().unwrap_or(0))
}

/// The literal prefixes every match of `regex` starts with, when they are a
/// small, finite set of useful length.
pub fn regex_literals(regex: &str) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::Extractor;
    let hir = regex_syntax::parse(regex).ok()?;
    let seq = Extractor::new().extract(&hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.len() > 16 || literals.iter().any(|l| l.as_bytes().len() < 2) {
        return None;
    }
    literals.iter().map(|l| String::from_utf8(l.as_bytes().to_vec()).ok()).collect()
}

/// The longest identifier of a pattern that is not a `$METAVAR`.
fn pattern_literal(pattern: &str) -> Option<String> {
    let bytes = pattern.as_bytes();
    let mut best: Option<&str> = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'$' {
            while i < bytes.len() && (bytes[i] == b'$' || bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
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
    best.filter(|w| w.len() >= 2).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::yaml_tree::parse_documents;

    fn needs(yaml: &str) -> Option<Vec<String>> {
        required_literals(&parse_documents(yaml).unwrap()[0])
    }

    #[test]
    fn patterns_need_their_longest_identifier() {
        assert_eq!(needs("pattern: subprocess.call($$$ARGS, shell=True)"), Some(vec!["subprocess".into()]));
        assert_eq!(needs("pattern: $A == $B"), None);
        assert_eq!(needs("any: [{pattern: eval($X)}, {pattern: exec($X)}]"), Some(vec!["eval".into(), "exec".into()]));
        assert_eq!(needs("any: [{pattern: eval($X)}, {kind: call}]"), None);
        assert_eq!(needs("all: [{kind: call}, {has: {pattern: innerHTML}}]"), Some(vec!["innerHTML".into()]));
        assert_eq!(needs("not: {pattern: eval($X)}"), None);
        assert_eq!(needs("{kind: except_clause, regex: '^except\\s*:'}"), Some(vec!["except".into()]));
        assert_eq!(needs("{kind: identifier, regex: '^(md5|sha1)$'}"), Some(vec!["md5".into(), "sha1".into()]));
        assert_eq!(needs("{kind: identifier, regex: 'a.*'}"), None);
        assert_eq!(needs("pattern: {context: 'class A { $F }', selector: field}"), None);
    }
}
