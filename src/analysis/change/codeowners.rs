//! `CODEOWNERS`, read as GitHub reads it: the first file found in
//! `.github/`, the root or `docs/`; gitignore-style patterns; the last
//! pattern that matches a path decides its owners (and a pattern with no
//! owners leaves the path unowned).

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// Where GitHub looks, in order: the first that exists is used.
pub const CODEOWNERS_PATHS: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// A parsed `CODEOWNERS` file.
pub struct CodeOwners {
    /// Where it was read from.
    pub path: String,
    /// Patterns in file order, each with its owners.
    entries: Vec<(Gitignore, Vec<String>)>,
}

impl std::fmt::Debug for CodeOwners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CodeOwners({}, {} patterns)", self.path, self.entries.len())
    }
}

impl CodeOwners {
    /// Parses the file's text. Lines GitHub would reject (a bad pattern) are
    /// left out, as GitHub ignores them too.
    pub fn parse(path: &str, text: &str) -> CodeOwners {
        let mut entries = Vec::new();
        for line in text.lines() {
            let line = line.split(" #").next().unwrap_or(line).trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split_whitespace();
            let Some(pattern) = words.next() else { continue };
            let owners: Vec<String> = words.take_while(|w| !w.starts_with('#')).map(str::to_string).collect();
            let mut builder = GitignoreBuilder::new("");
            if builder.add_line(None, pattern).is_err() {
                continue;
            }
            if let Ok(matcher) = builder.build() {
                entries.push((matcher, owners));
            }
        }
        CodeOwners { path: path.to_string(), entries }
    }

    /// The owners of `path`: those of the last matching pattern; empty when no
    /// pattern matches or the last one names nobody.
    pub fn owners_of(&self, path: &str) -> &[String] {
        for (matcher, owners) in self.entries.iter().rev() {
            if matcher.matched_path_or_any_parents(path, false).is_ignore() {
                return owners;
            }
        }
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str =
        "# Owners\n*       @acme/everyone\n*.js    @acme/frontend\n/docs/  @acme/writers\napps/   @acme/apps # inline comment\n/build/logs/ \n/src/payments/**/*.py @alice @acme/billing\n";

    #[test]
    fn the_last_matching_pattern_wins() {
        let owners = CodeOwners::parse(".github/CODEOWNERS", FILE);
        assert_eq!(owners.owners_of("README.md"), ["@acme/everyone"]);
        assert_eq!(owners.owners_of("web/app.js"), ["@acme/frontend"]);
        assert_eq!(owners.owners_of("docs/guide/intro.md"), ["@acme/writers"]);
        assert_eq!(owners.owners_of("nested/apps/x.py"), ["@acme/apps"], "a pattern without a leading slash matches at any depth");
        assert!(owners.owners_of("build/logs/a.log").is_empty(), "a pattern without owners leaves the path unowned");
        assert_eq!(owners.owners_of("src/payments/stripe/charge.py"), ["@alice", "@acme/billing"]);
    }

    #[test]
    fn no_pattern_means_no_owner() {
        let owners = CodeOwners::parse("CODEOWNERS", "/src/ @team\n");
        assert!(owners.owners_of("lib/a.rs").is_empty());
        assert_eq!(owners.owners_of("src/a.rs"), ["@team"]);
    }
}
