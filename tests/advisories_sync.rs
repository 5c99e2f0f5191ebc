//! `techlead advisories sync DIR` against a local HTTP server that publishes
//! OSV-style archives (`/{ecosystem}/all.zip`, with Google Cloud Storage's
//! `x-goog-hash` MD5 header), built in the test from the OSV records in
//! `tests/data/osv/`; then `scan --advisories DIR` uses what was synced, and
//! a long-running reader (the server's `AdvisorySource`) picks the new
//! directory up without a restart.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};

use assert_cmd::Command;
use base64::Engine as _;
use md5::Digest as _;
use techlead::analysis::deps::osv::AdvisorySource;

/// What the server answers for a path: status, body, and whether it
/// publishes an MD5 (`Some(wrong)` publishes a wrong one).
#[derive(Clone)]
struct Published {
    body: Vec<u8>,
    md5: Option<String>,
}

type Routes = Arc<Mutex<HashMap<String, Published>>>;

/// A one-request-per-connection HTTP/1.1 server on loopback; the routes can
/// change while it runs (a new publication).
fn serve(routes: Routes) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                    break;
                }
            }
            let path = request_line.split(' ').nth(1).unwrap_or("/").to_string();
            let found = routes.lock().unwrap().get(&path).cloned();
            let head = match &found {
                Some(p) => {
                    let hash = p.md5.as_ref().map(|m| format!("x-goog-hash: crc32c=AAAAAA==, md5={m}\r\n")).unwrap_or_default();
                    format!("HTTP/1.1 200 OK\r\ncontent-type: application/zip\r\ncontent-length: {}\r\n{hash}connection: close\r\n\r\n", p.body.len())
                }
                None => "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_string(),
            };
            let _ = stream.write_all(head.as_bytes());
            if let Some(p) = found {
                let _ = stream.write_all(&p.body);
            }
        }
    });
    url
}

/// A zip of every OSV record in `tests/data/osv/<dir>/`, as OSV publishes an ecosystem.
fn archive(dir: &str) -> Vec<u8> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/osv").join(dir);
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for entry in std::fs::read_dir(source).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = Vec::new();
        std::fs::File::open(&path).unwrap().read_to_end(&mut bytes).unwrap();
        zip.start_file(path.file_name().unwrap().to_string_lossy(), zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

fn published(body: Vec<u8>) -> Published {
    let md5 = base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(&body));
    Published { body, md5: Some(md5) }
}

fn sync(base_url: &str, dir: &Path, extra: &[&str]) -> Output {
    Command::cargo_bin("techlead").unwrap().args(["advisories", "sync", "--base-url", base_url]).args(extra).arg(dir).env_remove("TECHLEAD_OSV_URL").output().unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A Gemfile.lock pinning `rack` 2.2.7, which TLTEST-RUBYGEMS-0001 affects.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Gemfile.lock"), "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.7)\n\nDEPENDENCIES\n  rack\n").unwrap();
    dir
}

fn audit(project: &Path, advisories: &Path) -> String {
    let out = Command::cargo_bin("techlead").unwrap().current_dir(project).args(["scan", "--advisories"]).arg(advisories).arg(".").output().unwrap();
    text(&out)
}

#[test]
fn sync_downloads_verifies_and_the_scan_uses_it() {
    let routes: Routes = Arc::default();
    routes.lock().unwrap().insert("/RubyGems/all.zip".into(), published(archive("rubygems")));
    routes.lock().unwrap().insert("/npm/all.zip".into(), published(archive("npm")));
    let url = serve(Arc::clone(&routes));
    let root = tempfile::tempdir().unwrap();
    let dir: PathBuf = root.path().join("osv");

    let out = sync(&url, &dir, &["--ecosystem", "RubyGems", "--ecosystem", "npm"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("RubyGems: 1 advisories") && said.contains("npm: 2 advisories") && said.contains("MD5 verified"), "{said}");
    let sources = std::fs::read_to_string(dir.join("SOURCES.txt")).unwrap();
    assert!(sources.contains("RubyGems 1 ") && sources.contains(&format!("{url}/npm/all.zip")), "{sources}");

    let project = project();
    let report = audit(project.path(), &dir);
    assert!(report.contains("warning[dependency/vulnerable]: `rack` 2.2.7 has 1 known vulnerability: TLTEST-RUBYGEMS-0001"), "{report}");

    // A later sync of npm alone keeps the RubyGems archive.
    let out = sync(&url, &dir, &["--ecosystem", "NPM"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(dir.join("RubyGems.zip").is_file() && dir.join("npm.zip").is_file());
    let sources = std::fs::read_to_string(dir.join("SOURCES.txt")).unwrap();
    assert!(sources.contains("RubyGems 1 ") && sources.contains("npm 2 "), "{sources}");
    assert!(audit(project.path(), &dir).contains("TLTEST-RUBYGEMS-0001"));
    // Nothing is left beside the directory.
    let beside: Vec<String> = std::fs::read_dir(root.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(beside, vec!["osv".to_string()]);
}

#[test]
fn a_corrupt_or_missing_archive_leaves_the_directory_as_it_was() {
    let routes: Routes = Arc::default();
    routes.lock().unwrap().insert("/RubyGems/all.zip".into(), published(archive("rubygems")));
    let url = serve(Arc::clone(&routes));
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("osv");
    assert_eq!(sync(&url, &dir, &["--ecosystem", "RubyGems"]).status.code(), Some(0));
    let before = std::fs::read(dir.join("RubyGems.zip")).unwrap();

    // The bytes do not match the MD5 the server publishes.
    let mut bad = published(archive("rubygems"));
    bad.body[40] ^= 0xff;
    routes.lock().unwrap().insert("/RubyGems/all.zip".into(), bad);
    let out = sync(&url, &dir, &["--ecosystem", "RubyGems"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("is corrupt: its MD5 is"), "{}", text(&out));
    assert_eq!(std::fs::read(dir.join("RubyGems.zip")).unwrap(), before);

    // No MD5 published, and not a zip.
    routes.lock().unwrap().insert("/RubyGems/all.zip".into(), Published { body: b"<html>maintenance</html>".to_vec(), md5: None });
    let out = sync(&url, &dir, &["--ecosystem", "RubyGems"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("is no usable OSV archive") && text(&out).contains("not a zip archive"), "{}", text(&out));

    // The archive is missing.
    let out = sync(&url, &dir, &["--ecosystem", "Go"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("/Go/all.zip failed: HTTP 404"), "{}", text(&out));

    assert_eq!(std::fs::read(dir.join("RubyGems.zip")).unwrap(), before, "the directory is untouched");
    let beside: Vec<String> = std::fs::read_dir(root.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(beside, vec!["osv".to_string()], "no staging directory is left behind");

    let out = sync(&url, &dir, &["--ecosystem", "cargo"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("`cargo` is no ecosystem techlead reviews; use one of npm, PyPI, crates.io"), "{}", text(&out));
}

#[test]
fn a_running_reader_picks_up_a_sync_without_a_restart() {
    let routes: Routes = Arc::default();
    routes.lock().unwrap().insert("/RubyGems/all.zip".into(), published(archive("rubygems")));
    routes.lock().unwrap().insert("/npm/all.zip".into(), published(archive("npm")));
    let url = serve(Arc::clone(&routes));
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("osv");
    assert_eq!(sync(&url, &dir, &["--ecosystem", "RubyGems"]).status.code(), Some(0));
    let source = AdvisorySource::new(&dir);
    assert_eq!(source.current().unwrap().records, 1);
    assert_eq!(sync(&url, &dir, &["--ecosystem", "npm"]).status.code(), Some(0));
    assert_eq!(source.current().unwrap().records, 3, "the swapped directory is read again");
}
