//! The summary's chart as SVG. The summary carries it as a Mermaid
//! `xychart-beta` block (GitHub draws those); a page of our own has no
//! Mermaid (no script, no CDN), so the same block is read back and drawn here.

use std::fmt::Write;

/// A bar-and-line chart: one bar and one line point per label.
#[derive(Debug, PartialEq)]
pub struct XyChart {
    pub title: String,
    pub y_label: String,
    pub y_max: f64,
    pub labels: Vec<String>,
    pub bars: Vec<f64>,
    pub line: Vec<f64>,
}

/// Reads the `xychart-beta` subset the summary writes; `None` for anything else.
pub fn parse(block: &str) -> Option<XyChart> {
    let mut lines = block.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next()? != "xychart-beta" {
        return None;
    }
    let mut chart = XyChart { title: String::new(), y_label: String::new(), y_max: 0.0, labels: Vec::new(), bars: Vec::new(), line: Vec::new() };
    for line in lines {
        if let Some(title) = line.strip_prefix("title ") {
            chart.title = unquote(title);
        } else if let Some(axis) = line.strip_prefix("x-axis ") {
            chart.labels = list(axis)?.into_iter().map(|l| unquote(&l)).collect();
        } else if let Some(axis) = line.strip_prefix("y-axis ") {
            let (label, range) = match axis.rfind('"') {
                Some(end) => (unquote(&axis[..=end]), axis[end + 1..].trim()),
                None => (String::new(), axis),
            };
            chart.y_label = label;
            chart.y_max = range.split("-->").nth(1)?.trim().parse().ok()?;
        } else if let Some(values) = line.strip_prefix("bar ") {
            chart.bars = numbers(values)?;
        } else if let Some(values) = line.strip_prefix("line ") {
            chart.line = numbers(values)?;
        }
    }
    (!chart.labels.is_empty() && chart.bars.len() == chart.labels.len()).then_some(chart)
}

fn unquote(text: &str) -> String {
    text.trim().trim_matches('"').to_string()
}

/// `[a, "b, c", d]` → its items, quotes kept.
fn list(text: &str) -> Option<Vec<String>> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let (mut items, mut current, mut quoted) = (Vec::new(), String::new(), false);
    for c in inner.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            ',' if !quoted => items.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
    }
    if !current.trim().is_empty() {
        items.push(current.trim().to_string());
    }
    Some(items)
}

fn numbers(text: &str) -> Option<Vec<f64>> {
    list(text)?.iter().map(|n| n.parse().ok()).collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 90.0;

/// The chart as an inline SVG document, with a `<title>` for screen readers.
pub fn svg(chart: &XyChart) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y_max = chart.y_max.max(chart.bars.iter().chain(&chart.line).copied().fold(1.0, f64::max));
    let y = |v: f64| TOP + plot_h - v / y_max * plot_h;
    let slot = plot_w / chart.labels.len() as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{t}"><title>{t}</title><text x="{}" y="22" text-anchor="middle" font-size="15" font-weight="600">{t}</text>"#,
        WIDTH / 2.0,
        t = escape(&chart.title)
    );
    // Horizontal grid lines and their values: about five steps.
    let step = (y_max / 5.0).ceil().max(1.0);
    let mut v = 0.0;
    while v <= y_max {
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{yy:.1}" y2="{yy:.1}" stroke="#d0d7de"/><text x="{}" y="{:.1}" text-anchor="end" font-size="11">{v}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            yy = y(v)
        );
        v += step;
    }
    let _ = write!(s, r#"<text transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle" font-size="12">{}</text>"#, TOP + plot_h / 2.0, escape(&chart.y_label));
    for (i, (label, value)) in chart.labels.iter().zip(&chart.bars).enumerate() {
        let x = LEFT + slot * i as f64;
        let bar_w = slot * 0.6;
        let _ = write!(
            s,
            r##"<rect class="bar" x="{:.1}" y="{:.1}" width="{bar_w:.1}" height="{:.1}" fill="#0969da"><title>{}: {value} after</title></rect>"##,
            x + slot * 0.2,
            y(*value),
            TOP + plot_h - y(*value),
            escape(label)
        );
        let _ = write!(
            s,
            r#"<text transform="translate({:.1} {:.1}) rotate(35)" font-size="11" font-family="ui-monospace, monospace">{}</text>"#,
            x + slot / 2.0 - 4.0,
            TOP + plot_h + 14.0,
            escape(label)
        );
    }
    if chart.line.len() == chart.labels.len() {
        let points: Vec<String> = chart.line.iter().enumerate().map(|(i, v)| format!("{:.1},{:.1}", LEFT + slot * (i as f64 + 0.5), y(*v))).collect();
        let _ = write!(s, r##"<polyline class="line" points="{}" fill="none" stroke="#cf222e" stroke-width="2.5"/>"##, points.join(" "));
        for (i, v) in chart.line.iter().enumerate() {
            let _ = write!(s, r##"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="#cf222e"><title>{}: {v} before</title></circle>"##, LEFT + slot * (i as f64 + 0.5), y(*v), escape(&chart.labels[i]));
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summarys_chart_block_is_read_back_and_drawn() {
        let block = "xychart-beta\n    title \"Cognitive complexity: after (bars), before (line)\"\n    x-axis [\"order_total\", \"a, b\"]\n    y-axis \"cognitive complexity\" 0 --> 25\n    bar [24, 1]\n    line [2, 0]\n";
        let chart = parse(block).unwrap();
        assert_eq!(chart.labels, vec!["order_total", "a, b"]);
        assert_eq!((chart.bars.clone(), chart.line.clone(), chart.y_max), (vec![24.0, 1.0], vec![2.0, 0.0], 25.0));
        let svg = svg(&chart);
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
        assert!(svg.contains("order_total: 24 after") && svg.contains("<polyline"), "{svg}");
        assert!(parse("graph TD\n a --> b").is_none());
    }
}
