#!/usr/bin/env bash
# Makes the machine's PostgreSQL usable by the services and their tests:
# installs Debian's package if missing, starts the cluster, creates the `livelihood` role (local-only
# password from LIVELIHOOD_PG_PASSWORD, default "livelihood") and one database per service.
#   --max-connections=N   at least N connections (set, with a restart of the cluster, only when fewer are allowed)
set -euo pipefail

PG_PASSWORD="${LIVELIHOOD_PG_PASSWORD:-livelihood}"
MIN_CONNECTIONS=""
for arg in "$@"; do
  case "$arg" in
    --max-connections=*) MIN_CONNECTIONS="${arg#*=}" ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  echo "[postgres] installing Debian's postgresql package"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  as_root pg_createcluster "$version" main >/dev/null
  cluster="$version main"
fi
if ! pg_lsclusters --no-header | awk 'NR==1 {print $4}' | grep -q online; then
  echo "[postgres] starting cluster $cluster"
  as_root pg_ctlcluster $cluster start
fi

psql_admin() { as_root su postgres -c "psql -v ON_ERROR_STOP=1 -qtAX $*"; }
# A cluster just started takes a moment to accept connections.
await_cluster() { for i in $(seq 1 30); do psql_admin "-c 'select 1'" >/dev/null 2>&1 && break; sleep 1; done; }
await_cluster

if [ -n "$MIN_CONNECTIONS" ] && [ "$(psql_admin "-c 'show max_connections'")" -lt "$MIN_CONNECTIONS" ]; then
  echo "[postgres] allowing $MIN_CONNECTIONS connections (restarting cluster $cluster)"
  psql_admin "-c 'alter system set max_connections = $MIN_CONNECTIONS'"
  as_root pg_ctlcluster $cluster restart
  await_cluster
fi

if [ "$(psql_admin "-c \"select 1 from pg_roles where rolname='livelihood'\"")" != "1" ]; then
  psql_admin "-c \"create role livelihood login createdb password '$PG_PASSWORD'\""
else
  psql_admin "-c \"alter role livelihood login createdb password '$PG_PASSWORD'\""
fi
for db in livelihood_project livelihood_progress livelihood_notification; do
  if [ "$(psql_admin "-c \"select 1 from pg_database where datname='$db'\"")" != "1" ]; then
    psql_admin "-c \"create database $db owner livelihood encoding 'UTF8' template template0\""
  fi
done
echo "[postgres] ready on 127.0.0.1:$(pg_lsclusters --no-header | awk 'NR==1 {print $3}') (role livelihood)"
