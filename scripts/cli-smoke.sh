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
check "set-password" sh -c "echo 'another-long-one' | '$tandem' users set-password --data-dir '$data' --email ops@client.example --password-stdin"
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
