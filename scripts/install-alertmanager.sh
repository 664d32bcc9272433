#!/usr/bin/env bash
# Installs the Alertmanager that the alert integration tests push to, into .tools/bin/alertmanager
# (git-ignored). Safe to run repeatedly: a binary that is already the pinned version is kept.
#
# Order of preference:
#   1. ALERTMANAGER_BIN, when set                  -> must run; used as is (no pin)
#   2. .tools/bin/alertmanager reports the pin     -> keep
#   3. Debian's prometheus-alertmanager package (0.25.0): downloaded with apt-get and unpacked, the
#      binary alone copied in; the package is not installed, so no system service starts with it
# Not from its Go module: the module leaves out the web UI that the binary embeds (ui/app/dist is
# built by npm in Alertmanager's own release process), so `go install` fails there.
set -euo pipefail

readonly AM_RELEASE="0.25.0"
readonly AM_DEB_VERSION="0.25.0-1+b4"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BIN_DIR="$ROOT/.tools/bin"
readonly TARGET="$BIN_DIR/alertmanager"

log() { printf '%s\n' "$*"; }
die() { printf 'install-alertmanager: %s\n' "$*" >&2; exit 1; }

version_of() { timeout 10 "$1" --version 2>&1 | head -n 1 || true; }

if [[ -n "${ALERTMANAGER_BIN:-}" ]]; then
  [[ -x "$ALERTMANAGER_BIN" ]] || die "ALERTMANAGER_BIN=$ALERTMANAGER_BIN is not an executable"
  log "alertmanager: $ALERTMANAGER_BIN ($(version_of "$ALERTMANAGER_BIN"), from ALERTMANAGER_BIN)"
  exit 0
fi

if [[ -x "$TARGET" && "$(version_of "$TARGET")" == *"version $AM_RELEASE "* ]]; then
  log "alertmanager: ok ($AM_RELEASE in .tools/bin)"
  exit 0
fi

mkdir -p "$BIN_DIR"
if command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1; then
  work_dir="$(mktemp -d "${TMPDIR:-/tmp}/alertmanager-deb.XXXXXX")"
  trap 'rm -rf "$work_dir"' EXIT
  chmod 755 "$work_dir" # apt's download user must be able to write there
  download() { (cd "$work_dir" && apt-get download -qq "prometheus-alertmanager=$AM_DEB_VERSION" >/dev/null 2>&1); }
  log "alertmanager: fetching Debian's prometheus-alertmanager $AM_DEB_VERSION ..."
  if ! download && [[ "$(id -u)" == 0 ]]; then
    apt-get update -qq >/dev/null 2>&1 || true
    download || true
  fi
  deb="$(find "$work_dir" -maxdepth 1 -name 'prometheus-alertmanager_*.deb' | head -n 1)"
  if [[ -n "$deb" ]]; then
    dpkg-deb -x "$deb" "$work_dir/root"
    install -m 755 "$work_dir/root/usr/bin/prometheus-alertmanager" "$TARGET"
    log "alertmanager: unpacked ($(version_of "$TARGET"), Debian's package)"
    exit 0
  fi
  log "alertmanager: apt-get could not download prometheus-alertmanager $AM_DEB_VERSION"
fi

die "no Alertmanager for the alert integration tests: on Debian, \`apt-get update\` (as root) lets \`npm run tools:install\` fetch it, or set ALERTMANAGER_BIN to an Alertmanager binary"
