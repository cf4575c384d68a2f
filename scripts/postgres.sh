#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and benchmarks: `scripts/postgres.sh start` prints the
# URL to export as FAULTLINE_TEST_PG_URL; `scripts/postgres.sh stop` stops it and removes
# its data. PostgreSQL refuses to run as root, so when we are root it runs as the
# `postgres` user on a private port and data folder. The fault tests (collector
# store-postgres-*.test.ts) also use `restart` (pg_ctl restart -m fast), `halt` (a fast stop
# that keeps the data) and `resume` (start the kept data again) on their own instance. The
# failover test starts a streaming standby of such an instance with `replica` (a base backup with
# `pg_basebackup -R` of the primary on FAULTLINE_PG_PRIMARY_PORT), stops the primary with
# `crash` (an immediate stop) and ends the standby's recovery with `promote`.
set -euo pipefail
PORT="${FAULTLINE_PG_PORT:-54329}"
DIR="${FAULTLINE_PG_DIR:-/tmp/faultline-pg-$PORT}"
START="pg_ctl -D '$DIR' -l '$DIR/server.log' -w -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=on\" start"

as_pg() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case "${1:-}" in
  start)
    if [ -f "$DIR/postmaster.pid" ] && as_pg "pg_ctl -D '$DIR' status" >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$PORT/postgres"
      exit 0
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres "$DIR"
    as_pg "initdb -D '$DIR' -U postgres --auth=trust --no-locale -E UTF8" >/dev/null
    as_pg "$START" >/dev/null
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  replica)
    PRIMARY="${FAULTLINE_PG_PRIMARY_PORT:?replica needs FAULTLINE_PG_PRIMARY_PORT}"
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres "$DIR"
    chmod 700 "$DIR"
    # -R writes primary_conninfo and standby.signal: the copy starts as a streaming standby.
    # (Its warnings about the primary's socket, which lives in the data folder, are dropped.)
    as_pg "pg_basebackup -h 127.0.0.1 -p $PRIMARY -U postgres -D '$DIR' -R -X stream" >/dev/null \
      2> >(grep -v 'skipping special file' >&2)
    rm -f "$DIR/server.log"
    as_pg "$START" >/dev/null
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  promote)
    as_pg "pg_ctl -D '$DIR' -w promote" >/dev/null
    ;;
  restart)
    as_pg "pg_ctl -D '$DIR' -m fast -w restart" >/dev/null
    ;;
  halt)
    as_pg "pg_ctl -D '$DIR' -m fast -w stop" >/dev/null
    ;;
  crash)
    # Immediate: no shutdown checkpoint, no last WAL sent to standbys; as if the host died.
    as_pg "pg_ctl -D '$DIR' -m immediate -w stop" >/dev/null
    ;;
  resume)
    as_pg "$START" >/dev/null
    ;;
  stop)
    if [ -d "$DIR" ]; then
      as_pg "pg_ctl -D '$DIR' -m fast -w stop" >/dev/null 2>&1 || true
      rm -rf "$DIR"
    fi
    ;;
  *)
    echo "usage: $0 start|stop|restart|halt|crash|resume|replica|promote" >&2
    exit 2
    ;;
esac
