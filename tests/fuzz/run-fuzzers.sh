#!/bin/sh
# run-fuzzers.sh: build the libFuzzer harnesses with clang in a build
# directory of their own and run each for a bounded time.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS] [BUILDDIR]     (default 60, /tmp/jtrace-fuzz)
#
# New crashers are written to $BUILDDIR/artifacts; copy them into
# tests/fuzz/corpus-policy/ (named crash-*) once fixed, so that the replay
# test keeps them fixed.  Exit status: libFuzzer's (non-zero on a crash).
set -eu
secs=${1:-60}
build=${2:-/tmp/jtrace-fuzz}
src=$(cd "$(dirname "$0")/../.." && pwd)

if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" "$src" -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C "$build" tests/fuzz/fuzz-policy >/dev/null

mkdir -p "$build/corpus-policy" "$build/artifacts"
export JTRACE_POLICY_PATH="$src/policies"
# The build's corpus grows; the seeds in the tree stay read-only.
exec "$build/tests/fuzz/fuzz-policy" -max_total_time="$secs" -max_len=8192 -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix="$build/artifacts/" \
	-dict="$src/tests/fuzz/policy.dict" \
	"$build/corpus-policy" "$src/tests/fuzz/corpus-policy"
