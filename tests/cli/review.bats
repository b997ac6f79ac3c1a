#!/usr/bin/env bats
# review.bats: variations of issue 19's attacks found by the second review
# (acceptance point 2) and the fourth, each fixed; the programs are
# tests/progs/rv-*.c.

load helpers

setup() {
	LOG="$BATS_TEST_TMPDIR/t.jsonl"
	cd "$BATS_TEST_TMPDIR" || return 1
	WORK=$BATS_TEST_TMPDIR
}

# --- item 12: the terminal's job control stops or blinds the tracer -----------
#
# Without --ns the program shares jtrace-run's controlling terminal.  It may
# leave jtrace-run's group and make its own the foreground group (tcsetpgrp
# of its own group is no call on the tracer), and set TOSTOP: jtrace-run is
# then a background process whose next write to the terminal (the default
# stderr log) raises SIGTTOU, which stops it (status 150 to a job-control
# shell: the run hangs, like kill(tracer, SIGSTOP)) or, when its group is
# orphaned, fails with EIO (the log lost, exit 125).

@test "TOSTOP from a foreground group of the program's own: jtrace-run (job-control shell) is not stopped by SIGTTOU" {
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" /usr/bin/python3 "$TOOLS/pty-run.py" -- bash -c \
		"set -m; $JTRACE_RUN --filter=net -- $PROGS/rv-tostop; echo rc=\$?"
	assert_success
	assert_line "tostop = 0"
	assert_line "after 3"
	assert_line "rc=0"
	assert_line --partial '"type":"end"'
	[[ $(grep -c '"name":"getsockname"' <<<"$output") -eq 3 ]]
}

@test "TOSTOP in an orphaned process group: jtrace-run's terminal log is not lost to EIO" {
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" /usr/bin/python3 "$TOOLS/pty-run.py" -- bash -c \
		"$JTRACE_RUN --filter=net -- $PROGS/rv-tostop; echo rc=\$? >$WORK/rc"
	assert_success
	assert_line "after 3"
	# The shell's own group is a background one now: its status goes to a file.
	[[ $(cat "$WORK/rc") == rc=0 ]]
	assert_line --partial '"type":"end"'
	[[ $(grep -c '"name":"getsockname"' <<<"$output") -eq 3 ]]
}

# --- item 12 (fourth review): the terminal's flow control -----------------------
#
# The program shares jtrace-run's terminal open file description on fd 2
# (without --ns, and under --ns too: fds 0-2 are kept).  It stops the
# terminal's output (TCXONC TCOOFF, no job-control rights needed) and may
# set O_NONBLOCK on the shared description: jtrace-run's writes then failed
# with EAGAIN (records lost, exit 125), or blocked while the program waited
# at its next stop (a hung run).  The log is now written on a description of
# jtrace-run's own, without blocking, and held until the terminal takes it.

# ttyflow_check: the end record, nothing lost, every getppid logged.
ttyflow_check() {
	assert_success
	assert_output --partial "tcxonc=0"
	refute_output --partial "records lost"
	assert_line "rc=0"
	assert_output --partial '"lost":0}'
	[[ $(grep -o '"name":"getppid"' <<<"$output" | wc -l) -eq 3000 ]] ||
		fail "getppid records: $(grep -o '"name":"getppid"' <<<"$output" | wc -l) of 3000"
}

@test "O_NONBLOCK + TCOOFF on the shared terminal: the log loses no record" {
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" /usr/bin/python3 "$TOOLS/pty-run.py" -- bash -c \
		"$JTRACE_RUN -- $PROGS/rv-ttyflow nb; echo rc=\$?"
	ttyflow_check
}

@test "TCOOFF alone on the shared terminal: the run neither hangs nor loses a record" {
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" /usr/bin/python3 "$TOOLS/pty-run.py" -- bash -c \
		"$JTRACE_RUN -- $PROGS/rv-ttyflow stop; echo rc=\$?"
	[[ $status -ne 124 ]] || fail "the run hung (timeout)"
	ttyflow_check
}

@test "--ns: O_NONBLOCK + TCOOFF on the kept fd 2: the log loses no record" {
	"$JTRACE_RUN" -o /dev/null --ns true 2>/dev/null || skip "no --ns here (user namespaces refused)"
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" /usr/bin/python3 "$TOOLS/pty-run.py" -- bash -c \
		"$JTRACE_RUN --ns -- $PROGS/rv-ttyflow nb; echo rc=\$?"
	ttyflow_check
}
