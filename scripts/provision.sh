#!/usr/bin/env bash
# Everything the tests need from outside npm, pinned and installed into git-ignored folders: NSQ
# v1.3.0 (.nsq/bin), Prometheus and promtool, Alertmanager, Jaeger and Chromium (.tools/bin). Each
# installer says what it found or did; when any part cannot be had, this stops with one message that
# names every missing part and the command that gets it, before a single test has run.
set -uo pipefail
cd "$(dirname "$0")/.."

output="$(mktemp)"
trap 'rm -f "$output"' EXIT
failed=()
for part in nsq prometheus alertmanager jaeger chromium; do
  # shown as it comes, and kept for the installer's last word on failure
  bash "scripts/install-$part.sh" 2>&1 | tee "$output"
  if (( PIPESTATUS[0] != 0 )); then
    failed+=("$(grep "^install-$part: " "$output" | tail -n 1)")
  fi
done

if (( ${#failed[@]} > 0 )); then
  printf '\nThe tests need parts that could not be installed here:\n' >&2
  printf '  %s\n' "${failed[@]}" >&2
  exit 1
fi
