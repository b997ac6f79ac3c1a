#!/usr/bin/env bats
# attack-landlock.bats: the Landlock wall around the traced program (issue 19
# items 4, 12 and 18).  From inside, as root without --ns, the tracer's
# memory, fds and pidfd are out of reach; as nobody, so is every other
# process of the same user; under a policy or --ns no signal reaches the
# tracer.  Plain tracing keeps signals to outside processes working and
# the program's own children reachable.  Each attack is tests/progs/
# atk-ll-reach; each test also failed on the code before src/run/landlock.c.

load helpers

# A policy that denies mkdir and nothing else (errno EPERM).
deny_mkdir_policy() {
	printf 'default allow\ndeny mkdir\n' >"$BATS_TEST_TMPDIR/deny-mkdir.policy"
	echo "$BATS_TEST_TMPDIR/deny-mkdir.policy"
}

# need_landlock [ABI]: skip unless the kernel has Landlock of ABI >= ABI
# (default 2, what the plain-tracing wall needs); asked of the kernel, not of
# jtrace-run, so that the tests also run against a jtrace without the wall.
need_landlock() {
	local want=${1:-2} abi
	abi=$("$(prog atk-ll-reach)" abi) || fail "atk-ll-reach abi failed"
	((abi >= want)) || skip "this kernel's Landlock ABI is $abi, the test needs $want"
}

need_root() {
	[[ $EUID -eq 0 ]] || skip "needs root (the attack is root's: CAP_SYS_PTRACE)"
}

# The directory for runs as nobody: bats' own temp dir is 0700.
nobody_dir() {
	[[ $EUID -eq 0 ]] || skip "needs root to run as nobody"
	command -v runuser >/dev/null || skip "runuser is missing"
	runuser -u nobody -- test -x "$JTRACE_RUN" ||
		skip "nobody cannot execute $JTRACE_RUN (put the build dir where others can read it)"
	NOBODY_DIR=$(mktemp -d /tmp/jtrace-ll.XXXXXX)
	chmod 777 "$NOBODY_DIR"
	cd "$NOBODY_DIR" || fail "cd $NOBODY_DIR"
}

# start_victim [USER]: a sleeping process (of USER, default ourselves) that
# is not the program's: $VICTIM.
start_victim() {
	if [[ -n ${1-} ]]; then
		runuser -u "$1" -- sleep 60 3>&- &
	else
		sleep 60 3>&- &
	fi
	VICTIM=$!
	local i comm=
	for ((i = 0; i < 50; i++)); do
		comm=$(cat "/proc/$VICTIM/comm" 2>/dev/null) || true
		[[ $comm == sleep ]] && break
		sleep 0.05
	done
	# runuser forks: the sleeper is its child.
	if [[ $comm != sleep ]]; then
		VICTIM=$(pgrep -n -P "$VICTIM" sleep) || fail "the victim did not start"
	fi
}

teardown() {
	[[ -n ${VICTIM-} ]] && kill "$VICTIM" 2>/dev/null
	[[ -n ${NOBODY_DIR-} ]] && rm -rf "$NOBODY_DIR"
	return 0
}

# --- item 4: root without --ns against the tracer ------------------------------

@test "root, no --ns: writing ret into policy_decide through /proc/<tracer>/mem fails; the rule still denies" {
	need_root
	need_landlock
	local off
	off=$(nm "$JTRACE_RUN" | awk '$3 == "policy_decide" {print $1}')
	[[ -n $off ]] || skip "jtrace-run has no symbol table (stripped): cannot find policy_decide"
	run_traced --policy="$(deny_mkdir_policy)" "$(prog atk-ll-reach)" mem-write parent "$off"
	assert_success
	validate_log
	assert_line "open /proc/PID/mem = -1 EACCES"
	refute_line "write = 1"
	assert_line "mkdir = -1 EPERM"
	assert_count 1 '.type=="syscall" and .name=="mkdir" and .action=="deny"'
	assert_equal "$(jq_log '.[-1].denied')" 1
}

@test "root, no --ns, a policy: none of the tracer's fds opens through /proc/<tracer>/fd" {
	need_root
	need_landlock
	run_traced --policy="$(deny_mkdir_policy)" "$(prog atk-ll-reach)" fd parent
	assert_success
	validate_log
	assert_line "fd opened 0 first error EACCES"
}

@test "root, no --ns, a policy: pidfd_getfd on a pidfd of the tracer (from a pidfs handle) fails" {
	need_root
	need_landlock
	run_traced --policy="$(deny_mkdir_policy)" "$(prog atk-ll-reach)" getfd parent
	if [[ $status == 77 ]]; then
		skip "no pidfd of the tracer without pidfd_open on this kernel: $output"
	fi
	assert_success
	validate_log
	assert_line "getfd opened 0 first error EPERM"
}

# --- item 18: another process of the same user ------------------------------

# nobody_writes_peer [JTRACE-OPTION...]: as nobody, the program opens
# /proc/PID/mem of nobody's sleeping process: refused, nothing written.
nobody_writes_peer() {
	need_landlock
	nobody_dir
	start_victim nobody
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" runuser -u nobody -- \
		"$JTRACE_RUN" -o "$NOBODY_DIR/t.jsonl" "$@" "$(prog atk-ll-reach)" mem-write "$VICTIM"
	assert_success
	validate_log "$NOBODY_DIR/t.jsonl"
	assert_line "open /proc/PID/mem = -1 EACCES"
	refute_line "write = 1"
}

@test "nobody, --policy=ci-default: another process of nobody's cannot be written through /proc/PID/mem" {
	nobody_writes_peer --policy=ci-default
}


# --- item 12: signals to the tracer -----------------------------------------

# signal_fails MODE SIG JTRACE-OPTION...: `atk-ll-reach MODE parent SIG`
# gets EPERM from the kernel and the tracer lives on to write its end.
signal_fails() {
	local mode=$1 sig=$2
	shift 2
	need_landlock 6
	run_traced "$@" "$(prog atk-ll-reach)" "$mode" parent "$sig"
	assert_success
	validate_log
	if [[ $mode == kill ]]; then
		assert_line "kill = -1 EPERM"
	else
		assert_line "pidfd_send_signal = -1 EPERM"
	fi
	assert_equal "$(jq_log '.[-1].type')" '"end"'
	assert_equal "$(jq_log '.[0].environment.landlock.scope_signal')" true
}

@test "under a policy: kill(tracer, SIGKILL) fails and the log is whole" {
	signal_fails kill 9 --policy="$(deny_mkdir_policy)"
}

@test "under a policy: kill(tracer, SIGSTOP) fails, the run does not hang" {
	JTRACE_TEST_TIMEOUT=15 signal_fails kill 19 --policy="$(deny_mkdir_policy)"
}

@test "under a policy: pidfd_send_signal on /proc/<tracer> fails" {
	signal_fails pidfd-signal 9 --policy="$(deny_mkdir_policy)"
}

@test "under a policy: kill(0, SIGKILL) kills the program's process group but not the tracer in it" {
	need_landlock 6
	run_traced --policy="$(deny_mkdir_policy)" "$(prog atk-ll-reach)" kill 0 9
	assert_equal "$status" 137
	validate_log
	assert_equal "$(jq_log '.[-1] | [.type, .exit_status]')" '["end",137]'
}

@test "--ns without a pid namespace: kill and pidfd_send_signal to the tracer fail" {
	need_root
	signal_fails kill 9 --ns=user,net
	signal_fails pidfd-signal 9 --ns=user,net
}

# --- plain tracing: what still works, and the one visible change -------------

@test "plain tracing: no domain; kill of an unrelated process and mount(2) work as without jtrace" {
	need_root
	start_victim
	run_traced "$(prog atk-ll-reach)" kill "$VICTIM" 0
	assert_success
	assert_line "kill = 0"
	validate_log
	assert_equal "$(jq_log '.[0].environment.landlock | [.ptrace_wall, .scope_signal, .handled_fs]')" \
		'[false,false,[]]'
	run_traced unshare -m sh -c 'mount -t tmpfs none /mnt && echo mounted'
	assert_success
	assert_line mounted
}

@test "plain tracing: the program's own children stay reachable through /proc/PID/mem" {
	need_landlock
	run_traced sh -c 'sleep 5 & "$1" mem-write $!; kill $!' sh "$(prog atk-ll-reach)"
	assert_success
	assert_line --regexp '^open /proc/PID/mem = [0-9]+$'
	assert_line "write = 1"
}

# The fs form (kernels without scopes) refuses mount(2) (src/run/landlock.c);
# the scope form must not.
@test "--ns: the wall is a scope: the program may still mount in its own mount namespace" {
	need_root
	need_landlock 6
	run_traced --ns --cap-add=CAP_SYS_ADMIN sh -c 'mount -t tmpfs none /mnt && echo mounted'
	assert_success
	assert_line mounted
	validate_log
	assert_equal "$(jq_log '.[0].environment.landlock | [.scope_signal, .scope_abstract_unix, .handled_fs]')" \
		'[true,true,[]]'
}

# --- kernels without Landlock (simulated: atk-ll-nolandlock makes the
# landlock calls fail with ENOSYS for jtrace-run and all it starts) ----------

# run_without_landlock JTRACE-ARGS...: jtrace-run -o $LOG under that filter.
run_without_landlock() {
	run --separate-stderr timeout -k 5 "$JTRACE_TEST_TIMEOUT" \
		"$(prog atk-ll-nolandlock)" "$JTRACE_RUN" -o "$LOG" "$@"
}

@test "no Landlock: a policy without a pid namespace is refused (125, one line); nothing runs" {
	run_without_landlock --policy="$(deny_mkdir_policy)" sh -c 'touch ran'
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr_lines[0]}" \
		"jtrace-run: no Landlock here: --policy needs it, or --ns with a pid namespace: Function not implemented"
	[[ ! -e ran ]] || fail "the program ran"
	validate_log
	assert_equal "$(jq_log '.[0].environment.landlock | [.abi, .ptrace_wall, .unavailable]')" '[0,false,"ENOSYS"]'
}

@test "no Landlock: plain tracing runs as before and the start record says there is no wall" {
	run_without_landlock true
	assert_success
	assert_equal "$stderr" ""
	validate_log
	assert_equal "$(jq_log '.[0].environment.landlock | [.abi, .ptrace_wall, has("warning")]')" \
		'[0,false,false]'
}

@test "no Landlock: --ns (a pid namespace) runs, with the weaker floor said on stderr and in the log" {
	need_root
	run_without_landlock --ns true
	assert_success
	assert_equal "${#stderr_lines[@]}" 1
	[[ ${stderr_lines[0]} == "jtrace-run: warning: no Landlock here: only the pid namespace"* ]] ||
		fail "unexpected message: $stderr"
	validate_log
	assert_equal "$(jq_log '.[0].environment.landlock | [.ptrace_wall, (.warning | startswith("no Landlock"))]')" \
		'[false,true]'
}
