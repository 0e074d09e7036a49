#!/usr/bin/env bash
# Jornada's one test command: installs what is missing, then runs every layer.
#   lint    cargo fmt --check, cargo clippy -D warnings
#   native  cargo test for the engine, the CLI and the widget's pure parts
#   parity  every metric's DuckDB twin against the engine (tests/parity)
#   build   trunk release builds of the app and the widget (prints asset sizes)
#   wasm    wasm-bindgen-test in headless Chromium
#   e2e     playwright-core against the release build served on 127.0.0.1
# Ends with one summary line per layer and `total: N passed, N failed`. A layer that cannot
# run (a tool missing, a build failing) fails; nothing is skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180}
export CARGO_TERM_COLOR=never
LOG=$ROOT/target/test-logs
mkdir -p "$LOG"

if ! bash scripts/setup.sh test; then
  echo "setup: FAILED (see above)"
  echo "total: 0 passed, 1 failed"
  exit 1
fi

declare -a SUMMARY=()
TOTAL_PASS=0
TOTAL_FAIL=0
STATUS=0

# cargo/libtest and wasm-bindgen-test: add up every `test result:` line.
count_cargo() {
  awk '/test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1) } }
       END { printf "%d %d\n", p, f }' "$1"
}
# node --test: `# pass N` / `# fail N`.
count_node() {
  awk '/^# pass / { p += $3 } /^# fail / { f += $3 } END { printf "%d %d\n", p, f }' "$1"
}
# tests/parity prints its own `N passed, N failed`.
count_plain() {
  awk '/^[0-9]+ passed, [0-9]+ failed/ { p += $1; f += $3 } END { printf "%d %d\n", p, f }' "$1"
}

# layer NAME COUNTER COMMAND...: runs the command with its output shown and logged.
layer() {
  local name=$1 counter=$2
  shift 2
  echo
  echo "=== layer $name: $*"
  local log=$LOG/$name.log start=$SECONDS
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local p=0 f=0
  if [ "$counter" != none ]; then read -r p f < <($counter "$log"); fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi  # a layer that could not run counts as a failure
  if [ "$counter" = none ]; then
    if [ "$rc" -eq 0 ]; then p=1; fi
  elif [ "$rc" -eq 0 ] && [ "$p" -eq 0 ]; then
    echo "layer $name ran no test"; f=1; rc=1
  fi
  TOTAL_PASS=$((TOTAL_PASS + p))
  TOTAL_FAIL=$((TOTAL_FAIL + f))
  local verdict=ok
  if [ "$rc" -ne 0 ]; then verdict=FAILED; STATUS=1; fi
  SUMMARY+=("$(printf '%-7s %-6s %5d passed, %d failed  (%ds)' "$name:" "$verdict" "$p" "$f" $((SECONDS - start)))")
}

lint() {
  cargo fmt --all --check && cargo clippy --workspace --all-targets --locked -- -D warnings
}

wasm_tests() {
  local rc=0 any=0
  for manifest in Cargo.toml crates/*/Cargo.toml; do
    local dir pkg
    dir=$(dirname "$manifest")
    [ -f "$dir/tests/web.rs" ] || continue
    pkg=$(awk -F'"' '/^name *=/ { print $2; exit }' "$manifest")
    any=1
    cargo test --locked --no-fail-fast --target wasm32-unknown-unknown -p "$pkg" --test web || rc=1
  done
  [ "$any" = 1 ] || { echo "no tests/web.rs found"; return 1; }
  return $rc
}

build_release() {
  bash scripts/build.sh
}

layer lint none lint
layer native count_cargo cargo test --workspace --locked --no-fail-fast
layer parity count_plain bash tests/parity/run.sh
layer build none build_release
layer wasm count_cargo wasm_tests
layer e2e count_node node --test --test-concurrency=1 tests/e2e/

echo
echo "=== summary"
for line in "${SUMMARY[@]}"; do echo "$line"; done
echo "total: $TOTAL_PASS passed, $TOTAL_FAIL failed"
exit $STATUS
