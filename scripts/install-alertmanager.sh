#!/usr/bin/env bash
# Installs the Alertmanager that the alert integration tests push to, into .tools/bin/alertmanager
# (git-ignored). Safe to run repeatedly: a binary that is already the pinned version is kept.
#
# Order of preference:
#   1. ALERTMANAGER_BIN, when set                  -> must run; used as is (no pin)
#   2. .tools/bin/alertmanager reports the pin     -> keep
#   3. root with apt-get: Debian's prometheus-alertmanager package (0.25.0), linked. Debian's binary
#      reads its default notification template from /usr/share/prometheus/alertmanager, so the
#      package is installed, not only unpacked; the service it enables is stopped and disabled (the
#      tests run their own Alertmanager, on 127.0.0.1 and a free port)
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
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  if [[ ! -x /usr/bin/prometheus-alertmanager ]]; then
    log "alertmanager: installing Debian's prometheus-alertmanager $AM_DEB_VERSION ..."
    export DEBIAN_FRONTEND=noninteractive
    install_am() { apt-get install -y -qq --no-install-recommends "prometheus-alertmanager=$AM_DEB_VERSION" >/dev/null 2>&1; }
    install_am || { apt-get update -qq >/dev/null 2>&1 && install_am; } \
      || die "apt-get install prometheus-alertmanager=$AM_DEB_VERSION failed"
    if command -v systemctl >/dev/null 2>&1; then
      systemctl disable --now prometheus-alertmanager >/dev/null 2>&1 || true
    fi
  fi
  ln -sfn /usr/bin/prometheus-alertmanager "$TARGET"
  log "alertmanager: linked /usr/bin/prometheus-alertmanager ($(version_of /usr/bin/prometheus-alertmanager), Debian's package)"
  exit 0
fi

die "no Alertmanager for the alert integration tests: as root, \`npm run tools:install\` installs Debian's prometheus-alertmanager; or set ALERTMANAGER_BIN to an Alertmanager binary"
