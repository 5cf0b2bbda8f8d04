#!/usr/bin/env bash
# Runs every test of every service against a real PostgreSQL and a real Kafka broker, the end-to-end
# test across the three services, and the deployment manifests' checks.
# Installs and starts PostgreSQL if needed; each service's tests start their own broker (KRaft)
# and create a database of their own, so nothing else needs to be running.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$ROOT/deploy/validate-manifests.sh"
bash "$ROOT/deploy/local/ensure-postgres.sh"
cd "$ROOT"
exec ./mvnw -B verify "$@"
