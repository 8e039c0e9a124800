#!/usr/bin/env bash
# Makes every file of the team's real face data (../shared/data, or
# $FACEGATE_DATA_SOURCE) available as .cache/data/<file>, verifying the
# SHA-256 that its MANIFEST.tsv lists. Files there with the right hash are
# symlinked, never copied (README.md there: the data stays out of the
# repository); any other comes from its public origin (raw.githubusercontent)
# and is kept only with the right size and hash.
#
# A stamp (.cache/data/.verified) holds the hash of the MANIFEST last
# verified: while it matches and every file is in place and unchanged, a
# second run hashes nothing and returns at once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/.cache/data"
source_dir="${FACEGATE_DATA_SOURCE:-$root/../shared/data}"
shown_source="${source_dir#"$root/"}"
stamp="$data/.verified"

mkdir -p "$data"
# The MANIFEST comes from the source folder; a copy in .cache/data lets the
# files be fetched from their origins when the folder is not there.
if [ -f "$source_dir/MANIFEST.tsv" ]; then
    cmp -s "$source_dir/MANIFEST.tsv" "$data/MANIFEST.tsv" || install -m 644 "$source_dir/MANIFEST.tsv" "$data/MANIFEST.tsv"
elif [ ! -f "$data/MANIFEST.tsv" ]; then
    echo "fetch-data: no MANIFEST.tsv in $shown_source nor in .cache/data; set FACEGATE_DATA_SOURCE to the shared data folder" >&2
    exit 1
fi
manifest="$data/MANIFEST.tsv"
manifest_sha256=$(sha256sum "$manifest" | cut -d' ' -f1)
mapfile -t files < <(awk -F'\t' 'NR > 1 && NF >= 4 && $1 !~ /^#/ { print $1 }' "$manifest")

# Fast path: same MANIFEST, every file present, none changed since the stamp.
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$manifest_sha256" ]; then
    complete=1
    for file in "${files[@]}"; do [ -e "$data/$file" ] || { complete=0; break; }; done
    if [ "$complete" = 1 ] && [ -z "$(find -L "$data" -type f -newer "$stamp" ! -name .verified ! -name MANIFEST.tsv -print -quit)" ]; then
        echo "fetch-data: ${#files[@]} files ready in .cache/data (verified before)"
        exit 0
    fi
fi
rm -f "$stamp"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Hash every candidate in the source folder in one sha256sum run.
linkable="$work/linkable"
: > "$linkable"
if [ -d "$source_dir" ]; then
    source_dir=$(cd "$source_dir" && pwd -P)
    awk -F'\t' 'NR > 1 && NF >= 4 && $1 !~ /^#/ { print $3 "  " $1 }' "$manifest" > "$work/sums"
    (cd "$source_dir" && sha256sum -c "$work/sums" 2>/dev/null || true) | sed -n 's/: OK$//p' | LC_ALL=C sort > "$linkable"
fi

# Link them, one ln per directory.
linked=0 dir= batch=()
flush() {
    [ "${#batch[@]}" -eq 0 ] && return 0
    mkdir -p "$data/$dir"
    ln -sf -t "$data/$dir" -- "${batch[@]}"
    linked=$((linked + ${#batch[@]}))
    batch=()
}
while IFS= read -r file; do
    [[ "$file" == */* ]] && here=${file%/*} || here=.
    [ "$here" = "$dir" ] || { flush; dir=$here; }
    batch+=("$source_dir/$file")
done < "$linkable"
flush

# Everything else: a file downloaded before, else its public origin.
downloaded=0 kept=0
has_hash() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }
declare -A is_linked
while IFS= read -r file; do is_linked[$file]=1; done < "$linkable"
while IFS=$'\t' read -r file bytes sha256 origin _; do
    [ -n "${is_linked[$file]:-}" ] && continue
    target="$data/$file"
    if [ ! -L "$target" ] && has_hash "$target" "$sha256"; then kept=$((kept + 1)); continue; fi
    rm -f "$target"
    origin=${origin%% *} # drop a trailing "(remark)"
    if [[ ! "$origin" =~ ^github:([^/@]+/[^/@]+)@([0-9a-f]+):(.+)$ ]]; then
        echo "fetch-data: $file is not in $shown_source with SHA-256 $sha256 and its origin '$origin' is not github:OWNER/REPO@COMMIT:PATH; set FACEGATE_DATA_SOURCE to a folder holding it" >&2
        exit 1
    fi
    url="https://raw.githubusercontent.com/${BASH_REMATCH[1]}/${BASH_REMATCH[2]}/${BASH_REMATCH[3]}"
    mkdir -p "$(dirname "$target")"
    echo "fetch-data: $file from $url"
    curl -fsSL --retry 3 -o "$target" "$url" 2>/dev/null || {
        rm -f "$target"
        echo "fetch-data: $file is not in $shown_source with SHA-256 $sha256 and $url is unreachable; set FACEGATE_DATA_SOURCE to a folder holding it" >&2
        exit 1
    }
    if [ "$(stat -c %s "$target")" != "$bytes" ] || ! has_hash "$target" "$sha256"; then
        rm -f "$target"
        echo "fetch-data: $file from $url is not the $bytes bytes with SHA-256 $sha256 that MANIFEST.tsv lists (the shared copy may be cut or resized from it); refusing it" >&2
        exit 1
    fi
    downloaded=$((downloaded + 1))
done < <(awk -F'\t' 'NR > 1 && NF >= 4 && $1 !~ /^#/' "$manifest")

echo "$manifest_sha256" > "$stamp"
before=; [ "$kept" = 0 ] || before=", $kept downloaded before"
echo "fetch-data: ${#files[@]} files ready in .cache/data ($linked linked from $shown_source, $downloaded downloaded$before)"
