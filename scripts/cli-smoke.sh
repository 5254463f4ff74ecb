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
# The front line (issue 16): a roster import, its re-import, and a refused file that names file, line and column.
printf 'agent_id,name,site,start_date,queues,status,leave_date,leave_reason\nSMOKE-1,Ana Smoke,Tampa,2026-03-02,billing-voice,nesting,,\n' >"$data/roster.csv"
expect_output "roster import adds the agent" "1 agent added, 0 updated, 0 unchanged from roster.csv" "$tandem" import roster "$data/roster.csv" --team "Harborline Contact Services" --data-dir "$data"
expect_output "roster import again changes nothing" "0 agents added, 0 updated, 1 unchanged" "$tandem" import roster "$data/roster.csv" --team "Harborline Contact Services" --data-dir "$data"
printf 'agent_id,name,start_date,status\nSMOKE-2,Ben Smoke,2026-02-30,working\n' >"$data/bad-roster.csv"
expect_output "a bad roster names file, line and column" "bad-roster.csv:2 start_date" "$tandem" import roster "$data/bad-roster.csv" --team "Harborline Contact Services" --data-dir "$data"
expect_output "sessions purge runs" "Purged 0 expired sessions." "$tandem" sessions purge --data-dir "$data"
check "set-password" sh -c "echo 'another-long-one' | '$tandem' users set-password --data-dir '$data' --email ops@client.example --password-stdin"
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
