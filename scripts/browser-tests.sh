#!/usr/bin/env bash
# Starts Tandem with the demo workspace on a throw-away SQLite file and runs the browser
# tests against it with Debian's chromium. Usage: scripts/browser-tests.sh [path/to/tandem]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/debug/tandem}
data=$(mktemp -d)
port=${TANDEM_BROWSER_PORT:-18080}
"$binary" serve --demo --data-dir "$data" --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$data/server.log"; exit 1; }
TANDEM_URL="http://127.0.0.1:$port" python3 -m pytest -q Tests/browser
