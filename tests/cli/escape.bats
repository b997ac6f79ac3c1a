#!/usr/bin/env bats
# escape.bats: a traced program cannot get out of the tracer's sight or
# around a policy (issue 7): CLONE_UNTRACED and clone3 children are
# followed, the tracer's death kills every traced process, ptrace and
# seccomp cannot be turned against the tracer, and the security floor
# (foreign ABIs, io_uring, ioctl request high bits) holds under any policy.

load helpers

# A policy that denies mkdir and nothing else (errno EPERM).
deny_mkdir_policy() {
	printf 'default allow\ndeny mkdir\n' >"$BATS_TEST_TMPDIR/deny-mkdir.policy"
	echo "$BATS_TEST_TMPDIR/deny-mkdir.policy"
}

# --- children that try to start untraced -------------------------------------

# child_is_followed PROG MODE: `PROG MODE` (untraced-clone, foreign-abi)
# prints "MODE child PID"; that child has its fork record, its own 3
# getsockname calls and its exit in the log.
child_is_followed() {
	run_traced --filter=getsockname,clone,clone3 "$(prog "$1")" "$2"
	if [[ $status == 77 ]]; then
		skip "$2 is not supported by this kernel: $output"
	fi
	assert_success
	validate_log
	local ppid cpid
	ppid=$(jq_log '.[0].pid')
	cpid=$(sed -n "s/^$2 child //p" <<<"$output")
	[[ $cpid =~ ^[0-9]+$ ]] || fail "no child pid in the output: $output"
	assert_count 1 ".type==\"fork\" and .pid==$ppid and .child==$cpid and .thread==false"
	assert_count 3 ".type==\"syscall\" and .name==\"getsockname\" and .pid==$cpid and .errno==\"EBADF\""
	assert_count 1 ".type==\"exit\" and .pid==$cpid and .code==0"
}

# native_clone_is_followed MODE: child_is_followed for untraced-clone, and
# the clone/clone3 record shows the flags as the program asked for them
# (the tracer clears CLONE_UNTRACED only after logging and deciding).
native_clone_is_followed() {
	child_is_followed untraced-clone "$1"
	local asked=0
	[[ $1 == *-untraced ]] && asked=1
	assert_count "$asked" '.type=="syscall" and (.name=="clone" or .name=="clone3") and
		((.args.flags.flags // .args.cl_args.flags.flags) | any(.[]; . == "CLONE_UNTRACED"))'
}

@test "clone(CLONE_UNTRACED): the child is still followed (fork record and its calls)" {
	native_clone_is_followed clone-untraced
}

# clone3_refused MODE: the floor answers clone3 with ENOSYS (its flags are
# in memory, where a sibling thread can set CLONE_UNTRACED again after any
# check: attack-floor.bats races it), so no child starts and the refusal is
# logged; libc falls back to clone.
clone3_refused() {
	run_traced --filter=getsockname,clone3 "$(prog untraced-clone)" "$1"
	assert_failure 77
	assert_output "$1 unsupported ENOSYS"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="clone3" and .action=="deny" and .errno=="ENOSYS" and .rule=="floor:clone3"'
	assert_count 0 '.type=="fork"'
}

@test "clone3 without flags: refused with ENOSYS by the floor, logged" {
	clone3_refused clone3
}

@test "clone3(CLONE_UNTRACED): refused with ENOSYS by the floor, logged" {
	clone3_refused clone3-untraced
}

# --- the tracer's death --------------------------------------------------------

# killed_tracer_kills_all [JTRACE-OPTION...]: a tree of 41 sleeping processes
# (one a setsid daemon, all ignoring TERM/HUP/INT); SIGKILL to jtrace-run;
# one second later none may be running, and the log is whole lines only.
killed_tracer_kills_all() {
	"$JTRACE_RUN" -o "$LOG" "$@" --filter=getsockname "$(prog sleeper-tree)" "$PWD/pids" 20 >out.txt 3>&- &
	local jpid=$! i
	for ((i = 0; i < 300; i++)); do
		[[ -s pids ]] && break
		kill -0 "$jpid" 2>/dev/null || break
		sleep 0.05
	done
	if [[ ! -s pids ]]; then
		kill -KILL "$jpid" 2>/dev/null
		fail "sleeper-tree did not write its pids within 15s: $(cat out.txt)"
	fi
	assert_equal "$(wc -l <pids)" 41
	kill -KILL "$jpid"
	wait "$jpid" || true
	sleep 1
	local alive
	alive=$(pids_alive pids)
	if [[ -n $alive ]]; then
		# Clean up before failing, so nothing outlives the test.
		xargs -r kill -KILL <<<"$alive"
		fail "still running 1s after jtrace-run was killed: $(tr '\n' ' ' <<<"$alive")"
	fi
	validate_log --allow-partial
	run tail -c 1 "$LOG"
	assert_output ""
}

@test "SIGKILL to jtrace-run kills every traced process at once, daemonised ones included" {
	killed_tracer_kills_all
}

@test "SIGKILL to jtrace-run --ns kills every process of the sandbox at once" {
	if ! "$JTRACE_RUN" -o /dev/null --ns true 2>/dev/null; then
		skip "jtrace-run --ns does not work on this machine"
	fi
	# The pids the program writes are its namespace's; the file only says
	# when all run, and the host pids come from the log.
	# As root the sandbox is the overflow id: --rw lets it write here (a
	# 0700 directory of root's; relative paths, as the parents are 0700).
	"$JTRACE_RUN" -o "$LOG" --ns --rw="$PWD" --filter=getsockname "$(prog sleeper-tree)" pids 20 >out.txt 3>&- &
	local jpid=$! i
	for ((i = 0; i < 300; i++)); do
		[[ -s pids ]] && break
		kill -0 "$jpid" 2>/dev/null || break
		sleep 0.05
	done
	if [[ ! -s pids ]]; then
		kill -KILL "$jpid" 2>/dev/null
		fail "sleeper-tree did not write its pids within 15s: $(cat out.txt)"
	fi
	# The host pids: every process the log saw start (fork children and
	# the program), taken before the kill.
	jq -r 'select(.type=="fork") | .child' "$LOG" >hostpids
	jq -r 'select(.type=="start") | .pid' "$LOG" >>hostpids
	kill -KILL "$jpid"
	wait "$jpid" || true
	sleep 1
	local alive
	alive=$(pids_alive hostpids)
	if [[ -n $alive ]]; then
		xargs -r kill -KILL <<<"$alive"
		fail "still running 1s after jtrace-run --ns was killed: $(tr '\n' ' ' <<<"$alive")"
	fi
	validate_log --allow-partial
}

# --- ptrace from inside --------------------------------------------------------

@test "a tracee cannot detach itself or trace its child: TRACEME and ATTACH/SEIZE fail with EPERM, tracing goes on" {
	run_traced --filter=getsockname,ptrace "$(prog ptrace-escape)"
	assert_success
	assert_line "traceme = -1 EPERM"
	assert_line "detach-self = -1 ESRCH"
	assert_line "attach-child = -1 EPERM"
	assert_line "seize-child = -1 EPERM"
	assert_line "after 2"
	validate_log
	local pid
	pid=$(jq_log '.[0].pid')
	assert_count 4 ".type==\"syscall\" and .name==\"ptrace\" and .pid==$pid and .ret==-1"
	# Still traced after the attempts.
	assert_count 2 ".type==\"syscall\" and .name==\"getsockname\" and .pid==$pid"
}

@test "a tracee cannot PTRACE_ATTACH jtrace-run itself (EPERM; no deadlock, no control of the tracer)" {
	JTRACE_TEST_TIMEOUT=15
	run_traced --filter=getsockname "$(prog ptrace-escape)" parent
	if [[ $status == 137 && -z $output ]]; then
		fail "jtrace-run and its tracee hung (each stopped as the other's tracee) and were killed after ${JTRACE_TEST_TIMEOUT}s"
	fi
	assert_success
	assert_line "attach-parent = -1 EPERM"
	validate_log
}

@test "under ci-default a tracee's ptrace is denied and logged" {
	run_traced --policy=ci-default --filter=getsockname "$(prog ptrace-escape)"
	assert_success
	assert_line "attach-child = -1 EPERM"
	validate_log
	# TRACEME, ATTACH and SEIZE by the floor (under any policy), DETACH by
	# ci-default's own rule.
	assert_count 3 '.type=="syscall" and .name=="ptrace" and .action=="deny" and .rule=="floor:ptrace"'
	assert_count 1 '.type=="syscall" and .name=="ptrace" and .action=="deny" and (.rule | test("ci-default.policy:[0-9]+$"))'
}

# --- seccomp stacking ------------------------------------------------------------

# stacked_filter_cannot_allow MODE: after installing its own filter, the
# program's mkdir is still denied by `deny mkdir`, and logged as such.
stacked_filter_cannot_allow() {
	local policy
	policy=$(deny_mkdir_policy)
	run_traced --policy="$policy" --filter=getsockname "$(prog seccomp-stack)" "$1" "$PWD/made"
	assert_success
	assert_line "mkdir = -1 EPERM"
	[[ ! -e made ]] || fail "mkdir got through the policy: $PWD/made exists"
	validate_log
	assert_count 1 ".type==\"syscall\" and .name==\"mkdir\" and .action==\"deny\" and .errno==\"EPERM\" and .rule==\"$policy:2\""
}

@test "prctl(PR_SET_SECCOMP) with an allow-all filter does not lift a deny" {
	stacked_filter_cannot_allow prctl
}

@test "seccomp(SET_MODE_FILTER) with an allow-all filter does not lift a deny" {
	stacked_filter_cannot_allow seccomp
}

@test "a user-notification filter answering CONTINUE does not get mkdir past a deny" {
	# USER_NOTIF takes precedence over TRACE in the kernel, so without a
	# counter-measure the supervised call never stops in the tracer.
	stacked_filter_cannot_allow notify
}

# --- writing into other processes -----------------------------------------------

@test "process_vm_writev into a child: allowed without a policy (same uid), and the write lands" {
	# Documents the kernel's rule: same uid, no policy -> the write works.
	run_traced --filter=process_vm_writev "$(prog vm-write)"
	assert_success
	assert_line "process_vm_writev = 4 "
	assert_line "child saw 42"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="process_vm_writev" and .ret==4 and .action=="allow"'
}

@test "process_vm_writev under ci-default: denied with EPERM, logged with its rule, memory untouched" {
	run_traced --policy=ci-default --filter=getsockname "$(prog vm-write)"
	assert_success
	assert_line "process_vm_writev = -1 EPERM"
	assert_line "child saw 1"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="process_vm_writev" and .action=="deny" and .errno=="EPERM" and (.rule | test("ci-default.policy:[0-9]+$"))'
}

# --- the security floor -----------------------------------------------------------

# foreign_abi_native MODE: skips when this kernel kills or refuses the ABI
# outright, untraced.
foreign_abi_native() {
	run "$(prog foreign-abi)" "$1"
	if [[ $status -ge 128 ]]; then
		skip "the $1 entry kills the process untraced here (status $status): no such ABI"
	fi
	assert_success
}

@test "int 0x80 from a 64-bit program is traced and logged as arch i386" {
	foreign_abi_native int80
	run_traced --filter=getsockname "$(prog foreign-abi)" int80
	assert_success
	validate_log
	local pid
	pid=$(jq_log '.[0].pid')
	assert_line "int80 = $pid"
	assert_count 1 ".type==\"syscall\" and .arch==\"i386\" and .nr==20 and .name==\"getpid\" and .ret==$pid"
}

@test "clone(CLONE_UNTRACED) through int 0x80 (flags in ebx): the child is still followed" {
	foreign_abi_native int80
	child_is_followed foreign-abi int80-clone-untraced
	# Logged as asked (arch i386, raw: CLONE_UNTRACED|SIGCHLD), then followed.
	assert_count 1 '.type=="syscall" and .arch=="i386" and .name=="clone" and .args.arg0=="0x800011"'
}

# foreign_abi_killed MODE POLICY: under POLICY the call kills the program
# (SIGSYS or SIGKILL), and the log says which rule.
foreign_abi_killed() {
	run_traced --policy="$2" --filter=getsockname "$(prog foreign-abi)" "$1"
	if [[ $status != 137 && $status != 159 ]]; then
		fail "expected death by SIGKILL (137) or SIGSYS (159), got $status: $output"
	fi
	refute_output --partial "$1 ="
	validate_log
	assert_count 1 ".type==\"syscall\" and .action==\"kill\" and .rule==\"floor:foreign-abi\""
	assert_count 1 ".type==\"exit\" and .pid==$(jq_log '.[0].pid') and (.signal==\"SIGKILL\" or .signal==\"SIGSYS\")"
	assert_count 1 ".type==\"end\" and .exit_status==$status"
}

@test "int 0x80 under ci-default kills the program, logged with rule floor:foreign-abi" {
	foreign_abi_native int80
	foreign_abi_killed int80 ci-default
}

@test "int 0x80 under a policy that only denies mkdir still kills the program" {
	foreign_abi_native int80
	foreign_abi_killed int80 "$(deny_mkdir_policy)"
}

@test "an x32 call (nr | 0x40000000) is traced and logged as arch x32" {
	run_traced --filter=getsockname "$(prog foreign-abi)" x32
	assert_success
	validate_log
	assert_count 1 '.type=="syscall" and .arch=="x32" and .nr==1073741863'
}

@test "an x32 call under a policy kills the program, logged with rule floor:foreign-abi" {
	foreign_abi_killed x32 "$(deny_mkdir_policy)"
}

@test "io_uring_setup under no-network is denied with EPERM, rule floor:io_uring" {
	run_traced --policy=no-network --filter=getsockname "$(prog io-uring)"
	assert_success
	assert_line "io_uring_setup = -1 EPERM"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="io_uring_setup" and .action=="deny" and .errno=="EPERM" and .rule=="floor:io_uring"'
}

@test "io_uring_setup under a policy denying a file call (mkdir) is denied by the floor too" {
	run_traced --policy="$(deny_mkdir_policy)" --filter=getsockname "$(prog io-uring)"
	assert_success
	assert_line "io_uring_setup = -1 EPERM"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="io_uring_setup" and .action=="deny" and .rule=="floor:io_uring"'
}

@test "ioctl TIOCSTI with bit 32 set is still denied by 'deny ioctl if request == TIOCSTI'" {
	printf 'default allow\ndeny ioctl if request == TIOCSTI\n' >tiocsti.policy
	run_traced --policy="$PWD/tiocsti.policy" --filter=getsockname "$(prog ioctl-hibits)"
	assert_success
	assert_line "ioctl plain = -1 EPERM"
	assert_line "ioctl hibits = -1 EPERM"
	validate_log
	assert_count 2 ".type==\"syscall\" and .name==\"ioctl\" and .action==\"deny\" and .rule==\"$PWD/tiocsti.policy:2\""
}

@test "ioctl TIOCSTI with bit 32 set is denied by ci-default" {
	run_traced --policy=ci-default --filter=getsockname "$(prog ioctl-hibits)"
	assert_success
	assert_line "ioctl plain = -1 EPERM"
	assert_line "ioctl hibits = -1 EPERM"
	validate_log
	assert_count 2 '.type=="syscall" and .name=="ioctl" and .action=="deny"'
}
