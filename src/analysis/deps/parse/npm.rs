//! npm's lockfiles: `package-lock.json` (v1–v3), `yarn.lock` (classic and
//! berry), `pnpm-lock.yaml` (v5–v9).

use std::collections::HashSet;

use serde_json::Value;

use super::{ParseError, json_object_key_lines, str_field};
use crate::analysis::deps::files::LockFormat;
use crate::analysis::deps::{Ecosystem, Package};

fn package(name: &str, version: &str, direct: Option<bool>, line: usize, license: Option<String>) -> Package {
    Package { ecosystem: Ecosystem::Npm, name: name.to_string(), version: version.to_string(), direct, line, license }
}

/// `packages` (v2, v3) keyed by install path, or nested `dependencies` (v1).
pub fn package_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let root: Value = serde_json::from_str(text).map_err(|e| ParseError::new(LockFormat::PackageLock, e))?;
    let lines = json_object_key_lines(text);
    let mut out = Vec::new();
    if let Some(packages) = root.get("packages").and_then(Value::as_object) {
        let direct: HashSet<&str> = packages
            .get("")
            .map(|r| {
                ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]
                    .iter()
                    .filter_map(|k| r.get(*k).and_then(Value::as_object))
                    .flat_map(|m| m.keys().map(String::as_str))
                    .collect()
            })
            .unwrap_or_default();
        for (key, entry) in packages {
            // The root project, and links to workspace folders, are not registry packages.
            let Some(installed) = key.rsplit_once("node_modules/").map(|(_, name)| name) else { continue };
            if entry.get("link").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let name = str_field(entry, "name").unwrap_or(installed);
            let Some(version) = str_field(entry, "version") else { continue };
            let top_level = key.strip_prefix("node_modules/") == Some(installed);
            out.push(package(name, version, Some(top_level && direct.contains(installed)), lines.get(key.as_str()).copied().unwrap_or(1), license(entry)));
        }
    } else if let Some(deps) = root.get("dependencies").and_then(Value::as_object) {
        v1_dependencies(deps, &lines, &mut out);
    } else {
        return Err(ParseError::new(LockFormat::PackageLock, "neither `packages` nor `dependencies` is present"));
    }
    Ok(out)
}

fn v1_dependencies(deps: &serde_json::Map<String, Value>, lines: &std::collections::HashMap<&str, usize>, out: &mut Vec<Package>) {
    for (name, entry) in deps {
        if let Some(version) = str_field(entry, "version").filter(|v| !v.starts_with("file:")) {
            // v1 does not say which packages the project declares.
            out.push(package(name, version, None, lines.get(name.as_str()).copied().unwrap_or(1), None));
        }
        if let Some(nested) = entry.get("dependencies").and_then(Value::as_object) {
            v1_dependencies(nested, lines, out);
        }
    }
}

/// `license` as a string, or the old `{type}` object.
fn license(entry: &Value) -> Option<String> {
    match entry.get("license")? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("type").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// The package name of a yarn/pnpm spec `name@range` (`@scope/name@range`).
fn spec_name(spec: &str) -> &str {
    let spec = spec.trim().trim_matches('"');
    match spec[1.min(spec.len())..].find('@') {
        Some(at) => &spec[..at + 1],
        None => spec,
    }
}

/// Entries start at column 0 (`"a@^1", a@^1.1:`); `version "1.2.3"` (classic)
/// or `version: 1.2.3` (berry) follows, indented.
pub fn yarn_lock(text: &str) -> Vec<Package> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize, bool)> = None;
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            let header = line.trim_end_matches(':');
            let first = header.split(", ").next().unwrap_or(header);
            let name = spec_name(first);
            // Berry's own metadata and the project's workspaces are not registry packages.
            let local = header.contains("@workspace:") || header.contains("@link:") || header.contains("@portal:") || header.contains("@file:");
            current = (name != "__metadata" && !name.is_empty()).then(|| (name.to_string(), n + 1, local));
            continue;
        }
        let trimmed = line.trim();
        let version = trimmed.strip_prefix("version ").or_else(|| trimmed.strip_prefix("version: "));
        if let (Some(version), Some((name, header_line, local))) = (version, &current) {
            if !local {
                out.push(package(name, version.trim().trim_matches('"'), None, *header_line, None));
            }
            current = None;
        }
    }
    out
}

/// `packages:` keys (`/name/1.0.0`, `/name@1.0.0(peer)`, `name@1.0.0`); the
/// importers' (or v5's top-level) `dependencies` say which are direct.
pub fn pnpm_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let version_line = text.lines().find(|l| l.starts_with("lockfileVersion:")).ok_or_else(|| ParseError::new(LockFormat::PnpmLock, "no `lockfileVersion`"))?;
    let lockfile_version: f32 = version_line["lockfileVersion:".len()..].trim().trim_matches(['\'', '"']).parse().unwrap_or(9.0);
    let mut direct = HashSet::new();
    let mut out = Vec::new();
    let mut section = "";
    let mut in_dependency_list = false;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indent == 0 {
            section = trimmed.trim_end_matches(':');
            in_dependency_list = matches!(section, "dependencies" | "devDependencies" | "optionalDependencies");
            continue;
        }
        let is_list_header = matches!(trimmed, "dependencies:" | "devDependencies:" | "optionalDependencies:");
        match section {
            "importers" => {
                if indent == 4 {
                    in_dependency_list = is_list_header;
                } else if indent == 6 && in_dependency_list {
                    direct.insert(unquote(trimmed.trim_end_matches(':').split(':').next().unwrap_or("")).to_string());
                }
            }
            "dependencies" | "devDependencies" | "optionalDependencies" if indent == 2 && in_dependency_list => {
                direct.insert(unquote(trimmed.split(':').next().unwrap_or("")).to_string());
            }
            "packages" if indent == 2 && trimmed.ends_with(':') => {
                let key = unquote(trimmed.trim_end_matches(':')).trim_start_matches('/');
                if let Some((name, version)) = pnpm_key(key, lockfile_version) {
                    out.push(package(name, version, None, n + 1, None));
                }
            }
            _ => {}
        }
    }
    for p in &mut out {
        p.direct = Some(direct.contains(&p.name));
    }
    Ok(out)
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches(['\'', '"'])
}

/// `name/1.0.0_peer` (v5) or `name@1.0.0(peer)` (v6+), scoped names included.
fn pnpm_key(key: &str, lockfile_version: f32) -> Option<(&str, &str)> {
    if lockfile_version < 6.0 {
        let (name, version) = key.rsplit_once('/')?;
        return Some((name, version.split('_').next().unwrap_or(version)));
    }
    let at = key[1.min(key.len())..].find('@')? + 1;
    let (name, version) = (&key[..at], &key[at + 1..]);
    let version = version.split('(').next().unwrap_or(version);
    // Tarball and git dependencies have no registry version.
    (!version.contains(':') && !version.is_empty()).then_some((name, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pnpm_keys_of_each_version() {
        assert_eq!(pnpm_key("@babel/core/7.1.0_abc", 5.4), Some(("@babel/core", "7.1.0")));
        assert_eq!(pnpm_key("@babel/core@7.1.0(supports-color@5.5.0)", 6.0), Some(("@babel/core", "7.1.0")));
        assert_eq!(pnpm_key("lodash@4.17.21", 9.0), Some(("lodash", "4.17.21")));
        assert_eq!(spec_name("\"@scope/pkg@npm:^1.0.0\""), "@scope/pkg");
    }
}
