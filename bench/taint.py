#!/usr/bin/env python3
"""What taint mode costs: the scan time of the bench corpus (Django + webpack,
fetched by bench/scan.py) with the built-in Python and JavaScript rules, with
and without their taint rules, on 1 thread and on the default threads; and
the peak memory of each run.

    python3 bench/taint.py [--runs N] [--no-build]   (TECHLEAD_BIN=path: another build)

Both configurations scan the same files with the same binary; the only
difference is the set of rule files: "without" leaves out every file with
`mode: taint`. The script stops when there is no taint rule to measure, or
when the two runs did not scan the same number of files.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scan import CORPUS, RULE_LANGS, ROOT, fetch_corpus  # noqa: E402

BINARY = Path(os.environ.get("TECHLEAD_BIN", ROOT / "target" / "release" / "techlead"))


def rule_sets(tmp: Path):
    """Two rule folders: every rule of the languages, and the same without taint rules."""
    with_taint, without = tmp / "with", tmp / "without"
    taint = 0
    for lang in RULE_LANGS:
        for rule in sorted((ROOT / "rules" / lang).glob("*.yml")):
            text = rule.read_text()
            for target in (with_taint, without):
                target.mkdir(exist_ok=True)
            shutil.copy(rule, with_taint / rule.name)
            if "\nmode: taint" in "\n" + text:
                taint += 1
            else:
                shutil.copy(rule, without / rule.name)
    return with_taint, without, taint


def timed(args):
    """Wall seconds, CPU seconds (user + system), peak RSS in MiB and the JSON report of one scan."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            sys.exit(f"stopped: {' '.join(map(str, args))} exited with {status}")
        out.seek(0)
        report = json.loads(out.read())
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-build", action="store_true", help="use the release binary as it is")
    args = parser.parse_args()
    fetch_corpus()
    if not args.no_build and "TECHLEAD_BIN" not in os.environ:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if not BINARY.exists():
        sys.exit(f"stopped: {BINARY} is missing; run without --no-build")
    with tempfile.TemporaryDirectory() as tmp:
        with_taint, without, taint = rule_sets(Path(tmp))
        if taint == 0:
            sys.exit(f"stopped: the built-in {'/'.join(RULE_LANGS)} rules hold no taint rule, so there is nothing to measure")
        print(f"corpus: {CORPUS.relative_to(ROOT)}; rules: {len(list(with_taint.iterdir()))} with taint ({taint} taint rules), {len(list(without.iterdir()))} without")
        for threads in ("1", None):
            times = {"with": [], "without": []}
            cpu = {"with": [], "without": []}
            rss = {"with": 0.0, "without": 0.0}
            files = {}
            for _ in range(args.runs):
                # Take turns, so load from other processes hits both alike.
                for name, rules in (("without", without), ("with", with_taint)):
                    cmd = [str(BINARY), "scan", "--format", "json", "--rules", str(rules), str(CORPUS)]
                    if threads:
                        cmd[2:2] = ["-j", threads]
                    elapsed, spent, peak, report = timed(cmd)
                    times[name].append(elapsed)
                    cpu[name].append(spent)
                    rss[name] = max(rss[name], peak)
                    files[name] = report["files"]["scanned"]
                    taint_findings = report["counts"]["total"]
            if files["with"] != files["without"]:
                sys.exit(f"stopped: the runs scanned different files ({files})")
            a, b = statistics.median(times["without"]), statistics.median(times["with"])
            # CPU time too: on a shared machine the wall time of one run
            # varies by ±15%, the CPU time a scan needs much less.
            ca, cb = statistics.median(cpu["without"]), statistics.median(cpu["with"])
            label = "1 thread" if threads else "default threads"
            print(f"{label:>16}: without taint {a:.2f} s, with taint {b:.2f} s -> {100 * (b - a) / a:+.1f}%; "
                  f"CPU {ca:.2f} s -> {cb:.2f} s, {100 * (cb - ca) / ca:+.1f}%  "
                  f"(peak RSS {rss['without']:.0f} / {rss['with']:.0f} MiB; {files['with']} files; {taint_findings} findings with taint)")


if __name__ == "__main__":
    main()
