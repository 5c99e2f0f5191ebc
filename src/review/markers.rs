//! Hidden HTML comments that let techlead find its own comments again, so a
//! retry, a redelivery or a new push edits instead of duplicating.

const FINDING_PREFIX: &str = "<!-- techlead:finding ";
const FIXED_PREFIX: &str = "<!-- techlead:fixed ";
/// Marks the one summary comment of a pull request.
pub const SUMMARY: &str = "<!-- techlead:summary -->";

pub fn finding(fingerprint: &str) -> String {
    format!("{FINDING_PREFIX}{fingerprint} -->")
}

pub fn fixed(fingerprint: &str) -> String {
    format!("{FIXED_PREFIX}{fingerprint} -->")
}

/// The fingerprint of an open finding comment.
pub fn open_fingerprint(body: &str) -> Option<&str> {
    extract(body, FINDING_PREFIX)
}

/// The fingerprint of a finding comment already marked fixed.
pub fn fixed_fingerprint(body: &str) -> Option<&str> {
    extract(body, FIXED_PREFIX)
}

fn extract<'a>(body: &'a str, prefix: &str) -> Option<&'a str> {
    let start = body.find(prefix)? + prefix.len();
    let rest = &body[start..];
    rest.find(" -->").map(|end| &rest[..end])
}

/// The rule id of one of our inline comments: the first `code span` of its
/// first line (`🔴 **error** · \`rule-id\` · ...`).
pub fn rule_of(body: &str) -> Option<&str> {
    let first = body.lines().next()?;
    let start = first.find('`')? + 1;
    let len = first[start..].find('`')?;
    Some(&first[start..start + len])
}

/// Marks techlead's reply to one command delivery.
pub fn reply(delivery: &str) -> String {
    format!("<!-- techlead:reply {delivery} -->")
}

pub fn is_summary(body: &str) -> bool {
    body.contains(SUMMARY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip() {
        let body = format!("text\n{}", finding("abc123"));
        assert_eq!(open_fingerprint(&body), Some("abc123"));
        assert_eq!(fixed_fingerprint(&body), None);
        assert_eq!(fixed_fingerprint(&fixed("abc123")), Some("abc123"));
    }
}
