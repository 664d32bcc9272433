#!/usr/bin/env bash
# Installs the Prometheus that the /metrics integration tests scrape the console with, into
# .tools/bin/prometheus (git-ignored). Safe to run repeatedly: a binary that is already the pinned
# version is kept, so a second run takes well under a second.
#
# Order of preference:
#   1. PROMETHEUS_BIN, when set                  -> must run; used as is (no pin)
#   2. .tools/bin/prometheus reports the pin     -> keep
#   3. build the pin from its Go module with Go 1.21+ (through the Go module proxy)
#   4. root with apt-get: Debian's prometheus package, linked (an older 2.x; enough for scraping)
set -euo pipefail

# Prometheus 3.x publishes its Go module as v0.3XX.Y for release 3.XX.Y.
readonly PROM_MODULE="github.com/prometheus/prometheus"
readonly PROM_MODULE_VERSION="v0.316.0"
readonly PROM_RELEASE="3.16.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BIN_DIR="$ROOT/.tools/bin"
readonly TARGET="$BIN_DIR/prometheus"

log() { printf '%s\n' "$*"; }
die() { printf 'install-prometheus: %s\n' "$*" >&2; exit 1; }

version_of() { timeout 10 "$1" --version 2>&1 | head -n 1 || true; }

if [[ -n "${PROMETHEUS_BIN:-}" ]]; then
  [[ -x "$PROMETHEUS_BIN" ]] || die "PROMETHEUS_BIN=$PROMETHEUS_BIN is not an executable"
  log "prometheus: $PROMETHEUS_BIN ($(version_of "$PROMETHEUS_BIN"), from PROMETHEUS_BIN)"
  exit 0
fi

if [[ -x "$TARGET" && "$(version_of "$TARGET")" == *"version $PROM_RELEASE "* ]]; then
  log "prometheus: ok ($PROM_RELEASE in .tools/bin)"
  exit 0
fi

mkdir -p "$BIN_DIR"
if command -v go >/dev/null 2>&1; then
  log "prometheus: building $PROM_RELEASE from $PROM_MODULE@$PROM_MODULE_VERSION with $(go env GOVERSION) ..."
  work_dir="$(mktemp -d "${TMPDIR:-/tmp}/prometheus-build.XXXXXX")"
  trap 'rm -rf "$work_dir"' EXIT
  rm -f "$TARGET"
  # A throwaway module, as for NSQ: `go install pkg@version` fails where the proxy refuses the
  # @v/list deprecation lookup. -mod=mod lets go resolve go.sum entries on the fly. remove_all_sd
  # leaves out the cloud service discoveries (AWS, Azure, Kubernetes, ...): the tests scrape static
  # targets, and without them the build is a fraction of the size and time.
  if (
    cd "$work_dir"
    go mod init prometheusbuild >/dev/null 2>&1
    go get "$PROM_MODULE/cmd/prometheus@$PROM_MODULE_VERSION"
    GOBIN="$BIN_DIR" GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" go install -tags remove_all_sd \
      -ldflags "-X github.com/prometheus/common/version.Version=$PROM_RELEASE" "$PROM_MODULE/cmd/prometheus"
  ); then
    log "prometheus: built ($(version_of "$TARGET"))"
    exit 0
  fi
  log "prometheus: the Go build failed (see above); trying Debian's package"
fi

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  if [[ ! -x /usr/bin/prometheus ]]; then
    log "prometheus: installing Debian's package (apt-get install prometheus) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
      || die "apt-get install prometheus failed (see output above)"
  fi
  ln -sfn /usr/bin/prometheus "$TARGET"
  log "prometheus: linked /usr/bin/prometheus ($(version_of /usr/bin/prometheus), Debian's package)"
  exit 0
fi

die "no Prometheus for the /metrics integration tests: install Go 1.21+ (then \`npm run tools:install\` builds $PROM_RELEASE), or \`sudo apt-get install prometheus\`, or set PROMETHEUS_BIN to a Prometheus binary"
