//! What a manifest declares (name → requirement), to tell whether a pull
//! request changed its dependencies without updating the lockfile.

use std::collections::BTreeMap;

use crate::analysis::deps::files::Manifest;

/// The declared dependencies, `None` when the manifest cannot be read.
pub fn declarations(manifest: Manifest, text: &str) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    match manifest {
        Manifest::PackageJson | Manifest::ComposerJson => {
            let doc: serde_json::Value = serde_json::from_str(text).ok()?;
            let keys: &[&str] = if manifest == Manifest::PackageJson { &["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] } else { &["require", "require-dev"] };
            for key in keys {
                for (name, spec) in doc.get(*key).and_then(|d| d.as_object()).into_iter().flatten() {
                    out.insert(format!("{key}.{name}"), spec.to_string());
                }
            }
        }
        Manifest::CargoToml | Manifest::Pipfile | Manifest::PyProject => {
            let doc: toml::Table = text.parse().ok()?;
            collect_toml(&toml::Value::Table(doc), "", manifest, &mut out);
        }
        Manifest::Gemfile => {
            for line in text.lines().map(str::trim).filter(|l| l.starts_with("gem ") || l.starts_with("gem(")) {
                let name = line[3..].trim_start_matches(['(', ' ']).split([',', ')']).next().unwrap_or("").trim().trim_matches(['"', '\'']);
                out.insert(name.to_string(), line.to_string());
            }
        }
        Manifest::GoMod => {
            for p in super::misc::go_mod(text) {
                out.insert(p.name, p.version);
            }
        }
    }
    Some(out)
}

/// Every table or array under a key that holds dependencies, flattened to `path → value`.
fn collect_toml(value: &toml::Value, path: &str, manifest: Manifest, out: &mut BTreeMap<String, String>) {
    let is_dependency_key = |key: &str| match manifest {
        Manifest::CargoToml => key.ends_with("dependencies"),
        Manifest::Pipfile => key == "packages" || key == "dev-packages",
        _ => key == "dependencies" || key == "optional-dependencies" || key == "dev-dependencies" || key == "dependency-groups",
    };
    let Some(table) = value.as_table() else { return };
    for (key, child) in table {
        let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        if is_dependency_key(key) {
            match child {
                toml::Value::Table(deps) => {
                    for (name, spec) in deps {
                        out.insert(format!("{child_path}.{name}"), spec.to_string());
                    }
                }
                toml::Value::Array(items) => {
                    for item in items {
                        out.insert(format!("{child_path}[{item}]"), item.to_string());
                    }
                }
                _ => {}
            }
        } else if child.is_table() {
            collect_toml(child, &child_path, manifest, out);
        }
    }
}
