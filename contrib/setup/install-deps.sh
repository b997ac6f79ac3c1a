#!/usr/bin/env bash
# contrib/setup/install-deps.sh: installs, with apt-get, the Debian packages
# jtrace needs and that are not installed yet.  The single list of build,
# test and benchmark dependencies lives here; demo.sh and run-tests.sh call
# this script rather than naming packages themselves.
#
#   install-deps.sh            build dependencies
#   install-deps.sh --test     + what `meson test` uses (bats, jq, strace, ...)
#   install-deps.sh --bench    + what contrib/bench/run uses
#
# Idempotent: when nothing is missing it touches neither the network nor
# root privileges.  Not root: uses sudo if there is one, otherwise fails with
# the list of what to install.
set -euo pipefail

readonly PROG="install-deps"

BUILD_PKGS=(gcc libc6-dev pkg-config meson ninja-build
    libseccomp-dev libcap-ng-dev libjson-c-dev python3)
# util-linux: runuser, setpriv; procps: ps, pgrep; iproute2: ip (net ns tests).
# libclang-rt-dev: libFuzzer and the sanitizer runtimes, which clang only
# recommends (and recommends are not installed here).
TEST_PKGS=(bats bats-assert bats-support bats-file jq strace curl
    python3-jsonschema bubblewrap sqlite3 util-linux iproute2 clang libclang-rt-dev
    valgrind procps cppcheck)
# time: GNU /usr/bin/time for peak RSS; tar and findutils are the "real work".
BENCH_PKGS=(strace bubblewrap time tar findutils)

die() {
    echo "$PROG: $*" >&2
    exit 1
}

usage() {
    cat <<EOF
usage: $0 [--test] [--bench]
Installs the missing build dependencies of jtrace (Debian/Ubuntu, apt-get).
  --test    also the test dependencies (meson test, bats suites)
  --bench   also the benchmark dependencies (contrib/bench/run)
EOF
}

is_installed() {
    local status
    status=$(dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null) || return 1
    [[ $status == *"ok installed"* ]]
}

# Prints, one per line, the packages of "$@" that are not installed.
missing_packages() {
    local pkg
    declare -A seen=()
    for pkg in "$@"; do
        [[ -n ${seen[$pkg]:-} ]] && continue
        seen[$pkg]=1
        is_installed "$pkg" || echo "$pkg"
    done
}

# Sets the global SUDO to the prefix that gives root, or fails.
find_root() {
    SUDO=()
    if [[ $EUID -eq 0 ]]; then
        return 0
    fi
    if ! command -v sudo >/dev/null 2>&1; then
        die "not root and no sudo; as root run: apt-get install $*"
    fi
    # Without a terminal sudo cannot ask for a password: fail, don't hang.
    if [[ -t 0 ]]; then
        SUDO=(sudo --)
    else
        SUDO=(sudo -n --)
    fi
}

main() {
    local want_test=0 want_bench=0 arg
    for arg in "$@"; do
        case $arg in
            --test) want_test=1 ;;
            --bench) want_bench=1 ;;
            -h | --help) usage; exit 0 ;;
            *) usage >&2; die "unknown argument '$arg'" ;;
        esac
    done

    local -a wanted=("${BUILD_PKGS[@]}")
    ((want_test)) && wanted+=("${TEST_PKGS[@]}")
    ((want_bench)) && wanted+=("${BENCH_PKGS[@]}")

    command -v dpkg-query >/dev/null 2>&1 ||
        die "dpkg-query not found: this script supports Debian and Ubuntu; install by hand: ${wanted[*]}"

    local -a missing
    mapfile -t missing < <(missing_packages "${wanted[@]}")
    if ((${#missing[@]} == 0)); then
        echo "$PROG: all $(printf '%s\n' "${wanted[@]}" | sort -u | wc -l) packages already installed"
        return 0
    fi

    command -v apt-get >/dev/null 2>&1 ||
        die "apt-get not found; install by hand: ${missing[*]}"
    find_root "${missing[@]}"

    echo "$PROG: installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # A failed update (mirror down, no network) may still leave a usable
    # package cache, so go on and let the install decide.
    if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get -qq update </dev/null; then
        echo "$PROG: warning: apt-get update failed; trying the cached package lists" >&2
    fi
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Use-Pty=0 "${missing[@]}" </dev/null >/dev/null ||
        die "apt-get install failed for: ${missing[*]}"

    # apt-get can succeed without installing (held packages and the like).
    mapfile -t missing < <(missing_packages "${missing[@]}")
    ((${#missing[@]} == 0)) || die "still missing after apt-get: ${missing[*]}"
    echo "$PROG: done"
}

main "$@"
