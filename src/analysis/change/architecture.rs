//! Architecture rules: which files may import what. A rule either forbids
//! imports from some files (`files` + `forbid`), or orders layers, each of
//! which may import only the layers after it. Imports are matched by the
//! repository path they resolve to and by the module name as written, so
//! one rule can name both `src/web/**` and `flask`.

use globset::{Glob, GlobMatcher, GlobSet};

use super::imports::ResolvedImport;

/// One entry of `forbid` or `layers`: a glob, or a literal that also
/// matches what lies below it (`src/web` → `src/web/x.py`; `django` → `django.db`).
#[derive(Clone, Debug)]
pub struct Target {
    pub written: String,
    glob: Option<GlobMatcher>,
}

impl Target {
    /// `Err` with the glob's problem when the entry is not a valid glob.
    pub fn new(written: &str) -> Result<Target, String> {
        let has_glob = written.contains(['*', '?', '[', '{']);
        let glob = if has_glob { Some(Glob::new(written).map_err(|e| e.kind().to_string())?.compile_matcher()) } else { None };
        Ok(Target { written: written.trim_end_matches('/').to_string(), glob })
    }

    /// Whether `name` (a path, or a module with `.` separators) is this target or below it.
    pub fn matches(&self, name: &str) -> bool {
        match &self.glob {
            Some(glob) => {
                let stem = self.written.strip_suffix("/**").or_else(|| self.written.strip_suffix(".*")).or_else(|| self.written.strip_suffix("/*"));
                glob.is_match(name) || stem.is_some_and(|s| s == name)
            }
            None => name == self.written || name.strip_prefix(self.written.as_str()).is_some_and(|rest| rest.starts_with(['.', '/'])),
        }
    }
}

/// A compiled architecture rule.
#[derive(Clone, Debug)]
pub enum ArchitectureRule {
    Forbid { name: String, files: GlobSet, forbid: Vec<Target> },
    Layers { name: String, layers: Vec<Target> },
}

/// An import that breaks a rule.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    pub rule: String,
    pub path: String,
    pub line: usize,
    pub module: String,
    pub resolved: Option<String>,
    /// Why, in a sentence.
    pub message: String,
}

/// The module as architecture rules match it: `.` between its parts.
fn normalised(module: &str) -> String {
    module.replace("::", ".").replace('\\', ".")
}

fn layer_of(layers: &[Target], path: &str) -> Option<usize> {
    layers.iter().position(|layer| layer.matches(path))
}

/// The rules an import in `path` breaks.
pub fn violations(rules: &[ArchitectureRule], path: &str, import: &ResolvedImport) -> Vec<Violation> {
    let module = normalised(&import.import.module);
    let shown = match &import.path {
        Some(resolved) => format!("`{}` (`{resolved}`)", import.import.module),
        None => format!("`{}`", import.import.module),
    };
    let mut found = Vec::new();
    for rule in rules {
        match rule {
            ArchitectureRule::Forbid { name, files, forbid } => {
                if !files.is_match(path) {
                    continue;
                }
                let hit = forbid.iter().find(|t| import.path.as_deref().is_some_and(|p| t.matches(p)) || t.matches(&module) || t.matches(&import.import.module));
                if let Some(target) = hit {
                    found.push(Violation {
                        rule: name.clone(),
                        path: path.to_string(),
                        line: import.import.line,
                        module: import.import.module.clone(),
                        resolved: import.path.clone(),
                        message: format!("`{path}` imports {shown}, which the architecture rule \"{name}\" forbids (`{}`)", target.written),
                    });
                }
            }
            ArchitectureRule::Layers { name, layers } => {
                let (Some(from), Some(to)) = (layer_of(layers, path), import.path.as_deref().and_then(|p| layer_of(layers, p))) else { continue };
                if to < from {
                    found.push(Violation {
                        rule: name.clone(),
                        path: path.to_string(),
                        line: import.import.line,
                        module: import.import.module.clone(),
                        resolved: import.path.clone(),
                        message: format!(
                            "`{path}` (layer `{}`) imports {shown} from layer `{}`: in the architecture rule \"{name}\" a layer may import only the layers after it",
                            layers[from].written, layers[to].written
                        ),
                    });
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::imports::Import;
    use super::*;

    fn import(module: &str, resolved: Option<&str>) -> ResolvedImport {
        ResolvedImport { import: Import { module: module.into(), names: vec![], line: 3 }, path: resolved.map(str::to_string) }
    }

    fn rules() -> Vec<ArchitectureRule> {
        let mut files = globset::GlobSetBuilder::new();
        files.add(Glob::new("src/domain/**").unwrap());
        vec![
            ArchitectureRule::Forbid {
                name: "the domain knows no web framework".into(),
                files: files.build().unwrap(),
                forbid: ["src/web/**", "flask", "django.*"].iter().map(|t| Target::new(t).unwrap()).collect(),
            },
            ArchitectureRule::Layers { name: "layers".into(), layers: ["src/web", "src/service", "src/domain"].iter().map(|t| Target::new(t).unwrap()).collect() },
        ]
    }

    #[test]
    fn forbidden_paths_and_modules() {
        let rules = rules();
        let hits = |path: &str, i: ResolvedImport| violations(&rules, path, &i).into_iter().map(|v| v.rule).collect::<Vec<_>>();
        assert_eq!(hits("src/domain/model.py", import("flask", None)), vec!["the domain knows no web framework"]);
        assert_eq!(hits("src/domain/model.py", import("flask.views", None)), vec!["the domain knows no web framework"]);
        assert_eq!(hits("src/domain/model.py", import("django", None)), vec!["the domain knows no web framework"]);
        assert_eq!(hits("src/domain/model.py", import("django.db.models", None)), vec!["the domain knows no web framework"]);
        assert!(hits("src/domain/model.py", import("flasky", None)).is_empty());
        assert!(hits("src/web/app.py", import("flask", None)).is_empty(), "the rule is about src/domain only");
        assert_eq!(hits("src/domain/model.py", import("..web.views", Some("src/web/views.py"))), vec!["the domain knows no web framework", "layers"]);
    }

    #[test]
    fn layers_import_only_the_layers_after_them() {
        let rules = rules();
        let hits = |path: &str, resolved: &str| violations(&rules, path, &import("x", Some(resolved))).len();
        assert_eq!(hits("src/web/app.py", "src/service/orders.py"), 0);
        assert_eq!(hits("src/web/app.py", "src/domain/order.py"), 0);
        assert_eq!(hits("src/service/orders.py", "src/web/app.py"), 1);
        assert_eq!(hits("src/service/orders.py", "src/service/other.py"), 0);
        assert_eq!(hits("lib/other.py", "src/web/app.py"), 0, "files outside the layers are free");
        let v = &violations(&rules, "src/service/orders.py", &import("app.web", Some("src/web/app.py")))[0];
        assert_eq!(
            v.message,
            "`src/service/orders.py` (layer `src/service`) imports `app.web` (`src/web/app.py`) from layer `src/web`: in the architecture rule \"layers\" a layer may import only the layers after it"
        );
    }
}
