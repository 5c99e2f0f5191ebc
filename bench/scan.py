#!/usr/bin/env python3
"""Scan speed: techlead vs the ast-grep CLI on the same rules and corpus.

Usage: python3 bench/scan.py [--runs N]

Brings its own corpus (the Django wheel from PyPI and the webpack tarball from
npm, unpacked into bench/corpus/), builds techlead in release mode, then
prints files/s, MB/s, peak RSS and the techlead/ast-grep time ratio for one
thread and for default threads, plus tree-sitter's in-process parse-only time
over exactly the files the scan covers (the floor for any tool that parses
every file).

A comparison that is not like for like is refused, never printed:
- ast-grep is found only by its own name, `ast-grep` on PATH (or the path in
  $AST_GREP); never `sg`, which on many systems is `newgrp`. It must report
  itself as ast-grep of the same minor version as the ast-grep library techlead
  embeds (Cargo.lock), so both run the same matcher. Install it with
  `npm install -g @ast-grep/cli@VERSION` or `pip install ast-grep-cli==VERSION`.
- The two tools' finding counts on the corpus may differ by at most 10%;
  more means they did not do the same work, and the benchmark stops.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
RULE_LANGS = ["python", "javascript"]
PY_SDIST = ("django", "5.1.4")
NPM_PACKAGE = "webpack@5.97.1"


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def fetch_corpus():
    if (CORPUS / ".done").exists():
        return
    CORPUS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        name, version = PY_SDIST
        # The wheel of a pure-Python package holds exactly its source files.
        run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:",
             f"{name}=={version}", "-d", tmp], stdout=subprocess.DEVNULL)
        run(["npm", "pack", "--silent", NPM_PACKAGE], cwd=tmp, stdout=subprocess.DEVNULL)
        for archive in Path(tmp).iterdir():
            if archive.suffix == ".whl":
                with zipfile.ZipFile(archive) as wheel:
                    wheel.extractall(CORPUS / archive.name.split("-")[0])
            elif archive.name.endswith((".tar.gz", ".tgz")):
                with tarfile.open(archive) as tar:
                    tar.extractall(CORPUS / archive.name.split(".t")[0], filter="data")
    # techlead skips minified bundles (one giant line); ast-grep does not. Remove
    # them so both tools scan the same files.
    for path in CORPUS.rglob("*"):
        if path.is_file() and path.suffix in (".js", ".mjs", ".cjs", ".py"):
            text = path.read_bytes()
            if len(text) >= 2048 and len(text) // max(1, text.count(b"\n") + 1) > 300:
                path.unlink()
    (CORPUS / ".done").write_text("ok")


# ast-grep also scans the <script> blocks of HTML files (language injection),
# which techlead does not: leave those out so both tools do the same work.
SG_SAME_FILES = ["--globs", "!*.html"]


def embedded_ast_grep_version():
    """The ast-grep-core version techlead is built with, from Cargo.lock."""
    lock = (ROOT / "Cargo.lock").read_text()
    found = re.search(r'name = "ast-grep-core"\nversion = "([^"]+)"', lock)
    if not found:
        sys.exit("bench/scan.py: ast-grep-core is not in Cargo.lock; cannot tell which ast-grep to compare with")
    return found.group(1)


def ast_grep_binary():
    """The ast-grep CLI, found by its own name only, at the embedded library's
    minor version; anything else stops the benchmark with how to fix it."""
    wanted = embedded_ast_grep_version()
    install = (f"install it with `npm install -g @ast-grep/cli@{wanted}` or "
               f"`pip install ast-grep-cli=={wanted}`, or set AST_GREP to its path")
    found = os.environ.get("AST_GREP") or shutil.which("ast-grep")
    if not found:
        sys.exit(f"bench/scan.py: ast-grep is not installed (no `ast-grep` on PATH; `sg` is not looked at, "
                 f"it is often `newgrp`): {install}")
    try:
        said = subprocess.run([found, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError) as e:
        sys.exit(f"bench/scan.py: cannot run {found} --version ({e}): {install}")
    version = re.fullmatch(r"ast-grep (\d+)\.(\d+)\.(\d+)\S*", said)
    if not version:
        sys.exit(f"bench/scan.py: {found} is not ast-grep (`--version` said {said!r}): {install}")
    if version.group(1, 2) != tuple(wanted.split(".")[:2]):
        sys.exit(f"bench/scan.py: {found} is ast-grep {'.'.join(version.groups())}, techlead embeds ast-grep {wanted}: "
                 f"the two would not run the same matcher; {install}")
    return found, said


def plain_ast_grep_rules(dest: Path):
    """Our rule files minus the `tests:` block, which ast-grep does not know."""
    rules = dest / "rules"
    rules.mkdir(parents=True)
    count = 0
    for lang in RULE_LANGS:
        for path in sorted((ROOT / "rules" / lang).glob("*.yml")):
            text = path.read_text()
            text = re.sub(r"(?ms)^tests:.*?(?=^\S|^---|\Z)", "", text)
            (rules / path.name).write_text(text)
            count += 1
    (dest / "sgconfig.yml").write_text("ruleDirs:\n  - rules\n")
    return count


# Both tools exit 1 when they found something; anything else is a failure.
OK_EXIT = (0, 1)


def timed(cmd, cwd=None):
    """Wall time of one run; a run that fails stops the benchmark."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode not in OK_EXIT:
        sys.exit(f"{cmd[0]} exited {proc.returncode}: {proc.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def measure(commands, runs):
    """Best wall time of each (cmd, cwd) over `runs` rounds. The commands take
    turns within a round, so load from other processes hits them alike."""
    best = [float("inf")] * len(commands)
    for _ in range(runs):
        for i, (cmd, cwd) in enumerate(commands):
            best[i] = min(best[i], timed(cmd, cwd))
    return best


def finding_counts(techlead_cmd, sg_cmd, sg_cwd):
    """Runs each tool once and returns (techlead report, ast-grep match count)."""
    ours = subprocess.run(techlead_cmd, capture_output=True)
    if ours.returncode not in OK_EXIT:
        sys.exit(f"techlead exited {ours.returncode}: {ours.stderr.decode(errors='replace')[-2000:]}")
    theirs = subprocess.run(sg_cmd, cwd=sg_cwd, capture_output=True)
    if theirs.returncode not in OK_EXIT:
        sys.exit(f"ast-grep exited {theirs.returncode}: {theirs.stderr.decode(errors='replace')[-2000:]}")
    matches = json.loads(theirs.stdout or b"[]")
    return json.loads(ours.stdout), len(matches)


def counts_agree(ours, theirs):
    """Within 10% of the larger count (both zero agree)."""
    return abs(ours - theirs) <= 0.1 * max(ours, theirs)


def peak_rss(cmd):
    """Peak resident memory (MiB) of one run of `cmd`, read with wait4."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # First, so a missing or wrong ast-grep stops the run before the long build.
    sg, sg_version = ast_grep_binary()
    print(f"comparing with {sg_version} at {sg}")
    fetch_corpus()
    run(["cargo", "build", "--release", "-q"], cwd=ROOT)
    techlead = ROOT / "target" / "release" / "techlead"
    lang_args = sum((["--lang", lang] for lang in RULE_LANGS), [])
    floor = subprocess.run(["cargo", "bench", "-q", "--bench", "parse_floor", "--", *lang_args, str(CORPUS)], cwd=ROOT,
                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    floor = json.loads(floor)
    # The files the scan covers, as the floor chose them with the scan's own rules.
    files, size = floor["files"], floor["bytes"]
    print(f"corpus: {files} {'/'.join(RULE_LANGS)} files, {size / 1e6:.1f} MB in {CORPUS}")
    print(f"tree-sitter parse only (in process, 1 thread): {floor['parse_seconds']:.3f}s "
          f"for {floor['files']} files, {floor['files_per_s']:.0f} files/s, {floor['mb_per_s']:.1f} MB/s")
    with tempfile.TemporaryDirectory() as tmp:
        n_rules = plain_ast_grep_rules(Path(tmp))
        rule_args = sum((["--rules", str(ROOT / "rules" / lang)] for lang in RULE_LANGS), [])
        print(f"rules: {n_rules} ({', '.join(RULE_LANGS)})")
        report, sg_count = finding_counts([str(techlead), "scan", "--format", "json", *rule_args, str(CORPUS)],
                                          [sg, "scan", "--json=compact", *SG_SAME_FILES, str(CORPUS)], tmp)
        ours = report["counts"]["total"]
        print(f"findings: techlead {ours}, ast-grep {sg_count}; files scanned by techlead: "
              f"{report['files']['scanned']} ({report['files']['parsed']} parsed)")
        if report["files"]["scanned"] != files:
            print(f"WARNING: techlead scanned {report['files']['scanned']} files, the floor parsed {files}")
        # Small gaps are expected: techlead skips generated files and honours
        # its own suppression comments.
        if not counts_agree(ours, sg_count):
            sys.exit(f"bench/scan.py: the finding counts differ by more than 10% (techlead {ours}, ast-grep {sg_count}): "
                     "the tools did not do the same work, so their times cannot be compared")
        print()
        print(f"{'threads':<8} {'tool':<9} {'seconds':>8} {'files/s':>9} {'MB/s':>7} {'ratio':>6}")
        for threads in ["1", "default"]:
            j = [] if threads == "default" else ["-j", threads]
            t_ours, t_sg = measure([([str(techlead), "scan", "--format", "json", *rule_args, *j, str(CORPUS)], None),
                                    ([sg, "scan", "--json", *SG_SAME_FILES, *j, str(CORPUS)], tmp)], args.runs)
            if threads == "1":
                t_single = t_ours
            for tool, t in (("techlead", t_ours), ("ast-grep", t_sg)):
                print(f"{threads:<8} {tool:<9} {t:>8.3f} {files / t:>9.0f} {size / 1e6 / t:>7.1f} {t / t_sg:>6.2f}")
        print()
        for threads in ["1", "default"]:
            j = [] if threads == "default" else ["-j", threads]
            plain, with_metrics = measure([([str(techlead), "scan", "--format", "json", *rule_args, *j, str(CORPUS)], None),
                                           ([str(techlead), "scan", "--metrics", "--format", "json", *rule_args, *j, str(CORPUS)], None)],
                                          args.runs)
            print(f"metrics on the same parse, {threads} thread(s): scan {plain:.3f}s, scan --metrics {with_metrics:.3f}s "
                  f"(+{(with_metrics / plain - 1) * 100:.0f}%; target: at most +20%)")
        print(f"techlead 1 thread vs parse-only floor: {t_single / floor['parse_seconds']:.2f}x "
              "(below 1.0 means the prefilter skipped parsing)")
    # Peak memory must not grow with the corpus: scan one half, then all of it.
    half = sorted(p for p in CORPUS.iterdir() if p.is_dir())[:1]
    for label, paths in (("one package", half), ("whole corpus", [CORPUS])):
        for threads in ("1", "2"):
            print(f"peak RSS, {label}, -j {threads}: "
                  f"{peak_rss([str(techlead), 'scan', '--format', 'json', *rule_args, '-j', threads, *map(str, paths)]):.0f} MiB")


if __name__ == "__main__":
    main()
