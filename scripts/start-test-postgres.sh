#!/usr/bin/env bash
# Installs (if needed) and starts Debian's PostgreSQL on loopback with a `tandem` role and a
# `tandem_test` database, then prints the TEST_DATABASE_URL to use. Safe to run repeatedly.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -q && break
  sleep 1
done

# The test suite runs many apps at once, each with its own small pool.
if [ "$(su postgres -c "psql -tAc 'SHOW max_connections'")" -lt 300 ]; then
  su postgres -c "psql -q -c 'ALTER SYSTEM SET max_connections = 300'" >&2
  pg_ctlcluster "$version" main restart >&2
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -q && break
    sleep 1
  done
fi

su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='tandem'\"" | grep -q 1 \
  || su postgres -c "psql -q -c \"CREATE ROLE tandem LOGIN PASSWORD 'tandem'\"" >&2
su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='tandem_test'\"" | grep -q 1 \
  || su postgres -c "psql -q -c \"CREATE DATABASE tandem_test OWNER tandem\"" >&2

echo "postgres://tandem:tandem@127.0.0.1:5432/tandem_test"
