#!/usr/bin/env bash
# contrib/setup/lint.sh: static analysis of src/ with cppcheck; run by
# run-tests.sh.  Exits 1 when cppcheck reports anything, 2 on bad usage or
# when cppcheck is missing.  Findings are printed as FILE:LINE: id: message.
#
#   lint.sh [BUILDDIR]    BUILDDIR: a configured and built meson dir, for the
#                         generated headers (default: build-test, else build)
#
# Checks: cppcheck's warning, portability and performance classes, with
# the posix and gnu libraries.  Not style: the house rule "variables always
# initialised" (STYLE.md) is what cppcheck's unreadVariable/variableScope
# would flag.  Suppressed: memleak and resourceLeak, because cppcheck does
# not understand __attribute__((cleanup)) (cleanup_free, cleanup_fd...) and
# reports every early return as a leak; leaks are the job of ASan/LSan and
# valgrind in run-tests.sh.  A finding that is wrong can be silenced on its
# line with a `/* cppcheck-suppress ID */` comment on the line before,
# never here.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-}
if [[ -z $build ]]; then
    for d in build-test build; do
        [[ -f $ROOT/$d/build.ninja ]] && build=$ROOT/$d && break
    done
fi
if [[ -z $build || ! -f $build/build.ninja ]]; then
    echo "lint: no meson build dir (give one: lint.sh BUILDDIR)" >&2
    exit 2
fi
build=$(cd "$build" && pwd)
if ! command -v cppcheck >/dev/null; then
    echo "lint: cppcheck is not installed" >&2
    exit 2
fi
# The generated headers (argtype-gen.h, xlat-gen.h, config.h) must exist.
if [[ ! -f $build/src/data/xlat-gen.h || ! -f $build/config.h ]]; then
    echo "lint: $build has no generated headers: build it first (ninja -C $build)" >&2
    exit 2
fi

cd "$ROOT"
exec cppcheck \
    --enable=warning,portability,performance \
    --std=c11 --library=posix --library=gnu \
    -D__linux__ -D__x86_64__ -D_GNU_SOURCE -D__GNUC__ \
    -I include -I "$build/src/data" -I "$build" \
    --suppress=missingIncludeSystem \
    --suppress=memleak --suppress=resourceLeak --suppress=leakNoVarFunctionCall \
    --inline-suppr \
    --error-exitcode=1 --quiet -j "$(nproc)" \
    --template='{file}:{line}: {id}: {message}' \
    src
