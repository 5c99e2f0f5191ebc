//! One config file, parsed and checked on its own, and how files merge.

use globset::Glob;

use super::{RepoConfigFile, json_schema};
use crate::config::error::{RuleFileError, nearest};
use crate::config::yaml_tree::{Pos, YNode, YValue, parse_documents};

/// One config file, parsed and checked on its own: syntax, keys, types and
/// globs, each error at the value's own line and column.
#[derive(Debug, Clone)]
pub struct ConfigDoc {
    /// The repository holding the file when it is not the one reviewed (the
    /// organisation's), as `OWNER/REPO`.
    pub repo: Option<String>,
    /// The file's path, as messages name it.
    pub path: String,
    /// The file alone, every missing key at its default.
    pub file: RepoConfigFile,
    /// Only the keys the file sets, typed: what `extends` merges.
    pub(super) set: serde_json::Value,
    /// Positions; `None` for an empty file.
    pub(super) tree: Option<YNode>,
}

impl ConfigDoc {
    /// Parses and checks one config file. `repo` names the repository when
    /// the file is not in the one reviewed.
    pub fn parse(repo: Option<&str>, path: &str, text: &str) -> Result<ConfigDoc, RuleFileError> {
        let err = |pos, problem: String, fix: &str| RuleFileError::new(path, pos, problem, fix).in_repo(repo);
        let docs = parse_documents(text).map_err(|e| err(e.pos, format!("YAML syntax error: {}", e.message), "fix the YAML syntax (check indentation, quotes and colons)"))?;
        if docs.len() > 1 {
            return Err(err(docs[1].pos, "the config holds more than one YAML document".into(), "keep one document: remove the `---` line and merge the keys"));
        }
        let tree = docs.into_iter().next();
        if let Some(root) = &tree
            && !matches!(root.value, YValue::Map(_))
        {
            return Err(err(root.pos, "the config must be a mapping of keys".into(), "write `key: value` lines, e.g. `rules:` and `review:` (see docs/configuration.md)"));
        }
        let file: RepoConfigFile = match &tree {
            None => RepoConfigFile::default(),
            Some(root) => serde_saphyr::from_str(text).map_err(|e| type_error(root, &e).in_repo(repo).at_path(path))?,
        };
        let set = match &tree {
            None => serde_json::json!({}),
            Some(root) => only_set(serde_json::to_value(&file).expect("the config serializes"), root),
        };
        let doc = ConfigDoc { repo: repo.map(str::to_string), path: path.to_string(), file, set, tree };
        doc.check_globs()?;
        doc.check_pr()?;
        doc.check_architecture()?;
        doc.file.limits.check().map_err(|(problem, fix)| doc.error(doc.pos(&["limits", "file_timeout"]), problem, fix))?;
        doc.file.dependencies.policy().map_err(|(key, problem, fix)| doc.error(doc.pos(&["dependencies", "licenses", key]), problem, fix))?;
        if let Some(extends) = &doc.file.extends
            && extends_target(extends).is_none()
        {
            return Err(doc.error(doc.pos(&["extends"]), format!("`extends: {extends}` is not a repository"), "write `extends: OWNER` (for OWNER/.github) or `extends: OWNER/REPO`"));
        }
        Ok(doc)
    }

    /// An error in this file.
    pub fn error(&self, pos: Pos, problem: impl Into<String>, fix: impl Into<String>) -> RuleFileError {
        RuleFileError::new(&self.path, pos, problem, fix).in_repo(self.repo.as_deref())
    }

    /// Where the value at a key path starts (1:1 when the file does not set it).
    pub fn pos(&self, path: &[&str]) -> Pos {
        self.tree.as_ref().and_then(|t| t.at(path)).map_or(Pos::START, |n| n.pos)
    }

    /// The repository `extends` names, as (owner, name).
    pub fn extends(&self) -> Option<(String, String)> {
        self.file.extends.as_deref().and_then(extends_target)
    }

    fn check_globs(&self) -> Result<(), RuleFileError> {
        let paths = &self.file.paths;
        let mut lists: Vec<(Vec<&str>, &Vec<String>)> =
            vec![(vec!["paths", "include"], &paths.include), (vec!["paths", "exclude"], &paths.exclude), (vec!["paths", "tests"], &paths.tests), (vec!["paths", "vendored"], &paths.vendored)];
        for (id, rule) in &paths.rules {
            lists.push((vec!["paths", "rules", id.as_str(), "include"], &rule.include));
            lists.push((vec!["paths", "rules", id.as_str(), "exclude"], &rule.exclude));
        }
        for (at, globs) in lists {
            for (i, glob) in globs.iter().enumerate() {
                if let Err(e) = Glob::new(glob) {
                    let pos = self.tree.as_ref().and_then(|t| t.at(&at)).and_then(|list| list.items().get(i)).map_or(self.pos(&at), |n| n.pos);
                    return Err(self.error(pos, format!("bad glob `{glob}` in `{}`: {}", at.join("."), e.kind()), "write a glob such as `src/**/*.py`"));
                }
            }
        }
        Ok(())
    }

    /// Where an item of a list at `section` is (its first occurrence).
    pub(super) fn item_pos(&self, section: &[&str], item: &str) -> Option<Pos> {
        let list = self.tree.as_ref()?.at(section)?;
        list.items().iter().find(|n| n.as_str() == Some(item)).map(|n| n.pos)
    }

    /// Where a key of the mapping at `section` is.
    pub(super) fn key_pos(&self, section: &[&str], key: &str) -> Option<Pos> {
        self.tree.as_ref()?.at(section)?.key_pos(key)
    }

    pub(super) fn sets(&self, section: &[&str]) -> bool {
        self.tree.as_ref().and_then(|t| t.at(section)).is_some()
    }
}

impl RuleFileError {
    fn at_path(mut self, path: &str) -> Self {
        self.path = path.to_string();
        self
    }
}

/// Keeps only the keys the file writes: the typed file has every key, at
/// its default where the file says nothing, and a default must not override
/// the organisation's value when merging.
fn only_set(value: serde_json::Value, node: &YNode) -> serde_json::Value {
    match (value, &node.value) {
        (serde_json::Value::Object(map), YValue::Map(_)) => {
            let kept = map.into_iter().filter_map(|(key, value)| node.get(&key).map(|child| (key, only_set(value, child)))).collect();
            serde_json::Value::Object(kept)
        }
        (value, _) => value,
    }
}

/// A type error from serde, at the value's place, naming the key and the fix.
fn type_error(root: &YNode, e: &serde_saphyr::Error) -> RuleFileError {
    let pos = e.location().map_or(Pos::START, |l| Pos { line: l.line() as usize, column: l.column() as usize });
    let message = saphyr_message(e);
    let key = root.path_at(pos);
    let field = key.as_deref().map(|k| format!("`{k}`")).unwrap_or_else(|| "the config".into());
    let (problem, fix) = if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((name, expected)) = rest.split_once('`')
    {
        let valid = expected_list(expected);
        let valid: Vec<&str> = valid.iter().map(String::as_str).collect();
        let fix = match nearest(name, &valid) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("valid keys here are: {}", valid.join(", ")),
        };
        (format!("unknown key `{name}`"), fix)
    } else if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((value, expected)) = rest.split_once('`')
    {
        (format!("`{value}` is not a valid value for {field}"), format!("use one of: {}", expected_list(expected).join(", ")))
    } else if message.starts_with("invalid u") || message.starts_with("invalid i") {
        (format!("{field} must be a whole number, not `{}`", value_at(root, pos)), default_hint(key.as_deref(), "write a whole number"))
    } else if message.starts_with("invalid bool") {
        (format!("{field} must be `true` or `false`, not `{}`", value_at(root, pos)), default_hint(key.as_deref(), "write `true` or `false`"))
    } else if message.contains("expected sequence") {
        (format!("{field} must be a list"), "write a list, e.g. `[a, b]`, or one `- item` per line".to_string())
    } else if message.contains("expected mapping") {
        (format!("{field} must be a mapping of keys"), "write `key: value` lines under it (see docs/configuration.md)".to_string())
    } else if message.contains("expected string") {
        (format!("{field} must be a string"), "write a plain value, e.g. `security`".to_string())
    } else if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let name = rest.split(',').next().unwrap_or(rest);
        (format!("`{name}` is set twice"), "keep one of them".to_string())
    } else {
        (format!("{field}: {message}"), "see docs/configuration.md for what this key takes".to_string())
    };
    RuleFileError::new("", pos, problem, fix)
}

/// serde-saphyr's message without its `error: line L column C: ` prefix.
fn saphyr_message(e: &serde_saphyr::Error) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first.strip_prefix("line ").and_then(|rest| rest.split_once(": ")) {
        Some((_, message)) => message.to_string(),
        None => first.to_string(),
    }
}

/// `one of a, b, c` / ``one of `a`, `b` `` / `` `a` `` → the names.
fn expected_list(expected: &str) -> Vec<String> {
    let list = expected.trim_start_matches([',', ' ']).trim_start_matches("expected ").trim_start_matches("one of ");
    list.split(',').map(|v| v.trim().trim_matches('`').to_string()).filter(|v| !v.is_empty()).collect()
}

fn value_at(root: &YNode, pos: Pos) -> String {
    let mut found = None;
    root.walk(None, &mut |_, node| {
        if node.pos == pos && found.is_none() {
            found = node.as_str().map(str::to_string);
        }
    });
    found.unwrap_or_default()
}

/// `how`, with the key's documented default when the schema has one.
fn default_hint(key: Option<&str>, how: &str) -> String {
    let default = key.and_then(|k| schema_default(&json_schema(), k));
    match default {
        Some(d) => format!("{how} (default: {d})"),
        None => how.to_string(),
    }
}

fn schema_default(schema: &serde_json::Value, key: &str) -> Option<String> {
    let defs = &schema["$defs"];
    let mut node = schema;
    let mut prop = None;
    for part in key.split('.') {
        let resolved = match node.get("$ref").and_then(|r| r.as_str()).and_then(|r| r.strip_prefix("#/$defs/")) {
            Some(name) => &defs[name],
            None => node,
        };
        prop = resolved.get("properties").and_then(|p| p.get(part));
        node = prop?;
    }
    prop?.get("default").map(|d| d.to_string())
}

/// Deep-merges `over` onto `base`: maps merge key by key, anything else in
/// `over` replaces what `base` has. Used for `extends`, where the repository wins.
pub fn merge(base: serde_json::Value, over: serde_json::Value) -> serde_json::Value {
    match (base, over) {
        (serde_json::Value::Object(mut base), serde_json::Value::Object(over)) => {
            for (key, value) in over {
                let merged = match base.remove(&key) {
                    Some(old) => merge(old, value),
                    None => value,
                };
                base.insert(key, merged);
            }
            serde_json::Value::Object(base)
        }
        (_, over) => over,
    }
}

/// The organisation config a file `extends`: `OWNER` means `OWNER/.github`.
/// `None` when the value is not a repository name.
pub fn extends_target(extends: &str) -> Option<(String, String)> {
    let owner_ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let repo_ok = |s: &str| !s.is_empty() && s != "." && s != ".." && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    let extends = extends.trim();
    match extends.split_once('/') {
        Some((owner, repo)) if owner_ok(owner) && repo_ok(repo) => Some((owner.to_string(), repo.to_string())),
        None if owner_ok(extends) => Some((extends.to_string(), ".github".to_string())),
        _ => None,
    }
}
