#!/usr/bin/env python3
"""Cyclomatic complexity: techlead vs lizard, per language, on real code.

Usage: python3 bench/lizard_compare.py [--langs python,rust,...] [--show N]

Fetches a corpus per language into target/lizard-corpus/ (PyPI wheels, npm
tarballs, crates already in ~/.cargo/registry, Maven sources jars when Maven
can reach Central, C/C++/Go/PHP sources found on this machine), runs
`lizard --csv` and `techlead metrics --format json` on each, matches
functions by file and line, and prints per language: functions compared, the
share with equal cyclomatic complexity, and the main categories of
disagreement, each with examples. docs/metrics.md explains the categories.

Needs: pip install lizard; builds techlead in release mode.
"""
import argparse
import collections
import csv
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "target" / "lizard-corpus"
TECHLEAD = ROOT / "target" / "release" / "techlead"
CARGO_SRC = Path.home() / ".cargo" / "registry" / "src"
MAX_FILE = 1024 * 1024

PYPI = ["rich==13.9.4", "click==8.1.7", "django==5.1.4"]
NPM_JS = ["webpack@5.97.1", "express@4.21.2"]
NPM_TS = ["rxjs@7.8.1"]
CRATES = ["regex-syntax-", "serde_json-", "clap_builder-", "tokio-1", "hyper-1", "syn-2"]
MAVEN = {
    "java": ["org.apache.commons:commons-lang3:3.14.0"],
    "kotlin": ["org.jetbrains.kotlinx:kotlinx-coroutines-core-jvm:1.8.1"],
    "scala": ["org.scala-lang:scala-library:2.13.14"],
}
EXTENSIONS = {
    "python": (".py",), "javascript": (".js",), "typescript": (".ts",), "rust": (".rs",),
    "c": (".c",), "cpp": (".cc", ".cpp"), "go": (".go",), "php": (".php",),
    "java": (".java",), "kotlin": (".kt",), "scala": (".scala",), "ruby": (".rb",),
    "csharp": (".cs",), "swift": (".swift",),
}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def copy_tree(src, dest, exts, exclude=()):
    """Copies the files of `src` ending in `exts` (and no excluded part) under `dest`."""
    n = 0
    for path in Path(src).rglob("*"):
        if path.is_file() and path.name.endswith(exts) and not any(x in str(path) for x in exclude) and path.stat().st_size < MAX_FILE:
            target = dest / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            n += 1
    return n


def fetch_pypi(dest):
    with tempfile.TemporaryDirectory() as tmp:
        run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:", *PYPI, "-d", tmp], stdout=subprocess.DEVNULL)
        for wheel in Path(tmp).glob("*.whl"):
            with zipfile.ZipFile(wheel) as z:
                z.extractall(dest / wheel.name.split("-")[0])


def fetch_npm(packages, dest, keep):
    with tempfile.TemporaryDirectory() as tmp:
        for package in packages:
            run(["npm", "pack", "--silent", package], cwd=tmp, stdout=subprocess.DEVNULL)
        for archive in Path(tmp).glob("*.tgz"):
            unpacked = Path(tmp) / archive.stem
            with tarfile.open(archive) as tar:
                tar.extractall(unpacked, filter="data")
            copy_tree(unpacked, dest / archive.stem, keep, exclude=(".d.ts", ".min.js", "/dist/", "/bundles/", "/schemas/"))


def fetch_crates(dest):
    for prefix in CRATES:
        found = sorted(glob.glob(str(CARGO_SRC / "*" / f"{prefix}*")))
        if found:
            copy_tree(Path(found[-1]) / "src", dest / Path(found[-1]).name, (".rs",))


def fetch_maven(lang, dest):
    for coordinate in MAVEN[lang]:
        group, artifact, version = coordinate.split(":")
        try:
            run(["mvn", "-q", "dependency:get", f"-Dartifact={coordinate}:jar:sources"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        except (subprocess.SubprocessError, FileNotFoundError):
            return
        jar = Path.home() / ".m2" / "repository" / group.replace(".", "/") / artifact / version / f"{artifact}-{version}-sources.jar"
        if jar.exists():
            with zipfile.ZipFile(jar) as z:
                z.extractall(dest / artifact)


def fetch_local(lang, dest):
    """C, C++, Go, PHP, C#, Ruby, Swift: whatever sources this machine has."""
    roots = {
        "c": [*glob.glob(str(CARGO_SRC / "*" / "aws-lc-sys-*" / "aws-lc" / "crypto")), *glob.glob(str(CARGO_SRC / "*" / "ring-*" / "crypto"))],
        "cpp": glob.glob(str(CARGO_SRC / "*" / "aws-lc-sys-*" / "aws-lc")),
        "go": [str(CARGO_SRC), "/usr/share/doc"],
        "php": ["/usr/lib/google-cloud-sdk"],
        "csharp": ["/usr/lib/node_modules"],
        "ruby": ["/usr/lib/ruby"],
        "swift": [],
    }[lang]
    for i, root in enumerate(roots):
        if Path(root).exists():
            copy_tree(Path(root), dest / str(i), EXTENSIONS[lang])


def fetch(lang):
    dest = CORPUS / lang
    if (dest / ".done").exists():
        return dest
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    try:
        if lang == "python":
            fetch_pypi(dest)
        elif lang == "javascript":
            fetch_npm(NPM_JS, dest, (".js",))
        elif lang == "typescript":
            fetch_npm(NPM_TS, dest, (".ts",))
        elif lang == "rust":
            fetch_crates(dest)
        elif lang in MAVEN:
            fetch_maven(lang, dest)
        else:
            fetch_local(lang, dest)
    except (subprocess.SubprocessError, OSError) as e:
        print(f"{lang}: cannot fetch a corpus: {e}", file=sys.stderr)
    # Keep only this language's files, so both tools see the same ones.
    for path in list(dest.rglob("*")):
        if path.is_file() and not path.name.endswith(EXTENSIONS[lang]):
            path.unlink()
    (dest / ".done").touch()
    return dest


def lizard_functions(corpus, lang):
    out = subprocess.run([sys.executable, "-m", "lizard", "--csv", "-l", {"csharp": "csharp", "cpp": "cpp"}.get(lang, lang), str(corpus)],
                         capture_output=True, text=True).stdout
    functions = []
    for row in csv.reader(io.StringIO(out)):
        if len(row) < 11:
            continue
        functions.append({"file": os.path.relpath(row[6], corpus), "name": row[7], "start": int(row[9]), "end": int(row[10]), "ccn": int(row[1])})
    return functions


def techlead_functions(corpus):
    out = subprocess.run([str(TECHLEAD), "metrics", "--format", "json", "."], cwd=corpus, capture_output=True, text=True, check=True).stdout
    functions = []
    for file in json.loads(out)["files"]:
        for f in file["functions"]:
            functions.append({**f, "file": file["path"]})
    return functions


def match(lizard, techlead):
    """Pairs functions by file and line: lizard's start line is techlead's start or header line."""
    by_line = collections.defaultdict(list)
    for f in techlead:
        by_line[(f["file"], f["start_line"])].append(f)
        if f["header_line"] != f["start_line"]:
            by_line[(f["file"], f["header_line"])].append(f)
    pairs, lizard_only, used = [], [], set()
    for f in lizard:
        candidates = [t for t in by_line.get((f["file"], f["start"]), []) if id(t) not in used]
        if not candidates:
            lizard_only.append(f)
            continue
        short = f["name"].split("::")[-1].split(".")[-1]
        best = next((t for t in candidates if re.split(r"::|\.", t["name"])[-1] == short), candidates[0])
        used.add(id(best))
        pairs.append((f, best))
    techlead_only = [t for t in techlead if id(t) not in used]
    return pairs, lizard_only, techlead_only


def boundaries_differ(file, first, last, lizard_only, techlead_only):
    """Whether a function one tool found and the other did not lies inside this one."""
    inside = lambda f, start: f["file"] == file and first < start <= last
    return any(inside(f, f["start"]) for f in lizard_only) or any(inside(f, f["start_line"]) for f in techlead_only)


def source_of(corpus, f):
    try:
        lines = (corpus / f["file"]).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join(lines[f["start_line"] - 1:f["end_line"]])


# Why the tools differ, recognised from the function's text. Order matters: the first match names the category.
CATEGORIES = [
    ("lizard counts `finally`", lambda lang, d, s: lang == "python" and d > 0 and "finally:" in s),
    ("lizard counts Rust `where` clauses", lambda lang, d, s: lang == "rust" and d > 0 and re.search(r"\bwhere\b", s)),
    ("lizard higher; the function has match arms (not told apart further)", lambda lang, d, s: lang == "rust" and d > 0 and "=>" in s),
    ("Rust `?` in the function (both count it; they differ by one or two)", lambda lang, d, s: lang == "rust" and "?" in s),
    ("`??` (lizard counts it only in TypeScript and C#)", lambda lang, d, s: d < 0 and "??" in s),
    ("optional chaining `?.` read as a ternary by lizard", lambda lang, d, s: d > 0 and "?." in s),
    ("lizard higher; the function has `case` arms or arrow functions (not told apart further)", lambda lang, d, s: d > 0 and re.search(r"\bcase\b|=>", s)),
    ("preprocessor branches (`#if`) read as code by lizard", lambda lang, d, s: lang in ("c", "cpp") and re.search(r"^\s*#\s*(if|elif)", s, re.M)),
    ("macros whose arguments hold conditions", lambda lang, d, s: lang in ("c", "cpp", "rust") and re.search(r"\w+!?\(.*(&&|\|\||\?)", s)),
    ("`if`/`for` in a comprehension or conditional expression", lambda lang, d, s: lang == "python" and re.search(r"\bfor\b.*\bin\b.*\bif\b|\bif\b.*\belse\b", s)),
    ("keywords inside strings, regexes or templates counted by lizard", lambda lang, d, s: d > 0 and re.search(r"[\"'`/][^\"'`/\n]*\b(if|for|while|case|catch|and|or)\b", s)),
]


def categorise(lang, diff, text):
    for name, test in CATEGORIES:
        if test(lang, diff, text):
            return name
    return "lizard higher (other)" if diff > 0 else "techlead higher (other)"


def compare(lang, show):
    corpus = fetch(lang)
    files = [p for p in corpus.rglob("*") if p.is_file() and p.name != ".done"]
    if not files:
        return {"language": lang, "skipped": "no corpus available"}
    lizard = lizard_functions(corpus, lang)
    techlead = techlead_functions(corpus)
    pairs, lizard_only, techlead_only = match(lizard, techlead)
    agree = sum(1 for l, t in pairs if l["ccn"] == t["cyclomatic"])
    categories = collections.Counter()
    examples = collections.defaultdict(list)
    for l, t in pairs:
        diff = l["ccn"] - t["cyclomatic"]
        if diff:
            if boundaries_differ(t["file"], t["start_line"], t["end_line"], lizard_only, techlead_only):
                category = "function boundaries: one tool sees a nested function the other folds in"
            else:
                category = categorise(lang, diff, source_of(corpus, t))
            categories[category] += 1
            if len(examples[category]) < show:
                examples[category].append(f"{t['file']}:{t['start_line']} {t['name']} lizard={l['ccn']} techlead={t['cyclomatic']}")
    return {
        "language": lang, "files": len(files), "lizard_functions": len(lizard), "techlead_functions": len(techlead),
        "compared": len(pairs), "agree": agree, "agreement": round(100.0 * agree / max(1, len(pairs)), 1),
        "lizard_only": len(lizard_only), "techlead_only": len(techlead_only),
        "disagreements": categories.most_common(), "examples": examples,
        "unmatched_examples": [f"lizard only: {f['file']}:{f['start']} {f['name']}" for f in lizard_only[:show]]
        + [f"techlead only: {f['file']}:{f['start_line']} {f['name']}" for f in techlead_only[:show]],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--langs", default=",".join(EXTENSIONS))
    parser.add_argument("--show", type=int, default=3, help="examples per category")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    if shutil.which("lizard") is None and subprocess.run([sys.executable, "-c", "import lizard"]).returncode:
        sys.exit("lizard is missing: pip install lizard")
    run(["cargo", "build", "--release", "-q", "--bin", "techlead"], cwd=ROOT)
    results = [compare(lang, args.show) for lang in args.langs.split(",")]
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'language':<11} {'files':>6} {'compared':>9} {'agree':>7}  {'lizard only':>11} {'techlead only':>13}")
    for r in results:
        if "skipped" in r:
            print(f"{r['language']:<11} {r['skipped']}")
            continue
        print(f"{r['language']:<11} {r['files']:>6} {r['compared']:>9} {r['agreement']:>6}%  {r['lizard_only']:>11} {r['techlead_only']:>13}")
    for r in results:
        if "skipped" in r or not (r["disagreements"] or r["unmatched_examples"]):
            continue
        print(f"\n{r['language']}: {r['compared'] - r['agree']} disagreements")
        for category, count in r["disagreements"]:
            print(f"  {count:>5}  {category}")
            for example in r["examples"][category]:
                print(f"           {example}")
        for example in r["unmatched_examples"]:
            print(f"         {example}")


if __name__ == "__main__":
    main()
