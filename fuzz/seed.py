#!/usr/bin/env python3
"""Seeds the fuzz corpora (fuzz/corpus/<target>/) from the project's own data.

Usage: python3 fuzz/seed.py [--limit N]

With --limit, at most N inputs per target, spread evenly over what would be
written (so every language and file kind keeps some): a short run replays
its whole corpus before it mutates anything.

- webhook_event: GitHub's example payloads under tests/data, each as
  `<X-GitHub-Event>\\n<body>`, plus comment payloads carrying each command.
- signature: those bodies, each with its right signature and a wrong one.
- repo_config: the configs the tests and the README use, and one that sets
  every key; also one merged over an organisation's (`own\\0org`).
- rule_compile: every built-in rule file.
- diff_patch: the example pull request's diff, whole and cut into each file's
  GitHub `patch`, and the diffs the tests use.
- analysis: every rule test snippet and every example file, each prefixed with
  the byte that picks its language (its index in the table of
  src/analysis/language.rs), and the metrics test data.

Inputs are named by their content's hash, so a rerun adds nothing twice and
keeps what the fuzzer found.
"""
import hashlib
import hmac
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
PAYLOADS = ROOT / "tests" / "data" / "shared-github" / "webhooks" / "payloads"
PR_DIFF = ROOT / "tests" / "data" / "shared-github" / "pr-example" / "artsy-emission-327" / "pull.diff"
SECRET = b"It's a Secret to Everybody"


SEEDS = {}


def add(target, data):
    if isinstance(data, str):
        data = data.encode()
    SEEDS.setdefault(target, {})[hashlib.sha1(data).hexdigest()] = data


def write(limit):
    for target, seeds in SEEDS.items():
        folder = CORPUS / target
        folder.mkdir(parents=True, exist_ok=True)
        items = list(seeds.items())
        if limit and len(items) > limit:
            items = [items[i * len(items) // limit] for i in range(limit)]
        for name, data in items:
            (folder / name).write_bytes(data)


def languages():
    """Language names in table order, and each one's extensions."""
    text = (ROOT / "src" / "analysis" / "language.rs").read_text()
    table = text[text.index("pub const LANGUAGES"):]
    names = re.findall(r'\bname: "([a-z]+)"', table)
    exts = [re.findall(r'"([a-z0-9]+)"', e) for e in re.findall(r"\bextensions: &\[([^\]]*)\]", table)]
    if len(names) != len(exts) or not names:
        sys.exit("fuzz/seed.py: cannot read the language table of src/analysis/language.rs")
    return names, exts


def rust_string_literals(pattern, text):
    """The string literals a regex with one `"...")` capture finds, unescaped."""
    return [json.loads('"' + s + '"') for s in re.findall(pattern, text)]


def webhooks():
    bodies = []
    for path in sorted(PAYLOADS.glob("*.json")):
        event = path.name.split(".")[0]
        body = path.read_bytes()
        bodies.append(body)
        add("webhook_event", event.encode() + b"\n" + body)
    comment = json.loads((PAYLOADS / "issue_comment.created.with-installation.json").read_text())
    comment["comment"]["author_association"] = "MEMBER"
    for command in ["@techlead review", "@techlead explain python-eval-used", "@techlead ignore python-eval-used",
                    "@techlead ignore python-eval-used everywhere", "please @techlead   review\nthanks"]:
        comment["comment"]["body"] = command
        add("webhook_event", "issue_comment\n" + json.dumps(comment))
        comment["comment"]["in_reply_to_id"] = 42
        add("webhook_event", "pull_request_review_comment\n" + json.dumps({**comment, "pull_request": {"number": 1}}))
        del comment["comment"]["in_reply_to_id"]
    return bodies


def signatures(bodies):
    for body in bodies[:8] + [b"", b"Hello, World!"]:
        good = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        add("signature", f"sha256={good}\n".encode() + body)
        add("signature", f"sha256= {good.upper()} \n".encode() + body)
        add("signature", f"sha1={good[:40]}\n".encode() + body)


FULL_CONFIG = """\
extends: acme
rules:
  enable: [security, python]
  disable: [python-eval-used, metrics/function-length]
  severity:
    security: warning
    python-os-system: error
    javascript: hint
paths:
  include: ["src/**", "lib/**/*.py"]
  exclude: ["**/vendor/**", "*.min.js"]
  rules:
    python-eval-used:
      include: ["src/**"]
      exclude: ["src/legacy/**"]
rule_dirs: [.techlead/rules]
review:
  event: REQUEST_CHANGES
  max_inline_comments: 10
  summary: false
  drafts: true
gate:
  fail_level: warning
  metrics: false
  thresholds: {cognitive: 20, cyclomatic: 10, function_length: 60, nesting: 3, parameters: 5}
"""


def configs():
    texts = {FULL_CONFIG, "", "rules:\n  enable: [securty]\n", "extends: not a repo\n", "- a list\n", "a: 1\n---\nb: 2\n"}
    for test in sorted((ROOT / "tests").glob("*.rs")):
        texts.update(rust_string_literals(r'techlead\.yml", "((?:[^"\\]|\\.)*)"', test.read_text()))
    for block in re.findall(r"```ya?ml\n(.*?)```", (ROOT / "README.md").read_text(), re.S):
        texts.add(block)
    for text in texts:
        add("repo_config", text)
    add("repo_config", "extends: acme\nreview:\n  max_inline_comments: 10\n\0review:\n  drafts: true\nrules:\n  disable: [standards]\n")


def rule_files():
    files = sorted((ROOT / "rules").rglob("*.yml"))
    for path in files:
        add("rule_compile", path.read_bytes())
    return files


def diffs():
    whole = PR_DIFF.read_text()
    add("diff_patch", whole)
    for part in re.split(r"(?m)^(?=diff --git )", whole):
        at = part.find("\n@@")
        if at >= 0:
            add("diff_patch", part[at + 1:])
    for test in ["scan_cli.rs", "app_review.rs"]:
        path = ROOT / "tests" / test
        if path.exists():
            for text in rust_string_literals(r'"((?:diff --git|@@ )(?:[^"\\]|\\.)*)"', path.read_text()):
                add("diff_patch", text)
    add("diff_patch", "@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n d\n@@ -10,2 +11,2 @@ fn x\n-e\n+E\n f\n")
    add("diff_patch", 'diff --git "a/na\\303\\257ve.py" "b/na\\303\\257ve.py"\n--- /dev/null\n+++ "b/na\\303\\257ve.py"\n@@ -0,0 +1 @@\n+x\n')


def analysis(files):
    names, exts = languages()
    by_ext = {ext: i for i, e in enumerate(exts) for ext in e}
    count = 0
    for path in files:
        for doc in yaml.safe_load_all(path.read_text()):
            if not isinstance(doc, dict):
                continue
            lang = str(doc.get("language", "")).lower()
            picks = [names.index(lang)] if lang in names else list(range(len(names))) if lang == "text" else []
            tests = doc.get("tests") or {}
            snippets = list(tests.get("valid") or [])
            for case in tests.get("invalid") or []:
                snippets.append(case["code"] if isinstance(case, dict) else case)
            for snippet in snippets:
                for pick in picks[:3] if lang == "text" else picks:
                    add("analysis", bytes([pick]) + str(snippet).encode())
                    count += 1
    for path in sorted((ROOT / "examples").rglob("*")) + sorted((ROOT / "tests" / "data" / "metrics").glob("*")):
        pick = by_ext.get(path.suffix.lstrip("."))
        if path.is_file() and pick is not None:
            add("analysis", bytes([pick]) + path.read_bytes())
            count += 1
    return count


def main():
    limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else 0
    signatures(webhooks())
    configs()
    files = rule_files()
    diffs()
    snippets = analysis(files)
    write(limit)
    for target in sorted(p.name for p in CORPUS.iterdir()):
        print(f"{target}: {len(list((CORPUS / target).iterdir()))} inputs")
    print(f"(analysis: {snippets} snippets and files)")


if __name__ == "__main__":
    main()
