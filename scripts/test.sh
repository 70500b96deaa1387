#!/usr/bin/env bash
# `npm test`: every check, in order of cost. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/ensure-chromium.mjs
echo "== typecheck"; npm run -s typecheck
echo "== lint"; npm run -s lint
echo "== unit"; npx vitest run
echo "== browser"; npx playwright test
