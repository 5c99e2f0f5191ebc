//! Snapshots of what users see (the Markdown of comments and check runs),
//! kept in `tests/snapshots/`. `UPDATE_SNAPSHOTS=1 cargo test` rewrites them;
//! review the diff before committing.

use std::path::PathBuf;

pub fn assert_snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(format!("{name}.md"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("no snapshot {}; run with UPDATE_SNAPSHOTS=1 to create it", path.display()));
    if expected != actual {
        let diff: Vec<String> =
            expected.lines().zip(actual.lines()).enumerate().filter(|(_, (e, a))| e != a).take(5).map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1)).collect();
        panic!("snapshot {name} differs (UPDATE_SNAPSHOTS=1 to accept):\n{}\n--- actual ---\n{actual}", diff.join("\n"));
    }
}
