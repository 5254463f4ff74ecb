#!/usr/bin/env bash
# Starts Tandem with the demo workspace on a throw-away SQLite file and runs the browser
# tests against it with Debian's chromium. Usage: scripts/browser-tests.sh [path/to/tandem]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/debug/tandem}
data=$(mktemp -d)
port=${TANDEM_BROWSER_PORT:-18080}
# BROWSER_DATABASE_URL (PostgreSQL) runs the same tests on that engine, in a throw-away schema.
if [ -n "${BROWSER_DATABASE_URL:-}" ]; then
  export DATABASE_URL="$BROWSER_DATABASE_URL" TANDEM_DB_SCHEMA="browser_$$_$(date +%s)"
  echo "browser tests on PostgreSQL, schema $TANDEM_DB_SCHEMA"
fi
"$binary" serve --demo --data-dir "$data" --port "$port" >"$data/server.log" 2>&1 &
server=$!
cleanup() {
  kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"
  if [ -n "${BROWSER_DATABASE_URL:-}" ] && command -v psql >/dev/null; then
    psql "${BROWSER_DATABASE_URL%%\?*}" -q -c "DROP SCHEMA IF EXISTS $TANDEM_DB_SCHEMA CASCADE" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$data/server.log"; exit 1; }
engine=sqlite; [ -n "${BROWSER_DATABASE_URL:-}" ] && engine=postgres
# Screenshots (every role's key pages at 1366 and 390 px) are the run's artifacts; git ignores them.
TANDEM_SCREENSHOTS="${TANDEM_SCREENSHOTS:-browser-screenshots/$engine}" TANDEM_URL="http://127.0.0.1:$port" python3 -m pytest -q Tests/browser
