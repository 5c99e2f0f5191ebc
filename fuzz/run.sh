#!/usr/bin/env bash
# Bounded fuzz run of every target: seeds the corpora from the project's data
# (fuzz/seed.py), builds the targets with cargo-fuzz (libFuzzer), and runs each
# for SECONDS (default 20). A crash fails the run and leaves the input in
# fuzz/artifacts/<target>/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <file>   (in fuzz/)
#
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
#
# FUZZ_FLAGS picks the build: by default `--dev -s none` (unoptimised, overflow
# checks on, no sanitizer), which builds cold in a few minutes, as .ci/run
# needs; `FUZZ_FLAGS=-O` is cargo-fuzz's own release build with
# AddressSanitizer, for long runs (about 4x the build time, far more inputs/s),
# with FUZZ_SEEDS=0 to seed every input.
#
# The toolchain here is stable Rust; cargo-fuzz passes nightly flags
# (-Zsanitizer=address), which RUSTC_BOOTSTRAP=1 lets stable rustc accept.
# cargo-fuzz itself comes from crates.io (about 30 s to build) into
# target/cargo-fuzz when it is not on PATH.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-20}"
shift || true
export RUSTC_BOOTSTRAP=1
root="$(cd .. && pwd)"

if ! command -v cargo-fuzz >/dev/null; then
  if [[ ! -x "$root/target/cargo-fuzz/bin/cargo-fuzz" ]]; then
    echo "fuzz/run.sh: installing cargo-fuzz into target/cargo-fuzz"
    cargo install --quiet --locked cargo-fuzz --version 0.13.2 --root "$root/target/cargo-fuzz"
  fi
  export PATH="$root/target/cargo-fuzz/bin:$PATH"
fi
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml
# A short run replays its whole corpus before it mutates anything: seed at
# most FUZZ_SEEDS inputs per target (0: every one, for long runs).
python3 seed.py --limit "${FUZZ_SEEDS:-100}" >/dev/null

targets=("$@")
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(cargo fuzz list)
fi
read -r -a flags <<<"${FUZZ_FLAGS:---dev -s none}"
# The sanitizer's ODR check trips on SQLite's globals (bundled by sqlx).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_odr_violation=0}"
cargo fuzz build "${flags[@]}"
for target in "${targets[@]}"; do
  # -rss_limit_mb: above the analysis of a large input, below the machine;
  # -timeout: one input that takes this long is a hang, reported as a crash.
  mkdir -p artifacts
  log="artifacts/$target.log"
  if ! cargo fuzz run "${flags[@]}" "$target" -- -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz/run.sh: $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1 || echo 'cov: ?')
  echo "fuzz $target: ${seconds}s, $runs inputs run, $cov, corpus $(find "corpus/$target" -type f | wc -l) inputs"
done
