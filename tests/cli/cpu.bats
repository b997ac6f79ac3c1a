#!/usr/bin/env bats
# cpu.bats: where --cpu puts the program (include/jtrace/cpu.h).  The test
# program reads its real CPU mask from /proc/thread-self/status ("allowed")
# and what sched_getaffinity tells it ("reported"), so each test checks what
# the kernel was told, not what jtrace says it did.  Nothing here is timed:
# the speed that placement buys is measured by contrib/bench/run.  Bad
# --cpu values are rows of bad-input.tsv.

load helpers

setup() {
	LOG="$BATS_TEST_TMPDIR/t.jsonl"
	cd "$BATS_TEST_TMPDIR" || return 1
	NCPU=$(nproc)
	((NCPU >= 2)) || skip "one CPU only ($NCPU): there is no placement to choose"
}

# report ARGS...: jtrace-run ARGS (with --filter=all unless ARGS choose:
# every call stops, so the placement is never released for lack of stops
# while the program is briefly starved of CPU on a loaded machine).
report() {
	local filter=--filter=all
	[[ $* == *--filter=* ]] && filter=
	run_traced $filter "$@"
	assert_success
	validate_log
}

@test "--cpu=auto: a single process shares the tracer's CPU but is told its own CPUs" {
	report --filter=file,desc "$(prog cpu-report)" single
	assert_output "allowed 1 reported $NCPU"
	# The stop that rewrites the result is jtrace's own: not in the log.
	assert_count 0 '.type=="syscall" and .name=="sched_getaffinity"'
}

@test "--cpu=auto: a program that makes no traced calls is given its CPUs back" {
	# Sharing a CPU only pays for frequent stops; a quiet program must not
	# be kept off an idle CPU (two quiet samples, about 50 ms).
	report --filter=net "$(prog cpu-report)" spin1
	assert_output --regexp '^released after [0-9]+ ms$'
}

@test "--cpu=auto: a program that stops often again after a quiet stretch shares the CPU again" {
	# Released for being quiet, then a burst of "net" calls: two busy
	# samples (about 50 ms) put it back on the tracer's CPU, and its
	# sched_getaffinity again reports the original set.
	report --filter=net "$(prog cpu-report)" quiet-busy
	assert_line --regexp '^released after [0-9]+ ms$'
	assert_line --regexp "^pinned again after [0-9]+ ms reported $NCPU\$"
}

# wakeups PID: the voluntary context switches of PID so far.
wakeups() {
	awk '/^voluntary_ctxt_switches:/ {print $2}' "/proc/$1/status"
}

@test "--cpu=auto: an idle program, released for being quiet, leaves the tracer idle" {
	# The tick that watches for a re-pin runs only after stops: a program
	# asleep must not wake its tracer every 25 ms (40 times a second).
	"$JTRACE_RUN" -o "$LOG" --filter=net -- sleep 3 &
	local pid=$! before after
	sleep 1 # released (about 50 ms), log flushed
	before=$(wakeups "$pid")
	sleep 1
	after=$(wakeups "$pid")
	wait "$pid"
	echo "tracer woke $((after - before)) times in 1 s"
	((after - before < 10))
	validate_log
}

@test "--cpu=auto: a new thread gives every task its CPUs back at once" {
	report "$(prog cpu-report)" thread
	assert_line "main allowed $NCPU"
	assert_line "thread allowed $NCPU"
}

@test "--cpu=auto: a child run while its parent waits keeps sharing the CPU" {
	report "$(prog cpu-report)" fork-wait
	assert_line "child allowed 1"
	assert_line "parent allowed 1"
}

@test "--cpu=auto: a few blocked children keep sharing, more than four tasks release" {
	report "$(prog cpu-report)" fanout 2
	assert_output "parent allowed 1"
	report "$(prog cpu-report)" fanout 4
	assert_output "parent allowed $NCPU"
}

@test "--cpu=auto: two processes that both want the CPU are given their CPUs back" {
	report --filter=net "$(prog cpu-report)" spin2
	assert_line --regexp '^parent released after [0-9]+ ms$'
	assert_line --regexp '^child released after [0-9]+ ms$'
}

@test "--cpu=auto: CPUs the program chose itself are kept when the placement is released" {
	# As under taskset: the program moves to a CPU other than the shared
	# one; its thread then releases the placement, which must move only
	# the tasks still on the set jtrace gave them.
	report "$(prog cpu-report)" own-set
	assert_line "thread kept 1"
	assert_line "main kept 1"
}

@test "--cpu=same keeps one CPU, threads included, and says so" {
	report --cpu=same "$(prog cpu-report)" single
	assert_output "allowed 1 reported 1"
	report --cpu=same "$(prog cpu-report)" thread
	assert_line "main allowed 1"
	assert_line "thread allowed 1"
}

@test "--cpu=free never pins" {
	report --cpu=free "$(prog cpu-report)" single
	assert_output "allowed $NCPU reported $NCPU"
	report --cpu=free "$(prog cpu-report)" fork-wait
	assert_line "child allowed $NCPU"
}
