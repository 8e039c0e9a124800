#!/usr/bin/env bash
# scripts/estate-pg.sh start DIR PORT | stop DIR | kill DIR | status DIR | psql DIR [ARGS…]
# A throwaway, real PostgreSQL server on 127.0.0.1 for the estate tests and
# benchmarks. `start` (idempotent) makes DIR on first use: a test CA and a
# certificate for localhost it signed (plus an unrelated CA, to prove that
# verification fails with the wrong one), a cluster that trades durability
# against a machine crash for speed (fsync off) and takes TCP only over TLS
# with a password, role facegate with a random password and database estate. It then starts the server and prints the
# connection settings as KEY=VALUE lines, nothing else, on stdout. `stop` stops
# it cleanly, `kill` the way an outage would (immediate); `status` exits 0 if it
# runs, 3 if not; `psql` runs psql -X as superuser postgres over DIR's unix
# socket. Run as root, the server and its files belong to the user postgres.
set -euo pipefail

usage() {
    echo "usage: estate-pg.sh start DIR PORT | stop DIR | kill DIR | status DIR | psql DIR [ARGS...]" >&2
    exit 2
}
die() { echo "estate-pg: $*" >&2; exit 1; }

if [ $# -lt 2 ] || [ -z "$2" ]; then usage; fi
action=$1
dir=$(realpath -m -- "$2")
shift 2
data=$dir/data socket=$dir/socket tls=$dir/tls

# The caller's PG* settings (tests export them) must not steer this script's own psql.
while read -r name; do unset "$name"; done < <(compgen -e -X '!PG*')

as_server=()   # runs a command as the user the server runs as
root=false
if [ "$(id -u)" -eq 0 ]; then
    root=true
    as_server=(runuser -u postgres --)
fi
own() { ! $root || chown -R postgres: -- "$@"; }   # own PATH…: hand PATH to the server's user

server_bin() { # prints the newest /usr/lib/postgresql/*/bin with a server in it, or nothing
    local candidate found=()
    for candidate in /usr/lib/postgresql/*/bin; do
        [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && found+=("$candidate")
    done
    [ ${#found[@]} -eq 0 ] || printf '%s\n' "${found[@]}" | sort -V | tail -n 1
}
bin=$(server_bin)

running() { [ -n "$bin" ] && [ -f "$data/PG_VERSION" ] && "${as_server[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }
made() { [ -e "$dir/ready" ] && [ -f "$data/PG_VERSION" ]; }   # a first start finished here
configured_port() { sed -n 's/^port = \([0-9]*\)$/\1/p' "$data/estate.conf" 2>/dev/null; }
lock() { exec 9>>"$dir/lock"; flock 9; }   # one start/stop at a time per DIR (parallel test processes)
# shellcheck disable=SC2016 # $1 is the inner shell's
port_taken() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null; }

install_server() {
    echo "estate-pg: installing the PostgreSQL server (apt-get install postgresql)" >&2
    local sudo=""
    $root || sudo="sudo"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    bin=$(server_bin)
    [ -n "$bin" ] || die "no PostgreSQL server in /usr/lib/postgresql/*/bin even after installing postgresql"
}

check_reachable() { # as root: the user postgres must be able to walk down to DIR
    local path=$dir parents=() blocked
    while [ "$path" != / ]; do
        path=$(dirname -- "$path")
        parents=("$path" "${parents[@]}")
    done
    # shellcheck disable=SC2016 # $p is the inner shell's
    blocked=$(runuser -u postgres -- sh -c 'for p; do [ -x "$p" ] || { echo "$p"; exit; }; done' sh "${parents[@]}")
    [ -z "$blocked" ] || die "the user postgres cannot reach $dir: $blocked is not traversable (chmod o+x it or use another DIR)"
}

make_tls() { # the test CA, the server's key and certificate it signed, and an unrelated CA
    local work=$tls/work
    mkdir -m 0700 "$work"
    ca() { # ca NAME CN: a self-signed CA certificate NAME.pem and its key NAME.key
        openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
            -subj "/CN=$2" -keyout "$tls/$1.key" -out "$tls/$1.pem" \
            -addext "keyUsage=critical,keyCertSign,cRLSign"
    }
    ca ca "facegate estate test CA"
    ca other-ca "facegate estate other CA (did not sign the server)"
    rm -f "$tls/other-ca.key"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
        -keyout "$tls/server.key" -out "$work/server.csr"
    cat >"$work/server.ext" <<'EXT'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EXT
    openssl x509 -req -in "$work/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
        -set_serial "0x$(openssl rand -hex 8)" -days 30 -extfile "$work/server.ext" -out "$tls/server.pem"
    rm -rf "$work"
    chmod 0600 "$tls/server.key" "$tls/ca.key"
    openssl verify -CAfile "$tls/ca.pem" -verify_hostname localhost "$tls/server.pem" >/dev/null
}

close_inherited() { # closes every descriptor above 2 in this (sub)shell
    local fd
    for fd in /proc/$BASHPID/fd/*; do
        fd=${fd##*/}
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
}

start_server() { # pg_ctl start; says so in one line when the port was taken after all
    # No descriptor of ours may live on in the postmaster: not fd 9 (the
    # lock), nor whatever the caller passed down (Foundation's Process waits
    # for its socket to close, so an inherited one would hang the caller).
    if ! (close_inherited; "${as_server[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 start >/dev/null </dev/null); then
        tail -n 5 "$dir/log" >&2 || true
        if tail -n 20 "$dir/log" 2>/dev/null | grep -q "Address already in use"; then
            die "port $port on 127.0.0.1 is in use by something else"
        fi
        die "the server in $dir did not start (log: $dir/log)"
    fi
}

create() { # the first start: TLS files, cluster, configuration, role and database
    chmod 0700 "$dir"
    own "$dir"
    rm -rf -- "$dir/ready" "$data" "$socket" "$tls" "$dir/password"
    mkdir -m 0700 "$tls" "$socket"
    make_tls >"$dir/tls.log" 2>&1 || { cat "$dir/tls.log" >&2; die "making the test certificates failed"; }
    own "$tls" "$socket"
    rm -f "$dir/tls.log"
    "${as_server[@]}" "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 9>&- ||
        { cat "$dir/initdb.log" >&2; die "initdb $data failed"; }
    rm -f "$dir/initdb.log"
    quote() { printf "'%s'" "${1//\'/\'\'}"; }
    cat >"$data/estate.conf" <<CONF
# estate-pg.sh: a throwaway test server, fast rather than durable across a machine crash
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = $(quote "$socket")
max_connections = 50
ssl = on
ssl_cert_file = $(quote "$tls/server.pem")
ssl_key_file = $(quote "$tls/server.key")
password_encryption = 'scram-sha-256'
fsync = off
full_page_writes = off
# Not off: with fsync off a commit costs only a write() to the kernel, and it
# keeps what the server acknowledged through estate-pg.sh kill (an outage).
synchronous_commit = on
CONF
    echo "include 'estate.conf'" >>"$data/postgresql.conf"
    cat >"$data/pg_hba.conf" <<'HBA'
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
hostssl all       all   127.0.0.1/32  scram-sha-256
# Plain TCP is refused: TLS is required.
host    all       all   127.0.0.1/32  reject
HBA
    own "$data"
    start_server
    local password
    password=$(openssl rand -hex 16)
    (umask 077 && printf '%s' "$password" >"$dir/password")
    "${as_server[@]}" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -v password="$password" \
        -h "$socket" -p "$port" -U postgres -d postgres >/dev/null <<'SQL'
CREATE ROLE facegate LOGIN PASSWORD :'password';
CREATE DATABASE estate OWNER facegate;
SQL
    : >"$dir/ready"
}

start() {
    port=${1:-}
    if [ $# -ne 1 ] || ! [[ $port =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then usage; fi
    local socket_file=$socket/.s.PGSQL.$port
    [ ${#socket_file} -le 107 ] || die "$dir is too long a path: the unix socket $socket_file would pass 107 characters"
    [ -n "$bin" ] || install_server
    command -v openssl >/dev/null || die "openssl is not installed (scripts/install-deps.sh installs it)"
    (umask 022 && mkdir -p -- "$(dirname -- "$dir")")
    [ -d "$dir" ] || mkdir -m 0700 -- "$dir"
    ! $root || check_reachable
    lock
    if ! made; then
        if [ -d "$data" ]; then
            echo "estate-pg: $dir was left half-made by an interrupted start; making it again" >&2
            ! running || "${as_server[@]}" "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 9>&-
        fi
        ! port_taken "$port" || die "port $port on 127.0.0.1 is in use by something else"
        create
    elif running; then
        [ "$(configured_port)" = "$port" ] || die "the server in $dir is already running on port $(configured_port), not $port"
    else
        if [ "$(configured_port)" != "$port" ]; then
            sed -i "s/^port = [0-9]*$/port = $port/" "$data/estate.conf"
            own "$data/estate.conf"
        fi
        ! port_taken "$port" || die "port $port on 127.0.0.1 is in use by something else"
        start_server
    fi
    printf '%s\n' PGHOST=127.0.0.1 "PGPORT=$port" PGDATABASE=estate PGUSER=facegate \
        "PGPASSWORD_FILE=$dir/password" "PG_CA_FILE=$tls/ca.pem" "PG_OTHER_CA_FILE=$tls/other-ca.pem" \
        "PG_SOCKET_DIR=$socket"
}

stop() { # stop MODE: pg_ctl stop -m MODE when running
    [ $# -eq 1 ] || usage
    [ -d "$dir" ] && [ -n "$bin" ] || return 0
    lock
    ! running || "${as_server[@]}" "$bin/pg_ctl" -D "$data" -m "$1" -w stop >/dev/null 9>&-
}

case $action in
    start) start "$@" ;;
    stop) stop fast "$@" ;;
    kill) stop immediate "$@" ;;
    status) [ $# -eq 0 ] || usage; if running; then exit 0; else exit 3; fi ;;
    psql)
        [ -n "$bin" ] || die "no PostgreSQL server is installed"
        made || die "no server in $dir (run: estate-pg.sh start $dir PORT)"
        exec "${as_server[@]}" "$bin/psql" -X -h "$socket" -p "$(configured_port)" -U postgres -d estate "$@"
        ;;
    *) usage ;;
esac
