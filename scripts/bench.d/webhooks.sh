# scripts/bench webhooks — verified, durable Hint webhook intake under load.
# wrk (64 connections, 2 threads, BENCH_SECONDS each, default 10) POSTs distinct pre-signed Hint events
# to a freshly started hearbridge (fresh data dir, default log level), then — same events, same load —
# to the reference receiver (Node's http module: HMAC verify, append + fsync per event, then 200).
# and — same load again — to a no-op cpp-httplib receiver configured like hearbridge's HTTP layer
# (noop_receiver.cpp: no verification, no storage), the ceiling any receiver on that layer can reach here.
# Prints the throughputs, p50/p99 and the ratios, and checks the targets:
#   ≥ 8,000 verified durable events/s, p99 ≤ 50 ms, ≥ 3× the reference.
# Settings: HEARBRIDGE_BIN (default build/native/server/hearbridge), BENCH_SECONDS, BENCH_CONNECTIONS,
# BENCH_REFERENCE=sync (diagnosis: the reference's blocking appendFileSync + fsyncSync form).
set -euo pipefail

bin=${HEARBRIDGE_BIN:-build/native/server/hearbridge}
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
threads=2
events_per_thread=${BENCH_EVENTS_PER_THREAD:-250000}
secret=bench-hint-webhook-key
here=scripts/bench.d

[ -x "$bin" ] || { echo "bench webhooks: $bin is missing; run scripts/build first (or set HEARBRIDGE_BIN)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench webhooks: wrk is missing; run scripts/setup" >&2; exit 2; }

# The no-op ceiling, compiled against the httplib library of the same build (same version, same flags).
httplib_lib=$(dirname "$bin")/libhttplib.a
noop=build/bench/noop_receiver
if [ ! -x "$noop" ] || [ "$here/noop_receiver.cpp" -nt "$noop" ] || [ "$httplib_lib" -nt "$noop" ]; then
  mkdir -p build/bench
  g++ -std=c++20 -O2 -DCPPHTTPLIB_OPENSSL_SUPPORT -DCPPHTTPLIB_TCP_NODELAY=true -DCPPHTTPLIB_LISTEN_BACKLOG=1024 \
    -isystem third_party/cpp-httplib/split "$here/noop_receiver.cpp" "$httplib_lib" -lssl -lcrypto -lpthread -o "$noop"
fi

work=$(mktemp -d /tmp/hearbridge-bench-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Waits (bounded) for the reference receiver's "listening 127.0.0.1:<port>" line; prints the port.
wait_port() {
  local log=$1
  for _ in $(seq 1 200); do
    local port
    port=$(grep -m1 -o 'listening 127\.0\.0\.1:[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && { echo "$port"; return 0; }
    sleep 0.05
  done
  echo "bench webhooks: the server did not start; its log:" >&2
  cat "$log" >&2
  return 1
}

# wrk output → "<requests/s> <p50 ms> <p99 ms> <requests> <non-2xx> <socket errors>"
summarise() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    / requests in / { total = $1 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    /Socket errors:/ { errors = $0; gsub(/[^0-9 ]/, "", errors); split(errors, e, " "); sockerr = e[1] + e[2] + e[3] + e[4] }
    END { printf "%s %.2f %.2f %s %d %d\n", rps, p50, p99, total, bad, sockerr }' "$1"
}

run_wrk() {  # <url> <output file>
  EVENTS_PREFIX="$work/events" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency \
    -s "$here/post_hint_events.lua" "$1" >"$2"
}

echo "bench webhooks: generating $((events_per_thread * threads)) distinct signed events…"
node "$here/make_hint_events.mjs" "$secret" "$events_per_thread" "$threads" "$work/events"

echo "bench webhooks: hearbridge ($bin), $connections connections, ${seconds}s…"
# BENCH_SERVER_FLAGS: extra hearbridge flags, for diagnosis (e.g. --webhook-workers 0).
# A free port chosen up front, and /healthz polled: works whatever the log level.
port=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
HINT_WEBHOOK_SECRET=$secret "$bin" --listen "127.0.0.1:$port" --data-dir "$work/data" ${BENCH_SERVER_FLAGS:-} 2>"$work/server.log" &
server_pid=$!
pids+=("$server_pid")
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { echo "bench webhooks: hearbridge did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
run_wrk "http://127.0.0.1:$port/webhooks/hint" "$work/wrk-hearbridge.txt"
metrics=$(curl -s "http://127.0.0.1:$port/metrics")
kill -TERM "$server_pid"
wait "$server_pid" || true
stored=$(sqlite3 "$work/data/hearbridge.sqlite3" "SELECT COUNT(*) FROM webhook_inbox" 2>/dev/null || echo "?")
received=$(echo "$metrics" | awk '/^hearbridge_webhooks_received_total\{source="hint"\}/ { print $2 }')
commits=$(echo "$metrics" | awk '/^hearbridge_webhook_inbox_commits / { print $2 }')
committed=$(echo "$metrics" | awk '/^hearbridge_webhook_inbox_committed_events / { print $2 }')

echo "bench webhooks: reference receiver (node http, fsync per event, ${BENCH_REFERENCE:-async}), same load…"
node "$here/reference_receiver.mjs" 0 "$secret" "$work/reference-events.ndjson" "${BENCH_REFERENCE:-async}" 2>"$work/reference.log" &
pids+=("$!")
ref_port=$(wait_port "$work/reference.log")
run_wrk "http://127.0.0.1:$ref_port/webhooks/hint" "$work/wrk-reference.txt"

echo "bench webhooks: no-op httplib receiver (the ceiling of the HTTP layer), same load…"
"$noop" 0 2>"$work/noop.log" &
pids+=("$!")
noop_port=$(wait_port "$work/noop.log")
run_wrk "http://127.0.0.1:$noop_port/webhooks/hint" "$work/wrk-noop.txt"

read -r hb_rps hb_p50 hb_p99 hb_total hb_bad hb_err < <(summarise "$work/wrk-hearbridge.txt")
read -r noop_rps noop_p50 noop_p99 noop_total noop_bad noop_err < <(summarise "$work/wrk-noop.txt")
read -r ref_rps ref_p50 ref_p99 ref_total ref_bad ref_err < <(summarise "$work/wrk-reference.txt")
ratio=$(awk -v a="$hb_rps" -v b="$ref_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
ceiling_ratio=$(awk -v a="$noop_rps" -v b="$ref_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
share=$(awk -v a="$hb_rps" -v b="$noop_rps" 'BEGIN { printf "%.0f", (b > 0 ? 100 * a / b : 0) }')

echo
printf '%-34s %12s %10s %10s %10s %8s %8s\n' "receiver" "events/s" "p50 ms" "p99 ms" "requests" "non-2xx" "errors"
printf '%-34s %12s %10s %10s %10s %8s %8s\n' "hearbridge (group commit)" "$hb_rps" "$hb_p50" "$hb_p99" "$hb_total" "$hb_bad" "$hb_err"
printf '%-34s %12s %10s %10s %10s %8s %8s\n' "reference (node, fsync per event)" "$ref_rps" "$ref_p50" "$ref_p99" "$ref_total" "$ref_bad" "$ref_err"
printf '%-34s %12s %10s %10s %10s %8s %8s\n' "no-op httplib (ceiling, no work)" "$noop_rps" "$noop_p50" "$noop_p99" "$noop_total" "$noop_bad" "$noop_err"
echo "ratio hearbridge/reference: ${ratio}x"
echo "ratio no-op httplib/reference: ${ceiling_ratio}x (the most any receiver on this HTTP layer can show here);" \
     "hearbridge runs at ${share}% of the no-op ceiling"
echo "hearbridge inbox: $stored rows stored, received_total=$received, $committed events in $commits commits" \
     "($(awk -v e="$committed" -v c="$commits" 'BEGIN { printf "%.1f", (c > 0 ? e / c : 0) }') events per fsync)"
if [ "$hb_total" -gt $((events_per_thread * threads)) ]; then
  echo "note: more requests than distinct events: the rest were duplicates (raise BENCH_EVENTS_PER_THREAD)"
fi

verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "MISSED"; fi; }
echo "targets: >= 8000 events/s: $(verdict "$hb_rps >= 8000"); p99 <= 50 ms: $(verdict "$hb_p99 <= 50");" \
     ">= 3x reference: $(verdict "$ratio >= 3"); all 2xx: $(verdict "$hb_bad == 0 && $hb_err == 0")"
