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
            Some(b'+') => {
                changed.added.insert(new_line);
                changed.visible.insert(new_line);
                new_line += 1;
            }
            Some(b'-') | Some(b'\\') => {}
            _ => {
                changed.visible.insert(new_line);
                new_line += 1;
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

/// Parses a multi-file `git diff` into each new path's changed lines.
pub fn parse_git_diff(diff: &str) -> HashMap<String, ChangedLines> {
    let mut files = HashMap::new();
    let mut current: Option<(String, String)> = None;
    let mut flush = |current: &mut Option<(String, String)>| {
        if let Some((path, body)) = current.take() {
            files.insert(path, parse_patch(&body));
        }
    };
    for line in diff.lines() {
        if line.starts_with("diff --git ") {
            flush(&mut current);
        } else if let Some(path) = line.strip_prefix("+++ ") {
            flush(&mut current);
            if path != "/dev/null" {
                let path = path.strip_prefix("b/").unwrap_or(path);
                current = Some((unquote(path), String::new()));
            }
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    flush(&mut current);
    files
}

fn unquote(path: &str) -> String {
    path.trim_end_matches('\t').trim_matches('"').to_string()
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
}
