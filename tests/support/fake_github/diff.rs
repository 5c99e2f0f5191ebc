//! A parser for the `patch` of one file in a pull request, used to decide
//! whether a review comment's anchor is shown in the diff (GitHub rejects the
//! whole review with 422 when it is not) and to build `diff_hunk`/`position`.

/// Which version of the file a comment's line number refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The base version: deleted and context lines.
    Left,
    /// The head version: added and context lines.
    Right,
}

impl Side {
    /// Parses GitHub's `side` value; a missing side means `RIGHT`.
    pub fn parse(value: Option<&str>) -> Result<Side, String> {
        match value {
            None | Some("RIGHT") => Ok(Side::Right),
            Some("LEFT") => Ok(Side::Left),
            Some(other) => Err(format!("side must be LEFT or RIGHT, got {other:?}")),
        }
    }
}

/// One line of the patch below the first hunk header.
#[derive(Clone, Debug)]
pub struct PatchLine {
    /// GitHub's `position`: 1 for the line below the first `@@`, counting
    /// every later line including later `@@` headers.
    pub position: u32,
    /// Index of the hunk the line belongs to.
    pub hunk: usize,
    /// Line number in the base version (deleted or context lines).
    pub old: Option<u32>,
    /// Line number in the head version (added or context lines).
    pub new: Option<u32>,
}

/// A parsed patch: its raw lines and where each one sits.
#[derive(Clone, Debug, Default)]
pub struct Patch {
    raw: Vec<String>,
    /// `lines[i]` describes `raw[i + 1]` (the first raw line is the first header).
    lines: Vec<PatchLine>,
    /// Index in `raw` of each hunk's header.
    hunk_starts: Vec<usize>,
}

impl Patch {
    /// Parses a patch as the files endpoint returns it (starting at `@@`).
    pub fn parse(patch: &str) -> Result<Patch, String> {
        let raw: Vec<String> = patch.lines().map(str::to_string).collect();
        let mut out = Patch { raw, ..Patch::default() };
        let (mut old, mut new) = (0u32, 0u32);
        for (i, text) in out.raw.iter().enumerate() {
            if text.starts_with("@@") {
                let (o, n) = parse_header(text)?;
                old = o;
                new = n;
                out.hunk_starts.push(i);
                if i > 0 {
                    out.lines.push(PatchLine { position: i as u32, hunk: out.hunk_starts.len() - 1, old: None, new: None });
                }
                continue;
            }
            if i == 0 {
                return Err(format!("patch does not start with a hunk header: {text:?}"));
            }
            let hunk = out.hunk_starts.len() - 1;
            let (o, n) = match text.as_bytes().first() {
                Some(b'+') => (None, Some(new)),
                Some(b'-') => (Some(old), None),
                Some(b'\\') => (None, None), // "\ No newline at end of file"
                // A context line; some tools strip the lone space of empty ones.
                Some(b' ') | None => (Some(old), Some(new)),
                Some(_) => return Err(format!("unexpected patch line {text:?}")),
            };
            if o.is_some() {
                old += 1;
            }
            if n.is_some() {
                new += 1;
            }
            out.lines.push(PatchLine { position: i as u32, hunk, old: o, new: n });
        }
        Ok(out)
    }

    /// The diff line showing `line` of the given side, if the diff shows it.
    pub fn find(&self, side: Side, line: u32) -> Option<&PatchLine> {
        self.lines.iter().find(|l| match side {
            Side::Right => l.new == Some(line),
            Side::Left => l.old == Some(line),
        })
    }

    /// The diff line at a `position`, if the patch is that long.
    pub fn at_position(&self, position: u32) -> Option<&PatchLine> {
        self.lines.iter().find(|l| l.position == position)
    }

    /// GitHub's `diff_hunk` for a comment on `line`: the hunk's header and its
    /// lines up to and including the commented one.
    pub fn diff_hunk(&self, line: &PatchLine) -> String {
        let start = self.hunk_starts[line.hunk];
        self.raw[start..=line.position as usize].join("\n")
    }

    /// Number of added and deleted lines.
    pub fn counts(&self) -> (u64, u64) {
        let added = self.raw.iter().filter(|l| l.starts_with('+')).count() as u64;
        let deleted = self.raw.iter().filter(|l| l.starts_with('-')).count() as u64;
        (added, deleted)
    }
}

/// Reads the first line numbers of both sides from `@@ -a,b +c,d @@ ...`.
fn parse_header(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("malformed hunk header {text:?}");
    let mut parts = text.split_whitespace().skip(1);
    let old = parts.next().and_then(|p| p.strip_prefix('-')).ok_or_else(bad)?;
    let new = parts.next().and_then(|p| p.strip_prefix('+')).ok_or_else(bad)?;
    let first = |range: &str| range.split(',').next().and_then(|n| n.parse::<u32>().ok());
    Ok((first(old).ok_or_else(bad)?, first(new).ok_or_else(bad)?))
}

/// Builds the `patch` of a file from its two versions with a plain LCS line
/// diff and 3 lines of context, so tests can describe a change by its
/// contents instead of writing hunks by hand. The lines both versions share
/// at the start and the end are set aside first, so a small change to a big
/// file (a lockfile) costs no more than the change itself.
pub fn make_patch(base: &str, head: &str) -> String {
    let a: Vec<&str> = base.lines().collect();
    let b: Vec<&str> = head.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    // lcs[i][j] = LCS length of ma[i..] and mb[j..].
    let mut lcs = vec![vec![0u32; mb.len() + 1]; ma.len() + 1];
    for i in (0..ma.len()).rev() {
        for j in (0..mb.len()).rev() {
            lcs[i][j] = if ma[i] == mb[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    // The edit script: (kind, old index, new index) with kind ' ', '-', '+'.
    let mut ops: Vec<(char, usize, usize)> = (0..prefix).map(|k| (' ', k, k)).collect();
    let (mut i, mut j) = (0, 0);
    while i < ma.len() || j < mb.len() {
        if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
            ops.push((' ', prefix + i, prefix + j));
            i += 1;
            j += 1;
        } else if i < ma.len() && (j == mb.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Deletions first, as `git diff` prints them.
            ops.push(('-', prefix + i, prefix + j));
            i += 1;
        } else {
            ops.push(('+', prefix + i, prefix + j));
            j += 1;
        }
    }
    ops.extend((0..suffix).map(|k| (' ', a.len() - suffix + k, b.len() - suffix + k)));
    const CONTEXT: usize = 3;
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(CONTEXT);
        let mut end = changed[k];
        while k + 1 < changed.len() && changed[k + 1] <= end + 2 * CONTEXT + 1 {
            k += 1;
            end = changed[k];
        }
        let end = (end + CONTEXT).min(ops.len() - 1);
        let hunk = &ops[start..=end];
        let old_len = hunk.iter().filter(|o| o.0 != '+').count();
        let new_len = hunk.iter().filter(|o| o.0 != '-').count();
        let old_start = if old_len == 0 { hunk[0].1 } else { hunk[0].1 + 1 };
        let new_start = if new_len == 0 { hunk[0].2 } else { hunk[0].2 + 1 };
        out.push(format!("@@ -{old_start},{old_len} +{new_start},{new_len} @@"));
        for &(kind, oi, nj) in hunk {
            let text = if kind == '+' { b[nj] } else { a[oi] };
            out.push(format!("{kind}{text}"));
        }
        k += 1;
    }
    out.join("\n")
}
