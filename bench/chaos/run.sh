#!/usr/bin/env bash
# The fault campaign: ChaosITCase's schedule for seeds SEED .. SEED+SCHEDULES-1, each with KILLS speed-layer kills
# (default 20), traffic slow enough that they fall while it flows, and the campaign's minute-long faults (the broker
# stopped for a minute, the speed layer down beyond its transaction timeout, 2 min here), on the suite's own stack
# (.reckon-it, 29xxx), one schedule at a time. Resumable: a seed that PASSed in bench/chaos/results.md is skipped,
# and each schedule's line is appended as soon as it ends. A failing seed replays with: bench/chaos/run.sh SEED 1
# (its new line is appended; the failing one stays, as the campaign's history).
# usage: bench/chaos/run.sh SEED [SCHEDULES] [KILLS]
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SEED="${1:?usage: bench/chaos/run.sh SEED [SCHEDULES] [KILLS]}"
SCHEDULES="${2:-10}"
KILLS="${3:-20}"
RESULTS="$HOME_DIR/bench/chaos/results.md"
LOGS="$HOME_DIR/bench/chaos/logs"
cd "$HOME_DIR"
mkdir -p "$LOGS"
if [ ! -f "$RESULTS" ]; then
  cat > "$RESULTS" <<'HEAD'
# Fault campaign results (bench/chaos/run.sh)

## The campaign (the full fault set of issue #14)

One line per schedule, appended as it ends; the faults of a schedule are in ChaosITCase's comment.

| when (UTC) | seed | kills asked | result | seconds | FINAL s after last fault | faults injected | archive positions archived twice | log |
|---|---|---|---|---|---|---|---|---|
HEAD
fi
# The stack is kept between schedules and taken down at the end.
trap 'RECKON_NO_BUILD=1 bin/reckon stack down --config stack/testkit/reckon-it-stack.properties >/dev/null 2>&1 || true' EXIT
for ((s = SEED; s < SEED + SCHEDULES; s++)); do
  if awk '/^## The campaign/ { on = 1 } on' "$RESULTS" | grep -q "^| [^|]* | $s | $KILLS | PASS |"; then
    echo "seed $s: passed already (see $RESULTS), skipped"
    continue
  fi
  log="$LOGS/seed-$s.log"
  start=$(date +%s)
  rate=$(( 6000 / (KILLS * 6) )); [ "$rate" -lt 50 ] && rate=50; [ "$rate" -gt 300 ] && rate=300
  status=PASS
  flock /tmp/reckon-heavy.lock env MAVEN_OPTS=-Xmx1g mvn -o -B verify -pl e2e -am -Dtest=none \
      -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=ChaosITCase \
      -Dreckon.stack.keep=true -Dreckon.chaos.seed="$s" -Dreckon.chaos.kills="$KILLS" -Dreckon.chaos.rate="$rate" \
      -Dreckon.chaos.campaign=true \
      > "$log" 2>&1 || status=FAIL
  seconds=$(( $(date +%s) - start ))
  # Never fail the driver on a line it cannot find: the schedule's row must be written either way.
  faults=$(grep -o 'every invariant holds.*faults {.*}' "$log" | sed 's/.*faults {\(.*\)}/\1/' | tail -1 || true)
  converged=$(grep -o 'converged [0-9]* s after the last fault' "$log" | tail -1 | cut -d' ' -f2 || true)
  twice=$(grep -o '[0-9,]* archived more than once' "$log" | tail -1 | cut -d' ' -f1 || true)
  if [ "$status" = FAIL ]; then
    # The first assertion's message, else the first exception the test reported.
    reason=$(grep -m1 -A1 'java.lang.AssertionError' "$log" | tail -1 | cut -c1-200 | tr '|' '/' || true)
    [ -n "$reason" ] || reason=$(grep -m1 -E '^(Caused by: |java\.)[A-Za-z.]*(Exception|Error)' "$log" | cut -c1-200 | tr '|' '/' || true)
    faults="FAILED: $reason"
  fi
  echo "| $(date -u +%FT%TZ) | $s | $KILLS | $status | $seconds | ${converged:-?} | ${faults:-?} | ${twice:-?} | bench/chaos/logs/seed-$s.log |" >> "$RESULTS"
  echo "seed $s: $status in ${seconds}s"
done
