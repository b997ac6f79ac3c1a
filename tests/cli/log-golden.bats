#!/usr/bin/env bats
# log-golden.bats: the JSON log, byte for byte, against golden files made
# before the event pipeline (issue 13) replaced json-c in the tracer: the
# calls of tests/progs/decode-calls (-y) and odd-strings (plain and -x), and
# a small pipeline of real programs.  Only what a run cannot reproduce is
# masked (normalise below); members, their order, numbers and escaping are
# compared exactly.  Regenerate with JTRACE_UPDATE_GOLDEN=1 and review the
# diff: a change here is a change of the log format, to be documented.
#
# Also: the text and the JSON of the same program agree call by call.

load helpers

GOLDEN_DIR="$BATS_TEST_DIRNAME/golden"

setup() {
	LOG="$BATS_TEST_TMPDIR/t.jsonl"
	W="$BATS_TEST_TMPDIR/w"
	rm -rf "$W"
	mkdir -p "$W"
	cd "$W" || return 1
}

# normalise < LOG: start and end (machine and run facts) dropped; times,
# pids, the run token, addresses, inodes, ports, counts of the environment,
# random bytes and the work directory masked.
normalise() {
	sed -E -e '/"type":"(start|end)"/d' \
		-e 's/"(ts|dur_ns|wall_ns|pid|tid|nspid|child|child_nspid|old_tid|si_pid|si_uid|count|port)":[0-9]+/"\1":N/g' \
		-e 's/"run":"[0-9a-f]{16}"/"run":"RUN"/g' \
		-e 's/0x[0-9a-f]{6,}/0xADDR/g' \
		-e 's/:\[[0-9]+\]/:[INODE]/g' \
		-e '/"name":"(set_tid_address|clone|clone3|vfork|fork|wait4|getpid|getppid|rt_sigreturn)"/s/"ret":[0-9]+/"ret":N/' \
		-e '/"name":"getrandom"/s/"buf":"([^"\\]|\\.)*"/"buf":"RANDOM"/' \
		-e '/"name":"execve"/s/"argv":\[[^]]*\]/"argv":ARGV/' \
		-e "s#$W#W#g" -e "s#${PROGS:-/nonexistent}#PROGS#g"
}

# by_process < LOG: the first process's records in their order, then the
# other processes' and the signals sorted (their interleaving with it varies per run; seq
# numbers records in that order, so it is masked for them).
by_process() {
	awk 'match($0, /"pid":[0-9]+/) {
		pid = substr($0, RSTART + 6, RLENGTH - 6)
		if (first == "") first = pid
		sub(/"seq":[0-9]+/, "\"seq\":N")
		# Where a signal lands among the calls depends on timing.
		if (pid == first && $0 !~ /"type":"signal"/) { print; next }
		print > "others.jsonl"
		next
	}
	{ print }'
	[[ ! -f others.jsonl ]] || LC_ALL=C sort others.jsonl
	rm -f others.jsonl
}

# compare NAME: normalised $LOG against golden/NAME.jsonl
compare() {
	by_process <"$LOG" | normalise >got.jsonl
	[[ -s got.jsonl ]] || fail "no records: $(cat "$LOG")"
	if [[ ${JTRACE_UPDATE_GOLDEN-} == 1 ]]; then
		cp got.jsonl "$GOLDEN_DIR/$1.jsonl"
	fi
	run diff -u "$GOLDEN_DIR/$1.jsonl" got.jsonl
	if [[ $status -ne 0 ]]; then
		fail "the log differs from tests/cli/golden/$1.jsonl:
$output"
	fi
}

@test "log: decode-calls (-y) is byte-identical to the golden log" {
	run_traced -y "$(prog decode-calls)"
	assert_success
	validate_log
	compare decode-calls
}

@test "log: odd-strings is byte-identical to the golden log, plain and -x" {
	run_traced "$(prog odd-strings)"
	assert_success
	validate_log
	compare odd-strings
	run_traced -x "$(prog odd-strings)"
	assert_success
	validate_log
	compare odd-strings-x
}

@test "log: a pipeline's records are those of the golden log" {
	# Processes run at once: their records interleave differently from
	# run to run, so the records are compared as a sorted set, with seq
	# masked (it numbers them in that order); SIGCHLDs merge when children
	# end together, so the signals and the shell's waiting are left out.
	printf 'b\na\nc\n' >in.txt
	# A fixed environment: the lookups of the shell and of libc depend on it.
	run_traced /usr/bin/env -i PATH=/usr/bin:/bin LC_ALL=C \
		/bin/sh -c 'sort in.txt | head -n 2 >out.txt; cat out.txt'
	assert_success
	validate_log
	[[ $(cat out.txt) == $'a\nb' ]] || fail "pipeline output: $(cat out.txt)"
	# Sizes of the system's libraries are not this test's business, nor
	# the fds the shell saves above 10 (the first free one: the harness
	# may hold some).
	normalise <"$LOG" | sed -E -e 's/"seq":[0-9]+/"seq":N/' \
		-e 's/"(st_[a-z]+|stx_[a-z]+)":[0-9]+/"\1":N/g' \
		-e '/"name":"(mmap|mprotect|munmap|brk|pread64|read)"/s/[0-9]{4,}/N/g' \
		-e '/"type":"signal"|"name":"(rt_sigreturn|wait4)"/d' \
		-e '/"name":"(read|write|pipe2|close|dup2|fcntl)"/s/"fd":[0-9]+/"fd":FD/g' \
		-e '/"name":"fcntl"/s/"ret":[0-9]+/"ret":FD/' |
		LC_ALL=C sort >sorted.jsonl
	cp "$LOG" "$LOG.orig"
	cp sorted.jsonl "$LOG"
	compare pipeline
}

@test "log: text and JSON of decode-calls agree call by call" {
	# The same program twice, once per format: every call line of the
	# program's own process in the text shows the JSON record's name,
	# return value and errno, in the same order (its child's lines are
	# left out: they interleave differently from run to run).
	run_traced "$(prog decode-calls)"
	assert_success
	jq -r 'select(.type == "syscall" and .tid == .pid) | select(.pid == $first) |
		"\(.name) \(if .errno then "-1 \(.errno)" elif .ret == null then "?"
			else (.ret | tostring) end)"' \
		--argjson first "$(jq -s '[.[] | select(.type == "syscall")][0].pid' "$LOG")" \
		"$LOG" >json-calls.txt
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" "$JTRACE_RUN" --format=text -o t.txt \
		"$(prog decode-calls)"
	assert_success
	first=$(sed -E -n '1s/^\[pid +([0-9]+)\].*/\1/p' t.txt)
	sed -E -n "s/^\\[pid +$first\\] ([a-z_0-9]+)\\(.*\\) = (\\?|-?[0-9]+|0x[0-9a-f]+)( (E[A-Z0-9]+) .*)?\$/\\1 \\2 \\4/p" \
		t.txt | sed -E 's/ +$//' >text-calls.txt
	[[ $(wc -l <json-calls.txt) -gt 50 ]] || fail "too few calls: $(cat json-calls.txt)"
	# Values the two runs cannot share: pids, addresses, random bytes.
	mask='/^(set_tid_address|clone|wait4|getpid|brk|mmap|getrandom) /s/ .*//'
	run diff -u <(sed -E "$mask" json-calls.txt) <(sed -E "$mask" text-calls.txt)
	if [[ $status -ne 0 ]]; then
		fail "text and JSON disagree:
$output"
	fi
}
