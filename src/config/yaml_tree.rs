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
        let (event, span) = item.map_err(|e| SyntaxError {
            pos: Pos { line: e.marker().line(), column: e.marker().col() + 1 },
            message: e.info(),
        })?;
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
    fn syntax_errors_have_a_place() {
        let err = parse_documents("id: a\nrule: [unclosed\n").unwrap_err();
        assert!(err.pos.line >= 2, "{err:?}");
    }
}
