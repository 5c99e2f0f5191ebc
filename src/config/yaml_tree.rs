//! A positioned view of a YAML file, so every error can name `line:column`.
//!
//! serde tells us *what* is wrong; this tree tells us *where*. It is built from
//! the same YAML parser serde-saphyr uses, so both agree on the syntax.

use serde_saphyr::granit_parser::{Event, Parser};

/// 1-based line and column in the YAML file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    /// The start of a file, for problems of the file as a whole.
    pub const START: Pos = Pos { line: 1, column: 1 };
}

#[derive(Debug, Clone)]
pub enum YValue {
    Scalar(String),
    Seq(Vec<YNode>),
    Map(Vec<(YKey, YNode)>),
}

#[derive(Debug, Clone)]
pub struct YKey {
    pub name: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct YNode {
    pub value: YValue,
    pub pos: Pos,
}

/// A syntax error with its place.
#[derive(Debug)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

impl YNode {
    /// The entries of a mapping, or nothing.
    pub fn entries(&self) -> &[(YKey, YNode)] {
        match &self.value {
            YValue::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn get(&self, key: &str) -> Option<&YNode> {
        self.entries().iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
    }

    pub fn key_pos(&self, key: &str) -> Option<Pos> {
        self.entries().iter().find(|(k, _)| k.name == key).map(|(k, _)| k.pos)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            YValue::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn items(&self) -> &[YNode] {
        match &self.value {
            YValue::Seq(items) => items,
            _ => &[],
        }
    }

    /// The node at a path of mapping keys from this one (`["rules", "enable"]`).
    pub fn at(&self, path: &[&str]) -> Option<&YNode> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    /// The key path of what starts at `pos` (a key, a value or a list item),
    /// e.g. `review.max_inline_comments` or `rules.enable[1]`: the deepest
    /// one starting exactly there, else the last one starting earlier on the
    /// same line. `None` when nothing is on that line.
    pub fn path_at(&self, pos: Pos) -> Option<String> {
        let mut places: Vec<(Pos, String)> = Vec::new();
        self.collect_places(String::new(), &mut places);
        let exact = places.iter().filter(|(p, _)| *p == pos).max_by_key(|(_, path)| path.len());
        let before = || places.iter().filter(|(p, _)| p.line == pos.line && p.column <= pos.column).max_by_key(|(p, path)| (p.column, path.len()));
        exact.or_else(before).map(|(_, path)| path.clone()).filter(|path| !path.is_empty())
    }

    fn collect_places(&self, path: String, out: &mut Vec<(Pos, String)>) {
        out.push((self.pos, path.clone()));
        match &self.value {
            YValue::Scalar(_) => {}
            YValue::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.collect_places(format!("{path}[{i}]"), out);
                }
            }
            YValue::Map(entries) => {
                for (key, value) in entries {
                    let child = if path.is_empty() { key.name.clone() } else { format!("{path}.{}", key.name) };
                    out.push((key.pos, child.clone()));
                    value.collect_places(child, out);
                }
            }
        }
    }

    /// Every node below this one (this one included), depth first, with the key that led to it.
    pub fn walk<'a>(&'a self, key: Option<&'a str>, visit: &mut dyn FnMut(Option<&'a str>, &'a YNode)) {
        visit(key, self);
        match &self.value {
            YValue::Scalar(_) => {}
            YValue::Seq(items) => items.iter().for_each(|item| item.walk(key, visit)),
            YValue::Map(entries) => entries.iter().for_each(|(k, v)| v.walk(Some(&k.name), visit)),
        }
    }
}

/// Parses every document of a YAML stream. Empty and `null` documents are dropped,
/// as ast-grep drops them.
pub fn parse_documents(text: &str) -> Result<Vec<YNode>, SyntaxError> {
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|e| SyntaxError { pos: Pos { line: e.marker().line(), column: e.marker().col() + 1 }, message: e.info() })?;
        let pos = Pos { line: span.start.line(), column: span.start.col() + 1 };
        let node = match event {
            Event::Scalar(value, ..) => Some(YNode { value: YValue::Scalar(value.into_owned()), pos }),
            Event::Alias(_) => Some(YNode { value: YValue::Scalar(String::new()), pos }),
            Event::SequenceStart(..) => {
                stack.push(Frame::Seq(pos, Vec::new()));
                None
            }
            Event::MappingStart(..) => {
                stack.push(Frame::Map(pos, Vec::new(), None));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => stack.pop().map(Frame::finish),
            _ => None,
        };
        if let Some(node) = node {
            match stack.last_mut() {
                None => docs.push(node),
                Some(frame) => frame.push(node),
            }
        }
    }
    docs.retain(|doc| !matches!(&doc.value, YValue::Scalar(s) if s.is_empty() || s == "~" || s.eq_ignore_ascii_case("null")));
    Ok(docs)
}

enum Frame {
    Seq(Pos, Vec<YNode>),
    Map(Pos, Vec<(YKey, YNode)>, Option<YKey>),
}

impl Frame {
    fn push(&mut self, node: YNode) {
        match self {
            Frame::Seq(_, items) => items.push(node),
            Frame::Map(_, entries, pending) => match pending.take() {
                Some(key) => entries.push((key, node)),
                None => {
                    let name = node.as_str().unwrap_or_default().to_string();
                    *pending = Some(YKey { name, pos: node.pos });
                }
            },
        }
    }

    fn finish(self) -> YNode {
        match self {
            Frame::Seq(pos, items) => YNode { value: YValue::Seq(items), pos },
            Frame::Map(pos, entries, _) => YNode { value: YValue::Map(entries), pos },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_their_positions() {
        let docs = parse_documents("id: a\nrule:\n  pattern: eval($X)\n---\nid: b\n").unwrap();
        assert_eq!(docs.len(), 2);
        let rule = docs[0].get("rule").unwrap();
        assert_eq!(rule.key_pos("pattern"), Some(Pos { line: 3, column: 3 }));
        assert_eq!(rule.get("pattern").unwrap().as_str(), Some("eval($X)"));
        assert_eq!(docs[1].key_pos("id"), Some(Pos { line: 5, column: 1 }));
    }

    #[test]
    fn places_are_named_by_their_key_path() {
        let doc = &parse_documents("review:\n  max_inline_comments: abc\nrules:\n  enable: [a, b]\n").unwrap()[0];
        assert_eq!(doc.at(&["review", "max_inline_comments"]).and_then(YNode::as_str), Some("abc"));
        assert_eq!(doc.path_at(Pos { line: 2, column: 24 }).as_deref(), Some("review.max_inline_comments"));
        assert_eq!(doc.path_at(Pos { line: 2, column: 3 }).as_deref(), Some("review.max_inline_comments"));
        assert_eq!(doc.path_at(Pos { line: 4, column: 15 }).as_deref(), Some("rules.enable[1]"));
        assert_eq!(doc.path_at(Pos { line: 4, column: 11 }).as_deref(), Some("rules.enable"));
        assert_eq!(doc.path_at(Pos { line: 9, column: 1 }), None);
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let err = parse_documents("id: a\nrule: [unclosed\n").unwrap_err();
        assert!(err.pos.line >= 2, "{err:?}");
    }
}
