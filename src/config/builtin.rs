//! The built-in rules under `rules/`, embedded in the binary.

use include_dir::{Dir, include_dir};

use super::compile::RuleSource;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rules");

/// Every `.yml`/`.yaml` file of the built-in rules, named `rules/<path>`.
pub fn builtin_sources() -> Vec<RuleSource> {
    let mut sources = Vec::new();
    collect(&BUILTIN, &mut sources);
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    sources
}

fn collect(dir: &Dir<'static>, out: &mut Vec<RuleSource>) {
    for file in dir.files() {
        let path = file.path();
        if super::is_rule_file(path) {
            out.push(RuleSource { path: format!("rules/{}", path.display()), text: file.contents_utf8().unwrap_or_default().to_string() });
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}
