#!/usr/bin/env bash
# A scripted reporting month against the running stack (started by `run.sh --demo`, whose clocks start at
# 10:00 on 3 October 2024, Shanghai). It moves the services' clocks through September's deadline and reads
# every result back from the services' APIs:
#   市残疾人联合会 (qz-cl) reports on time and on track; 市科学技术局 (qz-kjj) reports on time, one project
#   lagging; 钦北区人民政府 (qinbei-gov) reports late; 市医疗保障局 (qz-ybj) does not report at all.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.local-stack"
P=http://127.0.0.1:8081; R=http://127.0.0.1:8082; N=http://127.0.0.1:8083

source "$ROOT/deploy/local/tokens.sh"
OPERATOR=$(token operator)
SUPERVISOR=$(token supervisor)
DASHBOARD=$(token dashboard)
say() { printf '\n\033[1m--- %s\033[0m\n' "$*"; }
get() { curl -fsS -H "Authorization: Bearer $1" "$2"; echo; }
show() { local body; body=$(get "$@"); echo "${body:0:1200}"; }   # the first lines of a long answer
move_clock() {
  for url in $P $R $N; do
    curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $OPERATOR" -H 'Content-Type: application/json' \
      -d "{\"to\": \"$1\"}" "$url/admin/clock"
  done
  echo "clocks moved to $1"
  sleep 4   # the deadline sweep runs every 2 s in demo mode
}
plan_of() { grep "^$1," "$ROOT/deploy/seed/illustrative-responsibility-table.csv" | cut -d, -f5; }
report() { # unit project period share-of-plan progress%
  local unit=$1 project=$2 period=$3 share=$4 progress=$5
  local completed; completed=$(awk -v p="$(plan_of "$project")" -v s="$share" 'BEGIN { printf "%.2f", p * s }')
  local token; token=$(token "$unit")
  curl -sS -o /dev/null -w "  $unit $project $period -> HTTP %{http_code}\n" -X PUT \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json; charset=UTF-8' \
    -d "{\"progressPercent\": $progress, \"completed\": {\"central\": $completed, \"regional\": 0, \"local\": 0},
         \"fundsReceived\": {\"central\": $completed, \"regional\": 0, \"local\": 0}, \"beneficiaries\": 3000,
         \"beneficiaryDescription\": \"惠及群众约3000人\", \"progressNarrative\": \"按月推进，详见附件\",
         \"difficulties\": [\"资金拨付进度偏慢\"], \"submittedBy\": \"演示填报人\", \"contact\": \"0777-0000000\"}" \
    "$R/projects/$project/reports/$period"
}

say "3 Oct 2024: reports on September come in"
report qz-cl  P0103 2024-09 0.80 80
report qz-kjj P0401 2024-09 0.78 75
report qz-kjj P0413 2024-09 0.20 25

say "4 Oct, National Day holiday: reminders go out on working days only, so none today (September's notice falls on 30 September, before this demo's clock starts)"
move_clock 2024-10-04T09:00:00+08:00
show "$SUPERVISOR" "$N/alerts?rule=REMINDER&period=2024-09&size=5"

say "6 Oct 00:00:01: the deadline has passed; every project without a report is overdue"
move_clock 2024-10-06T00:00:01+08:00
show "$SUPERVISOR" "$N/alerts?rule=OVERDUE&period=2024-09&leadUnit=qz-ybj"

say "8 Oct: 钦北区人民政府 reports late; its overdue alert is resolved, keeping its history"
move_clock 2024-10-08T10:00:00+08:00
report qinbei-gov P0507 2024-09 0.70 70
sleep 3
show "$SUPERVISOR" "$N/alerts?rule=OVERDUE&period=2024-09&leadUnit=qinbei-gov"

say "14 Oct: 市医疗保障局 still has not reported after five working days; its overdue alerts escalate to RED"
move_clock 2024-10-14T09:00:00+08:00
show "$SUPERVISOR" "$N/alerts?rule=OVERDUE&period=2024-09&leadUnit=qz-ybj&severity=RED"

say "The lagging project: 20% of its plan done at 74.9% of the year gone"
show "$SUPERVISOR" "$N/alerts?rule=SLOW_PROGRESS&leadUnit=qz-kjj"

say "Reporting status of September (rates per programme and unit)"
show "$DASHBOARD" "$R/reporting-status?period=2024-09"

say "Funding: plan vs completed by source, and the plan's reconciliation"
get "$DASHBOARD" "$R/funding-totals?groupBy=source&period=2024-09"
get "$DASHBOARD" "$P/funding-totals?groupBy=source"

say "Live feed: curl -N -H \"Authorization: Bearer \$SUPERVISOR_TOKEN\" $N/alerts/stream"
