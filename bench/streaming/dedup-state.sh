#!/usr/bin/env bash
# Dedup state per million event ids, heap and RocksDB (#17, item 2): the job's dedup operator in Flink's harness.
# Not a test; needs no stack. usage: bench/streaming/dedup-state.sh [MILLIONS...]   (default 1 2)
# Appends its results to bench/streaming/dedup-state.md. Serialised with other heavy runs on this machine.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$HOME_DIR"
MAVEN_OPTS=-Xmx1g mvn -B -q -pl streaming -am package dependency:build-classpath -DskipTests -DskipITs \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
LOCK=(flock /tmp/reckon-heavy.lock)
[ -n "${RECKON_HEAVY_LOCK_HELD:-}" ] && LOCK=()
exec "${LOCK[@]}" java -Xmx1500m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "streaming/target/test-classes:streaming/target/classes:$(cat streaming/target/test-classpath.txt)" \
  io.reckon.streaming.bench.DedupStateBench "$HOME_DIR/bench/streaming/dedup-state.md" "$@"
