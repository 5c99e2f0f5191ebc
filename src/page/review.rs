//! One reviewed pull request as a single HTML page, laid out as GitHub shows
//! it: the summary comment, the diff with each inline comment under its line,
//! and the check run with its annotations. Self-contained (styles inline, no
//! script, no request to anywhere), so the file can be mailed or opened offline.

use askama::Template;

use super::markdown;
use crate::github::api::{ChangedFile, CheckOutput, Conclusion, NewReviewComment};
use crate::review::local::Posted;

/// What the page shows, gathered from a review's [`Posted`] output.
pub struct PageInput<'a> {
    pub title: &'a str,
    pub repo: String,
    pub base: String,
    pub head: String,
    pub files: &'a [ChangedFile],
    pub posted: &'a Posted,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    title: String,
    repo: String,
    base: String,
    head: String,
    gate: Option<Gate>,
    summary_html: String,
    review_event: String,
    files: Vec<FileView>,
    comment_count: usize,
    check: Option<CheckView>,
}

struct Gate {
    passed: bool,
    text: String,
}

struct FileView {
    path: String,
    status: String,
    rows: Vec<Row>,
    /// Comments whose line the diff does not show (should not happen: the
    /// planner anchors only on shown lines; listed rather than lost).
    unplaced: Vec<String>,
}

enum Row {
    Hunk(String),
    Line { kind: &'static str, old: String, new: String, text: String },
    Comment { html: String, line: usize },
}

struct CheckView {
    conclusion: &'static str,
    title: String,
    summary_html: String,
    annotations: Vec<AnnotationView>,
}

struct AnnotationView {
    level: &'static str,
    place: String,
    title: String,
    message: String,
}

/// The page's HTML.
pub fn render(input: &PageInput) -> String {
    let comments: Vec<&NewReviewComment> = input.posted.review.iter().flat_map(|r| &r.comments).collect();
    let files = input.files.iter().map(|file| file_view(file, comments.iter().copied().filter(|c| c.path == file.path).collect())).collect();
    let check = input.posted.check_run.as_ref().map(|(conclusion, output)| check_view(*conclusion, output));
    let gate = input.posted.check_run.as_ref().map(|(conclusion, output)| Gate { passed: *conclusion == Conclusion::Success, text: output.title.clone() });
    let page = ReviewPage {
        title: input.title.to_string(),
        repo: input.repo.clone(),
        base: input.base.clone(),
        head: input.head.clone(),
        gate,
        summary_html: input.posted.summary.as_deref().map(|s| markdown::to_html(s, None)).unwrap_or_default(),
        review_event: input.posted.review.as_ref().map(|r| r.event.clone()).unwrap_or_default(),
        files,
        comment_count: comments.len(),
        check,
    };
    page.render().unwrap_or_else(|e| format!("<!doctype html><p>cannot render the page: {e}</p>"))
}

fn file_view(file: &ChangedFile, comments: Vec<&NewReviewComment>) -> FileView {
    let mut rows = Vec::new();
    let mut placed = vec![false; comments.len()];
    let (mut old, mut new) = (0usize, 0usize);
    // The shown new-side lines, for the code a suggestion replaces.
    let mut shown: Vec<(usize, String)> = Vec::new();
    for line in file.patch.as_deref().unwrap_or_default().lines() {
        if line.starts_with("@@") {
            let (o, n) = hunk_starts(line);
            (old, new) = (o, n);
            rows.push(Row::Hunk(line.to_string()));
            continue;
        }
        let (kind, text) = match line.as_bytes().first() {
            Some(b'+') => ("add", &line[1..]),
            Some(b'-') => ("del", &line[1..]),
            Some(b'\\') => continue,
            _ => ("ctx", line.get(1..).unwrap_or_default()),
        };
        let (old_no, new_no) = match kind {
            "add" => (None, Some(new)),
            "del" => (Some(old), None),
            _ => (Some(old), Some(new)),
        };
        rows.push(Row::Line { kind, old: old_no.map(|n| n.to_string()).unwrap_or_default(), new: new_no.map(|n| n.to_string()).unwrap_or_default(), text: text.to_string() });
        if let Some(n) = new_no {
            shown.push((n, text.to_string()));
            for (i, comment) in comments.iter().enumerate() {
                if comment.line == n && !placed[i] {
                    placed[i] = true;
                    let first = comment.start_line.unwrap_or(comment.line);
                    let original: Vec<&str> = shown.iter().filter(|(no, _)| (first..=n).contains(no)).map(|(_, t)| t.as_str()).collect();
                    rows.push(Row::Comment { html: markdown::to_html(&comment.body, Some(&original.join("\n"))), line: n });
                }
            }
        }
        match kind {
            "add" => new += 1,
            "del" => old += 1,
            _ => {
                old += 1;
                new += 1;
            }
        }
    }
    let unplaced = comments.iter().zip(&placed).filter(|(_, p)| !**p).map(|(c, _)| markdown::to_html(&format!("Line {}:\n\n{}", c.line, c.body), None)).collect();
    if file.patch.is_none() {
        rows.push(Row::Hunk("No diff to show: a binary file, or one too large to diff.".into()));
    }
    FileView { path: file.path.clone(), status: file.status.clone(), rows, unplaced }
}

/// `@@ -a,b +c,d @@` → `(a, c)`.
fn hunk_starts(header: &str) -> (usize, usize) {
    let start = |sign: char| header.split_whitespace().find(|p| p.starts_with(sign)).and_then(|p| p[1..].split(',').next()?.parse().ok()).unwrap_or(1);
    (start('-'), start('+'))
}

fn check_view(conclusion: Conclusion, output: &CheckOutput) -> CheckView {
    CheckView {
        conclusion: match conclusion {
            Conclusion::Success => "success",
            Conclusion::Failure => "failure",
            Conclusion::Neutral => "neutral",
            Conclusion::ActionRequired => "action required",
        },
        title: output.title.clone(),
        summary_html: markdown::to_html(&output.summary, None),
        annotations: output
            .annotations
            .iter()
            .map(|a| AnnotationView {
                level: a.level,
                place: if a.end_line > a.start_line { format!("{}:{}-{}", a.path, a.start_line, a.end_line) } else { format!("{}:{}", a.path, a.start_line) },
                title: a.title.clone(),
                message: a.message.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::local::PostedReview;

    #[test]
    fn each_comment_sits_under_its_line_and_a_suggestion_shows_the_old_code() {
        let file = ChangedFile { path: "a.py".into(), status: "modified".into(), patch: Some("@@ -1,2 +1,3 @@\n x = 1\n-y = 2\n+y = eval(s)\n+z = 4\n".into()), previous_path: None };
        let comment = NewReviewComment { path: "a.py".into(), line: 2, start_line: None, body: "**error** `python-eval-used`\n\n```suggestion\ny = safe(s)\n```".into() };
        let posted = Posted { review: Some(PostedReview { event: "COMMENT".into(), body: String::new(), comments: vec![comment] }), ..Posted::default() };
        let input = PageInput { title: "t", repo: "local/r".into(), base: "b".into(), head: "h".into(), files: std::slice::from_ref(&file), posted: &posted };
        let html = render(&input);
        let line = html.find("y = eval(s)").unwrap();
        let comment = html.find("python-eval-used").unwrap();
        let next = html.find("z = 4").unwrap();
        assert!(line < comment && comment < next, "the comment sits between its line and the next");
        assert!(html.contains("Suggested change"), "{html}");
        assert_eq!(html.matches("<code>y = eval(s)</code>").count(), 1, "the replaced line is shown in the suggestion");
    }
}
