#!/usr/bin/env bash
# Finds or installs the Chromium the browser tests drive, and records it as .tools/bin/chromium
# (git-ignored), which playwright.config.ts and the benchmarks launch. Safe to run repeatedly.
#
# Order of preference:
#   1. CHROMIUM_PATH, when set                       -> must be an executable; recorded as is
#   2. Debian's chromium at /usr/bin/chromium         -> recorded
#   3. root with apt-get: apt-get install chromium    -> recorded
#   4. Playwright's own build (npx playwright install chromium), where the network allows it
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly LINK="$ROOT/.tools/bin/chromium"
readonly DEBIAN_CHROMIUM=/usr/bin/chromium

log() { printf '%s\n' "$*"; }
die() { printf 'install-chromium: %s\n' "$*" >&2; exit 1; }

record() {
  mkdir -p "$(dirname "$LINK")"
  ln -sfn "$1" "$LINK"
  log "chromium: $1 ($2)"
}

# A browser that cannot even print its version would fail every browser test later, and slowly.
works() {
  [[ -x "$1" ]] && timeout 60 "$1" --headless --no-sandbox --version >/dev/null 2>&1
}

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  works "$CHROMIUM_PATH" || die "CHROMIUM_PATH=$CHROMIUM_PATH is not a working Chromium"
  record "$CHROMIUM_PATH" 'CHROMIUM_PATH'
  exit 0
fi

if works "$DEBIAN_CHROMIUM"; then
  record "$DEBIAN_CHROMIUM" "Debian's package"
  exit 0
fi

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  log "chromium: installing Debian's package (apt-get install chromium) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null \
    || die "apt-get install chromium failed (see output above)"
  works "$DEBIAN_CHROMIUM" || die "apt-get installed chromium, but $DEBIAN_CHROMIUM does not run"
  record "$DEBIAN_CHROMIUM" "Debian's package, just installed"
  exit 0
fi

log "chromium: no CHROMIUM_PATH, no $DEBIAN_CHROMIUM and no apt-get as root; trying Playwright's own build ..."
if (cd "$ROOT" && npx --no-install playwright install chromium); then
  own="$(cd "$ROOT" && node -e "console.log(require('playwright-core').chromium.executablePath())")"
  works "$own" || die "Playwright installed Chromium, but $own does not run"
  record "$own" "Playwright's own build"
  exit 0
fi

die "no Chromium for the browser tests: get one with \`sudo apt-get install chromium\` or \`npx playwright install chromium\`, or set CHROMIUM_PATH to a Chromium binary"
