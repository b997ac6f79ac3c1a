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
# A configuration is one call to test_build_dir in main(); to add one, add
# a line there.  After the configurations, the checks that are not meson
# tests run as one step each (run_step), counted as one test:
#   - the whole suite again in build-asan (ASan + UBSan);
#   - the unit tests under valgrind (meson test --setup=valgrind);
#   - each libFuzzer harness for $FUZZ_SECONDS (default 60) when clang and
#     libFuzzer work (skipped otherwise, and counted so); a crash fails;
#   - cppcheck on src/ (contrib/setup/lint.sh).
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

# run_step NAME COMMAND...: one check outside meson test, counted as one
# passed or failed test (77 from COMMAND: skipped).
run_step() {
    local name=$1
    shift
    say "== $name"
    local rc=0
    "$@" </dev/null || rc=$?
    case $rc in
        0) record "$name" 1 0 0 ;;
        77) record "$name" 0 0 1 ;;
        *)
            say "$name: failed (status $rc)"
            record "$name" 0 1 0
            ;;
    esac
}

# run_fuzzers DIR: builds the libFuzzer harnesses in a clang build dir of
# their own and runs each for $FUZZ_SECONDS; 77 when clang cannot build
# them.  New crashers land in DIR/artifacts.
run_fuzzers() {
    local dir=$1 secs=${FUZZ_SECONDS:-60} f rc=0
    local -a fuzzers=(fuzz-policy fuzz-logread fuzz-decode fuzz-prefilter)
    if ! command -v clang >/dev/null; then
        say "no clang: fuzzers skipped"
        return 77
    fi
    rm -rf "$dir"
    if ! CC=clang meson setup "$dir" -Dbuildtype=debugoptimized >/dev/null; then
        say "clang meson setup failed"
        return 1
    fi
    # The list is read whole: grep -q would stop reading early, and under
    # pipefail ninja's SIGPIPE would then read as "no libFuzzer".
    local targets=""
    [[ -f $dir/build.ninja ]] && targets=$(ninja -C "$dir" -t targets all)
    if ! grep -q '^tests/fuzz/fuzz-policy:' <<<"$targets"; then
        say "clang has no libFuzzer here: fuzzers skipped"
        return 77
    fi
    ninja -C "$dir" "${fuzzers[@]/#/tests/fuzz/}" || return 1
    mkdir -p "$dir/artifacts"
    for f in "${fuzzers[@]}"; do
        local work=$dir/corpus-${f#fuzz-}
        local -a corpus=("$ROOT/tests/fuzz/corpus-${f#fuzz-}")
        if [[ $f == fuzz-policy ]]; then
            # Its seeds are the policy fixtures and the shipped policies.
            corpus=("$ROOT/tests/policies/valid" "$ROOT/tests/policies/invalid" "$ROOT/policies")
            if [[ -d $ROOT/tests/fuzz/corpus-policy ]]; then
                corpus+=("$ROOT/tests/fuzz/corpus-policy")
            fi
        fi
        mkdir -p "$work"
        say "$f: ${secs}s"
        # The build's corpus grows; the seeds in the tree stay read-only.
        # lsan.supp: libseccomp's own leaks are not the harnesses' findings.
        if ! JTRACE_POLICY_PATH="$ROOT/policies" \
            LSAN_OPTIONS="suppressions=$ROOT/tests/fuzz/lsan.supp" "$dir/tests/fuzz/$f" \
            -max_total_time="$secs" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
            -artifact_prefix="$dir/artifacts/$f-" -print_final_stats=1 \
            "$work" "${corpus[@]}" >"$dir/$f.log" 2>&1; then
            say "$f found a crash: $(ls "$dir/artifacts" | grep "^$f-" | head -n 3 | tr '\n' ' ')(log: $dir/$f.log)"
            grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz-)' "$dir/$f.log" | head -n 20 || true
            rc=1
        fi
    done
    return $rc
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

    # The whole suite with ASan + UBSan.  Leak checking is off for the
    # suite: LeakSanitizer ptrace-attaches the exiting process's threads,
    # which fails in a process jtrace-run already traces; the unit tests
    # get their leak check from valgrind below.
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 \
        UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        test_build_dir build-asan -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

    if command -v valgrind >/dev/null && [[ -f build-test/build.ninja ]]; then
        run_step "valgrind (unit tests)" \
            meson test -C build-test --setup=valgrind --suite unit --print-errorlogs
    else
        say "valgrind or build-test missing: valgrind step skipped"
        record "valgrind (unit tests)" 0 0 1
    fi
    # The load and escape tests must not flake: three more runs in a row
    # (issue 7), each one counted.
    if [[ -f build-test/build.ninja ]]; then
        local round
        for round in 1 2 3; do
            run_step "load and escape tests, run $round of 3" \
                meson test -C build-test --print-errorlogs reliability escape
        done
    fi
    run_step "fuzzers (${FUZZ_SECONDS:-60}s each)" run_fuzzers "$ROOT/build-fuzz"
    run_step "cppcheck (contrib/setup/lint.sh)" bash contrib/setup/lint.sh build-test

    if ((${#FAILED_DIRS[@]} > 0)); then
        say "FAILED in: ${FAILED_DIRS[*]}"
    fi
    echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
    ((TOTAL_FAILED == 0))
}

main "$@"
