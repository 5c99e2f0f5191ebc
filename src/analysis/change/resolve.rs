//! Imports to repository paths. Relative imports resolve against the
//! importing file; absolute ones against the repository's files, also below
//! a source root (`src/`, `src/main/java/`, `lib/`), found by path suffix.
//! What resolves to nothing in the repository (a package, the standard
//! library) stays a module name, which architecture rules can still name.

use std::collections::{BTreeSet, HashMap};

use super::imports::Import;

/// The repository's files, indexed for resolution.
#[derive(Debug, Default)]
pub struct RepoIndex {
    files: BTreeSet<String>,
    /// A directory → its first file (sorted), which stands for the directory.
    dirs: HashMap<String, String>,
    /// A path's trailing components (`web/views.py`) → the shortest full path ending so.
    file_suffixes: HashMap<String, String>,
    dir_suffixes: HashMap<String, String>,
}

impl RepoIndex {
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> RepoIndex {
        let files: BTreeSet<String> = paths.into_iter().map(|p| p.trim_start_matches("./").to_string()).collect();
        let mut index = RepoIndex::default();
        let keep_shortest = |map: &mut HashMap<String, String>, key: String, value: &str| {
            let entry = map.entry(key).or_insert_with(|| value.to_string());
            if value.len() < entry.len() {
                *entry = value.to_string();
            }
        };
        for file in &files {
            let parts: Vec<&str> = file.split('/').collect();
            for start in 0..parts.len() {
                keep_shortest(&mut index.file_suffixes, parts[start..].join("/"), file);
            }
            for end in 1..parts.len() {
                let dir = parts[..end].join("/");
                index.dirs.entry(dir.clone()).or_insert_with(|| file.clone());
                for start in 0..end {
                    keep_shortest(&mut index.dir_suffixes, parts[start..end].join("/"), &dir);
                }
            }
        }
        index.files = files;
        index
    }

    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }

    /// The first existing file among `candidates`, or a directory's stand-in file.
    fn first(&self, candidates: &[String]) -> Option<String> {
        candidates.iter().find(|c| self.files.contains(*c)).cloned().or_else(|| candidates.iter().find_map(|c| self.dirs.get(c.trim_end_matches('/')).cloned()))
    }

    /// A file or directory found by its trailing components, at least `min_parts` of them.
    fn by_suffix(&self, candidates: &[String], min_parts: usize) -> Option<String> {
        let long_enough = |c: &&String| c.split('/').count() >= min_parts;
        candidates
            .iter()
            .filter(long_enough)
            .find_map(|c| self.file_suffixes.get(c).cloned())
            .or_else(|| candidates.iter().filter(long_enough).find_map(|c| self.dir_suffixes.get(c.trim_end_matches('/')).and_then(|dir| self.dirs.get(dir)).cloned()))
    }
}

/// How one language's module names map to paths.
#[derive(Clone, Copy, Debug)]
pub enum Resolver {
    Python,
    JavaScript,
    /// Java and Kotlin: `com.acme.web.Controller` → `…/com/acme/web/Controller.java`.
    Dotted {
        extensions: &'static [&'static str],
    },
    GoPackage,
    Rust,
    /// C#: namespaces name directories by convention only.
    Namespace,
    Php,
    Ruby,
}

/// The directory part of a path (`""` at the root).
fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `base` joined with a relative path, `.` and `..` folded; `None` above the root.
pub fn join(base: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

fn with_extensions(stem: &str, extensions: &[&str]) -> Vec<String> {
    extensions.iter().map(|ext| format!("{stem}.{ext}")).collect()
}

impl Resolver {
    /// The repository path `import` (in the file `from`) refers to, if it is in the repository.
    pub fn resolve(self, import: &Import, from: &str, index: &RepoIndex) -> Option<String> {
        let module = import.module.as_str();
        match self {
            Resolver::Python => python(import, from, index),
            Resolver::JavaScript => {
                const EXTENSIONS: [&str; 8] = ["ts", "tsx", "d.ts", "js", "jsx", "mjs", "cjs", "vue"];
                let target = if module.starts_with('.') { join(dir_of(from), module)? } else { module.to_string() };
                let mut candidates = vec![target.clone()];
                candidates.extend(with_extensions(&target, &EXTENSIONS));
                candidates.extend(with_extensions(&format!("{target}/index"), &EXTENSIONS));
                if module.starts_with('.') {
                    return index.first(&candidates);
                }
                // `@/x` and `~/x` are the usual aliases of `src/`.
                let aliased = module.strip_prefix("@/").or_else(|| module.strip_prefix("~/")).map(|rest| format!("src/{rest}"));
                let aliased: Vec<String> = aliased.map(|a| std::iter::once(a.clone()).chain(with_extensions(&a, &EXTENSIONS)).collect()).unwrap_or_default();
                index.first(&aliased).or_else(|| index.first(&candidates).filter(|_| module.contains('/')))
            }
            Resolver::Dotted { extensions } => {
                let wildcard = module.strip_suffix(".*");
                let path = wildcard.unwrap_or(module).replace('.', "/");
                let mut candidates = if wildcard.is_some() { vec![path.clone()] } else { with_extensions(&path, extensions) };
                // `import static a.B.member` and nested classes: the enclosing file.
                if let Some((outer, _)) = path.rsplit_once('/') {
                    candidates.extend(with_extensions(outer, extensions));
                    candidates.push(path.clone());
                }
                index.first(&candidates).or_else(|| index.by_suffix(&candidates, 2))
            }
            Resolver::GoPackage => {
                let parts: Vec<&str> = module.split('/').collect();
                let candidates: Vec<String> = (0..parts.len()).map(|start| parts[start..].join("/")).collect();
                index.first(&candidates[..1]).or_else(|| index.by_suffix(&candidates, 2))
            }
            Resolver::Rust => rust(module, from, index),
            Resolver::Namespace => {
                let parts: Vec<&str> = module.split('.').collect();
                let candidates: Vec<String> = (0..parts.len()).map(|start| parts[start..].join("/")).collect();
                index.by_suffix(&candidates, 2)
            }
            Resolver::Php => {
                if module.ends_with(".php") || module.starts_with('.') || module.contains('/') {
                    let relative = join(dir_of(from), module.trim_start_matches('.'))?;
                    return index.first(&[relative, module.trim_start_matches("./").to_string()]);
                }
                let parts: Vec<&str> = module.split('\\').filter(|p| !p.is_empty()).collect();
                let candidates: Vec<String> = (0..parts.len()).map(|start| format!("{}.php", parts[start..].join("/"))).collect();
                index.by_suffix(&candidates, 2)
            }
            Resolver::Ruby => {
                if module.starts_with('.') {
                    let target = join(dir_of(from), module)?;
                    return index.first(&[format!("{target}.rb"), target]);
                }
                let stem = module.trim_end_matches(".rb");
                index.first(&[format!("lib/{stem}.rb"), format!("{stem}.rb"), format!("app/{stem}.rb")]).or_else(|| index.by_suffix(&[format!("{stem}.rb")], 2))
            }
        }
    }
}

fn python(import: &Import, from: &str, index: &RepoIndex) -> Option<String> {
    let module = import.module.as_str();
    let dots = module.chars().take_while(|&c| c == '.').count();
    let rest = module[dots..].replace('.', "/");
    let base = if dots > 0 {
        let mut dir = dir_of(from).to_string();
        for _ in 1..dots {
            dir = join(&dir, "..")?;
        }
        Some(dir)
    } else {
        None
    };
    let stems = |module_path: &str| vec![format!("{module_path}.py"), format!("{module_path}.pyi"), format!("{module_path}/__init__.py"), module_path.to_string()];
    // A name imported from a package may be a module of its own: try it first.
    let mut targets: Vec<String> = import.names.iter().map(|name| if rest.is_empty() { name.clone() } else { format!("{rest}/{name}") }).collect();
    targets.push(rest.clone());
    for target in targets.iter().filter(|t| !t.is_empty() || base.is_some()) {
        let candidates = match &base {
            Some(base) => stems(&join(base, target)?),
            None => stems(target),
        };
        let found = match &base {
            Some(_) => index.first(&candidates),
            None => index.first(&candidates).or_else(|| index.by_suffix(&candidates, 2)).or_else(|| index.first(&stems(&format!("src/{target}")))),
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The directory whose files are the children of the module in `file`
/// (`src/a.rs` → `src/a`; `src/a/mod.rs`, `src/lib.rs` → their directory).
fn rust_module_dir(file: &str) -> String {
    let dir = dir_of(file);
    let name = super::kinds::file_name(file);
    match name {
        "mod.rs" | "lib.rs" | "main.rs" => dir.to_string(),
        _ if dir_of(file).ends_with("/bin") || dir == "src/bin" => dir.to_string(),
        _ => format!("{}/{}", dir, name.trim_end_matches(".rs")).trim_start_matches('/').to_string(),
    }
}

fn rust(module: &str, from: &str, index: &RepoIndex) -> Option<String> {
    let mut segments: Vec<&str> = module.split("::").collect();
    let mut dir = match segments.first().copied() {
        Some("crate") => {
            // The crate root: the nearest `src` directory above the file.
            let mut parts: Vec<&str> = from.split('/').collect();
            parts.pop();
            let at = parts.iter().rposition(|p| *p == "src")?;
            parts[..=at].join("/")
        }
        Some("self") => rust_module_dir(from),
        Some("super") => {
            let mut dir = rust_module_dir(from);
            while segments.first() == Some(&"super") {
                dir = join(&dir, "..")?;
                segments.remove(0);
            }
            segments.insert(0, "super");
            dir
        }
        _ => return None,
    };
    segments.remove(0);
    // The longest prefix of the path that is a module file: `a::b::Item` → `a/b.rs`.
    let mut found = None;
    for segment in segments {
        let next = join(&dir, segment)?;
        match index.first(&[format!("{next}.rs"), format!("{next}/mod.rs")]) {
            Some(file) => {
                found = Some(file);
                dir = next;
            }
            None => break,
        }
    }
    found.or_else(|| index.first(&[format!("{dir}/mod.rs"), format!("{dir}/lib.rs"), format!("{dir}.rs")]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(module: &str, names: &[&str]) -> Import {
        Import { module: module.to_string(), names: names.iter().map(|n| n.to_string()).collect(), line: 1 }
    }

    fn index() -> RepoIndex {
        RepoIndex::new([
            "src/app/web/views.py",
            "src/app/web/__init__.py",
            "src/app/domain/model.py",
            "web/src/api/client.ts",
            "web/src/api/index.ts",
            "web/src/ui/button.tsx",
            "src/main/java/com/acme/web/Controller.java",
            "internal/web/server.go",
            "src/lib.rs",
            "src/web/mod.rs",
            "src/web/routes.rs",
            "src/domain.rs",
            "src/App/Web/Controller.php",
            "lib/acme/util.rb",
            "lib/acme/helpers/x.rb",
        ])
    }

    #[test]
    fn relative_and_local_imports_resolve_to_files() {
        let index = index();
        let at = |resolver: Resolver, module: &str, names: &[&str], from: &str| resolver.resolve(&import(module, names), from, &index);
        assert_eq!(at(Resolver::Python, "app.web", &["views"], "src/app/domain/model.py").as_deref(), Some("src/app/web/views.py"));
        assert_eq!(at(Resolver::Python, "..web", &[], "src/app/domain/model.py").as_deref(), Some("src/app/web/__init__.py"));
        assert_eq!(at(Resolver::Python, ".", &["model"], "src/app/domain/other.py").as_deref(), Some("src/app/domain/model.py"));
        assert_eq!(at(Resolver::Python, "flask", &["Flask"], "src/app/domain/model.py"), None);
        assert_eq!(at(Resolver::JavaScript, "../api/client", &[], "web/src/ui/button.tsx").as_deref(), Some("web/src/api/client.ts"));
        assert_eq!(at(Resolver::JavaScript, "../api", &[], "web/src/ui/button.tsx").as_deref(), Some("web/src/api/index.ts"));
        assert_eq!(at(Resolver::JavaScript, "react", &[], "web/src/ui/button.tsx"), None);
        assert_eq!(at(Resolver::Dotted { extensions: &["java"] }, "com.acme.web.Controller", &[], "x.java").as_deref(), Some("src/main/java/com/acme/web/Controller.java"));
        assert_eq!(at(Resolver::Dotted { extensions: &["java"] }, "com.acme.web.*", &[], "x.java").as_deref(), Some("src/main/java/com/acme/web/Controller.java"));
        assert_eq!(at(Resolver::GoPackage, "github.com/acme/app/internal/web", &[], "cmd/main.go").as_deref(), Some("internal/web/server.go"));
        assert_eq!(at(Resolver::GoPackage, "fmt", &[], "cmd/main.go"), None);
        assert_eq!(at(Resolver::Rust, "crate::web::routes::Router", &[], "src/domain.rs").as_deref(), Some("src/web/routes.rs"));
        assert_eq!(at(Resolver::Rust, "super::web", &[], "src/domain.rs").as_deref(), Some("src/web/mod.rs"));
        assert_eq!(at(Resolver::Rust, "std::io", &[], "src/domain.rs"), None);
        assert_eq!(at(Resolver::Php, "App\\Web\\Controller", &[], "src/x.php").as_deref(), Some("src/App/Web/Controller.php"));
        assert_eq!(at(Resolver::Ruby, "acme/util", &[], "app/x.rb").as_deref(), Some("lib/acme/util.rb"));
        assert_eq!(at(Resolver::Ruby, "./helpers/x", &[], "lib/acme/util.rb").as_deref(), Some("lib/acme/helpers/x.rb"));
    }

    #[test]
    fn joins_fold_dots_and_stop_at_the_root() {
        assert_eq!(join("a/b", "../c/./d").as_deref(), Some("a/c/d"));
        assert_eq!(join("", ".."), None);
    }
}
