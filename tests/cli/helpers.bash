# helpers.bash: shared set-up for the jtrace-run bats suites.
#
# The binary under test comes from the environment, as bubblewrap's tests
# take $BWRAP, so the same suites run against a build dir or an install:
#   JTRACE_RUN  path of jtrace-run
#   PROGS       directory of the test programs (tests/progs)
#   PYTHON      a python3 with the jsonschema module (/usr/bin/python3)
#   VALIDATE    tests/tools/validate-log.py
#   SCHEMA      tests/schema/log.schema.json
#   TOOLS       tests/tools (strace-compare.py ...)
# meson sets all of them (tests/cli/meson.build); run by hand from a build
# dir with e.g.
#   JTRACE_RUN=build/src/jtrace-run PROGS=build/tests/progs bats tests/cli/core.bats

bats_require_minimum_version 1.5.0

load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash

_helpers_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${JTRACE_RUN:?set JTRACE_RUN to the jtrace-run binary under test}"
: "${PROGS:?set PROGS to the directory of the test programs}"
: "${PYTHON:=/usr/bin/python3}"
: "${VALIDATE:=$_helpers_dir/../tools/validate-log.py}"
: "${SCHEMA:=$_helpers_dir/../schema/log.schema.json}"
: "${TOOLS:=$_helpers_dir/../tools}"
# Upper bound for one traced run, so a hung tracer fails a test instead of
# the whole suite.
: "${JTRACE_TEST_TIMEOUT:=60}"

# The log of the last run_traced.
LOG=

setup() {
	LOG="$BATS_TEST_TMPDIR/t.jsonl"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# run_traced [--separate-stderr] ARGS...: runs `jtrace-run -o $LOG ARGS...`
# under bats' run (so $status, $output, $lines are set), bounded by
# $JTRACE_TEST_TIMEOUT.  A run that timed out fails the test at once.
run_traced() {
	local sep=()
	if [[ ${1-} == --separate-stderr ]]; then
		sep=(--separate-stderr)
		shift
	fi
	run "${sep[@]}" timeout -k 5 "$JTRACE_TEST_TIMEOUT" "$JTRACE_RUN" -o "$LOG" "$@"
	if [[ $status -eq 124 ]]; then
		fail "jtrace-run did not finish within ${JTRACE_TEST_TIMEOUT}s: jtrace-run -o $LOG $*"
	fi
}

# run_jtrace ARGS...: jtrace-run with exactly these arguments (no -o), for
# the failure paths; stderr kept apart in $stderr / $stderr_lines.
run_jtrace() {
	run --separate-stderr timeout -k 5 "$JTRACE_TEST_TIMEOUT" "$JTRACE_RUN" "$@"
	if [[ $status -eq 124 ]]; then
		fail "jtrace-run did not finish within ${JTRACE_TEST_TIMEOUT}s: jtrace-run $*"
	fi
}

# validate_log [--allow-partial] [FILE]: the log (default $LOG) passes the
# schema and the whole-log checks of validate-log.py.  Every test that
# produces a JSON log calls this.
validate_log() {
	local partial=()
	if [[ ${1-} == --allow-partial ]]; then
		partial=(--allow-partial)
		shift
	fi
	local file=${1:-$LOG} out
	[[ -s $file ]] || fail "log $file is missing or empty"
	if ! out=$("$PYTHON" "$VALIDATE" "${partial[@]}" "$SCHEMA" "$file" 2>&1); then
		fail "log $file does not validate:
$out"
	fi
}

# jq_log FILTER [FILE]: jq -c over the log as one array (slurped); prints
# the result.  E.g.  jq_log '[.[] | select(.type=="syscall")] | length'
jq_log() {
	jq -c -s "$1" "${2:-$LOG}"
}

# jq_count FILTER [FILE]: number of records for which the select FILTER is
# true, e.g.  jq_count '.type=="syscall" and .name=="connect"'
jq_count() {
	jq -s "[.[] | select($1)] | length" "${2:-$LOG}"
}

# assert_count EXPECTED FILTER [FILE]
assert_count() {
	local got
	got=$(jq_count "$2" "${3:-$LOG}") || fail "jq failed on ${3:-$LOG} with select($2)"
	if [[ $got != "$1" ]]; then
		fail "expected $1 record(s) with select($2), got $got"
	fi
}

# syscall_names [FILE]: the distinct names of the logged calls, one a line.
syscall_names() {
	jq -r 'select(.type=="syscall") | .name' "${1:-$LOG}" | sort -u
}

# log_context: the log, for failure messages.
log_context() {
	echo "---- $LOG ----"
	head -c 20000 "$LOG" 2>/dev/null
}

# prog NAME: path of a test program; fails clearly when it was not built.
prog() {
	local p="$PROGS/$1"
	[[ -x $p ]] || fail "test program $p is missing (build tests/progs)"
	printf '%s\n' "$p"
}

# wait_for_log FILTER [SECONDS]: polls $LOG until a record matches the
# select FILTER (for runs in the background).
wait_for_log() {
	local deadline=$((SECONDS + ${2:-20}))
	while ((SECONDS < deadline)); do
		if [[ -s $LOG ]] && [[ $(jq -s "[.[] | select($1)] | length" "$LOG" 2>/dev/null) -gt 0 ]]; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# pids_alive FILE: prints the pids listed in FILE that still run (a zombie
# is dead: it only waits to be reaped).
pids_alive() {
	local p state
	while read -r p; do
		state=$(awk '/^State:/ {print $2}' "/proc/$p/status" 2>/dev/null) || continue
		[[ -n $state && $state != Z && $state != X ]] && echo "$p"
	done <"$1"
	return 0
}
