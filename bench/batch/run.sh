#!/usr/bin/env bash
# Batch benchmark: reckon's batch job vs a plain Spark SQL GROUP BY over the same Parquet archive, one run.
# usage: bench/batch/run.sh [EVENTS]   (default 10000000). Needs the local stack up (bin/reckon stack up).
# Appends its results to bench/batch/results.md. Serialised with other heavy runs on this machine.
set -euo pipefail
EVENTS="${1:-10000000}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_batch_bench io.reckon.batch.bench.BatchBench "$CONF" "$EVENTS" "$HOME_DIR/bench/batch/results.md" "$ZK"
