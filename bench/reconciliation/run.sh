#!/usr/bin/env bash
# Reconciliation benchmark: reconcile one day of KEYS keys (1% differing: values differ, missing in Pinot, extra in
# Pinot) on the local stack, in a Hive database, Pinot table and topic of its own (dropped afterwards); then a second
# run after 1% of the exact rows changed. Phases from reconcile's timings line. Not a test.
# usage: bench/reconciliation/run.sh [KEYS]   (default 1000000). Needs the local stack up (bin/reckon stack up).
# Appends its results to bench/reconciliation/results.md. Serialised with other heavy runs on this machine
# (RECKON_HEAVY_LOCK_HELD=1: the caller holds the lock).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KEYS="${1:-1000000}"
cd "$HOME_DIR"
DATA="${RECKON_DATA_DIR:-$HOME_DIR/.reckon}"
[ -f "$DATA/stack.properties" ] || { echo "the local stack is not up (bin/reckon stack up)" >&2; exit 1; }
# Built in the reactor so that schemas and the stack helpers come from this tree, never from an older copy in the
# local Maven repository. Always built (incremental, cheap when nothing changed): stale classes measure old code.
MAVEN_OPTS=-Xmx1g mvn -B -q -pl reconciliation -am package dependency:build-classpath -DskipTests -DskipITs \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
# A snapshot of the classes: a build in this tree while the benchmark waits for the lock cannot change them.
SNAP="$(mktemp -d /tmp/reckon-recon-bench.XXXXXX)"
trap 'rm -rf "$SNAP"' EXIT
cp -r reconciliation/target/classes "$SNAP/classes"
cp -r reconciliation/target/test-classes "$SNAP/test-classes"
# reconcile itself runs as its own JVM with bin/reckon's classpath and default heap (-Xmx256m).
RECONCILE_CP="$SNAP/classes:$(cat reconciliation/target/classpath.txt)"
LOCK=(flock /tmp/reckon-heavy.lock)
[ -n "${RECKON_HEAVY_LOCK_HELD:-}" ] && LOCK=()
"${LOCK[@]}" java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$SNAP/test-classes:$SNAP/classes:$(cat reconciliation/target/test-classpath.txt)" \
  io.reckon.reconciliation.bench.ReconcileBench "$DATA" "$KEYS" "$HOME_DIR/bench/reconciliation/results.md" "$RECONCILE_CP"
