#!/usr/bin/env bash
# Builds matcher-check with ThreadSanitizer (its own scratch folder, so the
# main build is untouched) and runs searches against a stream of snapshot
# swaps. Fails on any data race or on a withdrawn subject found after its
# withdrawal.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --sanitize=thread --product matcher-check --scratch-path .build-tsan 2>&1 | grep -E "error|warning: data race" || true
TSAN_OPTIONS="halt_on_error=1" .build-tsan/debug/matcher-check concurrency "${1:-5}"
echo "matcher-tsan: no data races"
