#!/usr/bin/env bash
# Runs the whole system on this machine: PostgreSQL (Debian's package), a real Kafka broker in KRaft mode
# (Apache Kafka's Maven Central artifacts), Keycloak (the sign-in, from Maven Central's server distribution) and
# the three services, seeded with the 2024 plan.
#   bash deploy/local/run.sh            build, start, seed, print how to use it; Ctrl-C stops everything
#   bash deploy/local/run.sh --fresh    the same, after wiping the databases and the broker's data
#   bash deploy/local/run.sh --demo     a fresh stack whose clocks start on 3 Oct 2024, then the scripted
#                                       reporting month of deploy/local/demo.sh
# Data lives in PostgreSQL, .local-stack/kafka and .local-stack/keycloak, and survives a restart unless --fresh is given.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.local-stack"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
KEYCLOAK_MANAGEMENT_PORT="${KEYCLOAK_MANAGEMENT_PORT:-9180}"
FRESH=false
DEMO=false
for arg in "$@"; do
  case "$arg" in
    --fresh) FRESH=true ;;
    --demo) FRESH=true; DEMO=true ;;
    -h|--help) sed -n 2,7p "$0"; exit 0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

declare -A SERVICE_PORTS=([project-service]=8081 [progress-service]=8082 [notification-service]=8083)
SERVICES=(project-service progress-service notification-service)
PIDS=()

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
stop_all() {
  trap - INT TERM EXIT
  if [ ${#PIDS[@]} -gt 0 ]; then
    step "stopping (${#PIDS[@]} processes)"
    for ((i=${#PIDS[@]}-1; i>=0; i--)); do kill "${PIDS[$i]}" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  fi
  echo "stopped."
}
trap stop_all INT TERM EXIT

wait_for() { # name url seconds pid
  local name=$1 url=$2 seconds=$3 pid=$4
  for ((i=0; i<seconds; i++)); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then echo "  [up] $name"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "  [failed] $name stopped; see $STATE/logs/$name.log and launcher.log" >&2; return 1; fi
    if (( i % 5 == 0 )); then echo "  [starting] $name ... ${i}s"; fi
    sleep 1
  done
  echo "  [timeout] $name not healthy after ${seconds}s; see $STATE/logs/$name.log" >&2
  return 1
}

step "PostgreSQL"
if $FRESH; then
  bash "$ROOT/deploy/local/ensure-postgres.sh" >/dev/null
  for db in livelihood_project livelihood_progress livelihood_notification; do
    su postgres -c "psql -qtAX -c 'drop database if exists $db with (force)'" >/dev/null
  done
  rm -rf "$STATE/kafka" "$STATE/keycloak/data"
fi
bash "$ROOT/deploy/local/ensure-postgres.sh"

step "Building (first run downloads Maven and dependencies; later runs are quick)"
# package only: nothing is installed into ~/.m2
(cd "$ROOT" && ./mvnw -B -q -DskipTests package)
mkdir -p "$STATE/logs"

SUPPORT_CP="$ROOT/test-support/target/test-support-1.0.0-SNAPSHOT.jar:$(cat "$ROOT/test-support/target/runtime-classpath.txt")"

# The stack is started by the launcher the end-to-end tests and the benchmarks use (test-support's
# ServiceStack), here with Keycloak's data under .local-stack/keycloak, the broker's under .local-stack/kafka,
# the three databases above and ports 8081-8083; stopping it (SIGTERM) stops them all and keeps their data.
step "Keycloak on 127.0.0.1:$KEYCLOAK_PORT, the Kafka broker (KRaft) on 127.0.0.1:$KAFKA_PORT and the services"
STACK_ENV=(--env "LIVELIHOOD_CLOCK_ADJUSTABLE=$DEMO" --env "LIVELIHOOD_CLOCK_START_AT=$($DEMO && echo 2024-10-03T10:00:00+08:00)"
           --env "LIVELIHOOD_ALERTS_SWEEP_EVERY=$($DEMO && echo 2s || echo 60s)")
java -Xmx256m -Dfile.encoding=UTF-8 \
  -Dlivelihood.kafka.classpath-file="$ROOT/deploy/kafka-broker/target/broker-classpath.txt" \
  -cp "$SUPPORT_CP" \
  cn.qinzhou.livelihood.testsupport.ServiceStack --root "$ROOT" --state "$STATE" \
  --kafka-port "$KAFKA_PORT" --controller-port "$KAFKA_CONTROLLER_PORT" \
  --keycloak-port "$KEYCLOAK_PORT" --keycloak-management-port "$KEYCLOAK_MANAGEMENT_PORT" "${STACK_ENV[@]}" \
  > "$STATE/logs/launcher.log" 2>&1 &
LAUNCHER_PID=$!
PIDS+=($LAUNCHER_PID)
# The first start builds Keycloak once (a few minutes on a busy 2-core machine), later ones take about 20 s.
wait_for keycloak "http://127.0.0.1:$KEYCLOAK_PORT/realms/livelihood" 900 "$LAUNCHER_PID"
for ((i=0; i<180; i++)); do
  if (echo > /dev/tcp/127.0.0.1/$KAFKA_PORT) 2>/dev/null; then echo "  [up] kafka"; break; fi
  kill -0 $LAUNCHER_PID 2>/dev/null || { echo "kafka exited; see $STATE/logs/launcher.log and kafka.log" >&2; exit 1; }
  (( i % 5 == 0 )) && echo "  [starting] kafka ... ${i}s"
  sleep 1
done
for svc in "${SERVICES[@]}"; do
  wait_for "$svc" "http://127.0.0.1:${SERVICE_PORTS[$svc]}/q/health/ready" 180 "$LAUNCHER_PID"
done

# Tokens for the command line: Keycloak's password grant on the livelihood-cli client (valid an hour).
source "$ROOT/deploy/local/tokens.sh"
PLANNER_TOKEN=$(token planner)
SUPERVISOR_TOKEN=$(token supervisor)
LEAD_UNIT_TOKEN=$(token qz-jyj)
DASHBOARD_TOKEN=$(token dashboard)
printf '%s\n' "PLANNER_TOKEN=$PLANNER_TOKEN" "SUPERVISOR_TOKEN=$SUPERVISOR_TOKEN" \
  "LEAD_UNIT_TOKEN=$LEAD_UNIT_TOKEN" "DASHBOARD_TOKEN=$DASHBOARD_TOKEN" > "$STATE/tokens.env"

step "Seed"
lead_units=$(curl -fsS -H "Authorization: Bearer $PLANNER_TOKEN" http://127.0.0.1:8081/lead-units) || {
  echo "  project-service did not answer GET /lead-units; see $STATE/logs/project-service.log" >&2; exit 1; }
if [ "$lead_units" = "[]" ]; then
  curl -fsS -X POST -H 'Content-Type: text/csv; charset=UTF-8' -H "Authorization: Bearer $PLANNER_TOKEN" \
    --data-binary @"$ROOT/deploy/seed/illustrative-responsibility-table.csv" \
    http://127.0.0.1:8081/responsibility-table && echo
  echo "  imported deploy/seed/illustrative-responsibility-table.csv (ILLUSTRATIVE lead units and amounts)"
else
  echo "  registry already has lead units; keeping its data (use --fresh to start over)"
fi
# The State Council's holidays and adjusted working days (调休): deadlines on the next working day follow them.
# Importing the same file again changes nothing, so this runs on every start.
curl -fsS -X POST -H 'Content-Type: text/csv; charset=UTF-8' -H "Authorization: Bearer $PLANNER_TOKEN" \
  --data-binary @"$ROOT/deploy/seed/cn-public-holidays-2024-2025.csv" \
  http://127.0.0.1:8081/working-days/import && echo
echo "  imported deploy/seed/cn-public-holidays-2024-2025.csv (statutory holidays and adjusted working days)"

cat <<INFO

The system is up. Logs: $STATE/logs/
  project-service       http://127.0.0.1:8081   OpenAPI UI http://127.0.0.1:8081/q/swagger-ui
  progress-service      http://127.0.0.1:8082   OpenAPI UI http://127.0.0.1:8082/q/swagger-ui
  notification-service  http://127.0.0.1:8083   OpenAPI UI http://127.0.0.1:8083/q/swagger-ui
  Kafka                 127.0.0.1:$KAFKA_PORT
  Keycloak              http://127.0.0.1:$KEYCLOAK_PORT   (realm livelihood)

Console: open http://127.0.0.1:8082/console/index.html and sign in at Keycloak's page as planner,
supervisor, dashboard, operator, or a lead unit by its id (e.g. qz-jyj for 市教育局); every user's password is
in $STATE/keycloak/password. One sign-in serves all three services' pages.

Tokens for curl (valid 1 h; planner, supervisor, qz-jyj 市教育局, dashboard) are in $STATE/tokens.env;
load them into your shell with:
  source .local-stack/tokens.env

Try:
  curl -s -H "Authorization: Bearer \$LEAD_UNIT_TOKEN" 'http://127.0.0.1:8081/projects' | head -c 600; echo
  curl -s -H "Authorization: Bearer \$DASHBOARD_TOKEN" 'http://127.0.0.1:8081/funding-totals?groupBy=source'; echo
  curl -s -H "Authorization: Bearer \$SUPERVISOR_TOKEN" 'http://127.0.0.1:8083/alerts'; echo
  more: README.md ("Using the running system")

Ctrl-C stops everything this script started.
INFO
if $DEMO; then
  step "Demo: a reporting month with a moved clock"
  bash "$ROOT/deploy/local/demo.sh" || echo "demo script failed; the stack keeps running" >&2
fi
wait "$LAUNCHER_PID"
