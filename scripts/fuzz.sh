#!/usr/bin/env bash
# Coverage-guided fuzzing of the engine (cargo-fuzz, libFuzzer; needs the nightly toolchain).
# No sanitizer: the engine forbids unsafe code, so AddressSanitizer would only slow it down.
#   bash scripts/fuzz.sh [SECONDS per target, default 300] [TARGET...]   (targets: ingest analyze)
# Seeds come from the test fixtures (vendors', Brazilian, hostile shapes, metamorphic); the
# corpus grows in target/fuzz/corpus/TARGET. A crash is saved in crates/engine/fuzz/artifacts/
# and the run fails: turn it into a fixture and a test before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(ingest analyze)

rustup toolchain list | grep -q '^nightly' || {
  echo "fuzz.sh: the nightly toolchain is needed (rustup toolchain install nightly --profile minimal)" >&2
  exit 2
}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked

fixtures=crates/engine/tests/fixtures
for target in "${targets[@]}"; do
  corpus="target/fuzz/corpus/$target"
  if [ ! -d "$corpus" ]; then
    mkdir -p "$corpus"
    n=0
    for f in "$fixtures"/{hostile,vendors,br,metamorphic}/*; do
      [ -f "$f" ] || continue
      [ "$(stat -c %s "$f")" -le 200000 ] || continue # libFuzzer's inputs stay small
      # The first byte picks the chunk size (ingest) or the file's name (analyze).
      { printf "\\$(printf %o $((n % 251)))"; cat "$f"; } > "$corpus/seed-$n"
      n=$((n + 1))
    done
  fi
  echo "fuzz $target for ${seconds}s (corpus: $(ls "$corpus" | wc -l) inputs)"
  (cd crates/engine && cargo +nightly fuzz run --sanitizer none "$target" "../../$corpus" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1)
done
