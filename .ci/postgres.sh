#!/usr/bin/env bash
# A throwaway PostgreSQL server for the SQL back end's tests, on a unix socket in a temporary directory.
#
#   eval "$(.ci/postgres.sh start)"   # installs Debian's server package if absent, starts the cluster, and
#                                     # prints the exports: RUBRICDSL_PG_DSN, RUBRICDSL_PG_DIR and
#                                     # RUBRICDSL_REQUIRE_POSTGRES=1 (the tests then fail, not skip, without it)
#   .ci/postgres.sh stop              # stops the cluster in $RUBRICDSL_PG_DIR and removes the directory
#
# The server never listens on TCP, trusts only its own socket, and runs as a non-root user (initdb refuses
# root): the caller when not root, else a system user `rubricpg` created for it.
set -euo pipefail

command="${1:-start}"
bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u rubricpg -- "$@"
    else
        "$@"
    fi
}

case "$command" in
start)
    if [ -z "$(bin_dir)" ]; then
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2
    fi
    BIN="$(bin_dir)"
    if [ "$(id -u)" -eq 0 ] && ! id rubricpg >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin rubricpg
    fi
    DIR="$(mktemp -d /tmp/rubricdsl-pg.XXXXXX)"
    chmod 755 "$DIR"
    if [ "$(id -u)" -eq 0 ]; then chown rubricpg "$DIR"; fi
    as_owner "$BIN/initdb" -D "$DIR/data" -A trust -U rubric --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
        -o "-k $DIR -c listen_addresses='' -c fsync=off -c full_page_writes=off" start >/dev/null
    echo "export RUBRICDSL_PG_DIR='$DIR'"
    echo "export RUBRICDSL_PG_DSN='host=$DIR user=rubric dbname=postgres'"
    echo "export RUBRICDSL_REQUIRE_POSTGRES=1"
    ;;
stop)
    DIR="${RUBRICDSL_PG_DIR:?RUBRICDSL_PG_DIR is not set: nothing to stop}"
    as_owner "$(bin_dir)/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$DIR"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
