//! Which lines a change touched, read from unified diffs.
//!
//! The same filter serves `techlead scan --diff BASE` (a `git diff`) and the
//! GitHub review (each file's `patch`): findings are kept only on added lines,
//! and review comments may only anchor on lines the diff shows.

use std::collections::{BTreeSet, HashMap};

/// The new-side (RIGHT) lines of one file's diff.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangedLines {
    /// Lines the change added or modified.
    pub added: BTreeSet<usize>,
    /// Lines shown on the RIGHT side: added plus context; a review comment must anchor on one.
    pub visible: BTreeSet<usize>,
}

impl ChangedLines {
    pub fn is_added(&self, line: usize) -> bool {
        self.added.contains(&line)
    }

    /// Whether every line of `start..=end` is shown in the diff, so a comment range may cover it.
    pub fn shows_range(&self, start: usize, end: usize) -> bool {
        (start..=end).all(|line| self.visible.contains(&line))
    }
}

/// Parses one file's hunks (GitHub's `patch`, starting at the first `@@`).
pub fn parse_patch(patch: &str) -> ChangedLines {
    let mut changed = ChangedLines::default();
    let mut new_line = 0usize;
    let mut in_hunk = false;
    for line in patch.lines() {
        if let Some(header) = line.strip_prefix("@@") {
            match hunk_new_start(header) {
                Some(start) => {
                    new_line = start;
                    in_hunk = true;
                }
                None => in_hunk = false,
            }
            continue;
        }
        if !in_hunk {
            continue;
        }
        match line.as_bytes().first() {
            // A header may name any number (`+18446744073709551615`): past
            // the end of `usize` the lines stay on the last one, never wrap.
            Some(b'+') => {
                changed.added.insert(new_line);
                changed.visible.insert(new_line);
                new_line = new_line.saturating_add(1);
            }
            Some(b'-') | Some(b'\\') => {}
            _ => {
                changed.visible.insert(new_line);
                new_line = new_line.saturating_add(1);
            }
        }
    }
    changed
}

/// `@@ -a,b +c,d @@ ...` → `c`.
fn hunk_new_start(header: &str) -> Option<usize> {
    let plus = header.split_whitespace().find(|part| part.starts_with('+'))?;
    plus[1..].split(',').next()?.parse().ok()
}

/// `@@ -a,b +c,d @@ ...` → `(b, d)`, the lines the hunk holds on each side
/// (a missing count means 1).
fn hunk_counts(header: &str) -> Option<(usize, usize)> {
    let count = |sign: char| -> Option<usize> {
        let part = header.split_whitespace().find(|part| part.starts_with(sign))?;
        part[1..].split_once(',').map_or(Some(1), |(_, n)| n.parse().ok())
    };
    Some((count('-')?, count('+')?))
}

/// Parses a multi-file `git diff` into each new path's changed lines.
///
/// A line starting with `+++ ` is a file header only between hunks: inside
/// one it is an added line whose text starts with `++ `, so the parser counts
/// each hunk's lines from its `@@` header to know where it ends.
pub fn parse_git_diff(diff: &str) -> HashMap<String, ChangedLines> {
    let mut files = HashMap::new();
    let mut current: Option<(String, String)> = None;
    let mut flush = |current: &mut Option<(String, String)>| {
        if let Some((path, body)) = current.take() {
            files.insert(path, parse_patch(&body));
        }
    };
    // Lines still to come in the current hunk: (old side, new side).
    let mut left = (0usize, 0usize);
    for line in diff.lines() {
        if left != (0, 0) {
            match line.as_bytes().first() {
                Some(b'+') => left.1 = left.1.saturating_sub(1),
                Some(b'-') => left.0 = left.0.saturating_sub(1),
                Some(b'\\') => {}
                _ => left = (left.0.saturating_sub(1), left.1.saturating_sub(1)),
            }
        } else if line.starts_with("diff --git ") {
            flush(&mut current);
            continue;
        } else if let Some(path) = line.strip_prefix("+++ ") {
            flush(&mut current);
            if path != "/dev/null" {
                let path = unquote(path);
                current = Some((path.strip_prefix("b/").map(str::to_string).unwrap_or(path), String::new()));
            }
            continue;
        } else if let Some(header) = line.strip_prefix("@@") {
            left = hunk_counts(header).unwrap_or_default();
        }
        if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    flush(&mut current);
    files
}

/// A path as git prints it: as is, or in double quotes with C escapes
/// (`"b/na\303\257ve.py"`) when it holds unusual characters.
fn unquote(path: &str) -> String {
    let path = path.trim_end_matches('\t');
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&d @ b'0'..=b'7') = chars.peek() {
                        value = value * 8 + u32::from(d - b'0');
                        chars.next();
                    }
                }
                bytes.push(value as u8);
            }
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'r') => bytes.push(b'\r'),
            Some(b'a') => bytes.push(7),
            Some(b'b') => bytes.push(8),
            Some(b'f') => bytes.push(12),
            Some(b'v') => bytes.push(11),
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_and_context_lines_are_told_apart() {
        let patch = "@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n d\n@@ -10,2 +11,2 @@ fn x\n-e\n+E\n f\n";
        let changed = parse_patch(patch);
        assert_eq!(changed.added.iter().copied().collect::<Vec<_>>(), vec![2, 3, 11]);
        assert_eq!(changed.visible.iter().copied().collect::<Vec<_>>(), vec![1, 2, 3, 4, 11, 12]);
        assert!(changed.shows_range(1, 4));
        assert!(!changed.shows_range(4, 11));
    }

    #[test]
    fn git_diff_is_split_by_file() {
        let diff = "diff --git a/x.py b/x.py\nindex 1..2 100644\n--- a/x.py\n+++ b/x.py\n@@ -0,0 +1 @@\n+eval(x)\ndiff --git a/gone.py b/gone.py\n--- a/gone.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n";
        let files = parse_git_diff(diff);
        assert_eq!(files.len(), 1);
        assert!(files["x.py"].is_added(1));
    }

    #[test]
    fn a_plus_plus_plus_line_inside_a_hunk_is_an_added_line() {
        let diff = "diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1,0 +2,3 @@\n+a = 1\n+++ b\n+c = 2\n@@ -9 +12 @@\n-old\n+new\n";
        let files = parse_git_diff(diff);
        assert_eq!(files.keys().collect::<Vec<_>>(), vec!["x.py"]);
        assert_eq!(files["x.py"].added.iter().copied().collect::<Vec<_>>(), vec![2, 3, 4, 12]);
    }

    #[test]
    fn a_hunk_starting_at_the_largest_line_number_does_not_overflow() {
        // The diff_patch fuzz target (dev build, overflow checks on) panicked here.
        let last = usize::MAX;
        let changed = parse_patch(&format!("@@ -1 +{last} @@\n a\n+b\n c\n"));
        assert_eq!(changed.visible.iter().copied().collect::<Vec<_>>(), vec![last]);
        assert!(changed.is_added(last));
    }

    #[test]
    fn quoted_paths_are_decoded() {
        let diff = "diff --git \"a/na\\303\\257ve \\\"q\\\".py\" \"b/na\\303\\257ve \\\"q\\\".py\"\n--- /dev/null\n+++ \"b/na\\303\\257ve \\\"q\\\".py\"\n@@ -0,0 +1 @@\n+x\n";
        let files = parse_git_diff(diff);
        assert!(files["naïve \"q\".py"].is_added(1), "{files:?}");
    }
}
