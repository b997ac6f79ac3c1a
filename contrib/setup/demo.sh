#!/usr/bin/env bash
# contrib/setup/demo.sh: README quick-start command (1).  Installs the
# missing build dependencies, builds jtrace in ./build (reusing it when it is
# already configured), then traces the bundled loopback TCP demo with
# `jtrace-run --filter=net` and prints the JSON log on stdout.  Exits with
# jtrace-run's status (the demo program's own, or 125-127 for jtrace-run's
# failures).
#
#   BUILD=dir   build directory (default: build, at the top of the tree)
set -euo pipefail

readonly PROG="demo"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly ROOT
BUILD=${BUILD:-build}

die() {
    echo "$PROG: $*" >&2
    exit 1
}

say() {
    echo "$PROG: $*" >&2
}

# Runs "$@" with its output in LOG; on failure shows the end of LOG.
run_logged() {
    local log=$1
    shift
    if ! "$@" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "failed: $* (full output in $log)"
    fi
}

configure() {
    if [[ -f $BUILD/meson-private/coredata.dat ]]; then
        say "reusing $BUILD (already configured)"
        return 0
    fi
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/jtrace-demo-setup.XXXXXX")
    say "meson setup $BUILD"
    run_logged "$log" meson setup "$BUILD"
    rm -f "$log"
}

build() {
    say "ninja -C $BUILD"
    run_logged "$BUILD/demo-build.log" ninja -C "$BUILD"
}

# Prints the log one record per line; through jq (compact) when present.
show_log() {
    local log=$1
    [[ -s $log ]] || return 0
    if command -v jq >/dev/null 2>&1; then
        jq -c . "$log" || cat "$log"
    else
        cat "$log"
    fi
}

main() {
    local status=0 log
    cd "$ROOT"
    bash contrib/setup/install-deps.sh </dev/null >&2
    configure
    build

    local tracer="$BUILD/src/jtrace-run"
    local demo="$BUILD/contrib/demo/loopback-demo"
    [[ -x $tracer ]] || die "$tracer was not built"
    [[ -x $demo ]] || die "$demo was not built"

    # -o refuses symlinks (O_NOFOLLOW), so /dev/stdout is not an option:
    # write a file, then print it.  It stays for jq experiments.
    log="$BUILD/demo.jsonl"
    rm -f "$log"
    say "$tracer --filter=net -o $log $demo"
    "$tracer" --filter=net -o "$log" "$demo" || status=$?
    say "JSON log ($log):"
    show_log "$log"
    say "jtrace-run exited with status $status"
    exit "$status"
}

main "$@"
