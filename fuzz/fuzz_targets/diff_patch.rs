//! Unified-diff parsing: a GitHub `patch` and a multi-file `git diff`. Any
//! text must parse, never panic, and every added line must be a visible one.
#![no_main]

use libfuzzer_sys::fuzz_target;
use techlead::analysis::diff::{parse_git_diff, parse_patch};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let patch = parse_patch(&text);
    assert!(patch.added.is_subset(&patch.visible), "an added line that is not shown");
    if let (Some(&first), Some(&last)) = (patch.visible.first(), patch.visible.last()) {
        patch.shows_range(first, last.min(first.saturating_add(64)));
    }
    for (path, lines) in parse_git_diff(&text) {
        assert!(lines.added.is_subset(&lines.visible), "{path}: an added line that is not shown");
    }
});
