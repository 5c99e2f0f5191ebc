#!/usr/bin/env python3
"""Noise check: how often each built-in rule fires on real, well-kept code.

Usage: python3 bench/noise.py

Fetches packages from the registries this project can reach (PyPI wheels, npm
tarballs, crates from static.crates.io; libsqlite3-sys carries SQLite's C
source), unpacks them into bench/noise-corpus/, scans each language with its
rule pack and prints findings per 1,000 lines for every rule that fired.
A rule above 0.3 per 1,000 lines (a few per 10,000) must justify itself in its
note or be tightened; those are marked.
"""
import json
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
TECHLEAD = ROOT / "target" / "release" / "techlead"

PYPI = ["django==5.1.4", "requests==2.32.3", "flask==3.0.3", "jinja2==3.1.4", "werkzeug==3.0.6", "click==8.1.7"]
NPM = ["express@4.21.2", "lodash@4.17.21", "axios@1.7.9", "commander@12.1.0"]
CRATES = [("tokio", "1.41.1"), ("serde", "1.0.215"), ("regex", "1.11.1"), ("clap_builder", "4.5.21"), ("hyper", "1.5.1"), ("libsqlite3-sys", "0.30.1")]

LANGS = {
    "python": ([".py"], "python"),
    "javascript": ([".js", ".mjs", ".cjs"], "javascript"),
    "rust": ([".rs"], "rust"),
    "c": ([".c", ".h"], "c"),
}
NOT_REACHABLE = "Go, Java, Ruby, PHP, C#, Kotlin, Swift, Scala: no package registry for them is reachable from this machine"


def fetch():
    marker = CORPUS / ".done"
    if marker.exists():
        return
    CORPUS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:", *PYPI, "-d", tmp], check=True)
        for wheel in Path(tmp).glob("*.whl"):
            with zipfile.ZipFile(wheel) as z:
                z.extractall(CORPUS / "python" / wheel.name.split("-")[0])
        subprocess.run(["npm", "pack", "--silent", *NPM], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        for tgz in Path(tmp).glob("*.tgz"):
            with tarfile.open(tgz) as t:
                t.extractall(CORPUS / "javascript" / tgz.stem, filter="data")
        for name, version in CRATES:
            crate = Path(tmp) / f"{name}.crate"
            urllib.request.urlretrieve(f"https://static.crates.io/crates/{name}/{name}-{version}.crate", crate)
            with tarfile.open(crate) as t:
                t.extractall(CORPUS / "crates", filter="data")
    marker.write_text("ok")


def lines_of(directory, extensions):
    total = 0
    for path in directory.rglob("*"):
        if path.is_file() and path.suffix in extensions and ".min." not in path.name:
            try:
                total += path.read_bytes().count(b"\n")
            except OSError:
                pass
    return total


def main():
    fetch()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    print(f"{'language':<11} {'rule':<48} {'findings':>8} {'per 1k lines':>12}")
    for lang, (extensions, rules) in LANGS.items():
        directory = CORPUS / ("crates" if lang in ("rust", "c") else lang)
        lines = lines_of(directory, extensions)
        out = subprocess.run([str(TECHLEAD), "scan", "--format", "json", "--rules", str(ROOT / "rules" / rules), str(directory)], capture_output=True, text=True)
        report = json.loads(out.stdout)
        counts = Counter(f["rule_id"] for f in report["findings"])
        print(f"{lang:<11} {'(corpus: ' + format(lines, ',') + ' lines)':<48}")
        for rule, n in counts.most_common():
            rate = n / lines * 1000
            mark = ""
            if rate > 0.3:
                note_file = next((ROOT / "rules").glob(f"*/{rule}.yml"), None)
                justified = note_file is not None and "Noise:" in note_file.read_text()
                mark = "  <- above 0.3/1k: " + ("justified in its note" if justified else "NOT JUSTIFIED: tighten it or explain")
            print(f"{'':<11} {rule:<48} {n:>8} {rate:>12.3f}{mark}")
    print(NOT_REACHABLE)


if __name__ == "__main__":
    main()
