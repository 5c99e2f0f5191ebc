//! crates.io (`Cargo.lock`), Go (`go.mod`), RubyGems (`Gemfile.lock`),
//! Packagist (`composer.lock`) and NuGet (`packages.lock.json`).

use std::collections::HashSet;

use serde_json::Value;

use super::{ParseError, json_object_key_lines, str_field, toml_array_headers};
use crate::analysis::deps::files::LockFormat;
use crate::analysis::deps::{Ecosystem, Package};

fn package(ecosystem: Ecosystem, name: &str, version: &str, direct: Option<bool>, line: usize, license: Option<String>) -> Package {
    Package { ecosystem, name: name.to_string(), version: version.to_string(), direct, line, license }
}

/// Registry packages (those with a `source`); the workspace's own crates have
/// none, and their `dependencies` are the direct ones.
pub fn cargo_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| ParseError::new(LockFormat::CargoLock, e.message()))?;
    let headers = toml_array_headers(text, "[[package]]");
    let packages = doc.get("package").and_then(|p| p.as_array()).map(Vec::as_slice).unwrap_or_default();
    let mut direct = HashSet::new();
    for member in packages.iter().filter(|p| p.get("source").is_none()) {
        for dep in member.get("dependencies").and_then(|d| d.as_array()).into_iter().flatten() {
            // `name`, or `name version` / `name version (source)` when several versions are locked.
            let mut words = dep.as_str().unwrap_or("").split(' ');
            let name = words.next().unwrap_or("");
            direct.insert((name.to_string(), words.next().map(str::to_string)));
        }
    }
    let is_direct = |name: &str, version: &str| direct.contains(&(name.to_string(), None)) || direct.contains(&(name.to_string(), Some(version.to_string())));
    Ok(packages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.get("source").and_then(|s| s.as_str()).is_some_and(|s| s.starts_with("registry+") || s.starts_with("sparse+")))
        .filter_map(|(i, p)| {
            let (name, version) = (p.get("name")?.as_str()?, p.get("version")?.as_str()?);
            Some(package(Ecosystem::CratesIo, name, version, Some(is_direct(name, version)), headers.get(i).copied().unwrap_or(1), None))
        })
        .collect())
}

/// `require` lines, single or in a block; `// indirect` marks transitive ones.
pub fn go_mod(text: &str) -> Vec<Package> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let spec = if in_block {
            if line.starts_with(')') {
                in_block = false;
                continue;
            }
            line
        } else if line == "require (" || line.starts_with("require (") {
            in_block = true;
            continue;
        } else if let Some(rest) = line.strip_prefix("require ") {
            rest
        } else {
            continue;
        };
        let (spec, comment) = spec.split_once("//").unwrap_or((spec, ""));
        let mut words = spec.split_whitespace();
        if let (Some(module), Some(version)) = (words.next(), words.next()) {
            let indirect = comment.trim() == "indirect";
            out.push(package(Ecosystem::Go, module.trim_matches('"'), version, Some(!indirect), n + 1, None));
        }
    }
    out
}

/// `GEM` → `specs:` entries (`    name (1.2.3)`); `DEPENDENCIES` names the direct ones.
pub fn gemfile_lock(text: &str) -> Vec<Package> {
    let mut out = Vec::new();
    let mut direct = HashSet::new();
    let mut section = "";
    for (n, line) in text.lines().enumerate() {
        if !line.starts_with(' ') && !line.trim().is_empty() {
            section = line.trim();
            continue;
        }
        match section {
            "GEM" if line.starts_with("    ") && !line.starts_with("     ") => {
                let Some((name, rest)) = line.trim().split_once(" (") else { continue };
                let version = rest.trim_end_matches(')');
                // A platform gem: `nokogiri (1.15.4-x86_64-linux)`.
                let version = version.split_once('-').filter(|(_, platform)| platform.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && platform.contains('-')).map_or(version, |(v, _)| v);
                out.push(package(Ecosystem::RubyGems, name, version, None, n + 1, None));
            }
            "DEPENDENCIES" if line.starts_with("  ") => {
                let name = line.trim().split([' ', '!']).next().unwrap_or("");
                direct.insert(name.to_string());
            }
            _ => {}
        }
    }
    for p in &mut out {
        p.direct = Some(direct.contains(&p.name));
    }
    out
}

/// `packages` and `packages-dev`, each with `name`, `version` and `license`.
pub fn composer_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| ParseError::new(LockFormat::ComposerLock, e))?;
    let mut out = Vec::new();
    let mut from = 0;
    for group in ["packages", "packages-dev"] {
        for entry in doc.get(group).and_then(Value::as_array).into_iter().flatten() {
            let (Some(name), Some(version)) = (str_field(entry, "name"), str_field(entry, "version")) else { continue };
            let needle = format!("\"name\": \"{name}\"");
            let line = match crate::analysis::deps::find_line(text, &needle, from).or_else(|| crate::analysis::deps::find_line(text, &needle, 0)) {
                Some((line, at)) => {
                    from = at;
                    line
                }
                None => 1,
            };
            let licenses: Vec<&str> = entry.get("license").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
            // Several licences in composer mean the user may pick one.
            let license = (!licenses.is_empty()).then(|| if licenses.len() == 1 { licenses[0].to_string() } else { format!("({})", licenses.join(" OR ")) });
            out.push(package(Ecosystem::Packagist, name, version, None, line, license));
        }
    }
    Ok(out)
}

/// `dependencies` per target framework: `{"Pkg": {"type": "Direct", "resolved": "1.0.0"}}`.
pub fn nuget_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| ParseError::new(LockFormat::NugetLock, e))?;
    let lines = json_object_key_lines(text);
    let mut out = Vec::new();
    for framework in doc.get("dependencies").and_then(Value::as_object).into_iter().flat_map(|m| m.values()) {
        for (name, entry) in framework.as_object().into_iter().flatten() {
            let kind = str_field(entry, "type").unwrap_or("");
            let Some(version) = str_field(entry, "resolved") else { continue };
            if kind == "Project" {
                continue;
            }
            let direct = match kind {
                "Direct" => Some(true),
                "Transitive" | "CentralTransitive" => Some(false),
                _ => None,
            };
            out.push(package(Ecosystem::NuGet, name, version, direct, lines.get(name.as_str()).copied().unwrap_or(1), None));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_mod_blocks_and_indirect() {
        let text = "module x\n\ngo 1.21\n\nrequire golang.org/x/net v0.17.0\n\nrequire (\n\tgithub.com/a/b v1.2.3\n\tgithub.com/c/d v0.0.0-20230101000000-abcdefabcdef // indirect\n)\n";
        let got: Vec<_> = go_mod(text).into_iter().map(|p| (p.name, p.version, p.direct, p.line)).collect();
        assert_eq!(got[0], ("golang.org/x/net".into(), "v0.17.0".into(), Some(true), 5));
        assert_eq!(got[2], ("github.com/c/d".into(), "v0.0.0-20230101000000-abcdefabcdef".into(), Some(false), 9));
    }

    #[test]
    fn gem_platform_suffix_is_not_the_version() {
        let text = "GEM\n  remote: https://rubygems.org/\n  specs:\n    nokogiri (1.15.4-x86_64-linux)\n      racc (~> 1.4)\n    rack (2.2.8)\n\nDEPENDENCIES\n  rack (~> 2.2)\n";
        let got: Vec<_> = gemfile_lock(text).into_iter().map(|p| (p.name, p.version, p.direct)).collect();
        assert_eq!(got, vec![("nokogiri".into(), "1.15.4".into(), Some(false)), ("rack".into(), "2.2.8".into(), Some(true))]);
    }
}
