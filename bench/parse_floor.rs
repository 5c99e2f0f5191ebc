//! The parse-only floor: how long tree-sitter alone takes to parse, in
//! process and on one thread, exactly the files `techlead scan` would scan
//! with the rules of the given languages. No tool that parses every file can
//! beat it; techlead's prefilter can, by not parsing.
//!
//! `cargo bench --bench parse_floor -- [--lang NAME]... [--max-file-size BYTES] DIR`
//! prints one JSON line. The files are chosen as the scan chooses them: the
//! same walk (`.gitignore` respected, hidden files in, `.git` out), the
//! language of a file from its name or `#!` line, and the same skips (binary,
//! over the size limit, minified, generated: `analysis::file_policy`).

use std::time::Instant;

use ast_grep_core::tree_sitter::LanguageExt;
use techlead::analysis::file_policy;
use techlead::analysis::language::Lang;

fn main() {
    let mut langs: Vec<Lang> = Vec::new();
    let mut max_size: usize = 1024 * 1024;
    let mut dir = ".".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--lang" => {
                let name = args.next().unwrap_or_default();
                match Lang::from_name(&name) {
                    Ok(lang) => langs.extend(std::iter::once(lang).chain(lang.rules_also_run_on())),
                    Err(e) => {
                        eprintln!("--lang {name}: {e}");
                        std::process::exit(2);
                    }
                }
            }
            "--max-file-size" => max_size = args.next().and_then(|n| n.parse().ok()).unwrap_or(max_size),
            "--bench" => {}
            other if !other.starts_with('-') => dir = other.to_string(),
            _ => {}
        }
    }
    let mut sources = Vec::new();
    let walker = ignore::WalkBuilder::new(&dir).hidden(false).filter_entry(|e| e.file_name() != ".git").build();
    for entry in walker.flatten() {
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(bytes) = std::fs::read(path) else { continue };
        let Some(lang) = Lang::detect(path, &bytes[..bytes.len().min(8 * 1024)]) else { continue };
        if !langs.is_empty() && !langs.contains(&lang) {
            continue;
        }
        if bytes.len() > max_size {
            continue;
        }
        let Ok(text) = file_policy::admit(&bytes) else { continue };
        sources.push((lang, text));
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
