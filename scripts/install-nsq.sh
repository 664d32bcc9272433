#!/usr/bin/env bash
# Installs the NSQ v1.3.0 binaries the console is developed and tested against
# into <repo>/.nsq/bin (git-ignored). Safe to run repeatedly: binaries that are
# already the right version are kept, so a second run takes well under a second.
#
# Order of preference per binary:
#   1. .nsq/bin/<name> already reports v1.3.0  -> keep
#   2. <name> on PATH reports v1.3.0           -> symlink it
#   3. build from source with Go 1.21+         -> go install into .nsq/bin
set -euo pipefail

readonly NSQ_VERSION="v1.3.0"
readonly NSQ_MODULE="github.com/nsqio/nsq"
# nsq's own go.mod carries this replace, but replaces in a dependency's go.mod
# are ignored, so without re-declaring it nsqd fails with `undefined: svc.ErrStop`.
readonly SVC_REPLACE="github.com/judwhite/go-svc=github.com/mreiferson/go-svc@v1.2.2-0.20210815184239-7a96e00010f6"
readonly MIN_GO_MAJOR=1
readonly MIN_GO_MINOR=21
readonly BINARIES=(nsqd nsqlookupd nsqadmin to_nsq nsq_tail)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly BIN_DIR="$ROOT/.nsq/bin"

log() { printf '%s\n' "$*"; }
die() { printf 'install-nsq: %s\n' "$*" >&2; exit 1; }

# A hung or foreign binary must not stall the install, so cap --version runs.
run_version() {
  if command -v timeout >/dev/null 2>&1; then
    timeout 10 "$1" --version 2>&1 || true
  else
    "$1" --version 2>&1 || true
  fi
}

# to_nsq v1.3.0 has no --version flag, so fall back to the Go build info that
# is embedded as plain text in every module-aware Go binary.
is_wanted_version() {
  local bin="$1"
  [[ -f "$bin" && -x "$bin" ]] || return 1
  local out
  out="$(run_version "$bin")"
  if [[ "$out" == *"$NSQ_VERSION"* ]]; then
    return 0
  fi
  grep -a -q -F \
    -e $'mod\t'"$NSQ_MODULE"$'\t'"$NSQ_VERSION" \
    -e $'dep\t'"$NSQ_MODULE"$'\t'"$NSQ_VERSION" \
    "$bin" 2>/dev/null
}

# Prints the Go version (e.g. go1.22.3) when Go is usable and new enough.
usable_go_version() {
  command -v go >/dev/null 2>&1 || return 1
  local v
  v="$(go env GOVERSION 2>/dev/null || true)"
  if [[ "$v" =~ ^go([0-9]+)\.([0-9]+) ]]; then
    local major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}"
    if (( major > MIN_GO_MAJOR || (major == MIN_GO_MAJOR && minor >= MIN_GO_MINOR) )); then
      printf '%s\n' "$v"
      return 0
    fi
  fi
  return 1
}

mkdir -p "$BIN_DIR"

missing=()
for name in "${BINARIES[@]}"; do
  target="$BIN_DIR/$name"
  if is_wanted_version "$target"; then
    log "$name: ok ($NSQ_VERSION in .nsq/bin)"
    continue
  fi

  from_path=""
  if candidate="$(command -v "$name" 2>/dev/null)"; then
    resolved="$(readlink -f "$candidate" 2>/dev/null || printf '%s' "$candidate")"
    # Skip our own (wrong-version) copy if .nsq/bin happens to be on PATH.
    if [[ "$(dirname "$resolved")" != "$BIN_DIR" ]] && is_wanted_version "$resolved"; then
      from_path="$resolved"
    fi
  fi

  if [[ -n "$from_path" ]]; then
    rm -f "$target"
    ln -s "$from_path" "$target"
    log "$name: linked $from_path ($NSQ_VERSION from PATH)"
  else
    missing+=("$name")
  fi
done

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

missing_list="$(IFS=','; printf '%s' "${missing[*]}" | sed 's/,/, /g')"
if ! go_version="$(usable_go_version)"; then
  found="go not found"
  if command -v go >/dev/null 2>&1; then
    found="found $(go env GOVERSION 2>/dev/null || go version)"
  fi
  die "need Go ${MIN_GO_MAJOR}.${MIN_GO_MINOR}+ or NSQ $NSQ_VERSION binaries on PATH: missing ${missing_list} (${found})"
fi

log "building ${missing_list} from $NSQ_MODULE@$NSQ_VERSION with $go_version ..."

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/nsq-build.XXXXXX")"
trap 'rm -rf "$work_dir"' EXIT

packages=()
for name in "${missing[@]}"; do
  packages+=("$NSQ_MODULE/apps/$name")
  # go install refuses to overwrite a file that is not a Go binary (e.g. a
  # stale wrapper script), and a stale symlink would redirect the write.
  rm -f "$BIN_DIR/$name"
done

# `go install pkg@version` cannot be used: it honours neither the go-svc replace
# nor works when the proxy refuses the @v/list deprecation lookup (403 here).
# A throwaway module that requires nsq and re-declares the replace avoids both.
(
  cd "$work_dir"
  go mod init nsqbuild >/dev/null 2>&1
  go get "$NSQ_MODULE@$NSQ_VERSION"
  go mod edit -replace "$SVC_REPLACE"
  # -mod=mod lets go resolve the replaced module's go.sum entries on the fly.
  GOBIN="$BIN_DIR" GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" go install "${packages[@]}"
) || die "go build of ${missing_list} failed (see output above)"

failed=()
for name in "${missing[@]}"; do
  if is_wanted_version "$BIN_DIR/$name"; then
    log "$name: built ($NSQ_VERSION, $go_version)"
  else
    failed+=("$name")
  fi
done

if (( ${#failed[@]} > 0 )); then
  die "built binaries do not report $NSQ_VERSION: ${failed[*]}"
fi
