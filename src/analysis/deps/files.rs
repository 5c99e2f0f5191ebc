//! Which files hold dependencies: the one decision the CLI and the review share.

use super::Ecosystem;

/// A file that pins package versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LockFormat {
    /// `package-lock.json` / `npm-shrinkwrap.json`, lockfile versions 1–3.
    PackageLock,
    /// `yarn.lock`, classic (v1) and berry (v2+).
    YarnLock,
    PnpmLock,
    /// `requirements*.txt`: `name==version` pins only.
    Requirements,
    PoetryLock,
    UvLock,
    PipfileLock,
    CargoLock,
    /// `go.mod`: its `require` lines are the versions the build uses.
    GoMod,
    GemfileLock,
    ComposerLock,
    /// `pom.xml`: dependencies with an explicit version.
    PomXml,
    /// Gradle version catalog `libs.versions.toml`.
    GradleCatalog,
    /// NuGet `packages.lock.json`.
    NugetLock,
}

impl LockFormat {
    pub const ALL: [LockFormat; 14] = [
        LockFormat::PackageLock,
        LockFormat::YarnLock,
        LockFormat::PnpmLock,
        LockFormat::Requirements,
        LockFormat::PoetryLock,
        LockFormat::UvLock,
        LockFormat::PipfileLock,
        LockFormat::CargoLock,
        LockFormat::GoMod,
        LockFormat::GemfileLock,
        LockFormat::ComposerLock,
        LockFormat::PomXml,
        LockFormat::GradleCatalog,
        LockFormat::NugetLock,
    ];

    pub fn ecosystem(self) -> Ecosystem {
        match self {
            LockFormat::PackageLock | LockFormat::YarnLock | LockFormat::PnpmLock => Ecosystem::Npm,
            LockFormat::Requirements | LockFormat::PoetryLock | LockFormat::UvLock | LockFormat::PipfileLock => Ecosystem::PyPI,
            LockFormat::CargoLock => Ecosystem::CratesIo,
            LockFormat::GoMod => Ecosystem::Go,
            LockFormat::GemfileLock => Ecosystem::RubyGems,
            LockFormat::ComposerLock => Ecosystem::Packagist,
            LockFormat::PomXml | LockFormat::GradleCatalog => Ecosystem::Maven,
            LockFormat::NugetLock => Ecosystem::NuGet,
        }
    }

    /// A name for tables and messages.
    pub fn name(self) -> &'static str {
        match self {
            LockFormat::PackageLock => "package-lock.json",
            LockFormat::YarnLock => "yarn.lock",
            LockFormat::PnpmLock => "pnpm-lock.yaml",
            LockFormat::Requirements => "requirements.txt",
            LockFormat::PoetryLock => "poetry.lock",
            LockFormat::UvLock => "uv.lock",
            LockFormat::PipfileLock => "Pipfile.lock",
            LockFormat::CargoLock => "Cargo.lock",
            LockFormat::GoMod => "go.mod",
            LockFormat::GemfileLock => "Gemfile.lock",
            LockFormat::ComposerLock => "composer.lock",
            LockFormat::PomXml => "pom.xml",
            LockFormat::GradleCatalog => "libs.versions.toml",
            LockFormat::NugetLock => "packages.lock.json",
        }
    }
}

/// A file that declares dependencies whose resolved versions live in a lockfile beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Manifest {
    PackageJson,
    PyProject,
    Pipfile,
    CargoToml,
    Gemfile,
    ComposerJson,
    /// `go.mod`, whose check file is `go.sum`.
    GoMod,
}

impl Manifest {
    /// The lockfiles that may sit beside the manifest; any one of them changing counts.
    pub fn lockfiles(self) -> &'static [&'static str] {
        match self {
            Manifest::PackageJson => &["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"],
            Manifest::PyProject => &["poetry.lock", "uv.lock", "pdm.lock"],
            Manifest::Pipfile => &["Pipfile.lock"],
            Manifest::CargoToml => &["Cargo.lock"],
            Manifest::Gemfile => &["Gemfile.lock"],
            Manifest::ComposerJson => &["composer.lock"],
            Manifest::GoMod => &["go.sum"],
        }
    }
}

/// What a path is to the dependency review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DependencyFile {
    pub lock: Option<LockFormat>,
    pub manifest: Option<Manifest>,
}

/// Classifies a repository path by its file name; `None` for every other file.
pub fn classify(path: &str) -> Option<DependencyFile> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parent = path.rsplit('/').nth(1).unwrap_or("");
    let lock = match name {
        "package-lock.json" | "npm-shrinkwrap.json" => Some(LockFormat::PackageLock),
        "yarn.lock" => Some(LockFormat::YarnLock),
        "pnpm-lock.yaml" => Some(LockFormat::PnpmLock),
        "poetry.lock" => Some(LockFormat::PoetryLock),
        "uv.lock" => Some(LockFormat::UvLock),
        "Pipfile.lock" => Some(LockFormat::PipfileLock),
        "Cargo.lock" => Some(LockFormat::CargoLock),
        "go.mod" => Some(LockFormat::GoMod),
        "Gemfile.lock" | "gems.locked" => Some(LockFormat::GemfileLock),
        "composer.lock" => Some(LockFormat::ComposerLock),
        "pom.xml" => Some(LockFormat::PomXml),
        "packages.lock.json" => Some(LockFormat::NugetLock),
        _ if name.ends_with(".versions.toml") => Some(LockFormat::GradleCatalog),
        _ if name.ends_with(".txt") && (name.starts_with("requirements") || parent == "requirements") => Some(LockFormat::Requirements),
        _ => None,
    };
    let manifest = match name {
        "package.json" => Some(Manifest::PackageJson),
        "pyproject.toml" => Some(Manifest::PyProject),
        "Pipfile" => Some(Manifest::Pipfile),
        "Cargo.toml" => Some(Manifest::CargoToml),
        "Gemfile" | "gems.rb" => Some(Manifest::Gemfile),
        "composer.json" => Some(Manifest::ComposerJson),
        "go.mod" => Some(Manifest::GoMod),
        _ => None,
    };
    (lock.is_some() || manifest.is_some()).then_some(DependencyFile { lock, manifest })
}

/// The paths of `manifest`'s possible lockfiles, in the manifest's directory.
pub fn sibling_lockfiles(manifest_path: &str, manifest: Manifest) -> Vec<String> {
    let dir = manifest_path.rsplit_once('/').map(|(dir, _)| format!("{dir}/")).unwrap_or_default();
    manifest.lockfiles().iter().map(|name| format!("{dir}{name}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_by_name() {
        assert_eq!(classify("web/package-lock.json").unwrap().lock, Some(LockFormat::PackageLock));
        assert_eq!(classify("requirements-dev.txt").unwrap().lock, Some(LockFormat::Requirements));
        assert_eq!(classify("requirements/base.txt").unwrap().lock, Some(LockFormat::Requirements));
        assert_eq!(classify("gradle/libs.versions.toml").unwrap().lock, Some(LockFormat::GradleCatalog));
        let go = classify("go.mod").unwrap();
        assert_eq!((go.lock, go.manifest), (Some(LockFormat::GoMod), Some(Manifest::GoMod)));
        assert_eq!(classify("src/main.rs"), None);
        assert_eq!(classify("notes.txt"), None);
        assert_eq!(sibling_lockfiles("app/Cargo.toml", Manifest::CargoToml), vec!["app/Cargo.lock".to_string()]);
    }
}
