#!/usr/bin/env bash
# contrib/setup/run-tests.sh: README quick-start command (2), and what .ci/run
# executes.  Installs the missing build and test dependencies, then for each
# test configuration: a fresh build dir, `meson setup`, `ninja`,
# `meson test --print-errorlogs`.  Ends with one line
# "N passed, N failed, N skipped" over all configurations and exits non-zero
# when anything failed (set-up, build, or a test) or when no test ran.
# Needs no terminal and no stdin (CI=true works).
#
#   run-tests.sh [--no-deps]    --no-deps: skip contrib/setup/install-deps.sh
#
# A configuration is one call to test_build_dir in main(); to add one (e.g.
# the sanitizer build), add a line there.
set -euo pipefail

readonly PROG="run-tests"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly ROOT

# Totals over every configuration, updated by test_build_dir.
TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0
FAILED_DIRS=()

die() {
    echo "$PROG: $*" >&2
    exit 1
}

say() {
    echo "$PROG: $*"
}

# Prints "PASSED FAILED SKIPPED" counted from a meson testlog.json (one JSON
# object per line).  EXPECTEDFAIL counts as a pass, as meson counts it.
count_results() {
    python3 - "$1" <<'EOF'
import json, sys
passed = failed = skipped = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
        else:  # FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS, INTERRUPT, ...
            failed += 1
print(passed, failed, skipped)
EOF
}

# test_build_dir DIR [MESON_SETUP_OPTION...] [-- MESON_TEST_OPTION...]
# Builds and tests the tree in a fresh DIR and adds its counts to the totals.
# A set-up or build failure counts as one failed test.
test_build_dir() {
    local dir=$1
    shift
    local -a setup_opts=() test_opts=()
    while (($#)); do
        if [[ $1 == -- ]]; then
            shift
            test_opts=("$@")
            break
        fi
        setup_opts+=("$1")
        shift
    done

    say "== $dir: meson setup ${setup_opts[*]}"
    rm -rf "$dir"
    if ! meson setup "$dir" "${setup_opts[@]}" </dev/null; then
        say "$dir: meson setup failed"
        record "$dir" 0 1 0
        return 0
    fi
    say "== $dir: ninja"
    if ! ninja -C "$dir" </dev/null; then
        say "$dir: build failed"
        record "$dir" 0 1 0
        return 0
    fi

    say "== $dir: meson test"
    local rc=0
    meson test -C "$dir" --print-errorlogs "${test_opts[@]}" </dev/null || rc=$?

    local testlog="$dir/meson-logs/testlog.json"
    local passed=0 failed=0 skipped=0
    if [[ -f $testlog ]]; then
        read -r passed failed skipped < <(count_results "$testlog")
    fi
    # meson test failing with no failed test in the log (a crash of meson
    # itself, a bad option) is still a failure.
    if ((rc != 0 && failed == 0)); then
        say "$dir: meson test exited with status $rc"
        failed=1
    fi
    if ((passed + failed + skipped == 0)); then
        say "$dir: no test ran"
        failed=1
    fi
    record "$dir" "$passed" "$failed" "$skipped"
}

# record DIR PASSED FAILED SKIPPED
record() {
    say "$1: $2 passed, $3 failed, $4 skipped"
    TOTAL_PASSED=$((TOTAL_PASSED + $2))
    TOTAL_FAILED=$((TOTAL_FAILED + $3))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + $4))
    if (($3 > 0)); then
        FAILED_DIRS+=("$1")
    fi
}

main() {
    local deps=1 arg
    for arg in "$@"; do
        case $arg in
            --no-deps) deps=0 ;;
            -h | --help)
                sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
                exit 0
                ;;
            *) die "unknown argument '$arg' (try --help)" ;;
        esac
    done

    cd "$ROOT"
    if ((deps)); then
        bash contrib/setup/install-deps.sh --test </dev/null
    fi

    test_build_dir build-test -Dbuildtype=debugoptimized

    if ((${#FAILED_DIRS[@]} > 0)); then
        say "FAILED in: ${FAILED_DIRS[*]}"
    fi
    echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
    ((TOTAL_FAILED == 0))
}

main "$@"
