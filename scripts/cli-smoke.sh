#!/usr/bin/env bash
# Exercises the operator CLI end to end on a throw-away SQLite folder.
# Usage: scripts/cli-smoke.sh [path/to/tandem]
set -euo pipefail
cd "$(dirname "$0")/.."
tandem=${1:-.build/debug/tandem}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
passed=0; failed=0
check() { # description, command...
  local what=$1; shift
  if "$@" >"$data/out" 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; cat "$data/out"; fi
}
expect_output() { # description, needle, command...
  local what=$1 needle=$2; shift 2
  "$@" >"$data/out" 2>&1 || true
  if grep -qF -- "$needle" "$data/out"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what (no \"$needle\")"; cat "$data/out"; fi
}

check "migrate creates the database" "$tandem" migrate --data-dir "$data"
[ -f "$data/tandem.sqlite" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: no database file"; }
check "create the first admin" sh -c "echo 'a-long-password' | '$tandem' users create --data-dir '$data' --email Ops@Client.example --name 'Ops Person' --role admin --password-stdin"
expect_output "users list shows the admin" "ops@client.example" "$tandem" users list --data-dir "$data"
expect_output "a short password is refused with the field named" "password: must be at least 10 characters" \
  sh -c "echo 'short' | '$tandem' users create --data-dir '$data' --email x@client.example --name X --role viewer --password-stdin"
expect_output "bad settings are all named" "TANDEM_PORT=abc" env TANDEM_PORT=abc TANDEM_LOG_LEVEL=loud "$tandem" migrate --data-dir "$data"
expect_output "bad settings are all named" "TANDEM_LOG_LEVEL=loud" env TANDEM_PORT=abc TANDEM_LOG_LEVEL=loud "$tandem" migrate --data-dir "$data"
expect_output "demo loads" "Demo workspace loaded." "$tandem" demo --data-dir "$data"
expect_output "demo is idempotent" "already loaded" "$tandem" demo --data-dir "$data"
expect_output "demo users exist" "pm@harborline.example" "$tandem" users list --data-dir "$data"
expect_output "a new database already has 32 KiB pages" "already has 32768-byte pages" "$tandem" migrate --repack-pages --data-dir "$data"
expect_output "repacking is refused on PostgreSQL" "only a SQLite database file" "$tandem" migrate --repack-pages --database-url "postgres://nobody@127.0.0.1:1/none"
cat >"$data/qa.csv" <<'CSV'
evaluation_id,team,agent,evaluator,date,section,section_weight,item,item_points,answer,auto_fail
smoke-1,Harborline Contact Services,a-1,qa-lead,2026-03-03,Greeting,3,Used the name,10,9,
smoke-1,Harborline Contact Services,a-1,qa-lead,2026-03-03,Resolution,1,Correct fix,5,3,
smoke-1,Harborline Contact Services,a-1,qa-lead,2026-03-03,Compliance,0,Read disclosure,,pass,true
CSV
expect_output "qa import stores the evaluation" "1 new and 0 updated QA evaluations stored from 3 rows" "$tandem" import qa "$data/qa.csv" --source smoke --data-dir "$data"
expect_output "qa import again updates it" "0 new and 1 updated QA evaluations" "$tandem" import qa "$data/qa.csv" --source smoke --data-dir "$data"
printf 'evaluation_id,team,agent,date,section,section_weight,answer\nsmoke-2,Nowhere,a-1,2026-03-03,Greeting,1,yes\n' >"$data/bad-qa.csv"
expect_output "a bad qa file names the row" "bad-qa.csv:2 team: “Nowhere” is not a team in this workspace" "$tandem" import qa "$data/bad-qa.csv" --source smoke --data-dir "$data"
printf 'team,unit,quantity,rate,description\nHarborline Contact Services,productive_hour,1200.5,21.40,Voice\nHarborline Contact Services,handled_contact,300,1.1O,Chat\n' >"$data/bad-invoice.csv"
expect_output "a bad invoice names the line and field" "row 3, rate: must be a number" "$tandem" invoices import "$data/bad-invoice.csv" --partner "Harborline Contact Services" --month 2020-01 --data-dir "$data"
printf 'team,unit,quantity,rate\nHarborline Contact Services,productive_hour,1200.5,21.40\n' >"$data/invoice.csv"
expect_output "an invoice imports as a draft" "as the 2020-01 draft invoice of Harborline Contact Services: lines 25690.70" "$tandem" invoices import "$data/invoice.csv" --partner "Harborline Contact Services" --month 2020-01 --data-dir "$data"
printf 'team,agent,date,productive_hours,logged_hours\nHarborline Contact Services,hl-1,2020-01-06,6.5,7.25\n' >"$data/delivered.csv"
expect_output "delivered hours import" "Imported 1 rows from delivered.csv: 1 new" "$tandem" invoices delivered-hours "$data/delivered.csv" --data-dir "$data"
# Source presets (docs/import-presets.md): two Amazon Connect records back to back, no delimiter.
printf '%s' '{"ContactId":"smoke-c1","LastUpdateTimestamp":"2026-03-03T09:05:00Z","Channel":"VOICE","Queue":{"Name":"billing-voice","EnqueueTimestamp":"2026-03-03T09:00:00Z","Duration":12},"Agent":{"Username":"a-1","ConnectedToAgentTimestamp":"2026-03-03T09:00:12Z","AgentInteractionDuration":200,"CustomerHoldDuration":0,"AfterContactWorkDuration":30},"CustomerEndpoint":{"Address":"+15550100"}}{"ContactId":"smoke-c2","LastUpdateTimestamp":"2026-03-03T09:20:00Z","Channel":"VOICE","Queue":{"Name":"billing-voice","EnqueueTimestamp":"2026-03-03T09:10:00Z","Duration":40}}' >"$data/ctr.json"
expect_output "a preset import stores the contacts" "2 new and 0 updated contacts stored from 2 records" \
  "$tandem" import contacts "$data/ctr.json" --source connect --preset amazon-connect --preset-settings "team=fixed:Harborline Contact Services" --data-dir "$data"
expect_output "its settings are saved; the same records again update" "0 new and 2 updated contacts stored from 2 records" \
  "$tandem" import contacts "$data/ctr.json" --source connect --preset amazon-connect --data-dir "$data"
printf '{"ContactId":"x","Queue":{"Name":"billing-voice",' >"$data/cut.json"
expect_output "a cut-off export names the file and where" "Nothing was imported: the file cut.json is not valid JSON at line 1, byte 49: it ends in the middle of a value" \
  "$tandem" import contacts "$data/cut.json" --source connect --preset amazon-connect --data-dir "$data"
expect_output "several files need a preset" "Give one file, or several with --preset." "$tandem" import contacts "$data/ctr.json" "$data/cut.json" --source x --data-dir "$data"
# The front line (issue 16): a roster import, its re-import, and a refused file that names file, line and column.
printf 'agent_id,name,site,start_date,queues,status,leave_date,leave_reason\nSMOKE-1,Ana Smoke,Tampa,2026-03-02,billing-voice,nesting,,\n' >"$data/roster.csv"
expect_output "roster import adds the agent" "1 agent added, 0 updated, 0 unchanged from roster.csv" "$tandem" import roster "$data/roster.csv" --team "Harborline Contact Services" --data-dir "$data"
expect_output "roster import again changes nothing" "0 agents added, 0 updated, 1 unchanged" "$tandem" import roster "$data/roster.csv" --team "Harborline Contact Services" --data-dir "$data"
printf 'agent_id,name,start_date,status\nSMOKE-2,Ben Smoke,2026-02-30,working\n' >"$data/bad-roster.csv"
expect_output "a bad roster names file, line and column" "bad-roster.csv:2 start_date" "$tandem" import roster "$data/bad-roster.csv" --team "Harborline Contact Services" --data-dir "$data"
expect_output "sessions purge runs" "Purged 0 expired sessions." "$tandem" sessions purge --data-dir "$data"
check "set-password" sh -c "echo 'another-long-one' | '$tandem' users set-password --data-dir '$data' --email ops@client.example --password-stdin"

# Signals out (issue 17): a backup taken while the server runs (JSON logs, metrics on), restored into an empty folder.
port=$((20000 + RANDOM % 20000))
TANDEM_LOG_FORMAT=json TANDEM_METRICS_TOKEN=smoke-metrics-token-123456 "$tandem" serve --data-dir "$data" --port "$port" >"$data/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf -H 'X-Request-Id: smoke-request-1' "http://127.0.0.1:$port/healthz" >/dev/null || true
expect_output "the request id comes back" "smoke-request-1" curl -si -H 'X-Request-Id: smoke-request-1' "http://127.0.0.1:$port/healthz"
expect_output "metrics answer their token" 'tandem_http_requests_total{method="GET",route="/healthz",status="200"}' \
  curl -s -H 'Authorization: Bearer smoke-metrics-token-123456' "http://127.0.0.1:$port/metrics"
expect_output "metrics refuse anyone else" "401" curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics"
expect_output "backup while the server runs" "integrity check: ok" "$tandem" backup "$data/backup.sqlite" --data-dir "$data"
kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
expect_output "logs are JSON lines with the request id" '"request_id":"smoke-request-1"' grep -F '"route":"/healthz"' "$data/serve.log"
expect_output "every log line is one JSON object" "ok" python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1]) if l.strip()]; print('ok')" "$data/serve.log"
expect_output "a backup never overwrites" "exists already" "$tandem" backup "$data/backup.sqlite" --data-dir "$data"
expect_output "restore refuses a folder in use" "is not empty" "$tandem" restore "$data/backup.sqlite" --data-dir "$data"
expect_output "restore into an empty folder" "integrity check: ok" "$tandem" restore "$data/backup.sqlite" --data-dir "$data/restored" --checksums
expect_output "the restored workspace has the demo users" "pm@harborline.example" "$tandem" users list --data-dir "$data/restored"
expect_output "PostgreSQL is backed up with pg_dump" "pg_dump" "$tandem" backup "$data/pg.dump" --database-url "postgres://nobody@127.0.0.1:1/none"
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
