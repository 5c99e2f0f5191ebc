#!/usr/bin/env python3
"""Noise check: how often each built-in rule fires on real, well-kept code.

Usage: python3 bench/noise.py [LANGUAGE ...]

Fetches released code from the registries this project can reach, unpacks it
into bench/noise-corpus/<language>/, scans each language with its rule pack
and prints findings per 1,000 lines for every rule that fired:

- Python: PyPI wheels (Django, requests, Flask, Jinja2, Werkzeug, click);
- JavaScript: npm tarballs (express, lodash, axios, commander);
- TypeScript: npm tarballs that ship their `.ts` sources (rxjs, TanStack
  query-core, tRPC server);
- Rust: crates (tokio, serde, regex, clap_builder, hyper);
- C: the C sources vendored in `-sys` crates (SQLite, libgit2);
- C++: Debian's `googletest` (GoogleTest's sources) and the `cxx` crate;
- Go: Debian `golang-*-dev` packages, which ship Go source under
  /usr/share/gocode (gin, gorilla/mux, chi, cobra, logrus, prometheus
  client, golang.org/x/net);
- Ruby: Debian `ruby-*` packages (rack, sinatra, activesupport, actionpack,
  faraday, thor);
- PHP: Debian `php-*` packages (monolog, guzzle, psr7, symfony
  http-foundation and console, twig, league/commonmark);
- Java: a part of the JDK's own sources from Debian's `openjdk-17-source`
  (java.util, java.net, java.time, java.net.http, java.sql, java.logging,
  jdk.httpserver);
- C#: the sdist of pythonnet on PyPI, which carries its C# runtime;
- text rules (secrets, template filters) run over the whole corpus;
- infrastructure (`iac`): the GitHub Actions workflows and Dockerfiles that
  popular crates ship (sqlx, hyper-util, ureq, log, octocrab, ...), scanned
  with the `yaml` and `dockerfile` packs. No reachable registry ships
  Terraform or Kubernetes manifests of well-kept projects, so those packs have
  no noise figure.

`TECHLEAD_BIN=target/debug/techlead python3 bench/noise.py iac` uses an
existing binary instead of building the release one.

A rule above 0.3 per 1,000 lines (a few per 10,000) must justify itself in its
note ("Noise: ...") or be tightened; those are marked.
"""
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "noise-corpus"
TECHLEAD = Path(os.environ.get("TECHLEAD_BIN", ROOT / "target" / "release" / "techlead"))

PYPI = ["django==5.1.4", "requests==2.32.3", "flask==3.0.3", "jinja2==3.1.4", "werkzeug==3.0.6", "click==8.1.7"]
NPM = ["express@4.21.2", "lodash@4.17.21", "axios@1.7.9", "commander@12.1.0"]
NPM_TS = ["rxjs@7.8.1", "@tanstack/query-core@5.62.0", "@trpc/server@11.0.0"]
CRATES = [("tokio", "1.41.1"), ("serde", "1.0.215"), ("regex", "1.11.1"), ("clap_builder", "4.5.21"), ("hyper", "1.5.1")]
C_CRATES = [("libsqlite3-sys", "0.30.1"), ("libgit2-sys", "0.17.0+1.8.1")]
CPP_CRATES = [("cxx", "1.0.130")]
PYPI_SDIST_CSHARP = ["pythonnet==3.0.5"]
# crates whose packages carry their .github/workflows (and a few Dockerfiles)
IAC_CRATES = [("sqlx", "0.9.0"), ("iana-time-zone", "0.1.65"), ("httparse", "1.10.1"), ("fantoccini", "0.22.1"), ("email_address", "0.2.9"),
              ("hyper-util", "0.1.21"), ("untrusted", "0.9.0"), ("cmake", "0.1.58"), ("crc32fast", "1.5.5"), ("vcpkg", "0.2.15"), ("ureq", "3.5.2"),
              ("log", "0.4.35"), ("sharded-slab", "0.1.7"), ("crypto-bigint", "0.5.5"), ("cargo-fuzz", "0.13.2"), ("octocrab", "0.54.9"),
              ("r-efi", "6.0.0"), ("hybrid-array", "0.4.15"), ("unicode-normalization", "0.1.26"), ("jobserver", "0.1.35"),
              ("cargo_metadata", "0.23.1"), ("parking_lot", "0.12.5"), ("unicode-ident", "1.0.27"), ("walkdir", "2.5.0"),
              ("thread_local", "1.1.10"), ("num_cpus", "1.17.0"), ("errno", "0.3.14"), ("zip", "9.8.2")]
DEBIAN = {
    "go": ["golang-github-gin-gonic-gin-dev", "golang-github-gorilla-mux-dev", "golang-github-go-chi-chi-dev",
           "golang-github-spf13-cobra-dev", "golang-github-sirupsen-logrus-dev",
           "golang-github-prometheus-client-golang-dev", "golang-golang-x-net-dev"],
    "ruby": ["ruby-rack", "ruby-sinatra", "ruby-activesupport", "ruby-actionpack", "ruby-faraday", "ruby-thor"],
    "php": ["php-monolog", "php-guzzlehttp-guzzle", "php-guzzlehttp-psr7", "php-symfony-http-foundation",
            "php-symfony-console", "php-twig", "php-league-commonmark"],
    "cpp": ["googletest"],
}
JDK_PARTS = ["java.base/java/util/", "java.base/java/net/", "java.base/java/time/", "java.net.http/",
             "java.sql/", "java.logging/", "jdk.httpserver/"]

# language -> (file extensions, rules directory, corpus directory)
LANGS = {
    "python": ([".py"], "python", "python"),
    "javascript": ([".js", ".mjs", ".cjs"], "javascript", "javascript"),
    "typescript": ([".ts", ".mts", ".cts"], "typescript", "typescript"),
    "rust": ([".rs"], "rust", "rust"),
    "c": ([".c", ".h"], "c", "c"),
    "cpp": ([".cc", ".cpp", ".cxx", ".hpp", ".hh"], "cpp", "cpp"),
    "go": ([".go"], "go", "go"),
    "java": ([".java"], "java", "java"),
    "ruby": ([".rb"], "ruby", "ruby"),
    "php": ([".php"], "php", "php"),
    "csharp": ([".cs"], "csharp", "csharp"),
    "iac": ([], ["yaml", "dockerfile"], "iac"),
}
TEMPLATE_EXTENSIONS = [".html", ".htm", ".jinja", ".jinja2", ".j2", ".njk", ".twig"]
TEXT_EXTENSIONS = sorted({e for exts, _, _ in LANGS.values() for e in exts} | {".html", ".txt", ".yml", ".yaml", ".json"})
NOT_REACHABLE = "Kotlin, Swift, Scala: no released source for them was found on the reachable registries"


def crate(tmp, name, version, dest):
    path = Path(tmp) / f"{name}.crate"
    urllib.request.urlretrieve(f"https://static.crates.io/crates/{name}/{name}-{version}.crate", path)
    with tarfile.open(path) as t:
        t.extractall(dest, filter="data")


def debs(tmp, packages, dest):
    """`apt-get download` + `dpkg -x`: Debian packages unpacked without installing them."""
    work = Path(tmp) / "debs"
    work.mkdir(exist_ok=True)
    got = subprocess.run(["apt-get", "download", "-q", *packages], cwd=work, capture_output=True, text=True)
    if got.returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "download", "-q", *packages], cwd=work, check=True, capture_output=True)
    for deb in work.glob("*.deb"):
        subprocess.run(["dpkg", "-x", str(deb), str(dest)], check=True)
        deb.unlink()


def fetch_one(lang, tmp, dest):
    if lang == "python":
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:", *PYPI, "-d", tmp], check=True)
        for wheel in Path(tmp).glob("*.whl"):
            with zipfile.ZipFile(wheel) as z:
                z.extractall(dest / wheel.name.split("-")[0])
    elif lang in ("javascript", "typescript"):
        subprocess.run(["npm", "pack", "--silent", *(NPM if lang == "javascript" else NPM_TS)], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        for tgz in Path(tmp).glob("*.tgz"):
            with tarfile.open(tgz) as t:
                t.extractall(dest / tgz.stem, filter="data")
        if lang == "typescript":
            # only the shipped sources; declaration files are generated
            for d in dest.rglob("*.d.ts"):
                d.unlink()
    elif lang == "rust":
        for name, version in CRATES:
            crate(tmp, name, version, dest)
    elif lang == "c":
        for name, version in C_CRATES:
            crate(tmp, name, version, dest)
    elif lang == "cpp":
        debs(tmp, DEBIAN["cpp"], dest)
        for name, version in CPP_CRATES:
            crate(tmp, name, version, dest)
    elif lang in ("go", "ruby", "php"):
        debs(tmp, DEBIAN[lang], dest)
    elif lang == "java":
        unpacked = Path(tmp) / "jdk"
        debs(tmp, ["openjdk-17-source"], unpacked)
        src = next(unpacked.rglob("src.zip"))
        with zipfile.ZipFile(src) as z:
            for name in z.namelist():
                if name.endswith(".java") and any(name.startswith(p) for p in JDK_PARTS):
                    z.extract(name, dest)
    elif lang == "iac":
        for name, version in IAC_CRATES:
            try:
                crate(tmp, name, version, dest)
            except OSError as e:
                print(f"iac: {name} {version} not fetched ({e})", file=sys.stderr)
        for path in sorted(dest.rglob("*"), reverse=True):
            if path.is_file() and not is_iac_file(path):
                path.unlink()
    elif lang == "csharp":
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", *PYPI_SDIST_CSHARP, "-d", tmp], check=True)
        for sdist in Path(tmp).glob("*.tar.gz"):
            with tarfile.open(sdist) as t:
                t.extractall(dest, filter="data")


def fetch(langs):
    for lang in langs:
        dest = CORPUS / LANGS[lang][2]
        if (dest / ".done").exists():
            continue
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                fetch_one(lang, tmp, dest)
            except (subprocess.CalledProcessError, OSError) as e:
                print(f"{lang}: could not fetch its corpus ({e}); skipped", file=sys.stderr)
                continue
        (dest / ".done").write_text("ok")


def is_iac_file(path):
    workflow = path.parent.name == "workflows" and path.parent.parent.name == ".github" and path.suffix in (".yml", ".yaml")
    return workflow or path.name.startswith("Dockerfile") or path.suffix == ".dockerfile"


def lines_of(directory, extensions):
    total = 0
    for path in directory.rglob("*"):
        if path.is_file() and path.suffix in extensions and ".min." not in path.name:
            try:
                total += path.read_bytes().count(b"\n")
            except OSError:
                pass
    return total


def scan(rules, directory, only=None):
    packs = [rules] if isinstance(rules, str) else rules
    rule_args = [a for pack in packs for a in ("--rules", str(ROOT / "rules" / pack))]
    out = subprocess.run([str(TECHLEAD), "scan", "--format", "json", *rule_args, str(directory)], capture_output=True, text=True)
    return Counter(f["rule_id"] for f in json.loads(out.stdout)["findings"] if only is None or only(f["rule_id"]))


def report(lang, lines, counts):
    print(f"{lang:<11} {'(corpus: ' + format(lines, ',') + ' lines)':<48}")
    for rule, n in counts.most_common():
        rate = n / lines * 1000
        mark = ""
        if rate > 0.3:
            note_file = next((ROOT / "rules").glob(f"*/{rule}.yml"), None)
            justified = note_file is not None and "Noise:" in note_file.read_text()
            mark = "  <- above 0.3/1k: " + ("justified in its note" if justified else "NOT JUSTIFIED: tighten it or explain")
        print(f"{'':<11} {rule:<48} {n:>8} {rate:>12.3f}{mark}")


def main():
    args = sys.argv[1:]
    langs = [a for a in args if a in LANGS] if args else list(LANGS)
    fetch(langs)
    if "TECHLEAD_BIN" not in os.environ:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    print(f"{'language':<11} {'rule':<48} {'findings':>8} {'per 1k lines':>12}")
    for lang in langs:
        extensions, rules, corpus = LANGS[lang]
        directory = CORPUS / corpus
        if not (directory / ".done").exists():
            print(f"{lang:<11} (no corpus)")
            continue
        if lang == "iac":
            lines = sum(p.read_bytes().count(b"\n") for p in directory.rglob("*") if p.is_file() and is_iac_file(p))
        else:
            lines = lines_of(directory, extensions)
        if lines == 0:
            print(f"{lang:<11} (corpus has no {'/'.join(extensions)} files)")
            continue
        report(lang, lines, scan(rules, directory))
    if not args or "text" in args:
        # secrets over every file; the template rule per line of HTML templates
        report("text", lines_of(CORPUS, TEXT_EXTENSIONS), scan("text", CORPUS, lambda r: not r.startswith("template-")))
        report("templates", lines_of(CORPUS, TEMPLATE_EXTENSIONS), scan("text", CORPUS, lambda r: r.startswith("template-")))
    print(NOT_REACHABLE)


if __name__ == "__main__":
    main()
