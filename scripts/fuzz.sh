#!/usr/bin/env bash
# Fuzzes CFaceVision's decode + detect path, then the config parser, with
# libFuzzer. The first under
# AddressSanitizer and UBSan: RUNS (default 10000) inputs mutated from a seed
# corpus of small JPEG/PNG/BMP/WebP files and shrunk face photos, made once
# into .cache/fuzz (never committed). Former crashes are checked first. Any
# crash, timeout, leak or out-of-memory fails the run and leaves the input in
# .cache/fuzz/crashes/.
#
# `make test` runs it reproducibly: seed 1 and corpora that start empty on
# every run, so a commit gives the same inputs every time. `make fuzz`
# (FACEGATE_FUZZ_MODE=open) is the open-ended search: a random seed (or
# FACEGATE_FUZZ_SEED) and corpora kept in .cache/fuzz between runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10000}
max_len=200000
models="${FACEGATE_MODELS:-$root/Models}"
out="$root/.build/fuzz"
cache="$root/.cache/fuzz"
mkdir -p "$out" "$cache/crashes"
if [ "${FACEGATE_FUZZ_MODE:-ci}" = open ]; then
    seed=${FACEGATE_FUZZ_SEED:-0}
    corpus="$cache/corpus" config_corpus="$cache/config-corpus"
else
    seed=1
    corpus="$out/corpus" config_corpus="$out/config-corpus"
    rm -rf "$corpus" "$config_corpus"
fi
mkdir -p "$corpus" "$config_corpus"
echo "fuzz: seed $seed ($([ "$seed" = 0 ] && echo random || echo fixed)), corpus $corpus"
shim=("$root"/CShims/CFaceVision/*.cpp "$root/CShims/CFaceVision" "$root/scripts/fuzz.sh")

# build BINARY FLAGS… SOURCES…: the shim and a driver, when a source is newer.
build() {
    local binary=$1
    shift
    echo "fuzz: building $(basename "$binary")"
    clang++ -fuse-ld=bfd -std=c++17 -O1 -g -fno-omit-frame-pointer "$@" \
        -I "$root/CShims/CFaceVision/include" -I "$root/CShims/CFaceVision" $(pkg-config --cflags opencv4) -o "$binary" \
        -lopencv_objdetect -lopencv_dnn -lopencv_videoio -lopencv_imgcodecs -lopencv_imgproc -lopencv_core \
        > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
}
stale() { [ ! -x "$1" ] || [ -n "$(find "${shim[@]}" "$2" -newer "$1" -print -quit)" ]; }

harness="$out/fuzz_decode_detect"
if stale "$harness" "$root/Tests/ShimChecks/fuzz_decode_detect.cpp"; then
    build "$harness" -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        "$root"/CShims/CFaceVision/*.cpp "$root/Tests/ShimChecks/fuzz_decode_detect.cpp"
fi
# Former crashes first (fuzz_regressions.cpp says why it runs without ASan).
regressions="$out/fuzz_regressions"
if stale "$regressions" "$root/Tests/ShimChecks/fuzz_regressions.cpp"; then
    build "$regressions" -fsanitize=undefined -fno-sanitize-recover=undefined \
        "$root"/CShims/CFaceVision/*.cpp "$root/Tests/ShimChecks/fuzz_regressions.cpp"
fi
"$regressions" "$models"

if [ ! -f "$cache/seeds/.made" ] || [ "$root/scripts/fuzz_seeds.py" -nt "$cache/seeds/.made" ]; then
    rm -rf "$cache/seeds"
    photos=()
    for name in Female_40-2_1 Male_24_10_1 Female_46_4_1; do
        [ -f "$root/.cache/photos/$name.jpg" ] && photos+=("$root/.cache/photos/$name.jpg")
    done
    [ ${#photos[@]} -gt 0 ] || { echo "fuzz: no photos in .cache/photos (run make setup)" >&2; exit 1; }
    /usr/bin/python3 "$root/scripts/fuzz_seeds.py" "$cache/seeds" "$max_len" "${photos[@]}"
    touch "$cache/seeds/.made"
fi

# OPENCV_IO_MAX_IMAGE_PIXELS: what facegate's ImageLimits.standard lets
# through to the decoder (40 megapixels), so the harness meets the images
# the shim can meet. New inputs worth keeping go to corpus/; seeds are read.
log="$out/fuzz.log"
start=$(date +%s.%N)
status=0
FACEGATE_MODELS="$models" OPENCV_IO_MAX_IMAGE_PIXELS=40000000 \
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$harness" -seed="$seed" -runs="$runs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$cache/crashes/" "$corpus" "$cache/seeds" > "$log" 2>&1 || status=$?
seconds=$(awk -v start="$start" -v end="$(date +%s.%N)" 'BEGIN { printf "%.0f", end - start }')
inputs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
if [ "$status" -ne 0 ] || ! grep -q '^Done [0-9]* runs' "$log"; then
    grep -m1 -B2 -A30 '==ERROR\|^fuzz_decode_detect:\|ALARM\|out-of-memory' "$log" || tail -40 "$log"
    crash=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
    echo "fuzz decode+detect: ${inputs:-?} inputs, 1 crash, $seconds s — input: ${crash:-see $log}"
    [ -z "$crash" ] || echo "fuzz: minimise with: $harness -minimize_crash=1 -runs=20000 $crash"
    exit 1
fi
echo "fuzz decode+detect: $inputs inputs, 0 crashes, $seconds s ($rate execs/s)"

# The config parser (Tests/ConfigFuzz): the Swift modules built with
# --sanitize=fuzzer in their own scratch path; seeds are the example config
# and the notice-less minimum. Same rules: any trap or multi-line message fails.
config_out="$root/.build-fuzz"
echo "fuzz: building config-fuzz"
FACEGATE_CONFIG_FUZZ_TARGET=1 swift build --product config-fuzz --scratch-path "$config_out" --sanitize=fuzzer \
    > "$out/config-build.log" 2>&1 || { tail -30 "$out/config-build.log"; exit 1; }
mkdir -p "$cache/config-seeds"
cp "$root/config/facegate.example.toml" "$cache/config-seeds/example.toml"
printf '[alternatives]\nmethods = ["pin"]\n' > "$cache/config-seeds/minimal.toml"
log="$out/config-fuzz.log"
start=$(date +%s.%N)
status=0
# Swift's hashing is seeded per process unless told otherwise, which would
# steer libFuzzer's coverage, and so its inputs, differently on every run;
# Swift's own crash reporter would keep libFuzzer from saving the input.
SWIFT_DETERMINISTIC_HASHING=1 SWIFT_BACKTRACE=enable=no \
    "$config_out/debug/config-fuzz" -seed="$seed" -runs="$runs" -max_len=20000 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$cache/crashes/config-" "$config_corpus" "$cache/config-seeds" > "$log" 2>&1 || status=$?
seconds=$(awk -v start="$start" -v end="$(date +%s.%N)" 'BEGIN { printf "%.0f", end - start }')
inputs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
if [ "$status" -ne 0 ] || ! grep -q '^Done [0-9]* runs' "$log"; then
    grep -m1 -B2 -A30 'Fatal error\|==ERROR\|ALARM\|out-of-memory' "$log" || tail -40 "$log"
    crash=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
    echo "fuzz config: ${inputs:-?} inputs, 1 crash, $seconds s — input: ${crash:-see $log}"
    [ -z "$crash" ] || { echo "fuzz config: the input, base64:"; base64 -w 0 "$crash" | head -c 40000; echo; }
    exit 1
fi
echo "fuzz config: $inputs inputs, 0 crashes, $seconds s ($rate execs/s)"
