#!/usr/bin/env bash
# Installs the Jaeger the OpenTelemetry integration tests export traces to (an all-in-one that takes
# OTLP on 4317/4318 and answers its query API on 16686) into .tools/bin (git-ignored). Safe to run
# repeatedly: a binary that is already the pinned version is kept, so a second run takes well under a
# second.
#
# Order of preference:
#   1. JAEGER_BIN, when set                 -> must run; used as is (no pin)
#   2. .tools/bin/jaeger is the pin         -> keep
#   3. build the pin from its Go module with Go 1.21+ (through the Go module proxy; about 12 minutes
#      with cold caches on 2 cores, a link only with warm ones)
set -euo pipefail

readonly JAEGER_MODULE="github.com/jaegertracing/jaeger"
readonly JAEGER_VERSION="v1.75.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BIN_DIR="$ROOT/.tools/bin"
readonly TARGET="$BIN_DIR/jaeger"

log() { printf '%s\n' "$*"; }
die() { printf 'install-jaeger: %s\n' "$*" >&2; exit 1; }

# The Go build info every module-aware binary carries names the module and its version.
is_pinned() {
  [[ -x "$1" ]] && grep -a -q -F \
    -e $'mod\t'"$JAEGER_MODULE"$'\t'"$JAEGER_VERSION" \
    -e $'dep\t'"$JAEGER_MODULE"$'\t'"$JAEGER_VERSION" \
    "$1" 2>/dev/null
}

if [[ -n "${JAEGER_BIN:-}" ]]; then
  [[ -x "$JAEGER_BIN" ]] || die "JAEGER_BIN=$JAEGER_BIN is not an executable"
  log "jaeger: $JAEGER_BIN (from JAEGER_BIN)"
  exit 0
fi
if is_pinned "$TARGET"; then
  log "jaeger: ok ($JAEGER_VERSION in .tools/bin)"
  exit 0
fi
command -v go >/dev/null 2>&1 || die "need Go 1.21+ to build Jaeger $JAEGER_VERSION (or set JAEGER_BIN to a Jaeger v2 binary)"

mkdir -p "$BIN_DIR"
log "jaeger: building $JAEGER_VERSION from $JAEGER_MODULE with $(go env GOVERSION) ..."
work_dir="$(mktemp -d "${TMPDIR:-/tmp}/jaeger-build.XXXXXX")"
trap 'rm -rf "$work_dir"' EXIT
# A throwaway module, as for NSQ and Prometheus: `go install pkg@version` fails where the proxy
# refuses the @v/list deprecation lookup.
(
  cd "$work_dir"
  go mod init jaegerbuild >/dev/null 2>&1
  go get -tool "$JAEGER_MODULE/cmd/jaeger@$JAEGER_VERSION"
  rm -f "$TARGET"
  GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" go build -o "$TARGET" "$JAEGER_MODULE/cmd/jaeger"
) || die "go build of Jaeger $JAEGER_VERSION failed (see output above)"
is_pinned "$TARGET" || die "the built binary does not carry $JAEGER_MODULE $JAEGER_VERSION"
log "jaeger: built ($JAEGER_VERSION)"
