//! The walkthrough: the changed files grouped by area with their kinds,
//! lines and owners; a size label; an effort score; and the risks, each with
//! its evidence.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::checks::{ApiChange, Facts};
use super::kinds::{self, FileKind};
use super::settings::ChangeSettings;
use super::{ChangedFile, FileStatus, RepoFacts};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum SizeLabel {
    XS,
    S,
    M,
    L,
    XL,
}

impl SizeLabel {
    pub fn of(lines: u64, t: &super::settings::SizeThresholds) -> SizeLabel {
        match lines {
            n if n <= t.xs => SizeLabel::XS,
            n if n <= t.s => SizeLabel::S,
            n if n <= t.m => SizeLabel::M,
            n if n <= t.l => SizeLabel::L,
            _ => SizeLabel::XL,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SizeLabel::XS => "XS",
            SizeLabel::S => "S",
            SizeLabel::M => "M",
            SizeLabel::L => "L",
            SizeLabel::XL => "XL",
        }
    }

    /// Effort points of the size (see [`effort`]).
    fn points(self) -> u8 {
        self as u8
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Size {
    pub label: SizeLabel,
    /// Lines added plus removed, without generated code and lock files.
    pub counted_lines: u64,
    /// Lines of generated code and lock files, left out of the count.
    pub uncounted_lines: u64,
    /// Files whose diff is unknown (binary, or too large for GitHub to show).
    pub unknown: Vec<String>,
}

/// Effort to review, 1–5, and what it is made of.
#[derive(Clone, Debug, Serialize)]
pub struct Effort {
    pub score: u8,
    pub size_points: u8,
    pub spread_points: u8,
    pub complexity_points: u8,
    pub areas: usize,
    pub languages: usize,
    /// Cognitive complexity the change added (sum of the rises of its functions).
    pub complexity_added: u32,
}

/// Cognitive complexity added at or over which a change earns an effort point.
pub const COMPLEXITY_POINT: u32 = 15;
/// Areas or languages at or over which a change earns an effort point.
pub const SPREAD_POINT: usize = 3;

/// `1 + size (XS 0, S 1, M 2, L 3, XL 4) + spread (1 when 3+ areas or 3+
/// languages) + complexity (1 when the functions gained 15+ cognitive
/// complexity)`, at most 5. Documented with examples in docs/configuration.md.
pub fn effort(size: SizeLabel, areas: usize, languages: usize, complexity_added: u32) -> Effort {
    let size_points = size.points();
    let spread_points = u8::from(areas >= SPREAD_POINT || languages >= SPREAD_POINT);
    let complexity_points = u8::from(complexity_added >= COMPLEXITY_POINT);
    Effort { score: (1 + size_points + spread_points + complexity_points).min(5), size_points, spread_points, complexity_points, areas, languages, complexity_added }
}

#[derive(Clone, Debug, Serialize)]
pub struct FileEntry {
    pub path: String,
    pub status: FileStatus,
    pub kind: FileKind,
    /// `None` when the diff is unknown.
    pub added: Option<u64>,
    pub removed: Option<u64>,
    pub owners: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Area {
    pub name: String,
    pub kinds: Vec<FileKind>,
    pub added: u64,
    pub removed: u64,
    /// Lines that count for the size: without generated code and lock files.
    pub counted: u64,
    pub owners: Vec<String>,
    pub files: Vec<FileEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Risk {
    pub reason: String,
    pub evidence: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Walkthrough {
    pub files: usize,
    pub added: u64,
    pub removed: u64,
    pub size: Size,
    pub effort: Effort,
    pub languages: Vec<String>,
    pub areas: Vec<Area>,
    pub risks: Vec<Risk>,
    /// The `CODEOWNERS` file the owners come from.
    pub codeowners: Option<String>,
}

/// Directories that hold components rather than being one: their children are the areas.
const CONTAINERS: [&str; 12] = ["src", "lib", "app", "apps", "packages", "services", "crates", "cmd", "internal", "pkg", "modules", "components"];

/// A file's area: its top-level directory, or the first two levels under a
/// container directory (`src/web`); files at the root are in `(root)`.
pub fn area_of(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [_] => "(root)".into(),
        [top, _] => top.to_string(),
        [top, sub, ..] if CONTAINERS.contains(top) => format!("{top}/{sub}"),
        [top, ..] => top.to_string(),
        [] => "(root)".into(),
    }
}

/// Word starts in a path that mark security-sensitive code.
const SENSITIVE: [&str; 16] = ["login", "logout", "signin", "session", "passw", "crypt", "encrypt", "decrypt", "cipher", "token", "permission", "oauth", "jwt", "secret", "credential", "privilege"];

fn sensitive(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.split(['/', '.', '_', '-']).any(|word| {
        let auth = word.starts_with("authoriz") || (word.starts_with("auth") && !word.starts_with("author"));
        auth || matches!(word, "acl" | "acls" | "rbac") || SENSITIVE.iter().any(|s| word.starts_with(s))
    })
}

fn listed(paths: &[&str]) -> Vec<String> {
    paths.iter().map(|p| format!("`{p}`")).collect()
}

pub fn build(files: &[ChangedFile], repo: &RepoFacts, settings: &ChangeSettings, facts: &Facts) -> Walkthrough {
    let owners_of = |path: &str| repo.codeowners.as_ref().map(|c| c.owners_of(path).to_vec()).unwrap_or_default();
    let mut areas: BTreeMap<String, Area> = BTreeMap::new();
    let (mut counted, mut uncounted, mut unknown) = (0u64, 0u64, Vec::new());
    let (mut added_total, mut removed_total) = (0u64, 0u64);
    let mut languages = BTreeSet::new();
    for (file, file_facts) in files.iter().zip(&facts.files) {
        let (added, removed) = match file.lines {
            Some((a, r)) => (Some(a), Some(r)),
            None => (None, None),
        };
        let lines = added.unwrap_or(0) + removed.unwrap_or(0);
        if file.lines.is_none() {
            unknown.push(file.path.clone());
        } else if kinds::uncounted(file_facts.kind, &file.path) {
            uncounted += lines;
        } else {
            counted += lines;
        }
        added_total += added.unwrap_or(0);
        removed_total += removed.unwrap_or(0);
        if matches!(file_facts.kind, FileKind::Source | FileKind::Test)
            && let Some(lang) = file_facts.lang
        {
            languages.insert(lang.name().to_string());
        }
        let name = area_of(&file.path);
        let area = areas.entry(name.clone()).or_insert_with(|| Area { name, kinds: Vec::new(), added: 0, removed: 0, counted: 0, owners: Vec::new(), files: Vec::new() });
        area.added += added.unwrap_or(0);
        area.removed += removed.unwrap_or(0);
        if !kinds::uncounted(file_facts.kind, &file.path) {
            area.counted += lines;
        }
        if !area.kinds.contains(&file_facts.kind) {
            area.kinds.push(file_facts.kind);
            area.kinds.sort();
        }
        let owners = owners_of(&file.path);
        for owner in &owners {
            if !area.owners.contains(owner) {
                area.owners.push(owner.clone());
            }
        }
        area.files.push(FileEntry { path: file.path.clone(), status: file.status, kind: file_facts.kind, added, removed, owners });
    }
    let mut areas: Vec<Area> = areas.into_values().collect();
    // The biggest areas first: they are where the review's time goes.
    areas.sort_by(|a, b| b.counted.cmp(&a.counted).then_with(|| a.name.cmp(&b.name)));
    let label = SizeLabel::of(counted, &settings.size);
    let (complexity_added, past_limit) = complexity(files, settings.cognitive_limit);
    let effort = effort(label, areas.len(), languages.len(), complexity_added);
    let size = Size { label, counted_lines: counted, uncounted_lines: uncounted, unknown };
    let risks = risks(files, settings, facts, &size, past_limit);
    Walkthrough {
        files: files.len(),
        added: added_total,
        removed: removed_total,
        size,
        effort,
        languages: languages.into_iter().collect(),
        areas,
        risks,
        codeowners: repo.codeowners.as_ref().map(|c| c.path.clone()),
    }
}

/// The cognitive complexity the change added, and the functions it pushed past the limit.
fn complexity(files: &[ChangedFile], limit: u32) -> (u32, Vec<String>) {
    let mut added = 0;
    let mut past = Vec::new();
    for file in files {
        let Some((before, after)) = &file.metrics else { continue };
        let mut old: HashMap<&str, u32> = HashMap::new();
        for f in before.iter().flat_map(|b| &b.functions) {
            let entry = old.entry(f.name.as_str()).or_insert(0);
            *entry = (*entry).max(f.cognitive);
        }
        let total_before: u32 = before.iter().flat_map(|b| &b.functions).map(|f| f.cognitive).sum();
        let total_after: u32 = after.functions.iter().map(|f| f.cognitive).sum();
        added += total_after.saturating_sub(total_before);
        for f in &after.functions {
            let was = old.get(f.name.as_str()).copied();
            if f.cognitive > limit && was.is_none_or(|w| w < f.cognitive) {
                let was = was.map(|w| format!("{w} → ")).unwrap_or_default();
                past.push(format!("`{}` in `{}:{}` (cognitive complexity {was}{}, limit {limit})", f.name, file.path, f.header_line, f.cognitive));
            }
        }
    }
    (added, past)
}

fn risks(files: &[ChangedFile], settings: &ChangeSettings, facts: &Facts, size: &Size, past_limit: Vec<String>) -> Vec<Risk> {
    let mut risks = Vec::new();
    let mut add = |reason: &str, evidence: Vec<String>| {
        if !evidence.is_empty() {
            risks.push(Risk { reason: reason.to_string(), evidence });
        }
    };
    let paths_where = |keep: &dyn Fn(&ChangedFile, FileKind) -> bool| -> Vec<&str> { files.iter().zip(&facts.files).filter(|(f, facts)| keep(f, facts.kind)).map(|(f, _)| f.path.as_str()).collect() };
    add("database migrations", listed(&paths_where(&|_, kind| kind == FileKind::Migrations)));
    add("CI workflows changed", listed(&paths_where(&|_, kind| kind == FileKind::Ci)));
    add("authentication, cryptography or permission code", listed(&paths_where(&|f, kind| matches!(kind, FileKind::Source | FileKind::Config) && sensitive(&f.path))));
    add("deploy files", listed(&paths_where(&|f, _| kinds::is_deploy_file(&f.path))));
    add("dependency manifests", listed(&paths_where(&|f, _| kinds::is_dependency_file(&f.path))));
    let api: Vec<String> = files
        .iter()
        .zip(&facts.files)
        .flat_map(|(f, facts)| {
            facts.api_changes.iter().map(move |c| match c {
                ApiChange::Removed { name, .. } => format!("`{name}` removed from `{}`", f.base_path()),
                ApiChange::Changed { name, .. } => format!("`{name}` changed its signature in `{}`", f.path),
            })
        })
        .collect();
    add("public API changed", api);
    add("tests deleted", listed(&paths_where(&|f, kind| kind == FileKind::Test && f.status == FileStatus::Removed)));
    add("complexity past the threshold", past_limit);
    if size.label >= SizeLabel::L {
        add("large change", vec![format!("{} changed lines ({})", size.counted_lines, size.label.as_str())]);
    }
    for risky in &settings.risky_paths {
        add(&risky.reason, listed(&files.iter().filter(|f| risky.globs.is_match(&f.path)).map(|f| f.path.as_str()).collect::<Vec<_>>()));
    }
    risks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effort_examples() {
        let score = |size, areas, languages, complexity| effort(size, areas, languages, complexity).score;
        assert_eq!(score(SizeLabel::XS, 1, 1, 0), 1);
        assert_eq!(score(SizeLabel::S, 2, 1, 3), 2);
        assert_eq!(score(SizeLabel::S, 3, 1, 0), 3);
        assert_eq!(score(SizeLabel::M, 1, 1, 20), 4);
        assert_eq!(score(SizeLabel::L, 4, 3, 40), 5);
        assert_eq!(score(SizeLabel::XL, 1, 1, 0), 5);
    }

    #[test]
    fn size_labels_follow_the_thresholds() {
        let t = super::super::settings::SizeThresholds::default();
        let labels: Vec<_> = [0, 10, 11, 100, 101, 500, 1000, 1001].iter().map(|&n| SizeLabel::of(n, &t).as_str()).collect();
        assert_eq!(labels, ["XS", "XS", "S", "S", "M", "M", "L", "XL"]);
    }

    #[test]
    fn areas_are_top_level_directories_or_components() {
        assert_eq!(area_of("README.md"), "(root)");
        assert_eq!(area_of("docs/a.md"), "docs");
        assert_eq!(area_of("src/main.rs"), "src");
        assert_eq!(area_of("src/web/views.py"), "src/web");
        assert_eq!(area_of("tests/unit/a.py"), "tests");
        assert!(sensitive("src/auth/login.py") && sensitive("app/crypto_utils.go") && !sensitive("src/author/books.py"));
    }
}
