#!/usr/bin/env bash
# Coverage on new code: techlead against diff-cover (PyPI `diff_cover`) on the
# same change and the same Cobertura report. Prints both figures and fails
# when they differ. Usage: bench/diff_cover_compare.sh [path/to/techlead]
set -euo pipefail
techlead=${1:-$(pwd)/target/debug/techlead}
command -v diff-cover >/dev/null || { echo "needs diff-cover: pip install diff_cover" >&2; exit 2; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
cd "$dir"
git init -q -b main
git() { command git -c user.email=bench@example.com -c user.name=bench "$@"; }
mkdir -p pkg
printf 'def add(a, b):\n    return a + b\n' > pkg/calc.py
printf 'def hello():\n    return "hi"\n' > pkg/greet.py
git add -A && git commit -qm base
git checkout -q -b feature
cat > pkg/calc.py <<'PY'
def add(a, b):
    return a + b


def scale(x, k):
    if k == 0:
        raise ValueError("k")
    y = x * k
    return y


def clamp(x, lo, hi):
    # comment lines are not executable
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x
PY
printf 'def hello():\n    return "hi"\n\n\ndef bye():\n    return "bye"\n' > pkg/greet.py
git add -A && git commit -qm feature
# A Cobertura report as coverage.py writes it: executable lines with hits.
cat > coverage.xml <<'XML'
<?xml version="1.0" ?>
<coverage version="7.4" line-rate="0.6" branch-rate="0" timestamp="1" lines-valid="15" lines-covered="9">
  <sources><source>/src/project</source></sources>
  <packages><package name="pkg" line-rate="0.6">
    <classes>
      <class name="calc.py" filename="pkg/calc.py" line-rate="0.6">
        <methods/>
        <lines>
          <line number="1" hits="1"/><line number="2" hits="1"/><line number="5" hits="1"/><line number="6" hits="1"/>
          <line number="7" hits="0"/><line number="8" hits="1"/><line number="9" hits="1"/><line number="12" hits="1"/>
          <line number="14" hits="1"/><line number="15" hits="0"/><line number="16" hits="1"/><line number="17" hits="0"/>
          <line number="18" hits="1"/>
        </lines>
      </class>
      <class name="greet.py" filename="pkg/greet.py" line-rate="0.5">
        <methods/>
        <lines><line number="1" hits="1"/><line number="2" hits="1"/><line number="5" hits="1"/><line number="6" hits="0"/></lines>
      </class>
    </classes>
  </package></packages>
</coverage>
XML
dc=$(diff-cover coverage.xml --compare-branch=main 2>/dev/null | grep -E '^(Total|Missing|Coverage):')
echo "diff-cover:"; echo "$dc" | sed 's/^/  /'
tl=$("$techlead" scan --diff main --coverage coverage.xml pkg 2>/dev/null | grep -E '^(Coverage on new code|  pkg/)' || true)
echo "techlead:"; echo "$tl" | sed 's/^/  /'
dc_total=$(echo "$dc" | sed -n 's/^Total: *\([0-9]*\) lines*/\1/p')
dc_missing=$(echo "$dc" | sed -n 's/^Missing: *\([0-9]*\) lines*/\1/p')
tl_covered=$(echo "$tl" | sed -n 's/^Coverage on new code: .* (\([0-9]*\) of \([0-9]*\) lines)/\1/p')
tl_total=$(echo "$tl" | sed -n 's/^Coverage on new code: .* (\([0-9]*\) of \([0-9]*\) lines)/\2/p')
if [ "$dc_total" = "$tl_total" ] && [ "$((dc_total - dc_missing))" = "$tl_covered" ]; then
  echo "agree: $tl_covered of $tl_total lines"
else
  echo "DISAGREE: diff-cover $((dc_total - dc_missing)) of $dc_total, techlead $tl_covered of $tl_total" >&2
  exit 1
fi
