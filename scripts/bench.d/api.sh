# scripts/bench api — the API at practice sizes of 1k, 10k and 100k patients, and housekeeping at 1 M
# inbox rows. In a fresh temp data dir, for each size in BENCH_SIZES the same store is grown to that
# many patients of practice pra-bench (server stopped; build/bench/api_fill WRITES THE STORE DIRECTLY
# for speed, not through webhooks: each patient with a Hint record, a linked HearLink record, 1–3
# hearing tests, appointments and invoices with payments, ~10% with a note; practice pra-other alongside
# with a tenth as many), then hearbridge is started on a free port (Hint and HearLink pointed at the
# unroutable http://127.0.0.1:9, so no outside call succeeds and local copies answer; outbox worker off;
# log level warn) and scripts/bench.d/api_load.mjs (Node, keep-alive) opens sessions as the browser does
# and measures:
#   - webhook ingest: signed Hint patient.updated events, 16 at once for BENCH_INGEST_SECONDS (events/s,
#     p50/p99), then waits until the worker has processed them;
#   - every read route the README lists (GET /healthz, /metrics, the app shell and app.js, session,
#     recovery key, patient, hearing record, search by 2-letter prefix / 3-letter fragment / full name /
#     date of birth / empty, worklist and a later page, notes list and note, settings, directory
#     progress, admin audit / outbox / webhooks) and the note save (PUT with If-Match, each client its
#     own draft): BENCH_SEQUENTIAL requests one after the other, then BENCH_CLIENTS clients of
#     BENCH_PER_CLIENT requests each; p50/p95 and requests/s as the client saw them. Bounded in time:
#     each phase of a route stops sending after BENCH_ROUTE_SECONDS and says how many it measured; a
#     request unanswered after BENCH_REQUEST_TIMEOUT seconds fails; the concurrent phase is skipped when
#     the sequential median is over 2 s; before each route the driver waits until the server is idle
#     (its CPU time in /proc), so work one route left behind is not charged to the next;
#   - scoping: pra-bench's clinician gets 404 for a pra-other patient and finds no pra-other-only name
#     (pra-other's clinician finds both);
#   - the server's RSS and peak (VmHWM) after the load, restart (SIGTERM → exit → start → /healthz 200,
#     polled every 10 ms) and the data file's size.
# Then (BENCH_HOUSEKEEPING=1) it adds BENCH_INBOX_ROWS processed inbox rows of ~1 KB received 8–30 days
# ago, BENCH_OUTBOX_ROWS outbox jobs done > 30 days ago and BENCH_EXPIRED_SESSIONS expired sessions,
# restarts with HEARBRIDGE_PAYLOAD_RETENTION=86400 (housekeeping begins a minute after the start and
# "during" is measured from then; every added row is past both the retention and the 7 days event ids
# are kept), and measures note
# saves and webhooks while the purge, outbox cleanup and session sweep run and after, the time until
# they are done (sqlite3 -readonly polls), and the file's size before, then and after the free pages
# go back. GET /hint/activate is not measured: it is not a read (it redeems an install code with Hint).
# Prints one table per size, the housekeeping table and the growth table (p95 at the largest size ÷ at
# the smallest). Targets (at 100k, on this 2-core machine): p95 ≤ 20 ms sequential and ≤ 100 ms at 16
# concurrent for every route; growth 1k → 100k ≤ 2×; RSS ≤ 150 MB; restart to /healthz 200 ≤ 2 s. A
# missed target prints ✗ and still exits 0; a failed request or scoping check exits 1.
# Settings: HEARBRIDGE_BIN (default build/native/server/hearbridge), HEARBRIDGE_BUILD_DIR (the build
# whose libraries the filler links, default build/native), BENCH_SIZES (default "1000 10000 100000",
# increasing), BENCH_SEQUENTIAL (200), BENCH_CLIENTS (16), BENCH_PER_CLIENT (100), BENCH_INGEST_SECONDS
# (3), BENCH_ROUTE_SECONDS (20), BENCH_REQUEST_TIMEOUT (60), BENCH_SEED (1), BENCH_HOUSEKEEPING (1),
# BENCH_INBOX_ROWS (1000000), BENCH_OUTBOX_ROWS (100000),
# BENCH_EXPIRED_SESSIONS (20000), BENCH_KEEP=1 (keep the temp dir and print its path).
set -euo pipefail

bin=${HEARBRIDGE_BIN:-build/native/server/hearbridge}
build_dir=${HEARBRIDGE_BUILD_DIR:-build/native}
sizes=${BENCH_SIZES:-1000 10000 100000}
sequential=${BENCH_SEQUENTIAL:-200}
clients=${BENCH_CLIENTS:-16}
per_client=${BENCH_PER_CLIENT:-100}
ingest_seconds=${BENCH_INGEST_SECONDS:-3}
route_seconds=${BENCH_ROUTE_SECONDS:-20}
request_timeout=${BENCH_REQUEST_TIMEOUT:-60}
seed=${BENCH_SEED:-1}
housekeeping=${BENCH_HOUSEKEEPING:-1}
inbox_rows=${BENCH_INBOX_ROWS:-1000000}
outbox_rows=${BENCH_OUTBOX_ROWS:-100000}
expired_sessions=${BENCH_EXPIRED_SESSIONS:-20000}
secret=bench-hint-webhook-key
retention=86400
here=scripts/bench.d

[ -x "$bin" ] || { echo "bench api: $bin is missing; run scripts/build first (or set HEARBRIDGE_BIN)" >&2; exit 2; }
for tool in node sqlite3 curl g++; do
  command -v "$tool" >/dev/null || { echo "bench api: $tool is missing; run scripts/setup" >&2; exit 2; }
done
previous=0
for size in $sizes; do
  [ "$size" -gt "$previous" ] || { echo "bench api: BENCH_SIZES must increase (got '$sizes')" >&2; exit 2; }
  previous=$size
done

# The filler, compiled against the libraries of the same build as the server, when out of date.
libs=("$build_dir/server/libhearbridge_core.a" "$build_dir/server/libhttplib.a" "$build_dir/shared/libhearbridge_model.a")
for lib in "${libs[@]}"; do
  [ -f "$lib" ] || { echo "bench api: $lib is missing; run scripts/build first (or set HEARBRIDGE_BUILD_DIR)" >&2; exit 2; }
done
fill=build/bench/api_fill
stale=0
if [ ! -x "$fill" ] || [ "$here/api_fill.cpp" -nt "$fill" ]; then stale=1; fi
for lib in "${libs[@]}"; do
  if [ "$lib" -nt "$fill" ]; then stale=1; fi
done
if [ "$stale" = 1 ]; then
  echo "bench api: compiling $fill…"
  mkdir -p build/bench
  g++ -std=c++20 -O2 -I. "$here/api_fill.cpp" "${libs[@]}" -lsqlite3 -lssl -lcrypto -lpthread -o "$fill"
fi

work=$(mktemp -d /tmp/hearbridge-bench-api-XXXXXX)
data=$work/data
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench api: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
port=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")

now_ms() { local t=$EPOCHREALTIME; echo "${t/./}" | cut -c1-13; }

# Starts hearbridge in the background (extra environment as arguments: NAME=value…); sets server_pid.
start_server() {
  env HEARBRIDGE_DATA_DIR="$data" HEARBRIDGE_LISTEN="127.0.0.1:$port" HINT_WEBHOOK_SECRET=$secret \
    HINT_API_URL=http://127.0.0.1:9 HEARLINK_API_URL=http://127.0.0.1:9 HEARBRIDGE_OUTBOX_WORKER=false \
    HEARBRIDGE_LOG_LEVEL=warn "$@" "$bin" 2>>"$work/server.log" &
  server_pid=$!
}

# Polls /healthz every 10 ms until 200 (at most 60 s).
wait_healthy() {
  local deadline=$(($(now_ms) + 60000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz" || true)" = 200 ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.01
  done
  echo "bench api: hearbridge did not answer /healthz; its log:" >&2
  cat "$work/server.log" >&2
  exit 1
}

stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=
}

file_bytes() { stat -c %s "$1" 2>/dev/null || echo 0; }

echo "bench api: $bin, sizes $sizes, $sequential sequential + ${clients}×$per_client concurrent per route; work dir $work"
echo "bench api: this machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
results=()
from=0
for size in $sizes; do
  echo "bench api: filling $from → $size patients (directly into the store)…"
  "$fill" --data-dir "$data" --from "$from" --to "$size" --seed "$seed" --meta "$work/meta.json"
  cp "$work/meta.json" "$work/meta-$size.json"
  start_server
  wait_healthy
  echo "bench api: load at $size patients…"
  load_start=$(now_ms)
  node "$here/api_load.mjs" load --port "$port" --secret "$secret" --meta "$work/meta-$size.json" --seed "$seed" \
    --sequential "$sequential" --clients "$clients" --per-client "$per_client" --ingest-seconds "$ingest_seconds" \
    --route-seconds "$route_seconds" --request-timeout "$request_timeout" --server-pid "$server_pid" \
    >"$work/result-$size.json"
  load_ms=$(($(now_ms) - load_start))
  rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")
  hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status")

  # Restart: SIGTERM, wait for the exit, start, poll /healthz every 10 ms.
  t0=$(now_ms)
  stop_server
  t1=$(now_ms)
  start_server
  wait_healthy
  t2=$(now_ms)
  printf '{"rss_kb": %s, "hwm_kb": %s, "stop_ms": %s, "start_ms": %s, "restart_ms": %s, "file_bytes": %s, "wal_bytes": %s, "load_seconds": %s}\n' \
    "$rss_kb" "$hwm_kb" $((t1 - t0)) $((t2 - t1)) $((t2 - t0)) "$(file_bytes "$data/hearbridge.sqlite3")" \
    "$(file_bytes "$data/hearbridge.sqlite3-wal")" "$(awk -v ms="$load_ms" 'BEGIN { printf "%.1f", ms / 1000 }')" \
    >"$work/server-$size.json"
  stop_server
  node "$here/api_load.mjs" table "$work/result-$size.json" "$work/server-$size.json"
  results+=("$work/result-$size.json")
  from=$size
done

status=0
if [ "$housekeeping" = 1 ]; then
  echo
  echo "bench api: housekeeping: adding $inbox_rows inbox rows, $outbox_rows old outbox jobs, $expired_sessions expired sessions…"
  "$fill" --data-dir "$data" --from "$from" --to "$from" --seed "$seed" --meta "$work/meta-housekeeping.json" \
    --inbox-rows "$inbox_rows" --old-outbox-rows "$outbox_rows" --expired-sessions "$expired_sessions"
  before=$(file_bytes "$data/hearbridge.sqlite3")
  started_at=$(now_ms)
  # With the background work on: the session sweep runs with it (Hint and HearLink stay unreachable).
  start_server HEARBRIDGE_PAYLOAD_RETENTION=$retention HEARBRIDGE_OUTBOX_WORKER=true
  wait_healthy
  node "$here/api_load.mjs" housekeeping --port "$port" --secret "$secret" --meta "$work/meta-housekeeping.json" \
    --db "$data/hearbridge.sqlite3" --retention "$retention" --started-at "$started_at" --file-bytes-before "$before" \
    --clients "$clients" >"$work/housekeeping.json"
  stop_server
  node "$here/api_load.mjs" housekeeping-table "$work/housekeeping.json" || status=1
fi

node "$here/api_load.mjs" growth "${results[@]}" || status=1
if grep -q '"level":"error"' "$work/server.log"; then
  echo "bench api: the server logged errors:"
  grep '"level":"error"' "$work/server.log" | head -20
fi
exit "$status"
