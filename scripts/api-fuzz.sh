#!/usr/bin/env bash
# schemathesis against the API's own OpenAPI document (/api/v1/openapi.json), on a throw-away
# demo workspace (SQLite), twice: with an admin's token and with a partner user's token
# (Harborline's). Checks: no 5xx answer, and every answer matches the schema the document gives
# for it (status, content type, body). Bounded: a few examples per operation and a time limit.
# Usage: scripts/api-fuzz.sh [path/to/tandem]   (FUZZ_EXAMPLES, FUZZ_SECONDS to change the bounds)
set -euo pipefail
cd "$(dirname "$0")/.."
tandem=$(realpath "${1:-.build/debug/tandem}")
examples=${FUZZ_EXAMPLES:-8}
seconds=${FUZZ_SECONDS:-240}
command -v schemathesis >/dev/null || python3 -m pip install -q schemathesis
data=$(mktemp -d)
port=${TANDEM_FUZZ_PORT:-18480}
base="http://127.0.0.1:$port"
"$tandem" serve --demo --data-dir "$data" --port "$port" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$base/healthz" >/dev/null || { cat "$data/server.log"; exit 1; }
token() { "$tandem" users token --data-dir "$data" --email "$1" --name "api-fuzz" 2>/dev/null | tail -1; }
status=0
for who in admin@northwind.example pm@harborline.example; do
  echo "=== schemathesis as $who (at most $examples examples per operation, $seconds s)"
  secret=$(token "$who")
  [ -n "$secret" ] || { echo "no token for $who"; exit 1; }
  set +e
  timeout --signal=INT "$((seconds + 30))" schemathesis run "$base/api/v1/openapi.json" \
    --header "Authorization: Bearer $secret" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-examples "$examples" --max-time "$seconds" \
    --seed 18 --workers 2 --request-timeout 20 --generation-database none --no-color \
    --suppress-health-check all --warnings off
  code=$?
  set -e
  [ "$code" -eq 0 ] || { echo "schemathesis as $who: exit $code"; status=1; }
done
if [ "$status" -ne 0 ]; then echo "--- server log (errors)"; grep -iE "error|fatal|crashed|runtime failure" "$data/server.log" | tail -30 || true; fi
exit "$status"
