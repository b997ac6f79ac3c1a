#!/usr/bin/env bats
# replay.bats: the allowlist replay loop of issue 6.  A program is traced
# with every call selected, `jtrace-policy gen` makes an allowlist from the
# log, and the same command runs under a consumer that did not write it
# (`bwrap --seccomp FD` with the raw BPF, `jtrace-run --policy` with the
# jtrace format): same exit status, same stdout.  Negative controls: a call
# outside the allowlist fails with EPERM, or kills with SIGSYS (159) under
# --default=kill.
#
# Needs JTRACE_POLICY (the jtrace-policy binary) besides helpers.bash's.

load helpers

: "${JTRACE_POLICY:?set JTRACE_POLICY to the jtrace-policy binary under test}"

# bwrap_ok: bubblewrap is installed and can make its namespaces here.
bwrap_ok() {
	command -v bwrap >/dev/null || skip "bwrap is not installed"
	bwrap --ro-bind / / --dev /dev --proc /proc true 2>/dev/null ||
		skip "bwrap cannot create namespaces here: $(bwrap --ro-bind / / true 2>&1 | head -1)"
}

# under_bwrap BPF CMD...: CMD under the filter, with the test dir writable.
under_bwrap() {
	local bpf=$1
	shift
	bwrap --ro-bind / / --dev /dev --proc /proc \
		--bind "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR" --chdir "$BATS_TEST_TMPDIR" \
		--seccomp 3 "$@" 3<"$bpf"
}

# replay_bwrap CMD...: trace CMD, gen --format=bpf, run CMD unconfined and
# under bwrap; both must give the same status and stdout.  $REPLAY_FILTER,
# when set, is a sed expression applied to both stdouts (varying lines).
replay_bwrap() {
	bwrap_ok
	run_traced --separate-stderr "$@"
	[[ -s $LOG ]] || fail "no log written"
	run "$JTRACE_POLICY" gen "$LOG" --format=bpf -o f.bpf
	assert_success
	[[ -s f.bpf ]] || fail "empty filter"

	run --separate-stderr "$@"
	local want_status=$status want_out
	want_out=$(sed -e "${REPLAY_FILTER:-}" <<<"$output")

	run --separate-stderr under_bwrap f.bpf "$@"
	local got_out
	got_out=$(sed -e "${REPLAY_FILTER:-}" <<<"$output")
	if [[ $status != "$want_status" || $got_out != "$want_out" ]]; then
		fail "replay differs: status $status (want $want_status)
stdout: $got_out
want:   $want_out
stderr: $stderr
$("$JTRACE_POLICY" gen "$LOG" | grep -c '^allow') calls allowed"
	fi
}

@test "replay under bwrap --seccomp: ls" {
	replay_bwrap ls -l /usr
}

@test "replay under bwrap --seccomp: cat" {
	replay_bwrap cat /etc/hostname
}

@test "replay under bwrap --seccomp: a shell pipeline" {
	replay_bwrap sh -c 'cat /etc/hostname | wc -c'
}

@test "replay under bwrap --seccomp: python3 -c" {
	[[ -x /usr/bin/python3 ]] || skip "/usr/bin/python3 is missing"
	replay_bwrap /usr/bin/python3 -c 'import json; print(json.dumps({"a": 1}))'
}

@test "replay under bwrap --seccomp: sqlite3 on a temp file" {
	command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
	# A fresh database each run: the traced, the unconfined and the
	# confined run must all create it.
	cat >q.sh <<-'EOF'
		rm -f "$PWD/db.sqlite"
		sqlite3 "$PWD/db.sqlite" 'create table t(x); insert into t values (1), (2); select sum(x) from t;'
	EOF
	replay_bwrap sh q.sh
}

@test "replay under bwrap --seccomp: loopback client and server (tests/progs)" {
	REPLAY_FILTER='/^port /d'
	replay_bwrap "$(prog loopback-server-client)"
}

@test "replay of a --args allowlist under bwrap --seccomp" {
	bwrap_ok
	run_traced --separate-stderr "$(prog loopback-server-client)"
	run "$JTRACE_POLICY" gen "$LOG" --args --format=bpf -o f.bpf
	assert_success
	run --separate-stderr under_bwrap f.bpf "$(prog loopback-server-client)"
	assert_success
	assert_line "client done"
}

@test "negative control: a call outside the allowlist fails with EPERM" {
	bwrap_ok
	[[ -x /usr/bin/python3 ]] || skip "/usr/bin/python3 is missing"
	run_traced /usr/bin/python3 -c 'print(1)'
	"$JTRACE_POLICY" gen "$LOG" --format=bpf -o f.bpf
	"$JTRACE_POLICY" gen "$LOG" | grep -qx 'allow mkdir' && fail "mkdir already allowed"
	run --separate-stderr under_bwrap f.bpf /usr/bin/python3 -c 'import os; print(1); os.mkdir("d")'
	assert_failure
	[[ $stderr == *"[Errno 1] Operation not permitted"* ]] || fail "no EPERM: $stderr"
	[[ ! -e d ]] || fail "the directory was created"
}

@test "negative control: --default=kill dies by SIGSYS (exit 159)" {
	bwrap_ok
	run_traced true
	run "$JTRACE_POLICY" gen "$LOG" --default=kill --format=bpf -o k.bpf
	assert_success
	run under_bwrap k.bpf true
	assert_success
	run under_bwrap k.bpf sh -c 'cat /etc/hostname'
	assert_equal "$status" 159
}

@test "an allowlist made from true runs true and fails sh -c cat (errno default)" {
	bwrap_ok
	run_traced true
	"$JTRACE_POLICY" gen "$LOG" --format=bpf -o f.bpf
	run under_bwrap f.bpf true
	assert_success
	run --separate-stderr under_bwrap f.bpf sh -c 'cat /etc/hostname'
	assert_failure
}

# --- the jtrace format under jtrace-run --policy ---------------------------

policy_ok() {
	"$JTRACE_RUN" --help 2>&1 | grep -q -- '--policy' ||
		skip "jtrace-run has no --policy yet"
}

@test "replay under jtrace-run --policy with the jtrace format" {
	policy_ok
	run_traced --separate-stderr sh -c 'cat /etc/hostname | wc -c'
	"$JTRACE_POLICY" gen "$LOG" -o f.policy
	run --separate-stderr sh -c 'cat /etc/hostname | wc -c'
	local want=$output
	run --separate-stderr "$JTRACE_RUN" --policy="$PWD/f.policy" -o p.jsonl \
		sh -c 'cat /etc/hostname | wc -c'
	assert_success
	assert_output "$want"
	assert_count 0 '.type=="syscall" and .action!="allow"' p.jsonl
}

@test "jtrace-run --policy with the jtrace format denies a new call with EPERM" {
	policy_ok
	[[ -x /usr/bin/python3 ]] || skip "/usr/bin/python3 is missing"
	run_traced /usr/bin/python3 -c 'print(1)'
	"$JTRACE_POLICY" gen "$LOG" -o f.policy
	run --separate-stderr "$JTRACE_RUN" --policy="$PWD/f.policy" -o p.jsonl \
		/usr/bin/python3 -c 'import os; print(1); os.mkdir("d")'
	assert_failure
	[[ $stderr == *"[Errno 1] Operation not permitted"* ]] || fail "no EPERM: $stderr"
	assert_count 1 '.type=="syscall" and .name=="mkdir" and .action=="deny"' p.jsonl
}

# --- diff: the CI check -----------------------------------------------------

@test "diff exits 1 naming the new call when a later run does something new" {
	[[ -x /usr/bin/python3 ]] || skip "/usr/bin/python3 is missing"
	run_traced /usr/bin/python3 -c 'print(1)'
	"$JTRACE_POLICY" gen "$LOG" -o base.policy
	LOG=$BATS_TEST_TMPDIR/later.jsonl
	run_traced /usr/bin/python3 -c 'import os; print(1); os.mkdir("d")'
	run "$JTRACE_POLICY" diff --allow base.policy "$LOG"
	assert_failure 1
	assert_line --regexp 'later\.jsonl:[0-9]+: mkdir pid=[0-9]+ comm=python3 arch=[a-z0-9_]+ count=1$'
}

@test "diff exits 0 when a later run does nothing new" {
	run_traced cat /etc/hostname
	"$JTRACE_POLICY" gen "$LOG" -o base.policy
	run "$JTRACE_POLICY" diff --allow base.policy "$LOG"
	assert_success
	assert_output ""
	LOG=$BATS_TEST_TMPDIR/again.jsonl
	run_traced cat /etc/hostname
	run "$JTRACE_POLICY" diff --allow base.policy "$LOG"
	assert_success
	assert_output ""
}

# --- probes: what a trace does not show --------------------------------------

# replay_stripped NAMES CMD...: trace CMD, delete the syscall records of
# NAMES (a jq array) from the log, gen, replay under bwrap: the calls must
# come back from the always-needed set.
replay_stripped() {
	local names=$1
	shift
	bwrap_ok
	run_traced --separate-stderr "$@"
	assert_success
	local want=$output
	jq -c "select(.type != \"syscall\" or (.name as \$n | $names | index(\$n) | not))" "$LOG" >stripped.jsonl
	[[ $(jq -s "[.[] | select(.type == \"syscall\" and (.name as \$n | $names | index(\$n)))] | length" stripped.jsonl) == 0 ]] ||
		fail "records not stripped"
	run "$JTRACE_POLICY" gen stripped.jsonl --format=bpf -o f.bpf
	assert_success
	run --separate-stderr under_bwrap f.bpf "$@"
	assert_success
	assert_output "$want"
}

@test "probe: a signal handler that returns needs rt_sigreturn (always allowed)" {
	replay_stripped '["rt_sigreturn", "restart_syscall"]' "$(prog signals)"
}

@test "probe: a raw clock_gettime (vDSO fallback) is always allowed" {
	[[ -x /usr/bin/python3 ]] || skip "/usr/bin/python3 is missing"
	[[ $(uname -m) == x86_64 ]] || skip "syscall number 228 is x86_64's"
	replay_stripped '["clock_gettime", "clock_getres", "gettimeofday", "time", "getcpu"]' \
		/usr/bin/python3 -c 'import ctypes; b = ctypes.create_string_buffer(16); print(ctypes.CDLL(None).syscall(228, 1, b))'
}

@test "probe: an int 0x80 call is killed under an x86_64 profile" {
	bwrap_ok
	[[ -x /usr/bin/python3 ]] || skip "/usr/bin/python3 is missing"
	[[ $(uname -m) == x86_64 ]] || skip "int 0x80 is x86's"
	# getpid through the i386 ABI from an executable page, when asked.
	cat >int80.py <<-'EOF'
		import ctypes, mmap, sys
		code = b"\xb8\x14\x00\x00\x00\xcd\x80\xc3"  # mov eax, 20; int 0x80; ret
		m = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
		m.write(code)
		addr = ctypes.addressof(ctypes.c_char.from_buffer(m))
		f = ctypes.CFUNCTYPE(ctypes.c_int)(addr)
		print("pid", f() if sys.argv[1] == "1" else 0)
	EOF
	run_traced /usr/bin/python3 int80.py 0
	assert_success
	"$JTRACE_POLICY" gen "$LOG" --format=bpf -o f.bpf
	run under_bwrap f.bpf /usr/bin/python3 int80.py 0
	assert_success
	assert_output "pid 0"
	run under_bwrap f.bpf /usr/bin/python3 int80.py 1
	assert_equal "$status" 159
}
