#!/usr/bin/env bash
# Runs CFaceVision's C interface driver (Tests/ShimChecks/leak_check.cpp):
# ROUNDS (default 1000) decode + detect + embed + spoof-screen rounds on a
# real photo plus every error path once. By default under AddressSanitizer,
# UBSan and LeakSanitizer; with --valgrind, built without sanitizers (the two
# do not mix) under valgrind memcheck. Fails on any leak or memory error.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-1000}
mode=${2:-asan}
case "$mode" in
    asan) flags=(-g -fsanitize=address,undefined -fno-sanitize-recover=undefined) ;;
    --valgrind) flags=(-gdwarf-4) ;; # valgrind 3.19 cannot read clang's default DWARF 5
    *) echo "usage: leak-check.sh [ROUNDS] [--valgrind]" >&2; exit 64 ;;
esac
out="$root/.build/leak-check-${mode#--}"
mkdir -p "$out"
binary="$out/leak_check"
sources=("$root"/CShims/CFaceVision/*.cpp "$root/Tests/ShimChecks/leak_check.cpp")
if [ ! -x "$binary" ] || [ -n "$(find "${sources[@]}" "$root/CShims/CFaceVision" -newer "$binary" -print -quit)" ]; then
    echo "leak-check: building the shim driver (${flags[*]})"
    clang++ -fuse-ld=bfd -std=c++17 -O1 -fno-omit-frame-pointer "${flags[@]}" \
        -I "$root/CShims/CFaceVision/include" -I "$root/CShims/CFaceVision" $(pkg-config --cflags opencv4) \
        "${sources[@]}" -o "$binary" \
        -lopencv_objdetect -lopencv_dnn -lopencv_videoio -lopencv_imgcodecs -lopencv_imgproc -lopencv_core \
        > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
fi
photo="$root/.cache/photos/Female_40-2_1.jpg"
models="${FACEGATE_MODELS:-$root/Models}"
if [ "$mode" = asan ]; then
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 "$binary" "$models" "$photo" "$rounds"
    echo "leak-check: no leaks, no memory errors"
    exit 0
fi
log="$out/memcheck.log"
start=$(date +%s)
status=0
OPENCV_NUM_THREADS=1 valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --error-exitcode=1 --log-file="$log" \
    "$binary" "$models" "$photo" "$rounds" > "$out/driver.log" 2>&1 || status=$?
summary=$(grep -E "ERROR SUMMARY|definitely lost" "$log" | sed 's/^==[0-9]*== //' | tr "\n" ";" || true)
if [ "$status" -ne 0 ]; then
    grep -m1 -A25 "Invalid\|uninitialised\|definitely lost in" "$log" || tail -40 "$log"
    echo "leak-check --valgrind: $rounds rounds: FAILED ($summary) — see $log"
    exit 1
fi
echo "leak-check --valgrind: $rounds rounds in $(( $(date +%s) - start )) s: $summary"
