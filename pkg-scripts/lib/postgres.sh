# Starts a throwaway PostgreSQL cluster on loopback for the gateway's PostgreSQL tests:
# a temp data dir, a free port, stopped when the calling script exits. Sourced by pkg-scripts/test.
# shellcheck shell=bash

start_test_postgres() {
  local bin dir port run
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -x "$bin/initdb" ] || { echo "no PostgreSQL server binaries: run pkg-scripts/setup --test" >&2; return 1; }
  dir="$(mktemp -d /tmp/tongban-pg-XXXXXX)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  run=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; run=(runuser -u postgres --); fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U tongban --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=on" start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  PG_TEST_DIR="$dir"; PG_TEST_BIN="$bin"; PG_RUN=("${run[@]}")
  trap stop_test_postgres EXIT
  export TONGBAN_TEST_POSTGRES_URL="postgres://tongban@127.0.0.1:$port/postgres"
}

stop_test_postgres() {
  [ -n "${PG_TEST_DIR:-}" ] || return 0
  "${PG_RUN[@]}" "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
  PG_TEST_DIR=""
}
