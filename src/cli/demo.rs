//! `techlead demo`: what a pull-request author gets, with no GitHub, network
//! or setup. The example project shipped in the binary (`examples/demo/`)
//! becomes a throw-away git repository with a base commit and a pull-request
//! commit; the App's own review runs on it (see [`super::local_review`]) and
//! the result is written as a page.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use clap::Args;
use include_dir::{Dir, include_dir};

use super::local_review::review_local;
use super::{CliError, RuleArgs, exit};

/// The example project: `base/` is the first commit, `pull-request/` the files its pull request writes.
static PROJECT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/examples/demo");

/// The pull request's title, as its commit subject.
const TITLE: &str = "Order search, coupon pricing and shipping labels";

#[derive(Args)]
pub struct DemoArgs {
    /// The folder the page is written to (as `index.html`).
    #[arg(long, value_name = "DIR", default_value = "techlead-demo")]
    out: PathBuf,
    /// Open the page in the default browser once it is written.
    #[arg(long)]
    open: bool,
}

pub fn run(args: DemoArgs) -> Result<u8, CliError> {
    let started = std::time::Instant::now();
    let scratch = Scratch::new()?;
    build_repository(&scratch.0)?;
    let review = review_local(&scratch.0, Some("main"), &RuleArgs::default())?;
    let page = args.out.join("index.html");
    review.write_page(&page, TITLE)?;
    println!("techlead reviewed the demo pull request \"{TITLE}\" ({} files changed):\n", review.pr.files.len());
    print!("{}", review.short_summary());
    println!("\nwrote {} in {:.1}s: the summary comment, the diff with the inline comments under their lines, and the check run", page.display(), started.elapsed().as_secs_f64());
    if args.open {
        open_in_browser(&page)?;
    } else {
        println!("open it in a browser, or run `techlead demo --open`");
    }
    Ok(exit::CLEAN)
}

/// A temporary folder, removed when the demo ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> anyhow::Result<Scratch> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("techlead-demo-{}-{nanos}", std::process::id())).join("orders-service");
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(parent) = self.0.parent() {
            let _ = std::fs::remove_dir_all(parent);
        }
    }
}

/// `main` with the base commit, and the branch `pull-request` one commit ahead.
/// Author, committer and dates are fixed, so the commits are the same on every run.
fn build_repository(dir: &Path) -> anyhow::Result<()> {
    git(dir, &["init", "--quiet", "--initial-branch=main"])?;
    write_tree(PROJECT.get_dir("base").context("the demo project has no base/")?, "base", dir)?;
    git(dir, &["add", "--all"])?;
    git(dir, &["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", "Orders service: order lookup, quotes and shipping mails"])?;
    git(dir, &["checkout", "--quiet", "-b", "pull-request"])?;
    write_tree(PROJECT.get_dir("pull-request").context("the demo project has no pull-request/")?, "pull-request", dir)?;
    git(dir, &["add", "--all"])?;
    git(dir, &["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", TITLE])?;
    Ok(())
}

/// Writes the files of `tree` (paths relative to `prefix`) under `dir`.
fn write_tree(tree: &Dir, prefix: &str, dir: &Path) -> anyhow::Result<()> {
    for file in tree.files() {
        let relative = file.path().strip_prefix(prefix).unwrap_or(file.path());
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, file.contents()).with_context(|| format!("cannot write {}", target.display()))?;
    }
    for sub in tree.dirs() {
        write_tree(sub, prefix, dir)?;
    }
    Ok(())
}

fn git(dir: &Path, args: &[&str]) -> anyhow::Result<()> {
    const WHEN: &str = "2026-01-05T10:00:00Z";
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.autocrlf=false", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_NAME", "Demo Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Demo Author")
        .env("GIT_COMMITTER_EMAIL", "author@example.com")
        .env("GIT_AUTHOR_DATE", WHEN)
        .env("GIT_COMMITTER_DATE", WHEN)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .context("the demo builds a git repository and needs git, which cannot be run; install git")?;
    if !status.success() {
        bail!("`git {}` failed while building the demo repository in {}", args.join(" "), dir.display());
    }
    Ok(())
}

/// The system's way to open a file with its default program.
fn open_in_browser(page: &Path) -> anyhow::Result<()> {
    let page = std::fs::canonicalize(page)?;
    let (program, args): (&str, Vec<&std::ffi::OsStr>) = if cfg!(target_os = "macos") {
        ("open", vec![page.as_os_str()])
    } else if cfg!(windows) {
        ("cmd", vec!["/C".as_ref(), "start".as_ref(), "".as_ref(), page.as_os_str()])
    } else {
        ("xdg-open", vec![page.as_os_str()])
    };
    let status = Command::new(program).args(&args).status().with_context(|| format!("cannot run `{program}` to open the page; open {} yourself", page.display()))?;
    if !status.success() {
        bail!("`{program}` could not open the page; open {} yourself", page.display());
    }
    Ok(())
}
