//! Repository config load: parse and check a `.github/techlead.yml`, merge it
//! over an organisation's (after a NUL byte in the input, when there is one)
//! and apply it to a rule set. Any text must give a config or an error that
//! names the file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use techlead::config::repo::{ConfigDoc, RepoConfig};
use techlead::config::{RuleSource, compile};

/// A few built-in rule files: enough ids, tags and languages for selectors
/// to resolve against, cheap to compile afresh for each input.
const RULE_FILES: [&str; 3] = ["python/python-eval-used.yml", "javascript/javascript-eval-used.yml", "text/secret-private-key.yml"];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (own, org) = match text.split_once('\0') {
        Some((own, org)) => (own, Some(org)),
        None => (&*text, None),
    };
    let Ok(own) = ConfigDoc::parse(None, ".github/techlead.yml", own) else { return };
    let org = match org.map(|org| ConfigDoc::parse(Some("acme/.github"), ".github/techlead.yml", org)) {
        Some(Ok(doc)) => Some(doc),
        Some(Err(_)) => return,
        None => None,
    };
    let Ok(config) = RepoConfig::from_docs(own, org) else { return };
    let sources: Vec<RuleSource> = techlead::config::builtin::builtin_sources().into_iter().filter(|s| RULE_FILES.iter().any(|f| s.path.ends_with(f))).collect();
    let mut set = compile(&sources).expect("built-in rules compile");
    if config.apply(&mut set).is_ok() {
        for path in ["src/app.py", "web/app.js", "README.md", "tests/test_x.py"] {
            config.reviews_path(path);
        }
    }
});
