#!/usr/bin/env bash
# Installs PostgreSQL 15 + PostGIS 3 from Debian, starts the cluster on localhost:5432 and creates
# the test role and database. Idempotent: safe to run on a machine that already has them.
set -euo pipefail
if ! dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-15-postgis-3 >/dev/null
fi
if ! pg_lsclusters -h | grep -q '^15 *main'; then
  pg_createcluster 15 main >/dev/null
fi
pg_ctlcluster 15 main start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h localhost -p 5432 && break; sleep 1; done
pg_isready -h localhost -p 5432
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'atlas') THEN
    CREATE ROLE atlas LOGIN PASSWORD 'atlas' SUPERUSER;
  END IF;
END $$;
SQL
for db in atlas atlas_test; do
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = '$db'\"" | grep -q 1 \
    || su postgres -c "createdb -O atlas $db"
done
