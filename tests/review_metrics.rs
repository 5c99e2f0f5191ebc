//! Metrics in the review: before → after per function, thresholds that fire
//! only on functions the pull request added or made worse, and the gate.

mod support;

use support::app::TestApp;
use support::fake_github::{FakeFile, FakeGitHub, FakePull};
use support::snapshot::assert_snapshot;
use support::webhook::payload;

const HEAD: &str = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
const BASE: &str = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";

/// `route` has nesting 3 at the base; the PR nests it to 5. `legacy` is over the
/// limit already and untouched.
const BEFORE: &str = "def legacy(a, b, c, d, e, f, g):\n    return a\n\n\ndef route(x):\n    if x:\n        for i in x:\n            if i:\n                return i\n    return None\n";
const AFTER: &str = "def legacy(a, b, c, d, e, f, g):\n    return a\n\n\ndef route(x):\n    if x:\n        for i in x:\n            if i:\n                while i:\n                    if i > 2:\n                        return i\n    return None\n";

async fn run(before: &str, after: &str) -> FakeGitHub {
    run_with_config(before, after, None).await
}

/// A review of `app/routes.py`, with `.github/techlead.yml` at the head commit when given.
async fn run_with_config(before: &str, after: &str, config: Option<&str>) -> FakeGitHub {
    let gh = FakeGitHub::start().await;
    gh.add_repo("Codertocat", "Hello-World", 1);
    if let Some(config) = config {
        gh.set_file_content("Codertocat", "Hello-World", HEAD, ".github/techlead.yml", config);
    }
    let files = vec![FakeFile::from_contents("app/routes.py", Some(before), Some(after))];
    gh.add_pull(FakePull { owner: "Codertocat".into(), repo: "Hello-World".into(), number: 2, head_sha: HEAD.into(), base_sha: BASE.into(), draft: false, files });
    let app = TestApp::start(&gh).await;
    app.deliver("pull_request", "m1", &payload("pull_request.opened")).await;
    app.idle().await;
    app.stop().await;
    gh
}

#[tokio::test(flavor = "multi_thread")]
async fn a_function_made_worse_past_a_threshold_fails_the_gate() {
    let gh = run(BEFORE, AFTER).await;
    let run = &gh.check_runs("Codertocat", "Hello-World")[0];
    assert_eq!(run["conclusion"], "failure");
    let summary = gh.issue_comments("Codertocat", "Hello-World", 2)[0]["body"].as_str().unwrap().to_string();
    assert!(
        summary.contains(
            "| ❌ | functions this pull request added or made worse past a metric threshold | `app/routes.py:5` `route` has nesting depth 5 (was 3), over the limit of 4 (`metrics/nesting-depth`) |"
        ),
        "{summary}"
    );
    assert!(!summary.contains("`legacy` has"), "untouched legacy code never fires: {summary}");
    assert!(summary.contains("| `route` `app/routes.py:5` | 4 → 6 ▲ |"), "{summary}");
    assert_snapshot("metrics_gate_failed_summary", &summary);
    // The finding sits on the function's header line, which the PR did not change: summary only.
    assert!(support::rule_comments(&gh, "Codertocat", "Hello-World", 2).is_empty());
    let annotations = run["output"]["annotations"].as_array().unwrap();
    assert!(annotations.iter().any(|a| a["title"] == "metrics/nesting-depth" && a["start_line"] == 5), "{annotations:?}");
    gh.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread")]
async fn with_gate_metrics_off_a_worse_function_is_reported_but_passes() {
    let gh = run_with_config(BEFORE, AFTER, Some("gate:\n  metrics: false\n")).await;
    let run = &gh.check_runs("Codertocat", "Hello-World")[0];
    assert_eq!(run["conclusion"], "success", "{run:#?}");
    let summary = gh.issue_comments("Codertocat", "Hello-World", 2)[0]["body"].as_str().unwrap().to_string();
    assert!(
        summary.contains("| ⚠️ | functions this pull request added or made worse past a metric threshold (reported only: `gate.metrics: false`) | `app/routes.py:5` `route` has nesting depth 5"),
        "{summary}"
    );
    gh.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_function_over_a_threshold_gets_an_inline_comment() {
    let gh = run("", "def many(a, b, c, d, e, f, g, h):\n    return a\n").await;
    let comments = support::rule_comments(&gh, "Codertocat", "Hello-World", 2);
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0]["line"], 1);
    assert!(comments[0]["body"].as_str().unwrap().contains("`many` has 8 parameters, over the limit of 6"));
    assert_snapshot("metrics_threshold_inline_comment", comments[0]["body"].as_str().unwrap());
    assert_eq!(gh.check_runs("Codertocat", "Hello-World")[0]["conclusion"], "failure");
}

#[tokio::test(flavor = "multi_thread")]
async fn untouched_legacy_complexity_passes() {
    let gh = run(BEFORE, &format!("{BEFORE}\n\ndef small():\n    return 1\n")).await;
    assert_eq!(gh.check_runs("Codertocat", "Hello-World")[0]["conclusion"], "success");
    assert!(support::rule_comments(&gh, "Codertocat", "Hello-World", 2).is_empty());
}

/// A property's getter and setter share the name `Config.mode`; the setter is
/// over the nesting limit. The pull request touches neither.
const PROPERTY: &str = "class Config:\n    @property\n    def mode(self):\n        return self._mode\n\n    @mode.setter\n    def mode(self, value):\n        if value:\n            if value > 1:\n                if value > 2:\n                    if value > 3:\n                        if value > 4:\n                            self._mode = value\n\n\ndef other():\n    return 1\n";

#[tokio::test(flavor = "multi_thread")]
async fn same_named_functions_left_alone_are_not_compared_with_each_other() {
    let gh = run(PROPERTY, &PROPERTY.replace("    return 1\n", "    return 2 if x else 1\n")).await;
    assert_eq!(gh.check_runs("Codertocat", "Hello-World")[0]["conclusion"], "success");
    let summary = gh.issue_comments("Codertocat", "Hello-World", 2)[0]["body"].as_str().unwrap().to_string();
    assert!(summary.contains("| `other` `app/routes.py:16` | 1 → 2 ▲ |"), "{summary}");
    assert!(!summary.contains("Config.mode"), "neither getter nor setter changed: {summary}");
    assert!(support::rule_comments(&gh, "Codertocat", "Hello-World", 2).is_empty());
}

fn summary_of(gh: &FakeGitHub) -> String {
    gh.issue_comments("Codertocat", "Hello-World", 2)[0]["body"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_metric_rule_disabled_in_the_repo_config_does_not_fire() {
    // (By tag and by language: the unit tests of `MetricRules`.)
    let gh = run_with_config(BEFORE, AFTER, Some("rules:\n  disable: [metrics/nesting-depth]\n")).await;
    assert_eq!(gh.check_runs("Codertocat", "Hello-World")[0]["conclusion"], "success");
    let summary = summary_of(&gh);
    assert!(!summary.contains("metrics/nesting-depth"), "{summary}");
    // The function table still shows what changed.
    assert!(summary.contains("| `route` `app/routes.py:5` | 4 → 6 ▲ |"), "{summary}");
}

#[tokio::test(flavor = "multi_thread")]
async fn metric_rules_take_the_configured_severity_and_path_globs() {
    let gh = run_with_config(BEFORE, AFTER, Some("rules:\n  severity:\n    metrics/nesting-depth: error\n")).await;
    let annotations = gh.check_runs("Codertocat", "Hello-World")[0]["output"]["annotations"].clone();
    let nesting = annotations.as_array().unwrap().iter().find(|a| a["title"] == "metrics/nesting-depth").cloned().expect("annotation");
    assert_eq!(nesting["annotation_level"], "failure", "{nesting}");

    let gh = run_with_config(BEFORE, AFTER, Some("paths:\n  rules:\n    metrics/nesting-depth:\n      exclude: ['app/**']\n")).await;
    let summary = summary_of(&gh);
    assert!(!summary.contains("`metrics/nesting-depth`"), "{summary}");
    assert_eq!(gh.check_runs("Codertocat", "Hello-World")[0]["conclusion"], "success", "{summary}");
}

/// `route` loses a level of nesting; `small` is new and under every limit.
const BETTER: &str = "def legacy(a, b, c, d, e, f, g):\n    return a\n\n\ndef route(x):\n    for i in x or []:\n        if i:\n            return i\n    return None\n\n\ndef small():\n    return 1 if ready() else 0\n";

#[tokio::test(flavor = "multi_thread")]
async fn a_function_made_better_and_a_small_new_one_pass_the_gate() {
    let gh = run(BEFORE, BETTER).await;
    assert_eq!(gh.check_runs("Codertocat", "Hello-World")[0]["conclusion"], "success");
    let summary = summary_of(&gh);
    assert!(summary.contains("| `route` `app/routes.py:5` | 4 | 6 → 4 ▼ | 6 → 5 ▼ | 3 → 2 ▼ | 1 |"), "{summary}");
    assert!(summary.contains("| `small` (new) `app/routes.py:12` | 2 | 1 | 2 | 1 | 0 |"), "{summary}");
    assert_snapshot("metrics_gate_passed_summary", &summary);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_metrics_tag_turns_every_metric_rule_off() {
    let gh = run_with_config(BEFORE, AFTER, Some("rules:\n  disable: [metrics]\n")).await;
    assert_eq!(gh.check_runs("Codertocat", "Hello-World")[0]["conclusion"], "success");
    assert!(!summary_of(&gh).contains("over the limit"), "{}", summary_of(&gh));
}
