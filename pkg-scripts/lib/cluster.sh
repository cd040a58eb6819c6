# The many-copies drill for pkg-scripts/bench (`pkg-scripts/bench cluster [--seconds N]`):
# a throwaway PostgreSQL, three gateway copies (profile server, production mode, one set of
# generated secrets, each its own TONGBAN_COPY_NAME and port) behind HAProxy, and the `cluster`
# binary (src/bench/src/cluster), which starts the copies, the webhook receiver (50 ms a call)
# and the mixed load, kills one copy with -9, restarts another gracefully and reports.
# Sourced by pkg-scripts/bench after lib/env.sh and lib/postgres.sh; uses its pg_up, pg_db, OUT.
# shellcheck shell=bash

# Debian 12's HAProxy, pinned (only the bench needs it: not in pkg-scripts/setup).
HAPROXY_VERSION="2.6.12-1+deb12u4"
haproxy_setup() {
  [ "$(dpkg-query -W -f='${Version}' haproxy 2>/dev/null)" = "$HAPROXY_VERSION" ] && return 0
  command -v apt-get >/dev/null || die "the cluster drill needs haproxy $HAPROXY_VERSION (Debian's package)"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "apt-get install haproxy=$HAPROXY_VERSION (once; only the cluster drill uses it)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "haproxy=$HAPROXY_VERSION" >/dev/null \
    || die "haproxy $HAPROXY_VERSION did not install (apt-cache policy haproxy: another version? update HAPROXY_VERSION)"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One deployment's configuration, for the drills that restart the gateway or run several copies:
# production mode (no --dev), every secret and key generated for this run and the same at each
# start, as a deployment keeps them (docs/operations.md, "Secrets and keys"); BENCH_TICKET_SEED is
# the Ed25519 key of the integrator the drill plays (it registers the public half itself).
# Usage: deployment_env DATA_DIR — sets the array DEPLOYMENT (NAME=value words for `env`).
deployment_env() {
  local secret i
  secret=()
  for i in 1 2 3 4 5; do secret+=("$(head -c 32 /dev/urandom | base64)"); done
  DEPLOYMENT=(TONGBAN_PUBLIC_URL=https://bench.example.gov.cn TONGBAN_DATA_DIR="$1"
    TONGBAN_SESSION_KEY="${secret[0]}" TONGBAN_WEBHOOK_SECRET="${secret[1]}"
    TONGBAN_ID_HASH_KEY="${secret[2]}" TONGBAN_DATA_KEY="${secret[3]}"
    TONGBAN_VERIFIER_KEY="${secret[4]}"
    BENCH_TICKET_SEED="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')")
}

# haproxy.cfg: round robin over the three copies, /readyz as the health check (every 500 ms,
# out after 2 failures: within the copies' 3 s drain), and a request that met a refused or
# dropped connection sent again to another copy (submissions carry an Idempotency-Key).
haproxy_config() {
  local front="$1" a="$2" b="$3" c="$4"
  cat <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 10s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response
frontend tongban
  bind 127.0.0.1:$front
  default_backend copies
backend copies
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2
  server copy-a 127.0.0.1:$a check
  server copy-b 127.0.0.1:$b check
  server copy-c 127.0.0.1:$c check
CFG
}

# Usage: cluster_step SECONDS
cluster_step() {
  local seconds="$1" dir="$OUT/cluster"
  say "cluster: 3 copies behind HAProxy on one PostgreSQL, $seconds s of mixed load, kill -9 and a graceful restart"
  haproxy_setup
  pg_up
  rm -rf "$dir" && mkdir -p "$dir/data"
  local front a b c rport
  front="$(free_port)"; a="$(free_port)"; b="$(free_port)"; c="$(free_port)"; rport="$(free_port)"
  haproxy_config "$front" "$a" "$b" "$c" >"$dir/haproxy.cfg"
  haproxy -c -q -f "$dir/haproxy.cfg" || die "haproxy refuses $dir/haproxy.cfg"
  haproxy -db -f "$dir/haproxy.cfg" >"$dir/haproxy.log" 2>&1 &
  PIDS+=("$!")
  local url; url="$(pg_db cluster)"
  # One environment for the three copies: one deployment's (the ticket issuer, an Ed25519 key
  # from BENCH_TICKET_SEED, is registered by the drill).
  deployment_env "$dir/data"
  env "${DEPLOYMENT[@]}" TONGBAN_DATABASE_URL="$url" \
    TONGBAN_WEBHOOK_URL="http://127.0.0.1:$rport/push" TONGBAN_TRUSTED_PROXIES=127.0.0.1/32 \
    TONGBAN_PUSH_LEASE_SECS=10 TONGBAN_DRAIN_SECS=3 \
    TONGBAN_STATIC_DIR="$ROOT/dist" RUST_LOG=warn \
    "$BIN/cluster" --gateway "$GATEWAY" --database-url "$url" --proxy-url "http://127.0.0.1:$front" \
      --ports "$a,$b,$c" --receiver-port "$rport" --seconds "$seconds" --log-dir "$dir" \
      --out "$OUT/cluster.md" >"$OUT/cluster.json" || die "the cluster drill failed (logs: $dir)"
  cat "$OUT/cluster.json"
  cat "$OUT/cluster.md"
}
