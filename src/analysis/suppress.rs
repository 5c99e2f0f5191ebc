//! `techlead-ignore` comments: at the end of the finding's line, or alone on
//! the line above, for every rule or for listed ids (`techlead-ignore: id1, id2`).
//! A trailing comment covers only its own line, as in ESLint and ast-grep.

/// Our marker, and ast-grep's, so code already annotated for ast-grep keeps working.
const MARKERS: [&str; 2] = ["techlead-ignore", "ast-grep-ignore"];

/// Whether a comment on line `line` (1-based) or the line above silences `rule_id`.
pub fn is_suppressed(lines: &[&str], line: usize, rule_id: &str, comment_starts: &[&str]) -> bool {
    let own = line.checked_sub(1).and_then(|i| lines.get(i));
    let above = line.checked_sub(2).and_then(|i| lines.get(i));
    let above = above.filter(|text| comment_starts.iter().any(|start| text.trim_start().starts_with(start)));
    [own, above].into_iter().flatten().any(|text| silences(text, rule_id, comment_starts))
}

fn silences(line: &str, rule_id: &str, comment_starts: &[&str]) -> bool {
    MARKERS.iter().any(|marker| silences_with(line, marker, rule_id, comment_starts))
}

fn silences_with(line: &str, marker: &str, rule_id: &str, comment_starts: &[&str]) -> bool {
    let Some(at) = line.find(marker) else { return false };
    // The marker must sit inside a comment, not in a string or identifier.
    if !comment_starts.iter().any(|start| line[..at].contains(start)) {
        return false;
    }
    let rest = line[at + marker.len()..].trim_start();
    let Some(ids) = rest.strip_prefix(':') else {
        return true; // bare marker: every rule
    };
    ids.split(',').filter_map(|id| id.split_whitespace().next()).map(|id| id.trim_end_matches("*/").trim_end_matches("-->")).any(|id| id == rule_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_markers_in_comments_only() {
        let src = ["x = eval(a)  # techlead-ignore", "# techlead-ignore: other, py-eval", "y = eval(b)", "s = 'techlead-ignore'"];
        assert!(is_suppressed(&src, 1, "py-eval", &["#"]));
        assert!(is_suppressed(&src, 3, "py-eval", &["#"]));
        assert!(!is_suppressed(&src, 3, "py-exec", &["#"]));
        assert!(!is_suppressed(&src, 4, "py-eval", &["#"]));
        let trailing = ["a()  # techlead-ignore", "eval(b)"];
        assert!(!is_suppressed(&trailing, 2, "py-eval", &["#"]));
        let js = ["/* techlead-ignore: js-eval */", "eval(x)"];
        assert!(is_suppressed(&js, 2, "js-eval", &["//", "/*"]));
    }
}
