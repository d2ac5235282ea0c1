#!/usr/bin/env bash
# Batch benchmark: reckon's batch job vs a plain Spark SQL GROUP BY over the same Parquet archive, one run.
# usage: bench/batch/run.sh [EVENTS]   (default 10000000). Needs the local stack up (bin/reckon stack up).
# Appends its results to bench/batch/results.md. Serialised with other heavy runs on this machine.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EVENTS="${1:-10000000}"
cd "$HOME_DIR"
# Always built (incremental, cheap when nothing changed): a benchmark of stale classes measures old code.
MAVEN_OPTS=-Xmx1g mvn -B -q -pl batch -am test-compile -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
FLAGS=()
while IFS= read -r f; do case "$f" in ''|'#'*|-Xmx*) ;; *) FLAGS+=("$f") ;; esac; done < batch/jvm.options
CONF="${RECKON_DATA_DIR:-$HOME_DIR/.reckon}/spark-defaults.conf"
ZK="$(sed -n 's/^pinot.zookeeper=//p' "${RECKON_DATA_DIR:-$HOME_DIR/.reckon}/stack.properties" | sed 's/\\:/:/g')"
# A copy of the classes, so that building while the benchmark runs cannot change what it measures.
SNAP="$(mktemp -d /tmp/reckon-bench-classes.XXXXXX)"
trap 'rm -rf "$SNAP"' EXIT
cp -r batch/target/classes "$SNAP/classes" && cp -r batch/target/test-classes "$SNAP/test-classes"
flock /tmp/reckon-heavy.lock java -Xmx1g "${FLAGS[@]}" \
  -Dlog4j2.configurationFile=reckon-batch-log4j2.properties \
  -cp "$SNAP/test-classes:$SNAP/classes:$(cat batch/target/classpath.txt)" \
  io.reckon.batch.bench.BatchBench "$CONF" "$EVENTS" "$HOME_DIR/bench/batch/results.md" "${ZK:-127.0.0.1:19181}"
