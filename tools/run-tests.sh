#!/usr/bin/env bash
# Runs every test of the repository. The browser tests drive Debian's Chromium and the database tests a
# private PostgreSQL; both are installed here from Debian when missing (never downloaded by a test tool),
# so this works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser test starts /usr/bin/chromium, so that is the one that must be there.
if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium for the browser tests..."
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The PostgreSQL-backed tests (Nop.Plugin.Payments.AlipayPlus.Tests/Support/Database) need a server: a private
# cluster in a temp folder on a free loopback port, stopped and deleted when this script exits. A connection
# string already in ALIPAYPLUS_TEST_POSTGRES is used as it is.
if [ -z "${ALIPAYPLUS_TEST_POSTGRES:-}" ]; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
    if [ -z "$(pg_bin)" ] && ! command -v initdb >/dev/null 2>&1; then
        echo "Installing Debian's postgresql for the database tests..."
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
    fi
    PG_BIN=$(pg_bin)
    PG_BIN=${PG_BIN:-$(dirname "$(command -v initdb)")}

    # Under /tmp, not $TMPDIR: the postgres user must be able to reach it when this runs as root.
    pg_dir=$(mktemp -d /tmp/alipayplus-pg.XXXXXX)
    # PostgreSQL refuses to run as root: then the cluster is the postgres user's (the Debian package creates it).
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$pg_dir"
        as_pg() { runuser -u postgres -- "$@"; }
    else
        as_pg() { "$@"; }
    fi
    stop_postgres() {
        as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$pg_dir"
    }
    trap stop_postgres EXIT
    trap 'exit 130' INT TERM

    as_pg "$PG_BIN/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$pg_dir/initdb.log" 2>&1 \
        || { cat "$pg_dir/initdb.log"; exit 1; }
    # Trust on loopback TCP only; the socket lives in the private folder, not /var/run/postgresql.
    echo "host all all 127.0.0.1/32 trust" | as_pg tee "$pg_dir/data/pg_hba.conf" >/dev/null
    # A throwaway cluster: durability is not worth the disk waits. Every test database's pool holds connections.
    as_pg tee -a "$pg_dir/data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$pg_dir'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

    # A port another process takes between the pick and the start only costs a retry.
    pg_port=""
    for _ in 1 2 3 4 5; do
        port=$(( 20000 + RANDOM % 20000 ))
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
        if as_pg "$PG_BIN/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -o "-p $port" -w -t 60 start >/dev/null; then
            pg_port=$port
            break
        fi
    done
    if [ -z "$pg_port" ]; then
        echo "Could not start the test PostgreSQL:" >&2
        cat "$pg_dir/server.log" >&2 || true
        exit 1
    fi
    export ALIPAYPLUS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Pooling=true"
    echo "Test PostgreSQL ($("$PG_BIN/postgres" --version)) on 127.0.0.1:$pg_port"
fi

log=$(mktemp)
set +e
# Normal verbosity prints each test and what the soak and hostile-input suites report (their figures).
dotnet test Plugins.sln --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test projects.
passed=$(awk '/^ *Passed: +[0-9]+ *$/ { s += $2 } END { print s + 0 }' "$log")
failed=$(awk '/^ *Failed: +[0-9]+ *$/ { s += $2 } END { print s + 0 }' "$log")
rm -f "$log"
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
