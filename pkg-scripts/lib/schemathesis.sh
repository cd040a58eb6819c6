#!/usr/bin/env bash
# Schemathesis (pinned, from pkg-scripts/setup --test's venv) against a live gateway: `--dev` on a free
# port with a fresh SQLite database, a citizen session and the operator token from the hooks in
# tests/schemathesis/hooks.py, about 60 s of generated requests. Any answer that is a 5xx, has a
# status or content type the OpenAPI operation does not list, or a body that does not match the
# listed schema fails it (exit status non-zero).
source "$(dirname "$0")/env.sh"

venv="$ROOT/target/schemathesis-venv"
[ -x "$venv/bin/st" ] || "$ROOT/pkg-scripts/setup" --test
cargo build -p tongban-gateway --quiet

run="$(mktemp -d /tmp/tongban-schemathesis-XXXXXX)"
TONGBAN_ADDR=127.0.0.1:0 TONGBAN_DATABASE_URL="sqlite://$run/tongban.db" \
  TONGBAN_DATA_DIR="$run" TONGBAN_STATIC_DIR="$run/dist" RUST_LOG=warn \
  "$ROOT/target/debug/tongban-gateway" --dev >"$run/gateway.out" 2>"$run/gateway.err" &
gateway=$!
trap 'kill "$gateway" 2>/dev/null; wait "$gateway" 2>/dev/null; rm -rf "$run"' EXIT

# Wait (at most 30 s) until the gateway says where it serves.
addr=""
for _ in $(seq 300); do
  addr="$(sed -n 's/^Tongban is serving at //p' "$run/gateway.out")"
  [ -n "$addr" ] && break
  kill -0 "$gateway" 2>/dev/null || break
  sleep 0.1
done
[ -n "$addr" ] || { cat "$run/gateway.err"; die "the gateway did not start"; }
token="$(sed -n 's/^Dev operator token (this run only): //p' "$run/gateway.out")"

export TONGBAN_ST_BASE="$addr/api/v1" TONGBAN_ST_OPERATOR_TOKEN="$token"
export PYTHONPATH="$ROOT/tests/schemathesis" SCHEMATHESIS_HOOKS=hooks PYTHONDONTWRITEBYTECODE=1
status=0
# From the run's folder: schemathesis keeps its cache of earlier crashes in the working directory.
cd "$run"
"$venv/bin/st" run "$addr/api/v1/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-time "${TONGBAN_SCHEMATHESIS_SECONDS:-60}" --seed 14 --no-color --output-truncate false || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- the gateway's log (last 50 lines) ---"
  tail -n 50 "$run/gateway.err"
fi
exit "$status"
