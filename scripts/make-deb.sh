#!/usr/bin/env bash
# scripts/make-deb.sh [BINARY] [OUTDIR]
# Builds facegate_<VERSION>_<arch>.deb from a facegate binary (default
# .build/release/facegate) into OUTDIR (default .build). The version is the
# one line of VERSION; the architecture is the binary's; Depends is what
# dpkg-shlibdeps derives from the binary's NEEDED libraries, plus adduser
# (postinst) and procps (the unit's ExecReload=/bin/kill).
# Staged in .build/deb/facegate and packed by dpkg-deb --root-owner-group, so
# neither root nor fakeroot is needed.
#
# The binary must carry its Swift runtime (swift build --static-swift-stdlib):
# no Debian package provides libswiftCore.so and friends. A binary that needs
# them is refused, unless FACEGATE_DEB_ALLOW_SWIFT_RUNTIME=1, which makes a
# package that only runs where the same Swift toolchain is installed (for
# testing the packaging with a debug build, never for a gate).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:-$root/.build/release/facegate}
outdir=${2:-$root/.build}
packaging="$root/packaging"
stage="$root/.build/deb/facegate"
# Maintainer: FACEGATE_DEB_MAINTAINER, else the author of the commit built.
maintainer=${FACEGATE_DEB_MAINTAINER:-$(git -C "$root" log -1 --format='%an <%ae>' 2>/dev/null || true)}

fail() { echo "make-deb: $*" >&2; exit 1; }

[ -f "$binary" ] && [ -x "$binary" ] || fail "$binary is not an executable; build it first (swift build -c release --static-swift-stdlib --product facegate)"
command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null || fail "needs dpkg-deb and dpkg-shlibdeps (apt install dpkg-dev)"

[ -n "$maintainer" ] || fail "no maintainer: set FACEGATE_DEB_MAINTAINER='Name <email>'"
version=$(tr -d '[:space:]' <"$root/VERSION")
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || fail "VERSION holds '$version', not a Debian native version"

case "$(readelf -h "$binary" | sed -n 's/^ *Machine: *//p')" in
    "Advanced Micro Devices X86-64") arch=amd64 ;;
    AArch64) arch=arm64 ;;
    *) fail "$binary is for an architecture this script does not know" ;;
esac

swift_runtime=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
    grep -E '^(libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime)' | tr '\n' ' ' || true)
if [ -n "$swift_runtime" ]; then
    [ "${FACEGATE_DEB_ALLOW_SWIFT_RUNTIME:-}" = 1 ] ||
        fail "$binary needs the Swift runtime ($swift_runtime), which no Debian package provides; build it with --static-swift-stdlib"
    echo "make-deb: WARNING: $binary needs the Swift runtime from its toolchain; this package runs only where that toolchain is installed" >&2
fi

echo "make-deb: staging facegate $version ($arch) in ${stage#"$root"/}"
rm -rf "$stage"
doc="$stage/usr/share/doc/facegate"
models="$stage/usr/share/facegate/models"
install -d -m 0755 "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/sbin" "$stage/lib/systemd/system" \
    "$stage/etc/facegate" "$doc/examples" "$models"

# Stripped as dh_strip strips an executable.
install -m 0755 "$binary" "$stage/usr/bin/facegate"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$stage/usr/bin/facegate"
install -m 0755 "$packaging/facegate-fetch-models" "$stage/usr/sbin/facegate-fetch-models"
install -m 0644 "$root/systemd/facegate.service" "$stage/lib/systemd/system/facegate.service"
# The notice templates are conffiles: the config names them relative to itself.
install -m 0644 "$root"/config/notice.en.txt "$root"/config/notice.zh-CN.txt "$stage/etc/facegate/"
# An example, not an active config: facegate must not start until the site wrote its own.
install -m 0644 "$root/config/facegate.example.toml" "$doc/examples/facegate.example.toml"
# The manifest and the licences of the models, beside where the models go; never a model.
install -m 0644 "$root/Models/manifest.tsv" "$root/Models/NOTICE" "$models/"
# `facegate bench match` compares the matcher with FAISS and numpy through this script.
install -m 0644 "$root/scripts/bench_anchors.py" "$stage/usr/share/facegate/"
# README.md uncompressed: the unit's Documentation= names it.
install -m 0644 "$root/README.md" "$packaging/README.Debian" "$doc/"

# The copyright file, with the licence and NOTICE of every Swift package
# SwiftPM resolved (statically linked into the binary where facegate uses it).
bundled=$(mktemp)
trap 'rm -f "$bundled"' EXIT
# as_field TEXT: a licence text as a copyright field's continuation lines;
# the Apache License 2.0 itself by reference to Debian's copy, keeping only
# what a file adds after it (an exception, a vendored component's licence).
as_field() {
    if grep -q 'Version 2.0, January 2004' "$1" && grep -q 'END OF TERMS AND CONDITIONS' "$1"; then
        echo "On Debian systems the Apache License 2.0 is in /usr/share/common-licenses/Apache-2.0."
        awk '/END OF TERMS AND CONDITIONS/ { state = 1 } state == 2 { print } state == 1 && /limitations under the License\./ { state = 2 }' "$1"
    else
        cat "$1"
    fi | sed -e 's/[[:space:]]*$//' |
        awk 'NF { if (gap) print " ."; gap = 0; print " " $0; started = 1; next } started { gap = 1 }'
}
# The checkouts of the build that made the binary (.build, or a --scratch-path).
checkouts="$root/.build/checkouts"
candidate=$(dirname "$(readlink -f "$binary")")
for _ in 1 2 3; do
    candidate=$(dirname "$candidate")
    if [ -d "$candidate/checkouts" ]; then checkouts="$candidate/checkouts"; break; fi
done
# paragraph DIR TEXT...: the copyright paragraph for DIR/*, its texts in order.
paragraph() {
    local relative=${1#"$checkouts"/} separator=""
    shift
    printf 'Files: .build/checkouts/%s/*\nCopyright: see the text below\nLicense: %s\n' "$relative" "${relative//\//-}"
    for text in "$@"; do
        printf '%s' "$separator"
        as_field "$text"
        separator=$' .\n'
    done
    echo
}
if [ -d "$checkouts" ]; then
    shopt -s nullglob
    for package in "$checkouts"/*; do
        texts=("$package"/LICENSE* "$package"/NOTICE*)
        [ ${#texts[@]} -eq 0 ] || paragraph "$package" "${texts[@]}"
        for vendored in "$package"/Sources/*/LICENSE*; do paragraph "$(dirname "$vendored")" "$vendored"; done
    done >"$bundled"
    shopt -u nullglob
else
    echo "make-deb: WARNING: no .build/checkouts; the copyright file lists no Swift package" >&2
fi
awk -v bundled="$bundled" '$0 == "@BUNDLED_SWIFT_PACKAGES@" { while ((getline line < bundled) > 0) print line; next } { print }' \
    "$packaging/copyright" >"$doc/copyright"
chmod 0644 "$doc/copyright"

# A Debian changelog for this build (the history is git's).
commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}
{
    printf 'facegate (%s) unstable; urgency=medium\n\n  * Built from facegate %s.\n\n' "$version" "$commit"
    printf ' -- %s  %s\n' "$maintainer" "$(LC_ALL=C date -u -R -d "@$epoch")"
} | gzip -9n >"$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

# Maintainer scripts and conffiles.
install -m 0755 "$packaging/postinst" "$packaging/prerm" "$packaging/postrm" "$stage/DEBIAN/"
install -m 0644 "$packaging/conffiles" "$stage/DEBIAN/conffiles"

# Depends: what the binary's NEEDED libraries come from, with the versions
# their symbols require. dpkg-shlibdeps wants a debian/control to read.
shlibs_dir=$(mktemp -d)
trap 'rm -f "$bundled"; rm -rf "$shlibs_dir"' EXIT
mkdir "$shlibs_dir/debian"
printf 'Source: facegate\n\nPackage: facegate\nArchitecture: any\n' >"$shlibs_dir/debian/control"
shlibdeps_flags=()
[ -n "$swift_runtime" ] && shlibdeps_flags+=(--ignore-missing-info)
depends=$(cd "$shlibs_dir" && dpkg-shlibdeps "${shlibdeps_flags[@]}" -O "$stage/usr/bin/facegate" 2>"$shlibs_dir/warnings" |
    sed -n 's/^shlibs:Depends=//p') || { cat "$shlibs_dir/warnings" >&2; fail "dpkg-shlibdeps failed"; }
grep -v -E '(no dependency information found for .*/|library name .)(libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime)' \
    "$shlibs_dir/warnings" | sed 's/^/make-deb: /' >&2 || true
[ -n "$depends" ] || fail "dpkg-shlibdeps found no dependency at all"

find "$stage" -path "$stage/DEBIAN" -prune -o -type f -printf '%P\n' | LC_ALL=C sort |
    grep -v -x -F -f <(sed 's|^/||' "$packaging/conffiles") |
    (cd "$stage" && xargs -d '\n' md5sum) >"$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/md5sums"

installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
    -e "s|@INSTALLED_SIZE@|$installed_size|" -e "s|@SHLIBS_DEPENDS@|$depends|" \
    "$packaging/control.in" >"$stage/DEBIAN/control"

find "$stage" -exec touch -h -d "@$epoch" {} +
mkdir -p "$outdir"
deb="$outdir/facegate_${version}_${arch}.deb"
SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "make-deb: $deb ($(du -h "$deb" | cut -f1)); $(grep '^Depends:' "$stage/DEBIAN/control")"
