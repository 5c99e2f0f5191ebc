//! The review's Markdown as HTML, the way GitHub shows it: tables,
//! `<details>`, the chart (drawn by [`super::chart`]) and ```` ```suggestion ````
//! blocks as suggested changes. The HTML is sanitized as GitHub sanitizes
//! comments, because findings quote the reviewed code.

use std::collections::HashMap;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::chart;

/// Renders `markdown`. `original` is the code a suggestion would replace (the
/// commented lines), shown struck out above it; without it only the new code shows.
pub fn to_html(markdown: &str, original: Option<&str>) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    // Drawn parts (charts, suggestions) are ours and trusted: they are put in
    // after sanitizing, at placeholders the sanitizer keeps as text.
    let nonce = format!("{:016x}", rand::random::<u64>());
    let mut drawn: HashMap<String, String> = HashMap::new();
    let mut events = Vec::new();
    let mut block: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, options) {
        match (&mut block, event) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))) if matches!(lang.as_ref(), "mermaid" | "suggestion") => block = Some((lang.to_string(), String::new())),
            (Some((_, text)), Event::Text(t)) => text.push_str(&t),
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                let (lang, text) = block.take().unwrap_or_default();
                let html = match lang.as_str() {
                    "suggestion" => Some(suggestion(original, &text)),
                    _ => chart::parse(&text).map(|c| format!("<figure class=\"chart\">{}</figure>", chart::svg(&c))),
                };
                match html {
                    Some(html) => {
                        let key = format!("techlead-drawn-{nonce}-{}", drawn.len());
                        events.push(Event::Html(format!("<div>{key}</div>\n").into()));
                        drawn.insert(key, html);
                    }
                    // Not a chart we can draw: show its source, as GitHub does on error.
                    None => {
                        events.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang.into()))));
                        events.push(Event::Text(text.into()));
                        events.push(Event::End(TagEnd::CodeBlock));
                    }
                }
            }
            (Some(_), _) => {}
            (None, event) => events.push(event),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let mut clean = sanitize(&html);
    for (key, part) in drawn {
        clean = clean.replace(&format!("<div>{key}</div>"), &part);
    }
    clean
}

/// GitHub's kind of sanitizing: formatting, tables, links and `<details>`
/// stay; scripts, styles, event handlers and comments go.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default().add_generic_attributes(["align"]).link_rel(Some("noopener noreferrer")).clean(html).to_string()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A suggested change: the commented lines struck out, the suggestion added.
fn suggestion(original: Option<&str>, suggested: &str) -> String {
    let mut rows = String::new();
    for line in original.unwrap_or_default().lines() {
        rows.push_str(&format!("<tr class=\"del\"><td class=\"sign\">-</td><td><code>{}</code></td></tr>", escape(line)));
    }
    for line in suggested.trim_end_matches('\n').lines() {
        rows.push_str(&format!("<tr class=\"add\"><td class=\"sign\">+</td><td><code>{}</code></td></tr>", escape(line)));
    }
    format!("<div class=\"suggestion\"><div class=\"suggestion-title\">Suggested change</div><table>{rows}</table></div>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_details_and_suggestions_render_and_scripts_do_not() {
        let md = "| a | b |\n| --- | ---: |\n| `x` | 1 |\n\n<details><summary>More (1)</summary>\n\n- item <script>alert(1)</script>\n\n</details>\n\n```suggestion\nsafe(x)\n```\n<!-- techlead:finding abc -->";
        let html = to_html(md, Some("eval(x)"));
        assert!(html.contains("<table>") && html.contains("<code>x</code>"), "{html}");
        assert!(html.contains("<details>") && html.contains("<summary>More (1)</summary>"), "{html}");
        assert!(!html.contains("<script") && !html.contains("techlead:finding"), "{html}");
        assert!(html.contains("Suggested change") && html.contains("<code>eval(x)</code>") && html.contains("<code>safe(x)</code>"), "{html}");
    }

    #[test]
    fn the_chart_becomes_svg_and_other_mermaid_stays_source() {
        let md = "```mermaid\nxychart-beta\n    title \"T\"\n    x-axis [\"f\"]\n    y-axis \"c\" 0 --> 3\n    bar [2]\n    line [1]\n```\n\n```mermaid\ngraph TD\n```\n";
        let html = to_html(md, None);
        assert!(html.contains("<svg") && html.contains("<rect class=\"bar\""), "{html}");
        assert!(html.contains("graph TD"), "{html}");
    }
}
