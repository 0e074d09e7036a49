#!/usr/bin/env bash
# Installs what Jornada needs, skipping what is already there (idempotent).
#   scripts/setup.sh app    -> toolchain to build and serve the app
#   scripts/setup.sh test   -> the above plus Chromium, chromedriver and the DuckDB venv
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-app}

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for comp in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$comp"; then
    rustup component add "$comp"
  fi
done

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: the registry lacks one of its pinned dependencies.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# npm dev dependencies (binaryen's wasm-opt, playwright-core, axe) from the committed lockfile.
stamp=node_modules/.jornada-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm dev dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

if [ "$want" = test ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing chromium and chromium-driver from Debian"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import duckdb, lifetimes' 2>/dev/null; then
    say "creating .venv with duckdb and lifetimes (the metric oracles)"
    python3 -m venv .venv
    .venv/bin/pip install --quiet -r tests/parity/requirements.txt
  fi
fi
say "toolchain ready ($want)"
