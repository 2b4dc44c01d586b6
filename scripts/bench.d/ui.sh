# scripts/bench ui — the clinician's UI in headless Chromium (scripts/bench.d/ui.mjs):
#   time from the iframe's navigation to the first frame showing the patient header (target < 1.5 s),
#   frames per second idle vs typing (idle target: 0), and the gzip -9 transfer of app.wasm + app.js
#   (the font is embedded in the wasm; target < 600 KB). Prints each figure beside its target.
# Settings: HEARBRIDGE_E2E_SERVER / HEARBRIDGE_E2E_SANDBOX (binaries, default build/native/…),
#   HEARBRIDGE_WEB_DIR (the UI files, default build/web/dist), BENCH_RUNS (launches timed, default 5).
set -euo pipefail
web_dir=${HEARBRIDGE_WEB_DIR:-build/web/dist}
[ -f "$web_dir/app.wasm" ] || { echo "bench ui: $web_dir/app.wasm is missing; run scripts/build first (or set HEARBRIDGE_WEB_DIR)" >&2; exit 2; }
[ -d tests/e2e/node_modules/playwright-core ] || { echo "bench ui: run 'npm install' in tests/e2e (scripts/setup does)" >&2; exit 2; }
export HEARBRIDGE_WEB_DIR="$(cd "$web_dir" && pwd)"
wasm=$(gzip -9 -c "$web_dir/app.wasm" | wc -c)
js=$(gzip -9 -c "$web_dir/app.js" | wc -c)
exec node scripts/bench.d/ui.mjs "$wasm" "$js"
