//! PyPI: `requirements*.txt` pins, `poetry.lock`, `uv.lock`, `Pipfile.lock`.

use std::collections::HashSet;

use super::{ParseError, json_object_key_lines, str_field, toml_array_headers};
use crate::analysis::deps::files::LockFormat;
use crate::analysis::deps::{Ecosystem, Package};

fn package(name: &str, version: &str, direct: Option<bool>, line: usize) -> Package {
    Package { ecosystem: Ecosystem::PyPI, name: name.to_string(), version: version.to_string(), direct, line, license: None }
}

/// `name[extra]==1.2.3 ; markers  # comment`: only exact pins name a version;
/// ranges, URLs and `-r` includes are left out.
pub fn requirements(text: &str) -> Vec<Package> {
    let mut out = Vec::new();
    let mut continued = false;
    for (n, raw) in text.lines().enumerate() {
        let was_continued = continued;
        continued = raw.trim_end().ends_with('\\');
        if was_continued {
            continue;
        }
        let line = raw.split(" #").next().unwrap_or(raw).trim().trim_end_matches('\\').trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('-') {
            continue;
        }
        let spec = line.split(';').next().unwrap_or(line).trim();
        let Some((name, version)) = spec.split_once("===").or_else(|| spec.split_once("==")) else { continue };
        let name = name.split('[').next().unwrap_or(name).trim();
        let version = version.split([',', ' ']).next().unwrap_or(version).trim();
        if !name.is_empty() && !version.is_empty() && !version.contains('*') {
            out.push(package(name, version, Some(true), n + 1));
        }
    }
    out
}

fn toml_doc(format: LockFormat, text: &str) -> Result<toml::Table, ParseError> {
    text.parse::<toml::Table>().map_err(|e| ParseError::new(format, e.message()))
}

/// `[[package]]` tables with `name` and `version`; poetry.lock does not say
/// which packages the project declares.
pub fn poetry_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc = toml_doc(LockFormat::PoetryLock, text)?;
    let headers = toml_array_headers(text, "[[package]]");
    Ok(packages_of(&doc).iter().enumerate().filter_map(|(i, p)| Some(package(p.get("name")?.as_str()?, p.get("version")?.as_str()?, None, headers.get(i).copied().unwrap_or(1)))).collect())
}

fn packages_of(doc: &toml::Table) -> &[toml::Value] {
    doc.get("package").and_then(toml::Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// `[[package]]` tables; the project itself (an editable or virtual source)
/// is left out and its `dependencies` are the direct ones.
pub fn uv_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc = toml_doc(LockFormat::UvLock, text)?;
    let headers = toml_array_headers(text, "[[package]]");
    let is_project = |p: &toml::Value| p.get("source").and_then(|s| s.as_table()).is_some_and(|s| s.contains_key("editable") || s.contains_key("virtual"));
    let mut direct = HashSet::new();
    for p in packages_of(&doc).iter().filter(|p| is_project(p)) {
        let lists = p.get("dependencies").into_iter().chain(p.get("dev-dependencies").and_then(|d| d.as_table()).into_iter().flat_map(|t| t.values()));
        for list in lists {
            for dep in list.as_array().into_iter().flatten() {
                if let Some(name) = dep.get("name").and_then(|n| n.as_str()) {
                    direct.insert(Ecosystem::PyPI.normalize_name(name));
                }
            }
        }
    }
    Ok(packages_of(&doc)
        .iter()
        .enumerate()
        .filter(|(_, p)| !is_project(p))
        .filter_map(|(i, p)| {
            let name = p.get("name")?.as_str()?;
            let is_direct = direct.contains(&Ecosystem::PyPI.normalize_name(name));
            Some(package(name, p.get("version")?.as_str()?, Some(is_direct), headers.get(i).copied().unwrap_or(1)))
        })
        .collect())
}

/// `default` and `develop` maps of `name: {"version": "==1.2.3"}`, every
/// package of the environment (Pipfile.lock does not mark the declared ones).
pub fn pipfile_lock(text: &str) -> Result<Vec<Package>, ParseError> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| ParseError::new(LockFormat::PipfileLock, e))?;
    let lines = json_object_key_lines(text);
    let mut out = Vec::new();
    for group in ["default", "develop"] {
        for (name, entry) in doc.get(group).and_then(|g| g.as_object()).into_iter().flatten() {
            if let Some(version) = str_field(entry, "version").and_then(|v| v.strip_prefix("==")) {
                out.push(package(name, version, None, lines.get(name.as_str()).copied().unwrap_or(1)));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_keep_exact_pins_only() {
        let text = "# tools\nDjango[argon2]==4.2.1 ; python_version >= '3.8'  # web\nrequests>=2\n-r base.txt\nurllib3==1.26.5 \\\n    --hash=sha256:abc\nidna===3.4\n";
        let got: Vec<_> = requirements(text).into_iter().map(|p| (p.name, p.version, p.line)).collect();
        assert_eq!(got, vec![("Django".into(), "4.2.1".into(), 2), ("urllib3".into(), "1.26.5".into(), 5), ("idna".into(), "3.4".into(), 7)]);
    }
}
