#!/usr/bin/env bash
# Dashboard benchmark: the API's latency (p50/p99) with 20 concurrent readers, for a campaign's day and an
# advertiser's month, over 30 days of rows (29 FINAL days of 20,000 keys, one PROVISIONAL day of 1,000,000 events) in a
# pipeline of its own on the local stack (dropped afterwards). Not a test.
# usage: bench/dashboard/run.sh   (needs the local stack up: bin/reckon stack up). Appends to bench/dashboard/results.md.
# Serialised with other heavy runs on this machine (RECKON_HEAVY_LOCK_HELD=1: the caller holds the lock).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
DATA="${RECKON_DATA_DIR:-$HOME_DIR/.reckon}"
[ -f "$DATA/stack.properties" ] || { echo "the local stack is not up (bin/reckon stack up)" >&2; exit 1; }
MAVEN_OPTS=-Xmx1g mvn -B -q -pl dashboard -am package dependency:build-classpath -DskipTests -DskipITs \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
SNAP="$(mktemp -d /tmp/reckon-dashboard-bench.XXXXXX)"
trap 'rm -rf "$SNAP"' EXIT
cp -r dashboard/target/classes "$SNAP/classes"
cp -r dashboard/target/test-classes "$SNAP/test-classes"
LOCK=(flock /tmp/reckon-heavy.lock)
[ -n "${RECKON_HEAVY_LOCK_HELD:-}" ] && LOCK=()
"${LOCK[@]}" java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dreckon.home="$HOME_DIR" \
  -cp "$SNAP/test-classes:$SNAP/classes:$(cat dashboard/target/test-classpath.txt)" \
  io.reckon.dashboard.bench.DashboardBench "$DATA" "$HOME_DIR/bench/dashboard/results.md"
