//! The README's examples are real: its rule example compiles and passes its
//! own inline tests.

use assert_cmd::Command;

/// The first ```yaml block after the heading `heading`.
fn yaml_block_after(readme: &str, heading: &str) -> String {
    let section = &readme[readme.find(heading).expect("heading in README")..];
    let start = section.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    section[start..start + section[start..].find("```").unwrap()].to_string()
}

#[test]
fn the_rule_example_in_the_readme_passes_its_tests() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let rule = yaml_block_after(&readme, "## Writing a rule");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("python-yaml-unsafe-load.yml"), rule).unwrap();
    let out = Command::cargo_bin("techlead").unwrap().args(["test", "--rules"]).arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("4 passed, 0 failed"), "{stdout}");
}
