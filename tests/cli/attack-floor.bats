#!/usr/bin/env bats
# attack-floor.bats: the tracer's security floor against a hostile program
# (issue 19, items 1, 2, 4, 7, 12 and 15).  Every stop is decided from
# jtrace's own view (never SECCOMP_RET_DATA), every argument compared at
# its C type, the tracer unreachable from the program, children followed
# by construction.  Each attack is a program in tests/progs/atk-floor-*.c.

load helpers

# A directory nobody can write into too (bats' own temp dir is 0700).
nobody_dir() {
	local d
	d=$(mktemp -d /tmp/jtrace-atk-floor.XXXXXX)
	chmod 777 "$d"
	echo "$d"
}

needs_root_and_runuser() {
	[[ $EUID -eq 0 ]] || skip "needs root to run as nobody"
	command -v runuser >/dev/null || skip "needs runuser"
	runuser -u nobody -- test -x "$JTRACE_RUN" || skip "nobody cannot reach $JTRACE_RUN"
}

needs_ns() {
	"$JTRACE_RUN" -o /dev/null --ns true 2>/dev/null || skip "jtrace-run --ns does not work on this machine"
}

# --- item 2: decisions never read SECCOMP_RET_DATA ---------------------------

@test "a stacked filter returning TRACE|7 for every call hides nothing: every selected call is logged" {
	run_traced "$(prog atk-floor-retdata)" log
	assert_success
	assert_line "install = 0 "
	validate_log
	local pid
	pid=$(jq_log '.[0].pid')
	assert_count 3 ".type==\"syscall\" and .name==\"getsockname\" and .pid==$pid"
	# With --filter=net too: the stop's data is the program's, the log is ours.
	run_traced --filter=net "$(prog atk-floor-retdata)" log
	assert_success
	validate_log
	assert_count 3 '.type=="syscall" and .name=="getsockname"'
	# Calls the program made stop but jtrace did not select stay out.
	assert_count 0 '.type=="syscall" and .name=="write"'
}

@test "under no-network with a stacked TRACE|7 filter, an int 0x80 socket() is still killed by floor:foreign-abi" {
	run "$(prog foreign-abi)" int80
	[[ $status -lt 128 ]] || skip "no i386 entry on this kernel (status $status)"
	run_traced --policy=no-network "$(prog atk-floor-retdata)" int80-socket
	[[ $status == 137 ]] || fail "expected death by SIGKILL (137), got $status: $output"
	refute_output --partial "int80-socket ="
	validate_log
	assert_count 1 '.type=="syscall" and .arch=="i386" and .nr==359 and .action=="kill" and .rule=="floor:foreign-abi"'
}

# --- item 1: the seccomp listener, compared at unsigned int ------------------

# listener_then POLICY MODE: seccomp(0x100000001, NEW_LISTENER) is refused
# by the floor, and MODE's call meets the policy, logged.
listener_then() {
	local target=/var/tmp/jtrace-atk-floor-$$-$BATS_TEST_NUMBER
	rm -f "$target"
	run_traced --policy="$1" --filter=getsockname "$(prog atk-floor-listener)" "$2" "$target"
	local made=0
	[[ -e $target ]] && made=1
	rm -f "$target"
	assert_success
	assert_line "install = -1 EPERM"
	[[ $made == 0 ]] || fail "creat got past read-only-fs: $target was made"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="seccomp" and .action=="deny" and .errno=="EPERM" and .rule=="floor:seccomp-listener"'
	assert_count 1 '.type=="end" and .denied==2'
}

@test "seccomp(0x100000001, NEW_LISTENER) under no-network: refused, and the socket is denied and logged" {
	listener_then no-network net
	assert_line "net = -1 EPERM"
	assert_count 1 '.type=="syscall" and .name=="socket" and .action=="deny" and (.rule | test("no-network.policy:[0-9]+$"))'
}

@test "seccomp(0x100000001, NEW_LISTENER) under no-exec: refused, and the second execve is denied and logged" {
	listener_then no-exec exec
	assert_line "exec = -1 EPERM"
	assert_count 1 '.type=="syscall" and .name=="execve" and .action=="deny" and (.rule | test("no-exec.policy:[0-9]+$"))'
}

@test "seccomp(0x100000001, NEW_LISTENER) under read-only-fs: refused, and the creat outside /tmp is denied and logged" {
	listener_then read-only-fs creat
	assert_line "creat = -1 EROFS"
	assert_count 1 '.type=="syscall" and .name=="creat" and .action=="deny" and (.rule | test("read-only-fs.policy:[0-9]+$"))'
}

@test "seccomp(0x100000001, NEW_LISTENER) without a policy: refused with EPERM and logged (--audit does not relax it)" {
	run_traced --filter=getsockname "$(prog atk-floor-listener)" none
	assert_success
	assert_line "install = -1 EPERM"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="seccomp" and .action=="deny" and .rule=="floor:seccomp-listener"'
	run_traced --audit --policy=no-network --filter=getsockname "$(prog atk-floor-listener)" none
	assert_success
	assert_line "install = -1 EPERM"
	assert_count 1 '.type=="syscall" and .name=="seccomp" and .action=="deny" and .rule=="floor:seccomp-listener"'
}

# --- items 7 and 15: children followed by construction ------------------------

# clone3_race [JTRACE-OPTION...]: 40 clone3 calls while a sibling thread sets
# CLONE_UNTRACED in their flags; every child has its fork record, is counted
# and never outlives jtrace-run.
clone3_race() {
	run_traced "$@" --filter=getsockname,clone3 "$(prog atk-floor-clone3)" "$PWD/pids" 40
	assert_success
	assert_line "clone3 ENOSYS 40"
	local alive
	alive=$(pids_alive pids)
	if [[ -n $alive ]]; then
		xargs -r kill -KILL <<<"$alive"
		fail "children outlived jtrace-run (untraced): $(tr '\n' ' ' <<<"$alive")"
	fi
	validate_log
	assert_equal "$(wc -l <pids)" 40
	# 40 and the one of pthread_create (the flipper thread), which then
	# fell back to clone.
	assert_count 41 '.type=="syscall" and .name=="clone3" and .action=="deny" and .errno=="ENOSYS" and .rule=="floor:clone3"'
	assert_count 1 '.type=="fork" and .thread==true'
	assert_count 1 '.type=="end" and .processes==41 and .denied==0'
}

@test "clone3 racing a thread that sets CLONE_UNTRACED: refused (ENOSYS), the clone fallback's children all followed" {
	clone3_race
	local p
	while read -r p; do
		assert_count 1 ".type==\"fork\" and .child==$p and .thread==false"
		assert_count 1 ".type==\"syscall\" and .name==\"getsockname\" and .pid==$p"
	done <pids
}

@test "clone3 is refused under --audit too, and under a policy" {
	clone3_race --audit --policy=no-network
}

@test "glibc falls back from clone3 to clone: threads, fork-tree and python3 threading/subprocess still work" {
	run_traced --filter=clone,clone3 "$(prog threads)"
	assert_success
	validate_log
	assert_count 0 '.type=="syscall" and .name=="clone3" and .action!="deny"'
	run jq_count '.type=="fork" and .thread==true'
	[[ $output -ge 1 ]] || fail "no thread was followed"
	run_traced --filter=clone,clone3 "$(prog fork-tree)" 20 3
	assert_success
	validate_log
	command -v python3 >/dev/null || skip "no python3"
	run_traced --filter=clone,clone3,execve python3 -c '
import os, subprocess, sys, threading
t = threading.Thread(target=lambda: print("thread ran")); t.start(); t.join()
print(subprocess.run(["/bin/echo", "spawned"], capture_output=True, text=True).stdout.strip())
sys.stdout.flush()
pid = os.posix_spawn("/bin/echo", ["echo", "posix-spawned"], os.environ)
print("posix_spawn status", os.waitpid(pid, 0)[1])'
	assert_success
	assert_line "thread ran"
	assert_line "spawned"
	assert_line "posix-spawned"
	assert_line "posix_spawn status 0"
	validate_log
	assert_count 2 '.type=="exec" and (.path | endswith("/echo"))'
	# glibc tried clone3 first, met ENOSYS and fell back.
	run jq_count '.type=="syscall" and .name=="clone3" and .errno=="ENOSYS"'
	[[ $output -ge 1 ]] || fail "clone3 was never tried: the fallback path went untested"
}

@test "--ns --policy=no-exec --policy=no-network: the program cannot PTRACE_SEIZE its child; the child's socket and execve are denied" {
	needs_ns
	run_traced --ns --policy=no-exec --policy=no-network --filter=getsockname "$(prog atk-floor-ptrace)"
	assert_success
	assert_line "seize = -1 EPERM"
	assert_line "child socket = -1 EPERM"
	assert_line "child execve = -1 EPERM"
	refute_line "child-exec-ran"
	validate_log
	local ppid
	ppid=$(jq_log 'map(select(.type=="fork" and .thread==false)) | .[0].pid')
	assert_count 1 ".type==\"syscall\" and .name==\"ptrace\" and .pid==$ppid and .action==\"deny\" and .rule==\"floor:ptrace\""
	assert_count 1 '.type=="syscall" and .name=="socket" and .action=="deny"'
	assert_count 1 '.type=="syscall" and .name=="execve" and .action=="deny"'
}

@test "under any policy TRACEME, ATTACH and SEIZE are refused by floor:ptrace" {
	printf 'default allow\ndeny mkdir\n' >mkdir.policy
	run_traced --policy="$PWD/mkdir.policy" --filter=getsockname "$(prog ptrace-escape)"
	assert_success
	assert_line "traceme = -1 EPERM"
	assert_line "attach-child = -1 EPERM"
	assert_line "seize-child = -1 EPERM"
	validate_log
	assert_count 3 '.type=="syscall" and .name=="ptrace" and .action=="deny" and .rule=="floor:ptrace"'
}

@test "without a policy an attach to an own child fails and the child's calls are all logged" {
	run_traced --filter=getsockname,ptrace,socket,execve "$(prog atk-floor-ptrace)"
	assert_success
	assert_line "seize = -1 EPERM"
	refute_line "seize = 0 "
	validate_log
	local cpid
	cpid=$(jq_log 'map(select(.type=="fork" and .thread==false)) | .[-1].child')
	assert_count 1 ".type==\"syscall\" and .name==\"socket\" and .pid==$cpid"
	assert_count 1 ".type==\"exec\" and .pid==$cpid"
	assert_line "child-exec-ran"
}

# --- item 12 and 4: the tracer unreachable by pid, group, uid or fd -----------

# tracer_route MODE [RUNNER...]: atk-floor-tracer MODE is refused with EPERM
# by floor:tracer, jtrace-run goes on (exit 0, the program's 2 later calls
# logged, an end record).
tracer_route() {
	local mode=$1
	shift
	run timeout -k 5 20 "$@" "$JTRACE_RUN" -o "$LOG" --filter=getsockname "$(prog atk-floor-tracer)" "$mode"
	[[ $status != 124 ]] || fail "jtrace-run hung (stopped by its tracee?)"
	assert_success
	assert_line "$mode = -1 EPERM"
	assert_line "after 2"
	validate_log
	local pid
	pid=$(jq_log '.[0].pid')
	assert_count 1 ".type==\"syscall\" and .pid==$pid and .action==\"deny\" and .errno==\"EPERM\" and .rule==\"floor:tracer\""
	assert_count 2 ".type==\"syscall\" and .name==\"getsockname\" and .pid==$pid"
	assert_count 1 '.type=="end" and .exit_status==0 and .denied==1'
}

@test "kill(tracer, SIGKILL) is refused, logged, and jtrace-run goes on" { tracer_route kill; }
@test "kill(tracer | 1<<32, SIGKILL): the pid is taken as a pid_t" { tracer_route kill-hibits; }
@test "kill(tracer, SIGSTOP) is refused: no hang" { tracer_route stop; }
@test "kill(0, SIGKILL) in the tracer's process group is refused" { tracer_route kill-group; }
@test "kill(-pgid of the tracer, SIGKILL) is refused" { tracer_route kill-pgid; }
@test "kill(-1, SIGKILL) is refused (run as a uid of its own, which only jtrace-run and the program have)" {
	[[ $EUID -eq 0 ]] || skip "needs root to take a uid of its own"
	command -v setpriv >/dev/null || skip "needs setpriv"
	setpriv --reuid=54321 --regid=54321 --clear-groups test -x "$JTRACE_RUN" ||
		skip "uid 54321 cannot reach $JTRACE_RUN"
	pgrep -u 54321 >/dev/null && skip "uid 54321 has processes on this machine"
	local d
	d=$(nobody_dir)
	cd "$d"
	LOG=$d/t.jsonl
	tracer_route kill-all setpriv --reuid=54321 --regid=54321 --clear-groups
	cd /
	rm -rf "$d"
}
@test "tkill(tracer) is refused" { tracer_route tkill; }
@test "tgkill(tracer, tracer) is refused" { tracer_route tgkill; }
@test "rt_sigqueueinfo(tracer) is refused" { tracer_route sigqueue; }
@test "rt_tgsigqueueinfo(tracer, tracer) is refused" { tracer_route tgsigqueue; }
@test "pidfd_send_signal through a /proc/<tracer> directory fd is refused" { tracer_route pidfd-signal; }
@test "pidfd_getfd on a fd naming the tracer is refused" { tracer_route pidfd-getfd; }
@test "pidfd_open(tracer) is refused" { tracer_route pidfd-open; }
@test "fcntl(F_SETOWN, tracer) with F_SETSIG SIGKILL is refused" { tracer_route fsetown; }
@test "fcntl(F_SETOWN_EX, {F_OWNER_PID, tracer}) with F_SETSIG SIGKILL is refused" { tracer_route fsetown-ex; }
@test "ioctl(socket, SIOCSPGRP, &tracer) with F_SETSIG SIGKILL is refused" { tracer_route siocspgrp; }
@test "prlimit64(tracer, RLIMIT_FSIZE, 1) is refused" { tracer_route fsize; }
@test "prlimit64(tracer, RLIMIT_NOFILE, 0) is refused" { tracer_route nofile; }
@test "setpriority(PRIO_PROCESS, tracer) is refused" { tracer_route nice; }
@test "setpriority(PRIO_PGRP, 0) in the tracer's group is refused" { tracer_route nice-group; }
@test "setpriority(PRIO_USER, 0) is refused" { tracer_route nice-user; }
@test "sched_setaffinity(tracer) is refused" { tracer_route affinity; }
@test "sched_setscheduler(tracer) is refused" { tracer_route scheduler; }
@test "sched_setparam(tracer) is refused" { tracer_route param; }
@test "sched_setattr(tracer) is refused" { tracer_route attr; }
@test "ioprio_set(IOPRIO_WHO_PROCESS, tracer) is refused" { tracer_route ioprio; }
@test "ioprio_set(IOPRIO_WHO_PGRP, 0) in the tracer's group is refused" { tracer_route ioprio-group; }
@test "setpgid back into the tracer's group is refused (kill(0) cannot be raced)" { tracer_route setpgid-back; }
@test "setpgid moving a child back into the tracer's group is refused" { tracer_route setpgid-child; }
@test "kcmp(self, tracer) is refused" { tracer_route kcmp; }
@test "get_robust_list(tracer) is refused (an address in the tracer)" { tracer_route robust; }

@test "as nobody: kill, SIGSTOP, kill(0), RLIMIT_FSIZE and F_SETOWN against the tracer are refused" {
	needs_root_and_runuser
	local d m
	d=$(nobody_dir)
	cd "$d"
	LOG=$d/t.jsonl
	for m in kill stop kill-group kill-pgid fsize nofile fsetown tgkill pidfd-signal; do
		rm -f "$LOG"
		tracer_route "$m" runuser -u nobody --
	done
	cd /
	rm -rf "$d"
}

@test "kill(0, SIGTERM) from a script still works: the group gets it, jtrace-run passes it on and goes on" {
	command -v setsid >/dev/null || skip "needs setsid"
	# A session of its own, so that the group is jtrace-run and the script
	# only (timeout would pass a TERM it got on to its child again).
	run timeout -k 5 20 setsid -w "$JTRACE_RUN" -o "$LOG" --filter=getsockname \
		sh -c 'trap "echo got TERM" TERM; kill -TERM 0; echo survived'
	assert_success
	assert_line "survived"
	assert_line --partial "got TERM"
	validate_log
	assert_count 0 '.type=="syscall" and .action=="deny"'
}

@test "--ns: kill(0, SIGKILL) still reaches jtrace-run's process group, and never jtrace-run" {
	needs_ns
	run_traced --ns --filter=getsockname "$(prog atk-floor-tracer)" kill-group
	validate_log
	assert_equal "$(jq_log '.[-1].type')" '"end"'
	if [[ $(jq_log '.[0].environment.landlock.scope_signal') == true ]]; then
		# Landlock's signal scope spares the tracer in the kernel: the
		# program's group (the program) is killed as asked, jtrace-run
		# reports it.
		assert_equal "$status" 137
		assert_equal "$(jq_log '.[-1].exit_status')" 137
	else
		assert_success
		assert_line "kill-group = -1 EPERM"
		assert_count 1 '.type=="syscall" and .name=="kill" and .action=="deny" and .rule=="floor:tracer"'
	fi
}

@test "kill, setpriority and prlimit64 of other processes are allowed and stop nothing (kill of a child)" {
	run_traced --filter=getsockname sh -c 'sleep 5 & kill $!; wait; renice -n 1 -p $$ >/dev/null; echo done'
	assert_success
	assert_line "done"
	validate_log
	assert_count 0 '.type=="syscall" and .action=="deny"'
	assert_count 0 '.type=="syscall" and (.name=="kill" or .name=="setpriority")'
	# Every stop was logged (the execves): kill and renice did not stop.
	run jq_log '(map(select(.type=="syscall")) | length) == (.[-1].calls)'
	assert_output true
}

@test "a denial is on disk before the denied call returns: SIGKILL to jtrace-run right after loses none" {
	# The program reports the refused call on a fifo and sleeps; jtrace-run
	# is killed as soon as the line arrives, well within the 25 ms flush
	# tick, five times over.
	local i jpid line
	for ((i = 0; i < 5; i++)); do
		rm -f out.fifo "$LOG"
		mkfifo out.fifo
		"$JTRACE_RUN" -o "$LOG" --filter=getsockname "$(prog atk-floor-tracer)" kill-wait >out.fifo 2>/dev/null &
		jpid=$!
		exec 5<out.fifo
		read -r -t 10 line <&5 || true
		kill -KILL "$jpid"
		exec 5<&-
		wait "$jpid" || true
		assert_equal "$line" "kill-wait = -1 EPERM"
		validate_log --allow-partial
		assert_count 1 '.type=="syscall" and .name=="kill" and .action=="deny" and .rule=="floor:tracer"'
	done
}

# --- userfaultfd: the program must not serve the tracer's reads (review 3) ---
#
# A uffd that handles kernel-mode faults sees the tracer's process_vm_readv
# of a path on its page as its own fault: its handler can leave the tracer
# blocked in the kernel (for good when the handler is stopped at a seccomp
# stop, --filter=all: jtrace-run then ignores SIGTERM and writes no end
# record) or serve it another path than the kernel's copy gets.  The floor
# lets userfaultfd(2) and /dev/userfaultfd's USERFAULTFD_IOC_NEW run only
# with UFFD_USER_MODE_ONLY, with or without a policy: the tracer's and the
# kernel's faults then fail with EFAULT.  Kernel-fault uffds need root here
# (vm.unprivileged_userfaultfd=0); user-mode ones are the unprivileged kind.

teardown() {
	if [[ -n ${UFFD_LOGDIR-} ]]; then
		rm -rf "$UFFD_LOGDIR"
	fi
}

# uffd_run USER TIMEOUT JTRACE-ARGS... -- ATK-UFFD-ARGS...: bounded by a
# short timeout (a hang is the failure), as USER.
uffd_run() {
	local user=$1 secs=$2
	shift 2
	local -a jt=()
	while [[ $1 != -- ]]; do
		jt+=("$1")
		shift
	done
	shift
	if [[ $user == nobody ]]; then
		needs_root_and_runuser
		[[ -n ${UFFD_LOGDIR-} ]] || UFFD_LOGDIR=$(nobody_dir)
		LOG=$UFFD_LOGDIR/t.jsonl
		rm -f "$LOG"
	fi
	UFFD_DIR=$(mktemp -d /var/tmp/jtrace-atk-uffd.XXXXXX)
	chmod 0777 "$UFFD_DIR"
	local -a cmd=(timeout -k 5 "$secs" "$JTRACE_RUN" -o "$LOG" "${jt[@]}" "$(prog atk-uffd)" "$1"
		"$UFFD_DIR/x" "${@:2}")
	if [[ $user == nobody ]]; then
		run runuser -u nobody -- "${cmd[@]}"
	else
		run "${cmd[@]}"
	fi
	local made=0
	[[ -e $UFFD_DIR/x ]] && made=1
	rm -rf "$UFFD_DIR"
	[[ $status -ne 77 ]] || skip "userfaultfd cannot be set up here: $output"
	[[ $status -ne 124 && $status -ne 137 ]] || fail "jtrace-run hung (status $status): ${cmd[*]}"
	[[ $made == 0 ]] || fail "the program's path was created: $UFFD_DIR/x"
}

# uffd_refused: the uffd was refused by the floor, logged and counted.
uffd_refused() {
	assert_success
	assert_line "userfaultfd = -1 EPERM"
	validate_log
	assert_count 1 '.type=="syscall" and (.name=="userfaultfd" or .name=="ioctl") and .action=="deny" and .errno=="EPERM" and .rule=="floor:userfaultfd"'
	assert_count 1 '.type=="end" and .denied==1'
}

@test "a userfaultfd-backed path cannot hang jtrace-run past SIGTERM (read-only-fs, --filter=all, handler never answers)" {
	[[ $EUID -eq 0 ]] || skip "kernel-fault userfaultfd needs root here"
	uffd_run root 20 --policy=read-only-fs -- syscall hang
	uffd_refused
}

@test "plain tracing: userfaultfd without UFFD_USER_MODE_ONLY is refused by floor:userfaultfd, no hang" {
	[[ $EUID -eq 0 ]] || skip "kernel-fault userfaultfd needs root here"
	uffd_run root 20 -- syscall hang
	uffd_refused
}

@test "a narrow --filter: userfaultfd still stops and is refused (no path served twice)" {
	[[ $EUID -eq 0 ]] || skip "kernel-fault userfaultfd needs root here"
	uffd_run root 20 --policy=read-only-fs --filter=openat -- syscall
	uffd_refused
	uffd_run root 20 --filter=getppid -- syscall-hi
	uffd_refused
}

@test "--audit does not relax floor:userfaultfd" {
	[[ $EUID -eq 0 ]] || skip "kernel-fault userfaultfd needs root here"
	uffd_run root 20 --audit --policy=read-only-fs -- syscall hang
	uffd_refused
}

@test "/dev/userfaultfd: USERFAULTFD_IOC_NEW without UFFD_USER_MODE_ONLY is refused, with it the page is EFAULT" {
	[[ -e /dev/userfaultfd ]] || skip "no /dev/userfaultfd"
	[[ $EUID -eq 0 ]] || skip "/dev/userfaultfd is root's here"
	uffd_run root 20 --filter=getppid -- dev hang
	uffd_refused
	uffd_run root 20 -- dev-user hang
	assert_success
	assert_line --regexp '^userfaultfd = [0-9]+$'
	assert_line "open = -1 EFAULT"
	validate_log
	assert_count 1 '.type=="end" and .denied==0'
}

# user_mode_uffd USER: the unprivileged kind runs, and a path on its page
# is EFAULT to the tracer and the kernel alike: no hang, nothing created.
user_mode_uffd() {
	uffd_run "$1" 20 -- user hang
	assert_success
	assert_line --regexp '^userfaultfd = [0-9]+$'
	assert_line "open = -1 EFAULT"
	validate_log
	assert_count 1 '.type=="end" and .denied==0'
	uffd_run "$1" 20 --policy=read-only-fs -- user
	assert_success
	assert_line "open = -1 EROFS"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="openat" and .action=="deny" and .unreadable==true'
}

@test "root: a UFFD_USER_MODE_ONLY userfaultfd runs; its page is unreadable to the tracer, never served" {
	user_mode_uffd root
}

@test "nobody: a UFFD_USER_MODE_ONLY userfaultfd runs; its page is unreadable to the tracer, never served" {
	user_mode_uffd nobody
}

@test "nobody: userfaultfd without UFFD_USER_MODE_ONLY is refused by the floor, not only by the kernel" {
	uffd_run nobody 20 -- syscall hang
	uffd_refused
}
