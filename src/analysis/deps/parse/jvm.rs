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
    let line_of = |node: roxmltree::Node<'_, '_>| doc.text_pos_at(node.range().start).row as usize;
    // Property → (value, line of its element).
    let mut properties: HashMap<String, (String, usize)> = HashMap::new();
    if let Some(props) = root.children().find(|c| c.has_tag_name("properties")) {
        for p in props.children().filter(|c| c.is_element()) {
            properties.insert(p.tag_name().name().to_string(), (p.text().unwrap_or("").trim().to_string(), line_of(p)));
        }
    }
    if let Some(version) = root.children().find(|c| c.has_tag_name("version")) {
        properties.insert("project.version".into(), (version.text().unwrap_or("").trim().to_string(), line_of(version)));
    }
    let mut out = Vec::new();
    for dep in root.descendants().filter(|n| n.has_tag_name("dependency")) {
        // Plugins' own dependencies are build tools, not the project's.
        if dep.ancestors().any(|a| a.has_tag_name("plugin")) {
            continue;
        }
        let (Some(group), Some(artifact), Some(version)) = (child_text(dep, "groupId"), child_text(dep, "artifactId"), child_text(dep, "version")) else { continue };
        // The version's line is where a bump changes it: the property, or the `<version>` element.
        let version_node = dep.children().find(|c| c.has_tag_name("version"));
        let (version, line) = match version.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
            Some(property) => match properties.get(property) {
                Some((value, line)) if !value.contains("${") => (value.as_str(), *line),
                _ => continue,
            },
            None => (version, version_node.map_or_else(|| line_of(dep), line_of)),
        };
        // A range (`[1.0,2.0)`) names no one version.
        if version.starts_with(['[', '(']) {
            continue;
        }
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
    let lines = table_lines(text, "[libraries]");
    let version_lines = table_lines(text, "[versions]");
    let mut out = Vec::new();
    for (alias, entry) in doc.get("libraries").and_then(|l| l.as_table()).into_iter().flatten() {
        let (module, version, version_line) = match entry {
            toml::Value::String(s) => match s.rsplit_once(':') {
                Some((module, version)) if module.contains(':') => (module.to_string(), Some(version.to_string()), None),
                _ => continue,
            },
            toml::Value::Table(t) => {
                let module = match (t.get("module").and_then(|m| m.as_str()), t.get("group").and_then(|g| g.as_str()), t.get("name").and_then(|n| n.as_str())) {
                    (Some(module), _, _) => module.to_string(),
                    (None, Some(group), Some(name)) => format!("{group}:{name}"),
                    _ => continue,
                };
                let (version, line) = match t.get("version") {
                    Some(toml::Value::Table(v)) if v.contains_key("ref") => {
                        let alias = v.get("ref").and_then(|r| r.as_str()).unwrap_or("");
                        (versions.and_then(|all| all.get(alias)).and_then(plain), version_lines.get(alias).copied())
                    }
                    Some(v) => (plain(v), None),
                    None => (None, None),
                };
                (module, version, line)
            }
            _ => continue,
        };
        // Versions from a BOM or a plugin are not in the catalog.
        let Some(version) = version else { continue };
        out.push(Package { ecosystem: Ecosystem::Maven, name: module, version, direct: Some(true), line: version_line.or_else(|| lines.get(alias.as_str()).copied()).unwrap_or(1), license: None });
    }
    out.sort_by_key(|p| p.line);
    Ok(out)
}

/// The line of each `alias = ...` in the table `header` (`[libraries]`, `[versions]`).
fn table_lines<'a>(text: &'a str, header: &str) -> HashMap<&'a str, usize> {
    let mut in_table = false;
    let mut lines = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_table = trimmed == header;
        } else if in_table && let Some((alias, _)) = trimmed.split_once('=') {
            lines.insert(alias.trim().trim_matches('"'), n + 1);
        }
    }
    lines
}
