#!/usr/bin/env bash
# The DuckDB parity layer of scripts/test.sh (the venv is made by scripts/setup.sh test).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec .venv/bin/python tests/parity/parity.py "$@"
