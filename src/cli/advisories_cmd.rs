//! `techlead advisories sync DIR`: fills the advisories directory that
//! `scan --advisories` and the server (`TECHLEAD_ADVISORIES`) read with OSV's
//! published per-ecosystem archives (`{base}/{ecosystem}/all.zip`).
//!
//! Readers never see a half-written directory: the archives are downloaded
//! and verified in a staging directory beside `DIR`, which then takes `DIR`'s
//! place in one step (an atomic exchange of the two directories on Linux, two
//! renames elsewhere). A failed download or a bad archive leaves `DIR` as it
//! was. The server notices the new directory by its identity and reloads it
//! on the next review, without a restart.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use base64::Engine as _;
use clap::{Args, Subcommand};
use md5::Digest as _;

use super::{CliError, exit};
use crate::analysis::deps::Ecosystem;
use crate::analysis::deps::osv::AdvisoryIndex;

/// OSV's public bucket of per-ecosystem archives.
const OSV_BUCKET: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// The file in `DIR` that says what each archive is and where it came from
/// (not `.json`: the loader reads every JSON file as an advisory).
const SOURCES_FILE: &str = "SOURCES.txt";

#[derive(Subcommand)]
pub enum AdvisoriesCommand {
    /// Download OSV's advisory archives into DIR, verify them, and swap DIR atomically.
    Sync(SyncArgs),
}

#[derive(Args)]
pub struct SyncArgs {
    /// The advisories directory (`scan --advisories DIR`, `serve` with `TECHLEAD_ADVISORIES`).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// An ecosystem to fetch, as OSV names it (npm, PyPI, crates.io, Go,
    /// RubyGems, Packagist, Maven, NuGet); repeatable. Default: all of them.
    /// The archives of other ecosystems already in DIR are kept.
    #[arg(long = "ecosystem", value_name = "NAME")]
    ecosystems: Vec<String>,
    /// Where the archives are published, as `{URL}/{ecosystem}/all.zip`
    /// (a mirror inside the network, say).
    #[arg(long, value_name = "URL", env = "TECHLEAD_OSV_URL", default_value = OSV_BUCKET)]
    base_url: String,
    /// Seconds one archive's download may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    timeout: u64,
}

pub fn run(command: AdvisoriesCommand) -> Result<u8, CliError> {
    match command {
        AdvisoriesCommand::Sync(args) => sync(&args),
    }
}

/// One archive fetched and checked.
struct Fetched {
    ecosystem: Ecosystem,
    bytes: usize,
    records: usize,
    unreadable: usize,
    md5_checked: bool,
}

fn sync(args: &SyncArgs) -> Result<u8, CliError> {
    let ecosystems = chosen_ecosystems(&args.ecosystems)?;
    let dir = args.dir.clone();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let name = dir.file_name().ok_or_else(|| anyhow!("{} names no directory", dir.display()))?.to_string_lossy().into_owned();
    let staging = parent.join(format!(".{name}.sync-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir(&staging).with_context(|| format!("cannot create the staging directory {}", staging.display()))?;
    let result = fill(&staging, &dir, &ecosystems, args).and_then(|fetched| {
        swap(&staging, &dir)?;
        Ok(fetched)
    });
    // After an exchange the staging path holds the old directory; after a
    // failure, the partial download. Either way it goes.
    let _ = std::fs::remove_dir_all(&staging);
    let fetched = result?;
    let mut out = String::new();
    for f in &fetched {
        let check = if f.md5_checked { "MD5 verified" } else { "no MD5 published" };
        let _ = writeln!(out, "{}: {} advisories ({} KiB, {check})", f.ecosystem.osv_name(), f.records, f.bytes.div_ceil(1024));
        if f.unreadable > 0 {
            let _ = writeln!(out, "  warning: {} records of {} could not be read and are ignored", f.unreadable, f.ecosystem.osv_name());
        }
    }
    let _ = writeln!(out, "{} is up to date; a running server reloads it on its next review", dir.display());
    print!("{out}");
    Ok(exit::CLEAN)
}

fn chosen_ecosystems(names: &[String]) -> anyhow::Result<Vec<Ecosystem>> {
    if names.is_empty() {
        return Ok(Ecosystem::ALL.to_vec());
    }
    let known: Vec<&str> = Ecosystem::ALL.iter().map(|e| e.osv_name()).collect();
    let mut out = Vec::new();
    for name in names {
        let eco = Ecosystem::ALL.into_iter().find(|e| e.osv_name().eq_ignore_ascii_case(name)).ok_or_else(|| anyhow!("`{name}` is no ecosystem techlead reviews; use one of {}", known.join(", ")))?;
        if !out.contains(&eco) {
            out.push(eco);
        }
    }
    Ok(out)
}

/// Downloads and verifies each archive into `staging`, and carries over what
/// `dir` holds for the ecosystems not fetched.
fn fill(staging: &Path, dir: &Path, ecosystems: &[Ecosystem], args: &SyncArgs) -> anyhow::Result<Vec<Fetched>> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().context("cannot start the download runtime")?;
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(30))
        .timeout(Duration::from_secs(args.timeout))
        .user_agent(concat!("techlead/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("cannot build the HTTP client")?;
    let base = args.base_url.trim_end_matches('/');
    let mut fetched = Vec::new();
    let mut sources = String::from("# Written by `techlead advisories sync`: ecosystem, records, bytes, source.\n");
    for &eco in ecosystems {
        let url = format!("{base}/{}/all.zip", eco.osv_name());
        let (bytes, md5_checked) = runtime.block_on(download(&client, &url))?;
        let file = staging.join(archive_name(eco));
        std::fs::write(&file, &bytes).with_context(|| format!("cannot write {}", file.display()))?;
        let (records, unreadable) = verify(&file, eco).with_context(|| format!("{url} is no usable OSV archive"))?;
        let _ = writeln!(sources, "{} {records} {} {url}", eco.osv_name(), bytes.len());
        fetched.push(Fetched { ecosystem: eco, bytes: bytes.len(), records, unreadable, md5_checked });
    }
    if dir.is_dir() {
        let replaced: Vec<String> = ecosystems.iter().map(|e| archive_name(*e)).chain([SOURCES_FILE.to_string()]).collect();
        for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if replaced.contains(&name) {
                continue;
            }
            copy_tree(&entry.path(), &staging.join(&name))?;
        }
        if let Ok(old) = std::fs::read_to_string(dir.join(SOURCES_FILE)) {
            for line in old.lines().filter(|l| !l.starts_with('#')) {
                let kept = line.split(' ').next().is_some_and(|eco| !ecosystems.iter().any(|e| e.osv_name() == eco));
                if kept {
                    let _ = writeln!(sources, "{line}");
                }
            }
        }
    }
    std::fs::write(staging.join(SOURCES_FILE), sources).context("cannot write the sources list")?;
    Ok(fetched)
}

fn archive_name(eco: Ecosystem) -> String {
    format!("{}.zip", eco.osv_name())
}

/// The archive's bytes, and whether an MD5 the server published (Google
/// Cloud Storage's `x-goog-hash`) was checked against them.
async fn download(client: &reqwest::Client, url: &str) -> anyhow::Result<(Vec<u8>, bool)> {
    let reply = client.get(url).send().await.with_context(|| format!("cannot download {url}"))?;
    let status = reply.status();
    if !status.is_success() {
        bail!("downloading {url} failed: HTTP {status}");
    }
    let published = reply.headers().get_all("x-goog-hash").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).find_map(|part| part.trim().strip_prefix("md5=").map(str::to_string));
    let expected_len = reply.content_length();
    let bytes = reply.bytes().await.with_context(|| format!("the download of {url} broke off"))?.to_vec();
    if let Some(len) = expected_len
        && len != bytes.len() as u64
    {
        bail!("the download of {url} is incomplete: {} of {len} bytes", bytes.len());
    }
    let Some(published) = published else { return Ok((bytes, false)) };
    // techlead-ignore: rust-weak-hash (the bucket publishes MD5 and CRC32C only; it detects a corrupt download over TLS, it authenticates nothing)
    let digest = base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(&bytes));
    if digest != published {
        bail!("the download of {url} is corrupt: its MD5 is {digest}, the server published {published}");
    }
    Ok((bytes, true))
}

/// Records read and records unreadable; an archive that does not open, or
/// holds no record of `eco`, is refused.
fn verify(file: &Path, eco: Ecosystem) -> anyhow::Result<(usize, usize)> {
    let index = AdvisoryIndex::load_archive(file)?;
    if index.records == 0 {
        bail!("it holds no OSV record");
    }
    if index.packages_of(eco) == 0 && index.records > index.unreadable.len() {
        bail!("none of its {} records is about a {} package", index.records, eco.osv_name());
    }
    Ok((index.records, index.unreadable.len()))
}

/// Hard-links `from` (a file or a directory tree) to `to`, copying where a
/// link cannot be made (another file system).
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<()> {
    if from.is_dir() {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        return Ok(());
    }
    std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ())).with_context(|| format!("cannot keep {}", from.display()))
}

/// Puts `staging` in `dir`'s place; afterwards `staging` holds the old
/// directory (or nothing when `dir` did not exist).
fn swap(staging: &Path, dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return std::fs::rename(staging, dir).with_context(|| format!("cannot move the advisories into {}", dir.display()));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, dir, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    // No atomic exchange here: two renames, with a moment without `dir`.
    let old = staging.with_extension("old");
    std::fs::rename(dir, &old).with_context(|| format!("cannot move {} aside", dir.display()))?;
    if let Err(e) = std::fs::rename(staging, dir) {
        let mut error = anyhow!(e).context(format!("cannot move the advisories into {}", dir.display()));
        if let Err(restore) = std::fs::rename(&old, dir) {
            error = error.context(format!("and the old advisories stay in {}: {restore}", old.display()));
        }
        return Err(error);
    }
    std::fs::rename(&old, staging).context("cannot clear the old advisories")?;
    Ok(())
}
