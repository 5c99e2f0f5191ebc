//! Skips parsing a file that no rule can match.
//!
//! Most rules name a literal that must occur in the file (`eval`, `shell`).
//! One Aho-Corasick pass over the bytes (ASCII case-insensitive) finds which
//! literals occur; a rule whose literals are all absent cannot match, and
//! when no rule of the language remains the file is never parsed.

use aho_corasick::AhoCorasick;

pub struct Prefilter {
    searcher: Option<AhoCorasick>,
    /// For each rule (by index in the language's rule list): the literal ids
    /// of which one must be present, or `None` for "always run".
    needs: Vec<Option<Vec<usize>>>,
    literal_count: usize,
}

impl Prefilter {
    pub fn new<'a>(requirements: impl IntoIterator<Item = Option<&'a [String]>>) -> Prefilter {
        let mut literals: Vec<&str> = Vec::new();
        let mut needs = Vec::new();
        for requirement in requirements {
            needs.push(requirement.map(|lits| {
                lits.iter()
                    .map(|lit| match literals.iter().position(|l| l == lit) {
                        Some(i) => i,
                        None => {
                            literals.push(lit);
                            literals.len() - 1
                        }
                    })
                    .collect()
            }));
        }
        // Case-insensitive: a `(?i)` regex's literals come in lower case (and
        // an `Eval` found for `eval` only costs a parse, never a finding).
        let searcher = (!literals.is_empty()).then(|| AhoCorasick::builder().ascii_case_insensitive(true).build(&literals).expect("literals are plain strings"));
        Prefilter { searcher, needs, literal_count: literals.len() }
    }

    /// The indices of the rules that may match `source`.
    pub fn candidates(&self, source: &str) -> Vec<usize> {
        let mut present = vec![false; self.literal_count];
        if let Some(searcher) = &self.searcher {
            let mut left = self.literal_count;
            for found in searcher.find_overlapping_iter(source) {
                let id = found.pattern().as_usize();
                if !present[id] {
                    present[id] = true;
                    left -= 1;
                    if left == 0 {
                        break;
                    }
                }
            }
        }
        self.needs.iter().enumerate().filter(|(_, need)| need.as_ref().is_none_or(|ids| ids.iter().any(|&i| present[i]))).map(|(i, _)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_without_their_literal_are_skipped() {
        let eval = vec!["eval".to_string()];
        let shell = vec!["shell".to_string(), "system".to_string()];
        let filter = Prefilter::new([Some(eval.as_slice()), Some(shell.as_slice()), None]);
        assert_eq!(filter.candidates("x = eval(y)"), vec![0, 2]);
        assert_eq!(filter.candidates("os.system(c)"), vec![1, 2]);
        assert_eq!(filter.candidates("print(1)"), vec![2]);
        assert_eq!(filter.candidates("OS.SYSTEM(c)"), vec![1, 2], "case-insensitive: a superset is safe");
    }
}
