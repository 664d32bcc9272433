#!/usr/bin/env bash
# `npm test`: every test, in the order that fails fastest. Needs Node 20+ and Go 1.21+; everything
# else outside npm (NSQ v1.3.0, Prometheus, Alertmanager, Chromium) is pinned and provisioned by scripts/provision.sh
# into git-ignored folders before any test runs.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "--- NSQ, Prometheus, Alertmanager and Chromium"
bash scripts/provision.sh

echo "--- lint and format check"
npm run lint

echo "--- type check"
npx tsc --noEmit

echo "--- unit tests"
npx vitest run --project unit

echo "--- production build"
npm run build

echo "--- integration tests (real nsqd, nsqlookupd, nsqadmin, Prometheus, Alertmanager and Jaeger)"
npx vitest run --project integration

echo "--- browser tests (Chromium)"
npx playwright test
