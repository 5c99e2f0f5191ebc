//! The deploy files cannot drift from the binary: every `TECHLEAD_*` variable
//! and port they set must be one `techlead serve` reads.

use std::collections::BTreeSet;

use assert_cmd::Command;

fn serve_env_vars() -> BTreeSet<String> {
    // What `serve` reads, and `advisories sync`, which runs beside it (cron).
    let mut vars = BTreeSet::new();
    for command in [&["serve", "--help"][..], &["advisories", "sync", "--help"]] {
        let out = Command::cargo_bin("techlead").unwrap().args(command).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        vars.extend(help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| w.starts_with("TECHLEAD_")).map(str::to_string));
    }
    // Read outside clap: the log format (telemetry::init_logging).
    vars.insert("TECHLEAD_LOG_FORMAT".into());
    vars
}

/// `TECHLEAD_*` names in a file, except the test suite's own (`TECHLEAD_TEST_*`).
fn vars_in(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| w.starts_with("TECHLEAD_") && w.len() > 9 && !w.starts_with("TECHLEAD_TEST_")).map(str::to_string).collect()
}

#[test]
fn deploy_files_only_set_what_the_binary_reads() {
    let known = serve_env_vars();
    assert!(known.contains("TECHLEAD_DATABASE_URL") && known.contains("TECHLEAD_PRIVATE_KEY_PATH"));
    for file in ["deploy/Dockerfile", "deploy/docker-compose.yml", "deploy/kubernetes/techlead.yaml", "deploy/github-action/action.yml", "README.md", "docs/operations.md"] {
        let text = std::fs::read_to_string(file).unwrap();
        let used = vars_in(&text);
        assert!(!used.is_empty() || !file.starts_with("deploy/") || file.ends_with("action.yml"), "{file} sets no TECHLEAD_ variable");
        let unknown: Vec<_> = used.difference(&known).collect();
        assert!(unknown.is_empty(), "{file} uses variables techlead does not read: {unknown:?}");
    }
}

/// Every port techlead is reached on in the deploy files (listen address,
/// EXPOSE, container port, published port, health check) is the one the
/// binary listens on.
#[test]
fn deploy_files_reach_techlead_on_its_port() {
    let port_uses = regex::Regex::new(r#"(?:TECHLEAD_LISTEN[=:]\s*"?[\d.]+:|EXPOSE\s+|containerPort:\s*|"\d+:|(?:127\.0\.0\.1|localhost):)(\d+)"#).unwrap();
    for file in ["deploy/Dockerfile", "deploy/docker-compose.yml", "deploy/kubernetes/techlead.yaml"] {
        let text = std::fs::read_to_string(file).unwrap();
        let ports: Vec<&str> = port_uses.captures_iter(&text).map(|c| c.get(1).unwrap().as_str()).collect();
        assert!(!ports.is_empty(), "{file} names no port of techlead");
        assert!(ports.iter().all(|p| *p == "3000"), "{file} reaches techlead on {ports:?}, but it listens on 3000");
    }
    let k8s = std::fs::read_to_string("deploy/kubernetes/techlead.yaml").unwrap();
    assert!(k8s.contains("value: \"0.0.0.0:3000\""), "the Kubernetes listen address");
}

#[test]
fn the_default_listen_port_is_3000() {
    let out = Command::cargo_bin("techlead").unwrap().args(["serve", "--help"]).output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("[default: 0.0.0.0:3000]"));
}

#[test]
fn the_dockerfile_copies_everything_the_build_embeds() {
    let dockerfile = std::fs::read_to_string("deploy/Dockerfile").unwrap();
    for path in ["src", "rules", "migrations", "deploy/github-app.yml", "Cargo.toml Cargo.lock"] {
        assert!(dockerfile.contains(&format!("COPY {path}")), "the Dockerfile does not copy {path}");
    }
    assert!(dockerfile.contains("USER techlead") && dockerfile.contains("HEALTHCHECK") && dockerfile.contains("/healthz"));
}
