#!/usr/bin/env bash
# Archive-age benchmark: is a night's batch cost flat in the archive's age? The same day recomputed alone and behind
# H days of archive, side by side in one run, with and without the key index (io.reckon.batch.bench.ArchiveAgeBench).
# usage: bench/batch/archive-age.sh [EVENTS_PER_DAY] [HISTORY_DAYS]   (default 1000000 30; about 12 min at the
# default). Needs the local stack up (bin/reckon stack up). Appends its results to bench/batch/archive-age.md.
set -euo pipefail
EVENTS="${1:-1000000}"
HISTORY="${2:-30}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_batch_bench io.reckon.batch.bench.ArchiveAgeBench "$CONF" "$EVENTS" "$HISTORY" \
  "$HOME_DIR/bench/batch/archive-age.md" "$ZK"
