#!/usr/bin/env bash
# The parity layer of scripts/test.sh (the venv is made by scripts/setup.sh test): the DuckDB
# twins against the engine, then loyalty.clv_predicted's fits against `lifetimes`.
set -uo pipefail
cd "$(dirname "$0")/../.."
status=0
.venv/bin/python tests/parity/parity.py "$@" || status=1
.venv/bin/python tests/parity/clv.py || status=1
exit $status
