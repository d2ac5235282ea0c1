#!/usr/bin/env bash
# Archive-age benchmark: is a night's batch cost flat in the archive's age? The same day recomputed alone and behind
# H days of archive, side by side in one run, with and without the key index (io.reckon.batch.bench.ArchiveAgeBench).
# usage: bench/batch/archive-age.sh [EVENTS_PER_DAY] [HISTORY_DAYS]   (default 1000000 30; about 15 min at the
# default). Needs the local stack up (bin/reckon stack up). Appends its results to bench/batch/archive-age.md.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EVENTS="${1:-1000000}"
HISTORY="${2:-30}"
cd "$HOME_DIR"
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
  io.reckon.batch.bench.ArchiveAgeBench "$CONF" "$EVENTS" "$HISTORY" "$HOME_DIR/bench/batch/archive-age.md" \
  "${ZK:-127.0.0.1:19181}"
