#!/usr/bin/env bats
# strace-diff.bats: differential test against strace.  The same program runs
# under `strace -f --seccomp-bpf -e trace=%network` and under
# `jtrace-run --filter=net`; per thread, the sequence of (call, return value,
# errno) must be the same (tests/tools/strace-compare.py).

load helpers

setup() {
	LOG="$BATS_TEST_TMPDIR/t.jsonl"
	cd "$BATS_TEST_TMPDIR" || return 1
	command -v strace >/dev/null || skip "strace is not installed"
}

# same_as_strace PROG ARGS...: runs both tracers and compares their logs.
same_as_strace() {
	local slog="$BATS_TEST_TMPDIR/strace.txt"
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" strace -f -qq -e signal=none --seccomp-bpf \
		-e trace=%network -o "$slog" "$@"
	local strace_status=$status strace_output=$output
	if [[ $strace_status -ne 0 ]] && grep -q 'seccomp' <<<"$strace_output"; then
		skip "strace --seccomp-bpf does not work here: $strace_output"
	fi
	run_traced --filter=net "$@"
	assert_equal "$status" "$strace_status"
	validate_log
	run "$PYTHON" "$TOOLS/strace-compare.py" "$slog" "$LOG"
	if [[ $status -ne 0 ]]; then
		echo "---- strace ----"
		cat "$slog"
		fail "jtrace and strace disagree:
$output"
	fi
	assert_output --partial "# identical"
}

@test "strace and jtrace agree on file-and-net" {
	same_as_strace "$(prog file-and-net)"
}

@test "strace and jtrace agree on a TCP/UDP/unix server and client in two processes" {
	same_as_strace "$(prog loopback-server-client)" 5
}

@test "strace and jtrace agree on 8 threads of failing getsockname calls" {
	same_as_strace "$(prog threads)" 8 50
}

@test "strace and jtrace agree on a fork/exec chain" {
	same_as_strace "$(prog forkexec-chain)" 3
}

@test "strace and jtrace agree on curl to a closed loopback port" {
	command -v curl >/dev/null || skip "curl is not installed"
	same_as_strace curl -s http://127.0.0.1:9/
}

@test "strace-compare notices a differing return value" {
	# The comparison itself must be able to fail.
	printf '%s\n' '100 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3' \
		'100 connect(3, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)' >s.txt
	printf '%s\n' '{"v":1,"type":"start","filter":["connect","socket"]}' \
		'{"type":"syscall","tid":7,"name":"socket","ret":3}' \
		'{"type":"syscall","tid":7,"name":"connect","ret":-1,"errno":"ETIMEDOUT"}' >j.jsonl
	run "$PYTHON" "$TOOLS/strace-compare.py" s.txt j.jsonl
	assert_equal "$status" 1
	assert_output --partial '-connect = -1 ECONNREFUSED'
	assert_output --partial '+connect = -1 ETIMEDOUT'
}
