//! Maven: `pom.xml` dependencies with explicit versions (properties of the
//! same file resolved) and Gradle version catalogs (`libs.versions.toml`).

use std::collections::HashMap;

use super::ParseError;
use crate::analysis::deps::files::LockFormat;
use crate::analysis::deps::{Ecosystem, Package};

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).map(str::trim)
}

/// `<dependency>` elements of the project and of its `dependencyManagement`;
/// a version from a `${property}` of this file is resolved, one from a parent
/// POM cannot be and the dependency is left out.
pub fn pom_xml(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc = roxmltree::Document::parse(text).map_err(|e| ParseError::new(LockFormat::PomXml, e))?;
    let root = doc.root_element();
    let mut properties: HashMap<String, String> = HashMap::new();
    if let Some(props) = root.children().find(|c| c.has_tag_name("properties")) {
        for p in props.children().filter(|c| c.is_element()) {
            properties.insert(p.tag_name().name().to_string(), p.text().unwrap_or("").trim().to_string());
        }
    }
    if let Some(version) = child_text(root, "version") {
        properties.insert("project.version".into(), version.to_string());
    }
    let mut out = Vec::new();
    for dep in root.descendants().filter(|n| n.has_tag_name("dependency")) {
        // Plugins' own dependencies are build tools, not the project's.
        if dep.ancestors().any(|a| a.has_tag_name("plugin")) {
            continue;
        }
        let (Some(group), Some(artifact), Some(version)) = (child_text(dep, "groupId"), child_text(dep, "artifactId"), child_text(dep, "version")) else { continue };
        let version = match version.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
            Some(property) => match properties.get(property) {
                Some(value) if !value.contains("${") => value.as_str(),
                _ => continue,
            },
            None => version,
        };
        // A range (`[1.0,2.0)`) names no one version.
        if version.starts_with(['[', '(']) {
            continue;
        }
        let line = doc.text_pos_at(dep.range().start).row as usize;
        out.push(Package { ecosystem: Ecosystem::Maven, name: format!("{group}:{artifact}"), version: version.to_string(), direct: Some(true), line, license: None });
    }
    Ok(out)
}

/// `[libraries]` entries: `"g:a:1.0"`, `{ module = "g:a", version = "1.0" }`,
/// `{ group, name, version.ref = "alias" }` with `[versions]` resolved.
pub fn version_catalog(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| ParseError::new(LockFormat::GradleCatalog, e.message()))?;
    let versions = doc.get("versions").and_then(|v| v.as_table());
    let plain = |v: &toml::Value| -> Option<String> {
        match v {
            toml::Value::String(s) => Some(s.clone()),
            // Rich versions: `{ strictly = "1.0" }`, `{ require = "1.0" }`, `{ prefer = ... }`.
            toml::Value::Table(t) => ["strictly", "require", "prefer"].iter().find_map(|k| t.get(*k)?.as_str().map(str::to_string)),
            _ => None,
        }
    };
    let lines = library_lines(text);
    let mut out = Vec::new();
    for (alias, entry) in doc.get("libraries").and_then(|l| l.as_table()).into_iter().flatten() {
        let (module, version) = match entry {
            toml::Value::String(s) => match s.rsplit_once(':') {
                Some((module, version)) if module.contains(':') => (module.to_string(), Some(version.to_string())),
                _ => continue,
            },
            toml::Value::Table(t) => {
                let module = match (t.get("module").and_then(|m| m.as_str()), t.get("group").and_then(|g| g.as_str()), t.get("name").and_then(|n| n.as_str())) {
                    (Some(module), _, _) => module.to_string(),
                    (None, Some(group), Some(name)) => format!("{group}:{name}"),
                    _ => continue,
                };
                let version = match t.get("version") {
                    Some(toml::Value::Table(v)) if v.contains_key("ref") => v.get("ref").and_then(|r| r.as_str()).and_then(|r| versions?.get(r)).and_then(plain),
                    Some(v) => plain(v),
                    None => None,
                };
                (module, version)
            }
            _ => continue,
        };
        // Versions from a BOM or a plugin are not in the catalog.
        let Some(version) = version else { continue };
        out.push(Package { ecosystem: Ecosystem::Maven, name: module, version, direct: Some(true), line: lines.get(alias.as_str()).copied().unwrap_or(1), license: None });
    }
    out.sort_by_key(|p| p.line);
    Ok(out)
}

/// The line of each `alias = ...` in `[libraries]`.
fn library_lines(text: &str) -> HashMap<&str, usize> {
    let mut in_libraries = false;
    let mut lines = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_libraries = trimmed == "[libraries]";
        } else if in_libraries && let Some((alias, _)) = trimmed.split_once('=') {
            lines.insert(alias.trim().trim_matches('"'), n + 1);
        }
    }
    lines
}
