#!/bin/sh
# run-fuzzers.sh: build the libFuzzer harnesses with clang in a build
# directory of their own and run each for a bounded time.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS] [BUILDDIR]     (default 60, /tmp/jtrace-fuzz)
#
# Runs fuzz-policy, fuzz-logread, fuzz-decode and fuzz-prefilter, SECONDS
# each.  New crashers are written to $BUILDDIR/artifacts; copy them into
# tests/fuzz/corpus-NAME/ (named crash-*) once fixed, so that the replay
# test keeps them fixed.  Exit status: non-zero when any harness crashed.
set -eu
secs=${1:-60}
build=${2:-/tmp/jtrace-fuzz}
src=$(cd "$(dirname "$0")/../.." && pwd)

if [ ! -f "$build/build.ninja" ]; then
	CC=clang meson setup "$build" "$src" -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C "$build" tests/fuzz/fuzz-policy tests/fuzz/fuzz-logread tests/fuzz/fuzz-decode \
	tests/fuzz/fuzz-prefilter >/dev/null

mkdir -p "$build/corpus-policy" "$build/artifacts"
export JTRACE_POLICY_PATH="$src/policies"
# libseccomp's own leaks (see lsan.supp) are not the harnesses' findings.
export LSAN_OPTIONS="suppressions=$src/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# The build's corpus grows; the seeds in the tree stay read-only.  The
# policy parser's seeds are the policy fixtures and the shipped policies.
rc=0
policy_seeds="$src/tests/policies/valid $src/tests/policies/invalid $src/policies"
if [ -d "$src/tests/fuzz/corpus-policy" ]; then
	policy_seeds="$policy_seeds $src/tests/fuzz/corpus-policy"
fi
# shellcheck disable=SC2086 # the seed directories, one word each
"$build/tests/fuzz/fuzz-policy" -max_total_time="$secs" -max_len=8192 -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix="$build/artifacts/" \
	-dict="$src/tests/fuzz/policy.dict" \
	"$build/corpus-policy" $policy_seeds || rc=1
# The log reader and the decoders (issue 7), and the kernel pre-filter
# against policy_decide (issue 19): same time, their own corpora.
for f in logread decode prefilter; do
	mkdir -p "$build/corpus-$f"
	"$build/tests/fuzz/fuzz-$f" -max_total_time="$secs" -max_len=16384 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix="$build/artifacts/$f-" \
		"$build/corpus-$f" "$src/tests/fuzz/corpus-$f" || rc=1
done
exit $rc
