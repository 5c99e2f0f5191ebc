#!/usr/bin/env python3
"""Recall and precision of the rule pack on the labelled corpus (tests/corpus/).

Usage: python3 bench/recall.py [--rules DIR] [--binary PATH] [--json] [--top N] [CORPUS_DIR ...]

Scans each `tests/corpus/<dir>/` as a root (paths relative to it) with the
built binary (`target/debug/techlead` unless `--binary`), reads the
annotations described at the top of `tests/corpus.rs` and prints:

- per corpus dir: expected lines caught / expected + known misses (recall),
  and true findings / all security findings on labelled lines and unannotated
  lines (precision; a security finding on a `techlead-safe` line or on an
  unannotated line is a false alarm);
- per rule, worst first (lowest recall, then lowest precision).

Without `--rules` it scans with `rules/` of this checkout (the built-in rules,
read fresh). `--rules DIR` scans with that rule pack instead, so the
figure of an older pack can be computed with today's engine:

    git archive b72b41a rules | tar -x -C /tmp/rules-before
    python3 bench/recall.py --rules /tmp/rules-before/rules

The comment tokens that may carry an annotation come from the language table
in `src/analysis/language.rs` (`comment_starts` by extension and file name);
files of no language there (Dockerfiles, templates, text files) accept `#`,
`//`, `/*` and `<!--`.
`tests/corpus.rs` applies the same reading and fails `cargo test` on a
violated annotation; this script only measures.
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
LANGUAGE_TABLE = ROOT / "src" / "analysis" / "language.rs"
DEFAULT_COMMENTS = ["#", "//", "/*", "<!--"]
MARKER = re.compile(r"techlead-(expect|safe|known-miss)\b:?(.*)")
RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def language_table():
    """(extension -> comment starts, file name -> comment starts) read from the language table."""
    text = LANGUAGE_TABLE.read_text()
    consts = {m.group(1): re.findall(r'"([^"]*)"', m.group(2)) for m in re.finditer(r"const (\w+): &\[&str\] = &\[([^\]]*)\];", text)}

    def strings(field, block):
        m = re.search(field + r":\s*(&\[([^\]]*)\]|\w+)", block)
        if not m:
            return []
        return re.findall(r'"([^"]*)"', m.group(2)) if m.group(2) is not None else consts.get(m.group(1), [])

    by_ext, by_name = {}, {}
    for block in re.findall(r"LangSpec\s*\{(.*?)\n?\s*\}", text, re.S):
        comments = strings("comment_starts", block)
        if not comments:
            continue
        for ext in strings("extensions", block):
            by_ext[ext.lower()] = comments
        for name in strings("file_names", block):
            by_name[name] = comments
    return by_ext, by_name


BY_EXT, BY_NAME = language_table()


def comment_starts(path):
    if path.name in BY_NAME:
        return BY_NAME[path.name]
    return BY_EXT.get(path.suffix.lstrip(".").lower(), DEFAULT_COMMENTS)


def annotations(root):
    """{(relative path, line): (kind, [rule ids], text)} for every annotated line under root."""
    labels = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        starts = comment_starts(path)
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(lines, start=1):
            m = MARKER.search(line)
            if not m or not any(s in line[: m.start()] for s in starts):
                continue
            kind, rest = m.group(1), m.group(2)
            if kind == "expect":
                ids = [t for t in (RULE_ID.match(p.strip()) for p in rest.split(",")) if t]
                ids = [t.group(0) for t in ids]
            elif kind == "known-miss":
                first = RULE_ID.match(rest.strip())
                ids = [first.group(0)] if first else []
            else:
                ids = []
            labels[(rel, number + 1)] = (kind, ids, line.strip())
    return labels


def scan(binary, root, rules):
    # default settings: an empty repository config instead of the one of the
    # repository the corpus sits in (which leaves tests/corpus/ out)
    config = Path(tempfile.gettempdir()) / "techlead-recall-default-config.yml"
    config.write_text("# default settings\n")
    cmd = [str(binary), "scan", "--format", "json", "--severity", "hint", "--fail-level", "error", "--config", str(config)]
    for r in rules or [ROOT / "rules"]:
        cmd += ["--rules", str(Path(r).resolve())]
    out = subprocess.run(cmd + ["."], cwd=root, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} in {root} failed ({out.returncode}):\n{out.stderr}")
    return json.loads(out.stdout)["findings"]


def measure(binary, root, rules, aliases=None):
    """Per-rule counts and the list of problems for one corpus dir."""
    labels = annotations(root)
    found = defaultdict(set)  # (path, line) -> rule ids starting there
    security = {}
    for f in scan(binary, root, rules):
        path = f["path"].removeprefix("./")
        rid = (aliases or {}).get(f["rule_id"], f["rule_id"])
        found[(path, f["start"]["line"])].add(rid)
        security[rid] = "security" in f.get("tags", [])
    stats = defaultdict(lambda: {"tp": 0, "fn": 0, "fp": 0})
    problems = []
    for (path, line), (kind, ids, _) in sorted(labels.items()):
        here = found.get((path, line), set())
        if kind == "expect":
            for rid in ids:
                if rid in here:
                    stats[rid]["tp"] += 1
                else:
                    stats[rid]["fn"] += 1
                    problems.append(f"{path}:{line}: expected {rid} not reported")
        elif kind == "known-miss":
            for rid in ids:
                stats[rid]["fn"] += 1
                if rid in here:
                    problems.append(f"{path}:{line}: known-miss {rid} now caught (flip it to techlead-expect)")
        else:
            for rid in sorted(here):
                if security.get(rid):
                    stats[rid]["fp"] += 1
                    problems.append(f"{path}:{line}: security finding {rid} on a safe line")
    unannotated = 0
    for (path, line), ids in found.items():
        if (path, line) in labels:
            continue
        for rid in ids:
            if security.get(rid):
                stats[rid]["fp"] += 1
                unannotated += 1
    expected = sum(1 for k, _, _ in labels.values() if k == "expect")
    safe = sum(1 for k, _, _ in labels.values() if k == "safe")
    misses = sum(1 for k, _, _ in labels.values() if k == "known-miss")
    return stats, problems, {"expect": expected, "safe": safe, "known_miss": misses, "unannotated_alarms": unannotated}


def ratio(a, b):
    return a / b if b else None


def pct(x):
    return "   -  " if x is None else f"{x * 100:5.1f}%"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", help="corpus dirs (default: every dir under tests/corpus)")
    ap.add_argument("--rules", action="append", help="rule directory to scan with instead of rules/ (repeatable)")
    ap.add_argument("--binary", default=str(ROOT / "target" / "debug" / "techlead"))
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--top", type=int, default=40, help="how many of the worst rules to print (0: all)")
    ap.add_argument("--problems", action="store_true", help="also list every violated annotation")
    ap.add_argument("--corpus", default=str(CORPUS), help="the corpus root (default: tests/corpus)")
    ap.add_argument("--alias", action="append", default=[], metavar="OLD=NEW",
                    help="count findings of rule OLD as rule NEW (an older pack's id for a renamed rule); repeatable")
    args = ap.parse_args()
    if not Path(args.binary).exists():
        sys.exit(f"{args.binary} does not exist; build it with `cargo build`")
    corpus = Path(args.corpus)
    dirs = args.dirs or (sorted(p.name for p in corpus.iterdir() if p.is_dir()) if corpus.exists() else [])
    per_lang, per_rule, all_problems = {}, {}, []
    for d in dirs:
        root = corpus / d
        if not root.is_dir():
            sys.exit(f"{root} is not a corpus dir")
        aliases = dict(a.split("=", 1) for a in args.alias)
        stats, problems, counts = measure(args.binary, root, args.rules, aliases)
        tp = sum(s["tp"] for s in stats.values())
        fn = sum(s["fn"] for s in stats.values())
        fp = sum(s["fp"] for s in stats.values())
        per_lang[d] = {**counts, "tp": tp, "fn": fn, "fp": fp, "recall": ratio(tp, tp + fn), "precision": ratio(tp, tp + fp)}
        for rid, s in stats.items():
            per_rule[(d, rid)] = {**s, "recall": ratio(s["tp"], s["tp"] + s["fn"]), "precision": ratio(s["tp"], s["tp"] + s["fp"])}
        all_problems += [f"{d}/{p}" for p in problems]
    if args.json:
        print(json.dumps({"languages": per_lang, "rules": {f"{d}:{r}": v for (d, r), v in per_rule.items()}, "problems": all_problems}, indent=2))
        return
    print(f"{'corpus':<15} {'expect':>6} {'safe':>5} {'k-miss':>6} {'caught':>6} {'alarms':>6} {'recall':>7} {'precision':>9}")
    total = {"tp": 0, "fn": 0, "fp": 0}
    for d, v in per_lang.items():
        print(f"{d:<15} {v['expect']:>6} {v['safe']:>5} {v['known_miss']:>6} {v['tp']:>6} {v['fp']:>6} {pct(v['recall']):>7} {pct(v['precision']):>9}")
        for k in total:
            total[k] += v[k]
    print(f"{'all':<15} {'':>6} {'':>5} {'':>6} {total['tp']:>6} {total['fp']:>6} {pct(ratio(total['tp'], total['tp'] + total['fn'])):>7} "
          f"{pct(ratio(total['tp'], total['tp'] + total['fp'])):>9}")
    print()

    def badness(item):
        v = item[1]
        return (v["recall"] if v["recall"] is not None else 2, v["precision"] if v["precision"] is not None else 2, -(v["fn"] + v["fp"]))

    rows = sorted(per_rule.items(), key=badness)
    if args.top:
        rows = rows[: args.top]
    print(f"worst rules first ({len(rows)} of {len(per_rule)}):")
    print(f"{'corpus':<15} {'rule':<52} {'caught':>6} {'missed':>6} {'alarms':>6} {'recall':>7} {'precision':>9}")
    for (d, rid), v in rows:
        print(f"{d:<15} {rid:<52} {v['tp']:>6} {v['fn']:>6} {v['fp']:>6} {pct(v['recall']):>7} {pct(v['precision']):>9}")
    if args.problems and all_problems:
        print("\nviolated annotations:")
        print("\n".join(all_problems))
    elif all_problems:
        print(f"\n{len(all_problems)} violated annotations (--problems lists them; `cargo test --test corpus` fails on them)")


if __name__ == "__main__":
    main()
