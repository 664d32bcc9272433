#!/usr/bin/env bash
# `npm test`: every test, in the order that fails fastest. Needs Node 20+, Go 1.21+ (or NSQ v1.3.0
# binaries on PATH), Chromium at /usr/bin/chromium (override with CHROMIUM_PATH) and Prometheus at
# /usr/bin/prometheus (override with PROMETHEUS_BIN).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "--- NSQ v1.3.0 binaries"
bash scripts/install-nsq.sh

echo "--- type check"
npx tsc --noEmit

echo "--- unit tests"
npx vitest run --project unit

echo "--- production build"
npm run build

echo "--- integration tests (real nsqd, nsqlookupd, nsqadmin and Prometheus)"
npx vitest run --project integration

echo "--- browser tests (Chromium)"
npx playwright test
