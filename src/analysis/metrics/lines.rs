//! Line counts: every line is blank (only white space), or has code on it,
//! or a comment, or both (`x = 1  # why`). Text inside string literals is
//! code, docstrings included.

use std::ops::Range;

/// The class of each line, with prefix sums to count code lines in any range.
pub struct Lines {
    /// `code_before[i]`: code lines among lines `1..=i`.
    code_before: Vec<u32>,
    pub code: u32,
    pub comment: u32,
    pub blank: u32,
}

impl Lines {
    /// `comments`: byte ranges of comment nodes, in document order (they may nest).
    pub fn classify(source: &str, comments: &[Range<usize>]) -> Lines {
        let bytes = source.as_bytes();
        let mut lines = Lines { code_before: vec![0], code: 0, comment: 0, blank: 0 };
        let mut next_comment = 0;
        let mut start = 0;
        while start < bytes.len() {
            let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| start + i);
            let (mut has_code, mut has_comment) = (false, false);
            for (pos, byte) in bytes.iter().enumerate().take(end).skip(start) {
                if byte.is_ascii_whitespace() {
                    continue;
                }
                while next_comment < comments.len() && comments[next_comment].end <= pos {
                    next_comment += 1;
                }
                // Nested ranges start inside the one before, so any range covering `pos` is at or after `next_comment`.
                let in_comment = comments[next_comment..].iter().take_while(|r| r.start <= pos).any(|r| r.contains(&pos));
                if in_comment { has_comment = true } else { has_code = true }
            }
            lines.code += u32::from(has_code);
            lines.comment += u32::from(has_comment);
            lines.blank += u32::from(!has_code && !has_comment);
            lines.code_before.push(lines.code);
            start = end + 1;
        }
        lines
    }

    /// Code lines among the 1-based, inclusive `first..=last`.
    pub fn code_between(&self, first: usize, last: usize) -> u32 {
        let last = last.min(self.code_before.len() - 1);
        let first = first.clamp(1, last.max(1));
        self.code_before[last] - self.code_before[first - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_with_code_and_a_comment_counts_as_both() {
        let source = "a = 1  # one\n\n# two\n  \nb = 2\n";
        let comments = [7..12, 14..19];
        let lines = Lines::classify(source, &comments);
        assert_eq!((lines.code, lines.comment, lines.blank), (2, 2, 2));
        assert_eq!(lines.code_between(1, 3), 1);
        assert_eq!(lines.code_between(2, 5), 1);
    }
}
