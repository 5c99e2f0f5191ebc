//! The parse-only floor: how long tree-sitter alone takes to parse every file
//! of a corpus that techlead supports, in process, on one thread. No tool that
//! parses every file can beat it; techlead's prefilter can, by not parsing.
//!
//! `cargo bench --bench parse_floor -- DIR` prints one JSON line.

use std::time::Instant;

use ast_grep_core::tree_sitter::LanguageExt;
use techlead::analysis::language::Lang;

fn main() {
    let dir = std::env::args().skip(1).find(|a| !a.starts_with('-')).unwrap_or_else(|| ".".to_string());
    let mut sources = Vec::new();
    for entry in ignore::WalkBuilder::new(&dir).build().flatten() {
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        if text.len() > 1024 * 1024 {
            continue;
        }
        if let Some(lang) = Lang::detect(path, text.as_bytes()) {
            sources.push((lang, text));
        }
    }
    let bytes: usize = sources.iter().map(|(_, s)| s.len()).sum();
    let started = Instant::now();
    let mut nodes = 0usize;
    for (lang, text) in &sources {
        let root = lang.ast_grep(text);
        nodes += usize::from(root.root().get_inner_node().child_count() > 0);
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{{\"files\": {}, \"bytes\": {}, \"parse_seconds\": {:.4}, \"files_per_s\": {:.0}, \"mb_per_s\": {:.2}, \"non_empty\": {}}}",
        sources.len(),
        bytes,
        seconds,
        sources.len() as f64 / seconds,
        bytes as f64 / 1e6 / seconds,
        nodes
    );
}
