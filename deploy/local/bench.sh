#!/usr/bin/env bash
# The benchmarks (benchmarks/README.md) of the packaged services, a real Kafka broker and PostgreSQL here:
# report ingestion against a pgbench ceiling, report-to-alert latency, a million projects (funding totals and
# the overdue sweep against naive baselines), each service's start time and resident memory, and alerts
# delivered to a local webhook and robot (--only=delivery).
#   bash deploy/local/bench.sh              build what it needs, then the full run (about 20-25 minutes)
#   bash deploy/local/bench.sh --quick      fewer requests and 200,000 projects (a few minutes)
#   bash deploy/local/bench.sh --no-build   skip the build (rerun with the jars already packaged)
#   bash deploy/local/bench.sh --only=ingestion,alerts,reads,scale,footprint,flood,fanout,delivery   some scenarios only
# The services run on throw-away databases and a throw-away broker on free ports (nothing of run.sh's stack
# is touched). Results: printed as a table and written to benchmarks/target/results.md; service logs in
# benchmarks/target/stack-logs/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD=true
ARGS=()
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=false ;;
    --quick|--only=*) ARGS+=("$arg") ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done

# The ingestion scenario runs pgbench at up to 128 clients while the services' pools hold their connections: more
# than PostgreSQL's default 100.
bash "$ROOT/deploy/local/ensure-postgres.sh" --max-connections=250
# The reads scenario drives wrk (C, one thread), a load generator that costs little CPU beside the services.
if ! command -v wrk >/dev/null; then
  echo "==> installing wrk (Debian package)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else sudo apt-get install -y -q wrk >/dev/null || { sudo apt-get update -q >/dev/null && sudo apt-get install -y -q wrk >/dev/null; }; fi
fi
cd "$ROOT"
if $BUILD; then
  echo "==> building the services and the benchmarks (package only: nothing is installed into ~/.m2)"
  ./mvnw -B -q -DskipTests package \
    -pl deploy/kafka-broker,project-service,progress-service,notification-service,benchmarks -am
fi
for f in benchmarks/target/classes benchmarks/target/bench-classpath.txt deploy/kafka-broker/target/broker-classpath.txt; do
  [ -e "$f" ] || { echo "$f is missing: run without --no-build" >&2; exit 1; }
done

# The feed fan-out holds 10,000 subscriber connections: a socket each in the load generator and in the service.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "==> open files allowed: $(ulimit -n)"
echo "==> uptime before: $(uptime)"
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then COMMIT="$COMMIT+uncommitted"; fi
java -Xmx1g -Dfile.encoding=UTF-8 -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dlivelihood.repository.root="$ROOT" \
  -Dlivelihood.kafka.classpath-file="$ROOT/deploy/kafka-broker/target/broker-classpath.txt" \
  -Dlivelihood.commit="$COMMIT" \
  -cp "benchmarks/target/classes:$(cat benchmarks/target/bench-classpath.txt)" \
  cn.qinzhou.livelihood.benchmarks.Benchmarks ${ARGS[@]+"${ARGS[@]}"}
echo "==> uptime after: $(uptime)"
