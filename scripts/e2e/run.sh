#!/usr/bin/env bash
# `npm run test:e2e`: installs the e2e tools (setup.sh, cached), packages the extension, then runs
# test/e2e: VS Code (code-server + Chromium), the extension-host suite inside code-server, and Neovim.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export NETPOL_E2E_CACHE=${NETPOL_E2E_CACHE:-$repo/.cache/e2e}
mkdir -p "$NETPOL_E2E_CACHE/tmp"
# Temporary files of everything below (vsce, tsx, the tests) stay in the cache too.
export TMPDIR="$NETPOL_E2E_CACHE/tmp"
cd "$repo"

bash scripts/e2e/setup.sh
echo "[e2e ${SECONDS}s] npm run package"
npm run --silent package > "$NETPOL_E2E_CACHE/package.log" || { cat "$NETPOL_E2E_CACHE/package.log"; exit 1; }
echo "[e2e ${SECONDS}s] tests"
node scripts/run-tests.mjs test/e2e
echo "[e2e ${SECONDS}s] done; screenshots and logs in test-results/e2e/"
