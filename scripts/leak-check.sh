#!/usr/bin/env bash
# Builds CFaceVision with its C interface driver under AddressSanitizer,
# UBSan and LeakSanitizer and runs ROUNDS (default 1000) decode + detect +
# embed rounds plus every error path. Fails on any leak or memory error.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-1000}
out="$root/.build/leak-check"
mkdir -p "$out"
binary="$out/leak_check"
sources=("$root"/CShims/CFaceVision/*.cpp "$root/Tests/ShimChecks/leak_check.cpp")
if [ ! -x "$binary" ] || [ -n "$(find "${sources[@]}" "$root/CShims/CFaceVision" -newer "$binary" -print -quit)" ]; then
    echo "leak-check: building the shim with -fsanitize=address,undefined"
    clang++ -fuse-ld=bfd -std=c++17 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined \
        -I "$root/CShims/CFaceVision/include" -I "$root/CShims/CFaceVision" $(pkg-config --cflags opencv4) \
        "${sources[@]}" -o "$binary" \
        -lopencv_objdetect -lopencv_dnn -lopencv_videoio -lopencv_imgcodecs -lopencv_imgproc -lopencv_core \
        > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
fi
photo="$root/.cache/photos/Female_40-2_1.jpg"
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$binary" "${FACEGATE_MODELS:-$root/Models}" "$photo" "$rounds"
echo "leak-check: no leaks, no memory errors"
