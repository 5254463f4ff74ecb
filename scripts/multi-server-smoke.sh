#!/usr/bin/env bash
# Two app servers on one PostgreSQL database (a fresh schema), as behind a load balancer:
#  - a user signs in on one and carries on with the same cookie on the other (and signs out there);
#  - an import uploaded to one is watched, while it runs, from the server that is NOT running it;
#  - a chat-webhook delivery reaches a local receiver exactly once, and the import job runs once;
#  - the server running a second import is killed with kill -9 mid-job: the other takes the job over
#    within the stale time (TANDEM_JOB_STALE_SECONDS=6) and stores every row once.
# Usage: scripts/multi-server-smoke.sh [path/to/tandem]   (PostgreSQL URL: MULTI_DATABASE_URL,
# else TEST_DATABASE_URL, else the local test database)
set -euo pipefail
cd "$(dirname "$0")/.."
tandem=$(realpath "${1:-.build/debug/tandem}")
url=${MULTI_DATABASE_URL:-${TEST_DATABASE_URL:-postgres://tandem:tandem@127.0.0.1:5432/tandem_test?sslmode=disable}}
schema="multi_$(date +%s)_$RANDOM"
export DATABASE_URL="$url" TANDEM_DB_SCHEMA="$schema" TANDEM_JOB_STALE_SECONDS=6 TANDEM_LOG_LEVEL=${TANDEM_LOG_LEVEL:-warning}
data=$(mktemp -d)
port_a=$((19000 + RANDOM % 400)); port_b=$((port_a + 401)); port_hook=$((port_a + 802))
a="http://127.0.0.1:$port_a"; b="http://127.0.0.1:$port_b"
pid_a=""; pid_b=""; receiver=""
passed=0; failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
psql_url=${url%%\?*}
sql() { psql "$psql_url" -qAt -v ON_ERROR_STOP=1 -c "SET search_path TO $schema; $1" | tail -1; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
cleanup() {
  for pid in $pid_a $pid_b $receiver; do kill -9 "$pid" 2>/dev/null || true; done
  if [ "$failed" -ne 0 ]; then
    for log in "$data"/server-*.log; do echo "--- $log (errors)"; grep -iE "error|warning|fatal" "$log" | tail -15 || true; done
  fi
  psql "$psql_url" -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT

start() { # name port -> pid in $started
  TANDEM_NODE_NAME="node-$1" "$tandem" serve --port "$2" >>"$data/server-$1.log" 2>&1 &
  started=$!
  for _ in $(seq 1 300); do curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server $1 did not start"; cat "$data/server-$1.log"; exit 1
}
wait_import() { # base run-id -> final json in $json
  for _ in $(seq 1 1200); do
    json=$(curl -fsS -H "Authorization: Bearer $token" "$1/api/v1/imports/$2")
    case "$(echo "$json" | field "d['status']")" in succeeded|failed|rejected) return 0;; esac
    sleep 0.1
  done
}
# The run is marked done inside its job; the job row says so a moment later, when the handler
# returns. "attempts status" of the job behind an import run, once it has left 'running' (10 s at most).
job_of_run() {
  local row=""
  for _ in $(seq 1 100); do
    row=$(sql "SELECT j.attempts || ' ' || j.status FROM jobs j JOIN import_runs r ON r.job_id = j.id WHERE r.id = '$1'")
    case "$row" in *running*|*queued*|"") sleep 0.1 ;; *) break ;; esac
  done
  echo "$row"
}
runner_of() { sql "SELECT split_part(j.worker, '/', 1) FROM jobs j JOIN import_runs r ON r.job_id = j.id WHERE r.id = '$1' AND j.status = 'running'"; }

"$tandem" demo >/dev/null
token=$("$tandem" users token --email admin@northwind.example --name multi-server 2>/dev/null | tail -1)
start a "$port_a"; pid_a=$started
start b "$port_b"; pid_b=$started
echo "two servers on schema $schema: node-a $a, node-b $b"

# Sessions live in the database: sign in on A, carry on on B, sign out on B, and A no longer knows the cookie.
jar="$data/cookies"
csrf=$(curl -fsS -c "$jar" -b "$jar" "$a/login" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
code=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "email=admin@northwind.example" \
  --data-urlencode "password=tandem-demo-2026" --data-urlencode "_csrf=$csrf" --data-urlencode "next=/" "$a/login")
[ "$code" = 303 ] || [ "$code" = 302 ] && ok "signed in on node-a" || fail "sign-in on node-a answered $code"
page=$(curl -sS -b "$jar" -w '\n%{http_code}' "$b/")
[ "$(echo "$page" | tail -1)" = 200 ] && echo "$page" | grep -q "Sign out" && ok "the same cookie opens the dashboard on node-b" || fail "node-b did not know the session"
token_b=$(echo "$page" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
code=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "_csrf=$token_b" "$b/logout")
after=$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" "$a/")
[ "$code" = 303 ] || [ "$code" = 302 ] && [ "$after" = 302 ] || [ "$after" = 303 ] && ok "signed out on node-b (form with the session's token): node-a sends the cookie to sign in" \
  || fail "sign-out on node-b answered $code, then node-a answered $after"

# A chat webhook to a local receiver: one broadcast sent on node-b is delivered once, whichever server's worker claims it.
cat >"$data/receiver.py" <<'PY'
import http.server, sys
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[2], "ab") as f: f.write(body.replace(b"\n", b" ") + b"\n")
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
python3 "$data/receiver.py" "$port_hook" "$data/hook.log" & receiver=$!
touch "$data/hook.log"
curl -fsS -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  -d "{\"name\": \"Multi-server smoke\", \"url\": \"http://127.0.0.1:$port_hook/hook\", \"events\": [\"broadcast.*\"], \"format\": \"slack\"}" \
  "$a/api/v1/webhook-subscriptions" >/dev/null
curl -fsS -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  -d '{"kind": "launch", "title": "Multi-server smoke launch", "body": "Both servers know it.", "effectiveDate": "2030-01-15", "audience": "all_partners", "requiresAcknowledgement": false}' \
  "$b/api/v1/broadcasts" >/dev/null
for _ in $(seq 1 100); do [ -s "$data/hook.log" ] && break; sleep 0.1; done
sleep 4  # both workers poll every second or so: give a second delivery every chance to happen
received=$(grep -c "Multi-server smoke launch" "$data/hook.log" || true)
[ "$received" = 1 ] && ok "the webhook receiver got the broadcast exactly once" || fail "the receiver got it $received times"
[ "$(sql "SELECT status || ' ' || attempts FROM webhook_deliveries WHERE text LIKE '%Multi-server smoke launch%'")" = "sent 1" ] \
  && ok "its delivery is recorded sent after one attempt" || fail "delivery row: $(sql "SELECT status, attempts FROM webhook_deliveries")"

# An import uploaded to node-a, watched while it runs from the server that is not running it.
"$tandem" generate contacts --count 200000 --out "$data/first.csv" --seed 5 >/dev/null
"$tandem" generate contacts --count 400000 --out "$data/second.csv" --seed 6 >/dev/null  # ids carry the seed: no overlap
before=$(sql "SELECT COUNT(*) FROM contact_records")
run=$(curl -fsS -X POST -H "Authorization: Bearer $token" -H "Content-Type: text/csv" --data-binary "@$data/first.csv" \
  "$a/api/v1/imports?source=multi-first&fileName=first.csv" | field "d['id']")
runner=""
for _ in $(seq 1 300); do runner=$(runner_of "$run"); [ -n "$runner" ] && break; sleep 0.05; done
[ -n "$runner" ] && ok "the import was claimed by $runner" || fail "nobody claimed the import"
if [ "$runner" = node-a ]; then watcher=$b; watcher_name=node-b; else watcher=$a; watcher_name=node-a; fi
seen=0; seen_running=no
for _ in $(seq 1 600); do
  json=$(curl -fsS -H "Authorization: Bearer $token" "$watcher/api/v1/imports/$run")
  status=$(echo "$json" | field "d['status']"); rows=$(echo "$json" | field "d['rowsRead']")
  if [ "$status" = running ] && [ "$rows" -gt "$seen" ]; then seen=$rows; seen_running=yes; fi
  case "$status" in succeeded|failed|rejected) break;; esac
  sleep 0.1
done
[ "$seen_running" = yes ] && ok "$watcher_name showed the running import's progress ($seen rows read, read from the database)" \
  || fail "$watcher_name never saw progress while the import ran (status $status)"
wait_import "$watcher" "$run"
[ "$(echo "$json" | field "d['status'] + ' ' + str(d['rowsInserted'])")" = "succeeded 200000" ] && ok "the first import stored 200000 rows" \
  || fail "first import: $(echo "$json" | field "d['status'] + ' ' + d['message']")"
[ "$(job_of_run "$run")" = "1 succeeded" ] \
  && ok "its job ran exactly once" || fail "job row: $(sql "SELECT attempts, status FROM jobs")"
middle=$(sql "SELECT COUNT(*) FROM contact_records")
[ "$middle" = $((before + 200000)) ] && ok "every row stored once ($middle contacts)" || fail "$middle contacts, expected $((before + 200000))"

# A second import: kill -9 the server running it, mid-job; the other takes it over within the stale time.
run=$(curl -fsS -X POST -H "Authorization: Bearer $token" -H "Content-Type: text/csv" --data-binary "@$data/second.csv" \
  "$b/api/v1/imports?source=multi-second&fileName=second.csv" | field "d['id']")
runner=""
for _ in $(seq 1 300); do runner=$(runner_of "$run"); [ -n "$runner" ] && break; sleep 0.05; done
for _ in $(seq 1 100); do [ "$(sql "SELECT rows_read > 0 FROM import_runs WHERE id = '$run'")" = t ] && break; sleep 0.05; done
if [ "$runner" = node-a ]; then victim=$pid_a; survivor=$b; survivor_name=node-b; pid_a=""; else victim=$pid_b; survivor=$a; survivor_name=node-a; pid_b=""; fi
killed_at=$(date +%s.%N)
kill -9 "$victim"; { wait "$victim"; } 2>/dev/null || true
echo "killed $runner mid-import ($(sql "SELECT rows_read FROM import_runs WHERE id = '$run'") rows read)"
taken=""
for _ in $(seq 1 300); do
  [ "$(runner_of "$run")" = "$survivor_name" ] && { taken=$(date +%s.%N); break; }
  sleep 0.1
done
if [ -n "$taken" ]; then
  delay=$(python3 -c "print(f'{$taken - $killed_at:.1f}')")
  python3 -c "import sys; sys.exit(0 if $taken - $killed_at <= 6 + 3 else 1)" \
    && ok "$survivor_name took the job over ${delay} s after the kill (stale time 6 s, polled every second)" \
    || fail "$survivor_name took the job over only after ${delay} s"
else
  fail "$survivor_name never took the job over"
fi
wait_import "$survivor" "$run"
[ "$(echo "$json" | field "d['status'] + ' ' + str(d['rowsInserted'])")" = "succeeded 400000" ] && ok "the interrupted import finished with 400000 rows" \
  || fail "second import: $(echo "$json" | field "d['status'] + ' ' + d['message']")"
end=$(sql "SELECT COUNT(*) FROM contact_records")
[ "$end" = $((middle + 400000)) ] && ok "every row stored once ($end contacts)" || fail "$end contacts, expected $((middle + 400000))"
rollups=$(sql "SELECT SUM(offered) + SUM(short_abandons) FROM contact_rollups")
[ "$rollups" = "$end" ] && ok "rollups count every contact once" || fail "rollups count $rollups contacts, the table holds $end"
[ "$(job_of_run "$run")" = "2 succeeded" ] \
  && ok "its job ran twice: the killed attempt and the one that finished" || fail "job row: $(sql "SELECT attempts, status, message FROM jobs ORDER BY created_at DESC LIMIT 1")"

echo "multi-server: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
