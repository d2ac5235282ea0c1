#!/usr/bin/env bash
# Measures the local stack's budget figures on this machine: cold `up` (empty data directory), idempotent `up`,
# resident memory of each component, and `down`. Appends one result block to bench/stack/results.md.
# Usage: bench/stack/measure.sh   (stops a running stack first; uses a scratch data directory)
set -euo pipefail
cd "$(dirname "$0")/../.."

RESULTS=bench/stack/results.md
export RECKON_DATA_DIR="${RECKON_DATA_DIR:-$(mktemp -d /tmp/reckon-measure.XXXXXX)}"
rm -rf "$RECKON_DATA_DIR"

bin/reckon stack status >/dev/null 2>&1 || true      # builds the launcher if needed, outside the timings
seconds() { local t0=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $t0" | bc; }

cold=$(seconds bin/reckon stack up)
warm=$(seconds bin/reckon stack up)
rss=""
total=0
for f in "$RECKON_DATA_DIR"/run/*.pid; do
  pid=$(cat "$f"); mb=$(( $(awk '/VmRSS/{print $2}' "/proc/$pid/status") / 1024 ))
  total=$((total + mb)); rss="$rss $(basename "$f" .pid)=${mb}MB"
done
down=$(seconds bin/reckon stack down)
left=$(pgrep -fc 'reckon.component=' || true)

{
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- cold up: ${cold} s; idempotent up: ${warm} s; down: ${down} s; processes left after down: ${left}"
  echo "- resident after up: ${total} MB total:${rss}"
  echo
} | tee -a "$RESULTS"
rm -rf "$RECKON_DATA_DIR"
