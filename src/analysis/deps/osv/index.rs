//! The advisories on disk, indexed by (ecosystem, package) once per process
//! and reloaded only when the directory changes.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rayon::prelude::*;

use super::{Advisory, Hit};
use crate::analysis::deps::{Ecosystem, Package};

/// The advisories directory cannot be used; the message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("advisories directory {0} does not exist; create it with `techlead advisories sync {0}` (OSV's archives) or point at a directory of OSV JSON files")]
    Missing(String),
    #[error("cannot read advisories in {path}: {message}")]
    Read { path: String, message: String },
}

/// Every advisory of the directory that names a supported ecosystem.
#[derive(Debug, Default)]
pub struct AdvisoryIndex {
    by_package: HashMap<(Ecosystem, String), Vec<Arc<Advisory>>>,
    /// Records read (withdrawn ones included).
    pub records: usize,
    /// Files that are not OSV records, with why: reported, not fatal.
    pub unreadable: Vec<String>,
}

impl AdvisoryIndex {
    /// Reads every `*.json` file and every `*.zip` archive (OSV's
    /// per-ecosystem `all.zip`) under `dir`.
    pub fn load(dir: &Path) -> Result<AdvisoryIndex, LoadError> {
        if !dir.is_dir() {
            return Err(LoadError::Missing(dir.display().to_string()));
        }
        let mut files = Vec::new();
        collect_files(dir, &mut files).map_err(|e| LoadError::Read { path: dir.display().to_string(), message: e.to_string() })?;
        let mut blobs: Vec<(String, Vec<u8>)> = Vec::new();
        let mut json_files = Vec::new();
        for path in files {
            match path.extension().and_then(|e| e.to_str()) {
                Some("json") => json_files.push(path),
                Some("zip") => read_zip(&path, &mut blobs)?,
                _ => {}
            }
        }
        let parsed: Vec<Result<Advisory, String>> = json_files
            .par_iter()
            .map(|path| {
                let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
                serde_json::from_slice::<Advisory>(&bytes).map_err(|e| format!("{}: {e}", path.display()))
            })
            .chain(blobs.par_iter().map(|(name, bytes)| serde_json::from_slice::<Advisory>(bytes).map_err(|e| format!("{name}: {e}"))))
            .collect();
        Ok(Self::from_records(parsed))
    }

    /// Reads one zip archive of OSV records (one of OSV's `all.zip`).
    pub fn load_archive(path: &Path) -> Result<AdvisoryIndex, LoadError> {
        let mut blobs = Vec::new();
        read_zip(path, &mut blobs)?;
        Ok(Self::from_records(blobs.into_iter().map(|(name, bytes)| serde_json::from_slice::<Advisory>(&bytes).map_err(|e| format!("{name}: {e}"))).collect()))
    }

    /// Indexes parsed records; errors are kept as unreadable files.
    pub fn from_records(parsed: Vec<Result<Advisory, String>>) -> AdvisoryIndex {
        let mut index = AdvisoryIndex::default();
        for record in parsed {
            let advisory = match record {
                Ok(a) => a,
                Err(e) => {
                    index.unreadable.push(e);
                    continue;
                }
            };
            index.records += 1;
            if advisory.withdrawn.is_some() {
                continue;
            }
            let advisory = Arc::new(advisory);
            let mut keys: Vec<(Ecosystem, String)> = advisory
                .affected
                .iter()
                .filter_map(|a| {
                    let p = a.package.as_ref()?;
                    let ecosystem = Ecosystem::from_osv(&p.ecosystem)?;
                    Some((ecosystem, ecosystem.normalize_name(&p.name)))
                })
                .collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                index.by_package.entry(key).or_default().push(Arc::clone(&advisory));
            }
        }
        index
    }

    /// The advisories that affect `package`.
    pub fn matches(&self, package: &Package) -> Vec<Hit<'_>> {
        let key = (package.ecosystem, package.ecosystem.normalize_name(&package.name));
        self.by_package.get(&key).into_iter().flatten().filter_map(|a| a.affects(package)).collect()
    }

    /// Advisories indexed for at least one supported ecosystem.
    /// Packages of one ecosystem that have advisories.
    pub fn packages_of(&self, ecosystem: Ecosystem) -> usize {
        self.by_package.keys().filter(|(e, _)| *e == ecosystem).count()
    }

    pub fn packages(&self) -> usize {
        self.by_package.len()
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        // Hidden entries are sync's temporary files.
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn read_zip(path: &Path, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), LoadError> {
    let error = |message: String| LoadError::Read { path: path.display().to_string(), message };
    let file = std::fs::File::open(path).map_err(|e| error(e.to_string()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| error(format!("not a zip archive: {e}")))?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| error(e.to_string()))?;
        if !entry.name().ends_with(".json") {
            continue;
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(|e| error(format!("{}: {e}", entry.name())))?;
        out.push((format!("{}:{}", path.display(), entry.name()), bytes));
    }
    Ok(())
}

/// What tells that a directory changed: the directory's and its entries'
/// identity and modification times (sync swaps the whole directory).
type Stamp = Vec<(String, u64, Option<SystemTime>, u64)>;

fn stamp(dir: &Path) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    let mut out = Vec::new();
    let mut push = |name: String, path: &Path| {
        if let Ok(m) = std::fs::metadata(path) {
            out.push((name, m.ino(), m.modified().ok(), m.len()));
        }
    };
    push(String::new(), dir);
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            push(entry.file_name().to_string_lossy().into_owned(), &entry.path());
        }
    }
    out.sort();
    out
}

/// A directory of advisories that a long-running process reads: loaded on
/// first use and again only when its stamp changes, so a sync is picked up
/// without a restart.
pub struct AdvisorySource {
    dir: PathBuf,
    loaded: Mutex<Option<(Stamp, Arc<AdvisoryIndex>)>>,
}

impl std::fmt::Debug for AdvisorySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AdvisorySource({})", self.dir.display())
    }
}

impl AdvisorySource {
    pub fn new(dir: impl Into<PathBuf>) -> AdvisorySource {
        AdvisorySource { dir: dir.into(), loaded: Mutex::new(None) }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The index, reloaded first if the directory changed since the last load.
    pub fn current(&self) -> Result<Arc<AdvisoryIndex>, LoadError> {
        let now = stamp(&self.dir);
        let mut loaded = self.loaded.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((seen, index)) = loaded.as_ref()
            && *seen == now
        {
            return Ok(Arc::clone(index));
        }
        let index = Arc::new(AdvisoryIndex::load(&self.dir)?);
        tracing::info!(dir = %self.dir.display(), records = index.records, packages = index.packages(), "advisories loaded");
        *loaded = Some((now, Arc::clone(&index)));
        Ok(index)
    }
}
