//! The whole analysis of one file, for every language: the built-in rules
//! (syntax and text), the metrics walk and whatever else
//! `Engine::scan_measured` runs, on arbitrary bytes. Input: the first byte
//! picks the language, the rest is the file, decoded as the scan decodes it.
//! Checks: no panic; the same findings with and without metrics (one walk
//! serves both); every position inside the file; fixes apply.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use techlead::analysis::engine::Engine;
use techlead::analysis::language::Lang;
use techlead::analysis::rule_tests::apply_fixes;
use techlead::analysis::rules::RuleSet;
use techlead::config::builtin::builtin_sources;
use techlead::config::compile;

/// The built-in rules and their engine, as `techlead scan` builds them once per run.
fn engine() -> &'static Engine<'static> {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    static ENGINE: OnceLock<Engine<'static>> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(RULES.get_or_init(|| compile(&builtin_sources()).expect("built-in rules compile"))))
}

// The rules compile and the engine is built once, before the first input:
// that takes seconds under the instrumentation, and is no slow input.
fuzz_target!(init: { engine(); }, |data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let langs: Vec<Lang> = Lang::all().collect();
    let lang = langs[usize::from(pick) % langs.len()];
    let path = format!("src/fuzz.{}", lang.spec().extensions.first().copied().unwrap_or("txt"));
    let source = String::from_utf8_lossy(bytes);
    techlead::analysis::file_policy::has_generator_marker(&source);
    let engine = engine();
    let (measured, metrics) = engine.scan_measured(&path, &source, Some(lang), true);
    let (plain, _) = engine.scan_measured(&path, &source, Some(lang), false);
    let ids = |scan: &techlead::analysis::engine::FileScan| scan.findings.iter().map(|f| (f.rule_id.clone(), f.start, f.end)).collect::<Vec<_>>();
    assert_eq!(ids(&measured), ids(&plain), "findings differ with metrics on");
    let lines = source.split('\n').count();
    for f in &measured.findings {
        assert!(f.start <= f.end, "{}: start after end", f.rule_id);
        assert!(f.start.line >= 1 && f.end.line <= lines, "{}: line out of the file ({} lines): {:?}..{:?}", f.rule_id, lines, f.start, f.end);
        assert!(f.start.column >= 1, "{}: column 0", f.rule_id);
    }
    apply_fixes(&source, &measured.findings);
    if let Some(m) = metrics {
        assert!(m.sloc as usize <= lines && m.blank_lines as usize <= lines, "more counted lines than the file has");
    }
});
