#!/usr/bin/env bash
# Installs the Prometheus that the /metrics integration tests scrape the console with, and the promtool
# that checks the console's rules export (GET /api/alerts/rules), into .tools/bin (git-ignored). Safe
# to run repeatedly: binaries that are already the pinned version are kept, so a second run takes well
# under a second.
#
# Order of preference, for each of prometheus and promtool:
#   1. PROMETHEUS_BIN / PROMTOOL_BIN, when set   -> must run; used as is (no pin)
#   2. .tools/bin/<name> reports the pin         -> keep
#   3. build the pin from its Go module with Go 1.21+ (through the Go module proxy)
#   4. root with apt-get: Debian's prometheus package (it ships both), linked (an older 2.x; enough
#      for scraping and for checking rules)
set -euo pipefail

# Prometheus 3.x publishes its Go module as v0.3XX.Y for release 3.XX.Y.
readonly PROM_MODULE="github.com/prometheus/prometheus"
readonly PROM_MODULE_VERSION="v0.316.0"
readonly PROM_RELEASE="3.16.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BIN_DIR="$ROOT/.tools/bin"

log() { printf '%s\n' "$*"; }
die() { printf 'install-prometheus: %s\n' "$*" >&2; exit 1; }

version_of() { timeout 10 "$1" --version 2>&1 | head -n 1 || true; }

# Whether a binary needs nothing done: named by its environment variable, or already the pin.
settled() {
  local name="$1" env_var="$2"
  local override="${!env_var:-}" target="$BIN_DIR/$1"
  if [[ -n "$override" ]]; then
    [[ -x "$override" ]] || die "$env_var=$override is not an executable"
    log "$name: $override ($(version_of "$override"), from $env_var)"
    return 0
  fi
  if [[ -x "$target" && "$(version_of "$target")" == *"version $PROM_RELEASE "* ]]; then
    log "$name: ok ($PROM_RELEASE in .tools/bin)"
    return 0
  fi
  return 1
}

missing=()
settled prometheus PROMETHEUS_BIN || missing+=(prometheus)
settled promtool PROMTOOL_BIN || missing+=(promtool)
(( ${#missing[@]} > 0 )) || exit 0

mkdir -p "$BIN_DIR"
if command -v go >/dev/null 2>&1; then
  log "${missing[*]}: building $PROM_RELEASE from $PROM_MODULE@$PROM_MODULE_VERSION with $(go env GOVERSION) ..."
  work_dir="$(mktemp -d "${TMPDIR:-/tmp}/prometheus-build.XXXXXX")"
  trap 'rm -rf "$work_dir"' EXIT
  packages=()
  for name in "${missing[@]}"; do
    rm -f "${BIN_DIR:?}/$name"
    packages+=("$PROM_MODULE/cmd/$name")
  done
  # A throwaway module, as for NSQ: `go install pkg@version` fails where the proxy refuses the
  # @v/list deprecation lookup. -mod=mod lets go resolve go.sum entries on the fly. remove_all_sd
  # leaves out the cloud service discoveries (AWS, Azure, Kubernetes, ...): the tests scrape static
  # targets and check rules files, and without them the build is a fraction of the size and time.
  if (
    cd "$work_dir"
    go mod init prometheusbuild >/dev/null 2>&1
    go get "$PROM_MODULE/cmd/prometheus@$PROM_MODULE_VERSION"
    GOBIN="$BIN_DIR" GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" go install -tags remove_all_sd \
      -ldflags "-X github.com/prometheus/common/version.Version=$PROM_RELEASE" "${packages[@]}"
  ); then
    for name in "${missing[@]}"; do log "$name: built ($(version_of "$BIN_DIR/$name"))"; done
    exit 0
  fi
  log "${missing[*]}: the Go build failed (see above); trying Debian's package"
fi

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  if [[ ! -x /usr/bin/prometheus || ! -x /usr/bin/promtool ]]; then
    log "${missing[*]}: installing Debian's package (apt-get install prometheus) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus >/dev/null \
      || die "apt-get install prometheus failed (see output above)"
  fi
  for name in "${missing[@]}"; do
    ln -sfn "/usr/bin/$name" "$BIN_DIR/$name"
    log "$name: linked /usr/bin/$name ($(version_of "/usr/bin/$name"), Debian's package)"
  done
  exit 0
fi

die "no ${missing[*]} for the integration tests: install Go 1.21+ (then \`npm run tools:install\` builds $PROM_RELEASE), or \`sudo apt-get install prometheus\`, or set PROMETHEUS_BIN / PROMTOOL_BIN to the binaries"
