#!/usr/bin/env bash
# scripts/check-deb.sh DEB [--install]
# Checks a facegate .deb the way an installer would meet it: its fields,
# every file it must carry and none it must not (a model, a gallery, a key,
# an active config), the binary's libraries against Depends, the maintainer
# scripts, and lintian when it is installed. With --install (root, on a
# disposable machine without facegate) it also installs the package with apt,
# checks the user, the state directory and that the service was left off,
# installs the models with facegate-fetch-models from Models/ when they are
# there, and purges it again. Ends with "N passed, N failed"; exit 1 on any
# failure. FACEGATE_DEB_ALLOW_SWIFT_RUNTIME=1 accepts a binary that needs the
# toolchain's Swift runtime (a test package made from a debug build).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deb=${1:?usage: check-deb.sh DEB [--install]}
install_too=${2:-}
allow_runtime=${FACEGATE_DEB_ALLOW_SWIFT_RUNTIME:-}
runtime_libs='^(libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime)'
passed=0 failed=0

check() { # check DESCRIPTION COMMAND...: one assertion
    local description=$1
    shift
    if "$@" >/dev/null 2>&1; then
        passed=$((passed + 1))
        echo "check-deb: ok   $description"
    else
        failed=$((failed + 1))
        echo "check-deb: FAIL $description"
    fi
}
finish() {
    echo "check-deb: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

[ -f "$deb" ] || { echo "check-deb: $deb does not exist" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb --field "$deb" >"$work/control"
dpkg-deb --contents "$deb" | awk '{ sub(/^\.\//, "/", $6); print $1, $2, $6 }' >"$work/contents"
dpkg-deb --control "$deb" "$work/DEBIAN"
field() { sed -n "s/^$1: //p" "$work/control"; }
depends_on() { field Depends | tr ',|' '\n\n' | awk '{ print $1 }' | grep -q -x -F "$1"; }
has() { grep -q -E "^[^ ]+ [^ ]+ $1\$" "$work/contents"; }
lacks() { ! grep -q -E " $1\$" "$work/contents"; }
mode_is() { grep -q -E "^$2 root/root $1\$" "$work/contents"; }

# Fields
version=$(field Version)
arch=$(field Architecture)
depends=$(field Depends)
check "named facegate_<Version>_<Architecture>.deb" test "$(basename "$deb")" = "facegate_${version}_${arch}.deb"
check "Version is VERSION ($(tr -d '[:space:]' <"$root/VERSION"))" test "$version" = "$(tr -d '[:space:]' <"$root/VERSION")"
for package in libopencv-dnn406 libopencv-imgcodecs406 libopencv-videoio406 libopencv-core406 libsqlite3-0 libc6 adduser procps; do
    check "Depends on $package" depends_on "$package"
done
check "Depends names no Swift runtime" bash -c "! grep -q -i swift <<<'$depends'"
check "Recommends fonts-wqy-microhei" grep -q fonts-wqy-microhei <<<"$(field Recommends)"
check "Suggests chromium" grep -q chromium <<<"$(field Suggests)"
check "Installed-Size is set" grep -q -E '^[0-9]+$' <<<"$(field Installed-Size)"

# What it carries, owned by root
check "every file owned by root/root" bash -c "! awk '\$2 != \"root/root\"' '$work/contents' | grep -q ."
check "/usr/bin/facegate, mode 0755" mode_is /usr/bin/facegate -rwxr-xr-x
check "/usr/sbin/facegate-fetch-models, mode 0755" mode_is /usr/sbin/facegate-fetch-models -rwxr-xr-x
check "/lib/systemd/system/facegate.service" mode_is /lib/systemd/system/facegate.service -rw-r--r--
check "the unit is systemd/facegate.service as in the tree" \
    cmp -s <(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./lib/systemd/system/facegate.service) "$root/systemd/facegate.service"
unit_exec=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./lib/systemd/system/facegate.service | sed -n 's/^ExecStart=\([^ ]*\).*/\1/p')
check "the unit's ExecStart ($unit_exec) is in the package" has "$unit_exec"
unit_doc=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./lib/systemd/system/facegate.service | sed -n 's/^Documentation=file://p')
check "the unit's Documentation ($unit_doc) is in the package" has "$unit_doc"
check "the example config in the docs" has /usr/share/doc/facegate/examples/facegate.example.toml
check "no active config /etc/facegate/facegate.toml" lacks /etc/facegate/facegate.toml
check "notice templates in /etc/facegate" bash -c "grep -q ' /etc/facegate/notice.en.txt\$' '$work/contents' && grep -q ' /etc/facegate/notice.zh-CN.txt\$' '$work/contents'"
check "the notices are the conffiles, and only they" \
    test "$(sort "$work/DEBIAN/conffiles")" = "$(printf '/etc/facegate/notice.en.txt\n/etc/facegate/notice.zh-CN.txt')"
check "the model manifest" has /usr/share/facegate/models/manifest.tsv
check "the models' NOTICE" has /usr/share/facegate/models/NOTICE
check "bench match's anchors script" has /usr/share/facegate/bench_anchors.py
check "copyright, README.Debian, changelog.gz" bash -c "for f in copyright README.Debian changelog.gz; do grep -q \" /usr/share/doc/facegate/\$f\\\$\" '$work/contents' || exit 1; done"
check "no model file (*.onnx)" bash -c "! grep -q -i -E '\\.onnx\$' '$work/contents'"
check "no gallery or database (*.sqlite*, *.db)" bash -c "! grep -q -i -E '\\.(sqlite[^/]*|db)\$' '$work/contents'"
check "no key or credential" bash -c "! grep -q -i -E '(\\.key|credstore[^ ]*|master[^/ ]*|\\.token)\$' '$work/contents'"
check "nothing in /var/lib/facegate" bash -c "! grep -q ' /var/lib/facegate' '$work/contents'"
check "no photo" bash -c "! grep -q -i -E '\\.(jpe?g|png|bmp|webp)\$' '$work/contents'"

# The binary's libraries: no Swift runtime, and each from a package in Depends
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/facegate >"$work/facegate"
readelf -d "$work/facegate" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >"$work/needed"
runtime=$(grep -E "$runtime_libs" "$work/needed" | tr '\n' ' ')
if [ "$allow_runtime" = 1 ] && [ -n "$runtime" ]; then
    echo "check-deb: note the binary needs the toolchain's Swift runtime (allowed for this test package): $runtime"
else
    check "the binary needs no Swift runtime library (built with --static-swift-stdlib)" test -z "$runtime"
fi
for library in $(grep -v -E "$runtime_libs" "$work/needed"); do
    path=$(ldconfig -p | awk -v lib="$library" '$1 == lib && /x86-64|AArch64/ { print $NF; exit }')
    owner=$( [ -n "$path" ] && dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n1 | cut -d: -f1)
    [ -n "$owner" ] || owner=$( [ -n "$path" ] && dpkg -S "$path" 2>/dev/null | head -n1 | cut -d: -f1)
    check "$library comes from ${owner:-an unknown package}, which Depends names" depends_on "${owner:-an unknown package}"
done
runpath=$(readelf -d "$work/facegate" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')
[ -z "$runpath" ] || echo "check-deb: note the binary's RUNPATH is $runpath"
check "the binary is stripped" bash -c "! readelf -S '$work/facegate' | grep -q -E '\\.debug_|\\.symtab'"

# Maintainer scripts
for script in postinst prerm postrm; do
    check "$script is executable and parses" bash -c "[ -x '$work/DEBIAN/$script' ] && sh -n '$work/DEBIAN/$script'"
done
# Only try-restart (a running service, on upgrade), and enable only where
# the admin had enabled it before (was-enabled, the line above).
check "postinst never enables or starts the service" awk '
    /^[[:space:]]*#/ { next }
    /systemctl[^|;]*[[:space:]](enable|start|restart)/ || /deb-systemd-invoke[[:space:]]+(start|restart)/ { bad = 1 }
    /deb-systemd-helper[^|;]* enable/ && previous !~ /was-enabled/ { bad = 1 }
    { previous = $0 }
    END { exit bad }' "$work/DEBIAN/postinst"
check "postinst makes the state directory 0700 for facegate" grep -q 'chmod 0700 "$STATE"' "$work/DEBIAN/postinst"
check "postrm never deletes the gallery" bash -c "! grep -E 'rm -[a-z]*r[a-z]* .*/var/lib/facegate' '$work/DEBIAN/postrm' | grep -q ."

# lintian, when installed
if command -v lintian >/dev/null 2>&1; then
    lintian --tag-display-limit 0 "$deb" >"$work/lintian" 2>&1
    sed 's/^/check-deb: lintian: /' "$work/lintian"
    expected='^$'
    [ "$allow_runtime" = 1 ] && expected='custom-library-search-path'
    check "lintian reports no error" bash -c "! grep '^E:' '$work/lintian' | grep -v -E '$expected' | grep -q ."
else
    echo "check-deb: note lintian is not installed; skipped"
fi

[ "$install_too" = --install ] || finish

# A real install on this machine, then a purge
if [ "$(id -u)" -ne 0 ]; then
    echo "check-deb: FAIL --install needs root"
    failed=$((failed + 1))
    finish
fi
if dpkg-query -W -f='${Status}' facegate 2>/dev/null | grep -q installed || [ -e /etc/facegate ] || [ -e /var/lib/facegate ]; then
    echo "check-deb: FAIL --install wants a machine without facegate (found the package, /etc/facegate or /var/lib/facegate)"
    failed=$((failed + 1))
    finish
fi
echo "check-deb: systemd is $([ -d /run/systemd/system ] && echo "running" || echo "not PID 1 here: the unit is checked on disk only")"
check "apt installs it" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(readlink -f "$deb")"
check "facegate --help runs" /usr/bin/facegate --help
check "facegate run --help runs" /usr/bin/facegate run --help
check "system user facegate, home /var/lib/facegate, no login shell" \
    bash -c 'IFS=: read -r _ _ uid _ _ home shell < <(getent passwd facegate) && [ "$uid" -lt 1000 ] && [ "$home" = /var/lib/facegate ] && [ "$shell" = /usr/sbin/nologin ]'
check "group facegate" getent group facegate
check "/var/lib/facegate is 0700 facegate:facegate" test "$(stat -c '%a %U:%G' /var/lib/facegate 2>/dev/null)" = "700 facegate:facegate"
check "the service is not enabled" bash -c '! ls /etc/systemd/system/*.wants/facegate.service 2>/dev/null | grep -q .'
check "no config was written" test ! -e /etc/facegate/facegate.toml
if command -v systemd-analyze >/dev/null 2>&1; then
    systemd-analyze verify /lib/systemd/system/facegate.service >"$work/verify" 2>&1
    sed 's/^/check-deb: systemd-analyze verify: /' "$work/verify"
    check "systemd-analyze verify finds the unit's programs" bash -c "! grep -q -E 'not executable|No such file' '$work/verify'"
fi
if ls "$root"/Models/*.onnx >/dev/null 2>&1; then
    check "facegate-fetch-models --from Models/ installs every model" facegate-fetch-models --from "$root/Models"
    check "a second run keeps them" bash -c "facegate-fetch-models --from '$root/Models' | grep -q 'already in place'"
    photo=$(ls "$root"/.cache/photos/*.jpg 2>/dev/null | head -n1)
    if [ -n "$photo" ]; then
        check "facegate detect finds /usr/share/facegate/models by itself" \
            bash -c "cd / && env -u FACEGATE_MODELS /usr/bin/facegate detect --json '$photo' | grep -q '\"faces\"'"
    fi
fi
check "apt purges it" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q facegate
check "purge removed the program, the unit and the models" \
    bash -c '[ ! -e /usr/bin/facegate ] && [ ! -e /lib/systemd/system/facegate.service ] && [ ! -e /usr/share/facegate ]'
check "purge removed the empty /etc/facegate and /var/lib/facegate" bash -c '[ ! -e /etc/facegate ] && [ ! -e /var/lib/facegate ]'
echo "check-deb: note the facegate user stays after purge (Debian keeps system users; files may still be owned by it)"
finish
