#!/usr/bin/env bash
# Runs every test of every service against a real PostgreSQL and a real Kafka broker, the end-to-end
# test across the three services, and the deployment manifests' checks.
# Installs and starts PostgreSQL if needed; each service's tests start their own broker (KRaft)
# and create a database of their own, so nothing else needs to be running.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$ROOT/deploy/validate-manifests.sh"
bash "$ROOT/deploy/local/ensure-postgres.sh"
# The console's browser tests (e2e-tests ConsoleBrowserTest) drive Debian's headless Chromium through its
# chromedriver; Chinese glyphs need a CJK font. Installed once, only if missing; nothing is downloaded at run time.
console_packages=()
for package in chromium chromium-driver fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || console_packages+=("$package")
done
if [ "${#console_packages[@]}" -gt 0 ]; then
  echo "[console] installing ${console_packages[*]}"
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${console_packages[@]}" >/dev/null
fi
cd "$ROOT"
status=0
# Everything built once, the tests compiled but not run: the end-to-end tests start the packaged services. Two
# modules at a time where the reactor allows (the three services, say): one Maven thread left a core idle.
./mvnw -B -T 2 -DskipTests package "$@" || status=$?
if [ "$status" -eq 0 ]; then
  # Then two lanes at once, each taking the build as it is (nothing to compile, nothing packaged): every module's own
  # tests, printed as they run, and the end-to-end and browser tests, which start the packaged services, printed when
  # their lane ends. One after the other, the two left one of the two cores idle about half the time (waits on the
  # broker, on restarts, on Keycloak, on the browser). Neither lane redoes what the build wrote: the Jandex indexes,
  # which one lane would rewrite while the other's Quarkus tests read them, and Quarkus's code generation and test
  # application model, which it would work out again for each service (Maven's own work around the module lane's
  # tests: 20 CPU s redoing them, 6 not).
  as_built=(-Djandex.skip=true -Dquarkus.generate-code.skip=true)
  lane_log="$ROOT/e2e-tests/target/end-to-end-lane.log"
  mkdir -p "$(dirname "$lane_log")"
  ./mvnw -B test -pl e2e-tests -am -Dtest='cn/qinzhou/livelihood/e2e/**/*Test' -Dsurefire.failIfNoSpecifiedTests=false \
    "${as_built[@]}" "$@" > "$lane_log" 2>&1 &
  end_to_end=$!
  ./mvnw -B test -pl '!deploy/kafka-broker,!deploy/keycloak,!e2e-tests' "${as_built[@]}" "$@" || status=$?
  wait "$end_to_end" || status=$?
  echo "[tests] the end-to-end lane ($lane_log):"
  cat "$lane_log"
fi
if [ "$status" -ne 0 ]; then
  # Maven's summary names a failed test but not why; the cause of each is in its report. Printed last, where a
  # CI log's tail shows it.
  echo "[tests] causes of the failures:"
  grep -l -E "<(error|failure)" --include='TEST-*.xml' -r . 2>/dev/null | while read -r report; do
    echo "--- $report"
    grep -A40 -E "<(error|failure)" "$report" | grep -E "<(error|failure)|Caused by|Exception|kafka broker|Address already|at cn\.qinzhou" | head -30
    # An end-to-end class's services log to e2e-tests/target/stack-logs/<class>/: their errors, as the CI log keeps nothing else.
    logs="e2e-tests/target/stack-logs/$(basename "$report" .xml | sed 's/.*\.//')"
    for log in "$logs"/*.log; do
      [ -f "$log" ] || continue
      errors="$(grep -a -E " (ERROR|WARN) " "$log" | tail -8 | cut -c1-400 || true)"
      if [ -n "$errors" ]; then
        printf '    %s:\n%s\n' "$log" "$(sed 's/^/      /' <<< "$errors")"
      fi
    done
  done
fi
exit "$status"
