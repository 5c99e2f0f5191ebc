//! The languages techlead ships: one row per language, in one table.
//!
//! Every other part of techlead asks this table, never ast-grep directly, so a
//! language whose grammar we did not compile in can never reach ast-grep (which
//! panics on a grammar whose cargo feature is off).

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use ast_grep_core::Node;
use ast_grep_core::language::Language;
use ast_grep_core::matcher::{Pattern, PatternBuilder, PatternError};
use ast_grep_core::meta_var::MetaVariable;
use ast_grep_core::tree_sitter::{LanguageExt, StrDoc, TSLanguage, TSRange};
use ast_grep_language::SupportLang;

/// One supported language.
pub struct LangSpec {
    /// Canonical lower-case name used in output and config (`python`).
    pub name: &'static str,
    /// The ast-grep grammar.
    pub grammar: SupportLang,
    /// Other names accepted in rule files (`py`, `Python`, ...), matched case-insensitively.
    pub aliases: &'static [&'static str],
    /// File extensions, without the dot.
    pub extensions: &'static [&'static str],
    /// Whole file names (`Rakefile`).
    pub file_names: &'static [&'static str],
    /// Interpreters named on a `#!` line of an extension-less script.
    pub interpreters: &'static [&'static str],
    /// Tokens that open a comment, used to recognise `techlead-ignore`.
    pub comment_starts: &'static [&'static str],
    /// Languages whose grammar also accepts this one's code, so its rules run
    /// there too, compiled again for that grammar: TypeScript rules on TSX
    /// files, which nobody should have to write twice.
    pub rules_also_run_on: &'static [SupportLang],
}

const C_COMMENTS: &[&str] = &["//", "/*"];
const HASH_COMMENTS: &[&str] = &["#"];

/// The table. Adding a language is one row here plus its cargo feature.
pub const LANGUAGES: &[LangSpec] = &[
    LangSpec {
        name: "python",
        grammar: SupportLang::Python,
        aliases: &["py"],
        extensions: &["py", "py3", "pyi", "pyw"],
        file_names: &["SConstruct", "SConscript"],
        interpreters: &["python", "python2", "python3"],
        comment_starts: HASH_COMMENTS,
        rules_also_run_on: &[],
    },
    LangSpec {
        name: "javascript",
        grammar: SupportLang::JavaScript,
        aliases: &["js", "jsx"],
        extensions: &["js", "mjs", "cjs", "jsx"],
        file_names: &[],
        interpreters: &["node", "nodejs"],
        comment_starts: C_COMMENTS,
        rules_also_run_on: &[],
    },
    LangSpec {
        name: "typescript",
        grammar: SupportLang::TypeScript,
        aliases: &["ts"],
        extensions: &["ts", "mts", "cts"],
        file_names: &[],
        interpreters: &["ts-node", "deno", "bun"],
        comment_starts: C_COMMENTS,
        rules_also_run_on: &[SupportLang::Tsx],
    },
    LangSpec { name: "tsx", grammar: SupportLang::Tsx, aliases: &[], extensions: &["tsx"], file_names: &[], interpreters: &[], comment_starts: C_COMMENTS, rules_also_run_on: &[] },
    LangSpec { name: "go", grammar: SupportLang::Go, aliases: &["golang"], extensions: &["go"], file_names: &[], interpreters: &[], comment_starts: C_COMMENTS, rules_also_run_on: &[] },
    LangSpec { name: "java", grammar: SupportLang::Java, aliases: &[], extensions: &["java"], file_names: &[], interpreters: &[], comment_starts: C_COMMENTS, rules_also_run_on: &[] },
    LangSpec { name: "c", grammar: SupportLang::C, aliases: &[], extensions: &["c", "h"], file_names: &[], interpreters: &[], comment_starts: C_COMMENTS, rules_also_run_on: &[] },
    LangSpec {
        name: "cpp",
        grammar: SupportLang::Cpp,
        aliases: &["c++", "cc", "cxx"],
        extensions: &["cc", "cpp", "cxx", "c++", "hpp", "hh", "hxx", "ino"],
        file_names: &[],
        interpreters: &[],
        comment_starts: C_COMMENTS,
        rules_also_run_on: &[],
    },
    LangSpec { name: "csharp", grammar: SupportLang::CSharp, aliases: &["cs", "c#"], extensions: &["cs"], file_names: &[], interpreters: &[], comment_starts: C_COMMENTS, rules_also_run_on: &[] },
    LangSpec {
        name: "ruby",
        grammar: SupportLang::Ruby,
        aliases: &["rb"],
        extensions: &["rb", "rbw", "rake", "gemspec"],
        file_names: &["Rakefile", "Gemfile", "Guardfile", "Vagrantfile"],
        interpreters: &["ruby"],
        comment_starts: HASH_COMMENTS,
        rules_also_run_on: &[],
    },
    LangSpec {
        name: "php",
        grammar: SupportLang::Php,
        aliases: &[],
        extensions: &["php", "phtml"],
        file_names: &[],
        interpreters: &["php"],
        comment_starts: &["//", "#", "/*"],
        rules_also_run_on: &[],
    },
    LangSpec { name: "rust", grammar: SupportLang::Rust, aliases: &["rs"], extensions: &["rs"], file_names: &[], interpreters: &[], comment_starts: C_COMMENTS, rules_also_run_on: &[] },
    LangSpec {
        name: "kotlin",
        grammar: SupportLang::Kotlin,
        aliases: &["kt"],
        extensions: &["kt", "kts", "ktm"],
        file_names: &[],
        interpreters: &[],
        comment_starts: C_COMMENTS,
        rules_also_run_on: &[],
    },
    LangSpec { name: "swift", grammar: SupportLang::Swift, aliases: &[], extensions: &["swift"], file_names: &[], interpreters: &[], comment_starts: C_COMMENTS, rules_also_run_on: &[] },
    LangSpec {
        name: "scala",
        grammar: SupportLang::Scala,
        aliases: &[],
        extensions: &["scala", "sc", "sbt"],
        file_names: &[],
        interpreters: &["scala"],
        comment_starts: C_COMMENTS,
        rules_also_run_on: &[],
    },
    LangSpec {
        name: "bash",
        grammar: SupportLang::Bash,
        aliases: &["sh", "shell", "zsh"],
        extensions: &["sh", "bash", "zsh", "ksh", "bats"],
        file_names: &[".bashrc", ".bash_profile", ".zshrc", ".profile"],
        interpreters: &["sh", "bash", "zsh", "ksh", "dash"],
        comment_starts: HASH_COMMENTS,
        rules_also_run_on: &[],
    },
    LangSpec {
        name: "hcl",
        grammar: SupportLang::Hcl,
        aliases: &["terraform", "tf"],
        extensions: &["tf", "tfvars", "hcl", "nomad"],
        file_names: &[],
        interpreters: &[],
        comment_starts: &["#", "//", "/*"],
        rules_also_run_on: &[],
    },
    LangSpec { name: "yaml", grammar: SupportLang::Yaml, aliases: &["yml"], extensions: &["yml", "yaml"], file_names: &[], interpreters: &[], comment_starts: HASH_COMMENTS, rules_also_run_on: &[] },
    LangSpec { name: "json", grammar: SupportLang::Json, aliases: &[], extensions: &["json"], file_names: &[], interpreters: &[], comment_starts: &[], rules_also_run_on: &[] },
];

/// A language techlead ships. It can only be made from a row of [`LANGUAGES`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Lang(SupportLang);

/// A language name that is not in the table.
#[derive(Debug, thiserror::Error)]
#[error("unknown language `{given}`; {}", self.fix())]
pub struct UnknownLanguage {
    pub given: String,
    nearest: Option<&'static str>,
}

impl UnknownLanguage {
    /// What to write instead.
    pub fn fix(&self) -> String {
        match self.nearest {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("techlead supports: {}", names_list()),
        }
    }
}

impl Lang {
    pub fn all() -> impl Iterator<Item = Lang> {
        LANGUAGES.iter().map(|spec| Lang(spec.grammar))
    }

    pub fn spec(self) -> &'static LangSpec {
        LANGUAGES.iter().find(|spec| spec.grammar == self.0).expect("Lang is only built from the table")
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The languages this one's rules also run on (see [`LangSpec::rules_also_run_on`]).
    pub fn rules_also_run_on(self) -> impl Iterator<Item = Lang> {
        self.spec().rules_also_run_on.iter().map(|&grammar| Lang(grammar))
    }

    /// Looks a name up case-insensitively: canonical names, our aliases, and
    /// the names ast-grep itself uses (`Python`, `TypeScript`), so an existing
    /// ast-grep rule file loads unchanged.
    pub fn from_name(given: &str) -> Result<Lang, UnknownLanguage> {
        for spec in LANGUAGES {
            let ast_grep_name = spec.grammar.to_string();
            let names = [spec.name, ast_grep_name.as_str()];
            if names.iter().chain(spec.aliases).any(|n| n.eq_ignore_ascii_case(given)) {
                return Ok(Lang(spec.grammar));
            }
        }
        let nearest =
            LANGUAGES.iter().map(|spec| (strsim::jaro_winkler(&given.to_lowercase(), spec.name), spec.name)).max_by(|a, b| a.0.total_cmp(&b.0)).filter(|(score, _)| *score > 0.8).map(|(_, name)| name);
        Err(UnknownLanguage { given: given.to_string(), nearest })
    }

    /// Picks the language of a file from its name, and for a file without an
    /// extension from the interpreter on its `#!` line.
    pub fn detect(path: &Path, head: &[u8]) -> Option<Lang> {
        let file_name = path.file_name()?.to_str()?;
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            let ext = ext.to_ascii_lowercase();
            if let Some(spec) = LANGUAGES.iter().find(|s| s.extensions.contains(&ext.as_str())) {
                return Some(Lang(spec.grammar));
            }
        }
        if let Some(spec) = LANGUAGES.iter().find(|s| s.file_names.contains(&file_name)) {
            return Some(Lang(spec.grammar));
        }
        if path.extension().is_none() {
            return Self::from_shebang(head);
        }
        None
    }

    fn from_shebang(head: &[u8]) -> Option<Lang> {
        let first_line = head.strip_prefix(b"#!")?.split(|&b| b == b'\n').next()?;
        let line = std::str::from_utf8(first_line).ok()?;
        let mut words = line.split_whitespace();
        let mut program = words.next()?.rsplit('/').next()?;
        if program == "env" {
            program = words.find(|w| !w.starts_with('-'))?;
        }
        LANGUAGES
            .iter()
            .find(|spec| spec.interpreters.iter().any(|i| program == *i || program.strip_prefix(i).is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))))
            .map(|spec| Lang(spec.grammar))
    }
}

/// The canonical names, comma-separated, for messages.
pub fn names_list() -> String {
    LANGUAGES.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Language for Lang {
    fn kind_to_id(&self, kind: &str) -> u16 {
        self.0.kind_to_id(kind)
    }
    fn field_to_id(&self, field: &str) -> Option<u16> {
        self.0.field_to_id(field)
    }
    fn meta_var_char(&self) -> char {
        self.0.meta_var_char()
    }
    fn expando_char(&self) -> char {
        self.0.expando_char()
    }
    fn extract_meta_var(&self, source: &str) -> Option<MetaVariable> {
        self.0.extract_meta_var(source)
    }
    fn build_pattern(&self, builder: &PatternBuilder) -> Result<Pattern, PatternError> {
        self.0.build_pattern(builder)
    }
    fn pre_process_pattern<'q>(&self, query: &'q str) -> Cow<'q, str> {
        self.0.pre_process_pattern(query)
    }
    fn from_path<P: AsRef<Path>>(path: P) -> Option<Self> {
        Lang::detect(path.as_ref(), b"")
    }
}

impl LanguageExt for Lang {
    fn get_ts_language(&self) -> TSLanguage {
        self.0.get_ts_language()
    }
    fn injectable_languages(&self) -> Option<&'static [&'static str]> {
        None
    }
    fn extract_injections<L: LanguageExt>(&self, _root: Node<StrDoc<L>>) -> Vec<(String, Vec<TSRange>)> {
        Vec::new()
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let given = String::deserialize(deserializer)?;
        Lang::from_name(&given).map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Lang {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Language")
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut names: Vec<String> = Vec::new();
        for spec in LANGUAGES {
            names.push(spec.name.to_string());
            names.push(spec.grammar.to_string());
            names.extend(spec.aliases.iter().map(|a| a.to_string()));
        }
        names.sort();
        names.dedup();
        schemars::json_schema!({
            "description": "The language of the code the rule matches (case-insensitive).",
            "type": "string",
            "enum": names,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn shebang_picks_the_interpreter() {
        let script = PathBuf::from("bin/tool");
        assert_eq!(Lang::detect(&script, b"#!/usr/bin/env python3\nprint(1)"), Lang::from_name("python").ok());
        assert_eq!(Lang::detect(&script, b"#!/bin/bash\necho"), Lang::from_name("bash").ok());
        assert_eq!(Lang::detect(&script, b"#!/usr/bin/env -S node --flag\n"), Lang::from_name("javascript").ok());
        assert_eq!(Lang::detect(&script, b"no shebang"), None);
    }

    #[test]
    fn ast_grep_names_are_accepted() {
        assert_eq!(Lang::from_name("TypeScript").unwrap().name(), "typescript");
        assert_eq!(Lang::from_name("Cpp").unwrap().name(), "cpp");
        let err = Lang::from_name("pyhton").unwrap_err().to_string();
        assert!(err.contains("did you mean `python`"), "{err}");
        let err = Lang::from_name("lua").unwrap_err().to_string();
        assert!(err.contains("techlead supports: python"), "{err}");
    }
}
