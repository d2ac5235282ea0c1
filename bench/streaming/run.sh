#!/usr/bin/env bash
# Streaming benchmark: the full speed layer vs a bare job (catch-up events/s, same run), and visibility latency
# (produce → Pinot, minute end → Pinot) at a steady rate. Not a test.
# usage: bench/streaming/run.sh [EVENTS] [RATE] [LIVE_SECONDS]   (defaults 300000, 500, 150)
# Needs the local stack up (bin/reckon stack up). Appends its results to bench/streaming/results.md.
# Serialised with other heavy runs on this machine (RECKON_HEAVY_LOCK_HELD=1: the caller holds the lock).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EVENTS="${1:-300000}"
RATE="${2:-500}"
LIVE="${3:-150}"
cd "$HOME_DIR"
STACK="${RECKON_DATA_DIR:-$HOME_DIR/.reckon}/stack.properties"
[ -f "$STACK" ] || { echo "the local stack is not up (bin/reckon stack up)" >&2; exit 1; }
# Built in the reactor so that the schemas, generator and testkit come from this tree (target/classes), never from
# an older copy in the local Maven repository. Always built (incremental, so cheap when nothing changed): a bench of
# stale classes once measured the code from before a fix.
MAVEN_OPTS=-Xmx1g mvn -B -q -pl streaming -am package dependency:build-classpath -DskipTests -DskipITs \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
FLAGS=()
while IFS= read -r f; do case "$f" in ''|'#'*|-Xmx*) ;; *) FLAGS+=("$f") ;; esac; done < streaming/jvm.options
LOCK=(flock /tmp/reckon-heavy.lock)
[ -n "${RECKON_HEAVY_LOCK_HELD:-}" ] && LOCK=()    # the caller holds it already
exec "${LOCK[@]}" java -Xmx1500m "${FLAGS[@]}" -Dreckon.home="$HOME_DIR" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "streaming/target/test-classes:streaming/target/classes:$(cat streaming/target/test-classpath.txt)" \
  io.reckon.streaming.bench.StreamingBench "$STACK" "$EVENTS" "$HOME_DIR/bench/streaming/results.md" "$RATE" "$LIVE"
