//! `techlead demo` in a real browser: the page it writes shows each inline
//! comment under the line it is about, the suggestion as a suggested change,
//! the chart as SVG and the check run's annotations.

#[path = "support/browser.rs"]
mod browser;

use assert_cmd::Command;
use browser::Browser;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_page_shows_the_comments_under_their_lines_and_the_chart_as_svg() {
    let out = tempfile::tempdir().unwrap();
    let run = Command::cargo_bin("techlead").unwrap().args(["demo", "--out"]).arg(out.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{stdout}{}", String::from_utf8_lossy(&run.stderr));
    let page = out.path().join("index.html");
    assert!(stdout.contains(&format!("wrote {}", page.display())), "{stdout}");
    assert!(stdout.contains("quality gate failed"), "the demo pull request fails the gate: {stdout}");

    let browser = Browser::start().await;
    browser.goto(&format!("file://{}", page.display())).await;
    // Every comment row sits right under the diff row of its line.
    let rows: Value = browser
        .client
        .execute(
            // The code row above a comment: comments on one line follow each other.
            "const above = c => { let p = c.previousElementSibling; while (p.classList.contains('comment')) p = p.previousElementSibling; return p; };
             return [...document.querySelectorAll('tr.comment')].map(c => ({path: c.closest('.file').dataset.path, line: c.dataset.commentLine, above: above(c).dataset.line, code: above(c).querySelector('.code').textContent, text: c.textContent}))",
            vec![],
        )
        .await
        .unwrap();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 4, "{rows:?}");
    for row in rows {
        assert_eq!(row["line"], row["above"], "a comment is not under its line: {row}");
    }
    let comment_on =
        |path: &str, rule: &str| rows.iter().find(|r| r["path"] == path && r["text"].as_str().unwrap().contains(rule)).unwrap_or_else(|| panic!("no `{rule}` comment in {path}: {rows:?}"));
    assert!(comment_on("notifier/index.js", "hardcoded-password")["code"].as_str().unwrap().contains("SMTP_PASSWORD = \"q7Lr-m2vT9wz\""));
    // The data-flow injection: `request.args` → `query` → `cursor.execute(query)`.
    assert!(comment_on("orders/app.py", "python-sql-injection")["code"].as_str().unwrap().contains("cursor.execute(query)"));
    assert!(comment_on("notifier/index.js", "pr/tests-missing")["text"].as_str().unwrap().contains("no test was added or changed"));
    let debug = comment_on("orders/app.py", "python-flask-debug-true");
    assert!(debug["text"].as_str().unwrap().contains("Suggested change"), "{debug}");
    // The chart is drawn, as SVG, with a bar per function.
    assert!(browser.count("#summary figure.chart svg").await == 1, "no SVG chart in the summary");
    assert!(browser.count("#summary svg rect.bar").await >= 1);
    let drawn: Value = browser.client.execute("const r = document.querySelector('#summary svg').getBoundingClientRect(); return r.width * r.height", vec![]).await.unwrap();
    assert!(drawn.as_f64().unwrap() > 10_000.0, "the chart has no size on the page: {drawn}");
    assert!(browser.text("#summary").await.contains("Quality gate failed"));
    // The check run, with an annotation per finding.
    assert!(browser.count("#check-run ul.annotations li").await >= rows.len());
    assert!(browser.text("#gate").await.contains("quality gate failed"));
    let shot = browser.full_page_screenshot("demo-page").await;
    assert!(std::fs::metadata(shot).unwrap().len() > 10_000);
    browser.close().await;
}
