#!/usr/bin/env bash
# Webhook acknowledgement latency of the real `techlead serve` binary, driven
# by wrk (Debian's package) over loopback. Every request is a signed, unique
# pull_request delivery that is committed to storage before the 202.
#
# wrk is closed-loop: each connection sends its next request when the last
# one is answered, so this measures latency at the server's saturation rate,
# a harsher load than the issue's 200 requests/s (bench/app.rs measures that
# open-loop rate in process). Usage: bench/ack_wrk.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

body=tests/data/shared-github/webhooks/payloads/pull_request.opened.json
secret=bench-secret
signature="sha256=$(openssl dgst -sha256 -hmac "$secret" -r <"$body" | cut -d' ' -f1)"
port=3999

# GitHub is unreachable here (port 9 refuses at once): the bench measures the
# acknowledgement only; one worker keeps the background job traffic small.
TECHLEAD_APP_ID=1 TECHLEAD_PRIVATE_KEY_PATH=tests/data/test-app-key.pem \
TECHLEAD_WEBHOOK_SECRET=$secret TECHLEAD_LISTEN=127.0.0.1:$port \
TECHLEAD_DATABASE_URL="sqlite://$work/techlead.db" TECHLEAD_GITHUB_API_URL=http://127.0.0.1:9 \
TECHLEAD_WORKERS=1 RUST_LOG=error \
  target/release/techlead serve >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

export BENCH_BODY=$body BENCH_SIGNATURE=$signature
for connections in 1 4; do
  echo "== wrk, $connections connection(s), ${seconds}s, unique signed deliveries (SQLite, WAL) =="
  wrk -t1 -c"$connections" -d"${seconds}s" --latency -s bench/ack.lua "http://127.0.0.1:$port" |
    grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx|requests in"
done
