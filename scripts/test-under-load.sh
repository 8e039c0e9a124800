#!/usr/bin/env bash
# `make test` with both cores kept busy the whole time, as on a shared CI
# machine: one busy loop per core at normal priority. The suite waits on
# events with generous deadlines, so it must pass like this.
#   scripts/test-under-load.sh [make arguments…]
set -euo pipefail
cd "$(dirname "$0")/.."
cores=$(nproc)
loops=()
stop() { for pid in "${loops[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop EXIT
for _ in $(seq "$cores"); do
    ( while :; do :; done ) &
    loops+=($!)
done
echo "test-under-load: $cores busy loops (pids ${loops[*]}), then make test"
start=$(date +%s)
status=0
make test "$@" || status=$?
echo "test-under-load: make test exited $status after $(( $(date +%s) - start )) s with $cores cores busy"
exit "$status"
