#!/usr/bin/env bash
# Jornada's run command: installs what is missing (scripts/build.sh runs scripts/setup.sh),
# builds the release site and serves it on http://127.0.0.1:8080/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec node scripts/serve.mjs
