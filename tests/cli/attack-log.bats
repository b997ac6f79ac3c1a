#!/usr/bin/env bats
# attack-log.bats: a log the program cannot forge or spoil, and
# jtrace-policy readers that survive hostile logs (issue 19 items 13, 14
# (the parts outside the sandbox), 20).  The attacks are
# tests/progs/atk-log-*.c; logs made up by hand stand for what a program
# could write into a log it shares.

load helpers

setup() {
	: "${JTRACE_POLICY:?set JTRACE_POLICY to the jtrace-policy binary under test}"
	LOG="$BATS_TEST_TMPDIR/t.jsonl"
	cd "$BATS_TEST_TMPDIR" || return 1
}

# A run of atk-log-forge with the log on its stderr, as by default.
forge_shared() {
	timeout -k 5 "$JTRACE_TEST_TIMEOUT" "$JTRACE_RUN" "$(prog atk-log-forge)" 2>shared.jsonl
}

# A start record for logs made up by hand (no token: read as before it).
START='{"v":1,"type":"start","ts":0,"arch":"x86_64","filter":[]}'

# Exactly one line on stderr, matching $1.
assert_one_line() {
	[[ ${#stderr_lines[@]} -eq 1 ]] || fail "expected one line on stderr, got: $stderr"
	[[ $stderr =~ $1 ]] || fail "stderr does not match $1: $stderr"
}

@test "item 13: the start record says the default stderr log is shared; -o FILE is not" {
	forge_shared
	head -n 1 shared.jsonl | jq -e '.type == "start" and .log.shared == true and .log.fd == 2' 
	run_traced "$(prog exit-with)" 0
	assert_success
	head -n 1 "$LOG" | jq -e '.type == "start" and .log.shared == false and .log.kind == "file"' 
	validate_log
}

@test "item 13: every record of a run carries one token; forged lines lack it" {
	forge_shared
	tok=$(head -n 1 shared.jsonl | jq -r 'select(.type=="start") | .run')
	[[ $tok =~ ^[0-9a-f]{16}$ ]] || fail "no run token: $tok"
	# The forged connect and end are there, without the token.
	grep -q '"name":"connect"' shared.jsonl || fail "the forger's line is not in the log (test is void)"
	! grep '"name":"connect"' shared.jsonl | grep -q "\"run\":\"$tok\""
	[[ $(grep -c '"type":"end"' shared.jsonl) -eq 2 ]] || fail "the forged end is not in the log"
	real=$(grep -c "\"run\":\"$tok\"" shared.jsonl)
	calls=$(grep "\"run\":\"$tok\"" shared.jsonl | jq -r 'select(.type=="end") | .calls')
	[[ -n $calls ]] || fail "no real end record"
	syscalls=$(grep "\"run\":\"$tok\"" shared.jsonl | grep -c '"type":"syscall"')
	[[ $syscalls -eq $calls ]] || fail "$syscalls syscall records with the token, end.calls $calls"
	[[ $real -gt $calls ]]
}

@test "item 13: gen, merge, diff and summary refuse a shared log: exit 3, one line" {
	forge_shared
	"$JTRACE_RUN" -o clean.jsonl "$(prog exit-with)" 0
	"$JTRACE_POLICY" gen clean.jsonl -o allow.policy
	for cmd in "gen shared.jsonl" "merge shared.jsonl" "summary shared.jsonl" \
		"diff --allow=allow.policy shared.jsonl"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$JTRACE_POLICY" $cmd
		[[ $status -eq 3 ]] || fail "$cmd: exit $status, expected 3: $stderr"
		assert_one_line 'shared a stream with the traced program.*--accept-shared'
		[[ -z $output ]] || fail "$cmd wrote output: $output"
	done
}

@test "item 13: with --accept-shared only the run's own records count" {
	forge_shared
	"$JTRACE_RUN" -o clean.jsonl "$(prog exit-with)" 0
	"$JTRACE_POLICY" gen clean.jsonl -o allow.policy

	run --separate-stderr "$JTRACE_POLICY" gen --accept-shared shared.jsonl
	assert_success
	[[ $output != *connect* ]] || fail "gen took the forged connect: $output"
	[[ $output == *getppid* ]] || fail "gen lost the program's own calls: $output"
	[[ $stderr =~ lines\ not\ written\ by\ jtrace-run\ skipped ]] || fail "no count: $stderr"

	run --separate-stderr "$JTRACE_POLICY" summary --accept-shared --json shared.jsonl
	assert_success
	tok=$(head -n 1 shared.jsonl | jq -r .run)
	calls=$(grep "\"run\":\"$tok\"" shared.jsonl | jq -r 'select(.type=="end") | .calls')
	echo "$output" | jq -e --argjson n "$calls" '.total.calls == $n and ([.syscalls[].name] | index("connect") == null)'

	run --separate-stderr "$JTRACE_POLICY" diff --accept-shared --allow=allow.policy shared.jsonl
	[[ $output != *connect* ]] || fail "diff took the forged connect: $output"
	[[ $status -le 1 ]] || fail "diff: exit $status: $stderr"
}

@test "item 13: a log on a pipe is shared too, and read back with --accept-shared from stdin" {
	run bash -c "'$JTRACE_RUN' '$(prog atk-log-forge)' 2>&1 >/dev/null | cat >piped.jsonl"
	head -n 1 piped.jsonl | jq -e '.type == "start" and .log.shared == true and .log.kind == "pipe"' 
	run --separate-stderr bash -c "'$JTRACE_POLICY' summary - <piped.jsonl"
	[[ $status -eq 3 ]] || fail "exit $status: $stderr"
	run --separate-stderr bash -c "cat piped.jsonl | '$JTRACE_POLICY' summary --accept-shared /dev/stdin"
	assert_success
	[[ $output != *connect* ]]
}

@test "item 13: a record with another run's token in an unshared log is refused with its line" {
	run_traced "$(prog exit-with)" 0
	assert_success
	sed -i '3s/"run":"[0-9a-f]*"/"run":"0000000000000000"/' "$LOG"
	run --separate-stderr "$JTRACE_POLICY" summary "$LOG"
	assert_failure 2
	assert_one_line ':3: record not written by this run'
}

@test "item 20a: a program that truncates, rewrites, grows or replaces -o FILE gets exit 125" {
	for how in truncate blank append replace; do
		rm -f "$LOG"
		run_jtrace -o "$LOG" "$(prog atk-log-tamper)" "$how" "$LOG"
		[[ $status -eq 125 ]] || fail "$how: exit $status, expected 125: $stderr"
		assert_one_line "the log .* was modified while the program ran"
		if [[ $how != replace ]]; then
			# The real end (with append, forged lines follow it).
			grep -a '"log_modified"' "$LOG" | jq -e '.type == "end" and .log_modified == true and .exit_status == 125' 
			run --separate-stderr "$JTRACE_POLICY" summary "$LOG"
			[[ $status -eq 2 ]] || fail "$how: summary took a modified log: $status"
		fi
	done
}

@test "item 20a: an untouched -o FILE says log_modified false and validates" {
	run_traced "$(prog exit-with)" 0
	assert_success
	tail -n 1 "$LOG" | jq -e '.type == "end" and .log_modified == false'
	validate_log
}

@test "item 20b: half a line in a shared log is skipped and counted, not fatal" {
	forge_shared
	tail -c 200 shared.jsonl >/dev/null
	grep -q '{"v":1,"type":"sysc' shared.jsonl || fail "the half line is not in the log"
	run --separate-stderr "$JTRACE_POLICY" summary --accept-shared shared.jsonl
	assert_success
	[[ $stderr =~ [0-9]+\ lines\ not\ written\ by\ jtrace-run\ skipped ]] || fail "$stderr"
}

@test "item 20c: an existing -o file is kept when the run fails before the program runs" {
	printf 'old log\n' >keep.jsonl
	run -127 --separate-stderr timeout -k 5 "$JTRACE_TEST_TIMEOUT" "$JTRACE_RUN" -o keep.jsonl /nonexistent/prog
	printf '#!/bin/sh\n' >noexec
	chmod 644 noexec
	run_jtrace -o keep.jsonl ./noexec
	assert_failure 126
	# Found executable, refused by execve itself in the child (item 14).
	printf '\177ELF but not really an ELF file\n' >badelf
	chmod 755 badelf
	run_jtrace -o keep.jsonl ./badelf
	assert_failure 126
	[[ $(cat keep.jsonl) == "old log" ]] || fail "the old log was replaced: $(head -c 300 keep.jsonl)"
	# Where there was no log, the failed run's is written whole.
	run_jtrace -o new.jsonl ./badelf
	assert_failure 126
	validate_log new.jsonl
	tail -n 1 new.jsonl | jq -e '.type == "end" and .exit_status == 126' 
}

@test "item 20c: an existing -o file is kept when the sandbox set-up fails" {
	printf 'old log\n' >keep.jsonl
	run_jtrace -o keep.jsonl --ns --ro=/nonexistent "$(prog exit-with)" 0
	assert_failure 125
	[[ $(cat keep.jsonl) == "old log" ]] || fail "the old log was replaced: $(head -c 300 keep.jsonl)"
}

@test "item 20c: -o through a symlink is still refused, its target untouched" {
	echo precious >target
	ln -s target link.jsonl
	run_jtrace -o link.jsonl "$(prog exit-with)" 0
	assert_failure 125
	[[ $(cat target) == precious ]]
}

@test "item 20d: summary refuses /dev/zero and bounds an endless stdin, one line each" {
	run --separate-stderr timeout 20 "$JTRACE_POLICY" summary /dev/zero
	assert_failure 2
	assert_one_line '/dev/zero: not a regular file or a pipe'
	run --separate-stderr timeout 60 bash -c "'$JTRACE_POLICY' summary - </dev/zero"
	assert_failure 2
	assert_one_line 'line longer than [0-9]+ MiB'
	run --separate-stderr timeout 60 bash -c "head -c 100000000 /dev/zero | tr '\\0' x | '$JTRACE_POLICY' summary /dev/stdin"
	assert_failure 2
	assert_one_line 'line longer than'
}

@test "item 20e: summary and diff escape control characters of names from the log" {
	printf '%s\n' "$START" \
		'{"v":1,"type":"syscall","ts":1,"seq":1,"pid":1,"tid":1,"nspid":1,"comm":"\u001b[2Jx","name":"\u001b]0;pwned\u0007","nr":1,"arch":"x86_64","args":{},"ret":0,"dur_ns":5,"action":"allow"}' \
		'{"v":1,"type":"syscall","ts":1,"seq":2,"pid":1,"tid":1,"nspid":1,"comm":"a\u009bb","name":"b\rc","nr":1,"arch":"x86_64","args":{},"ret":0,"dur_ns":5,"action":"allow"}' >esc.jsonl
	"$JTRACE_POLICY" summary esc.jsonl >sum.out
	! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' sum.out || fail "raw control bytes: $(od -c sum.out | head)"
	grep -qF '\x1b]0;pwned\x07' sum.out
	grep -qF 'b\x0dc' sum.out
	printf 'default errno(EPERM)\narch x86_64\nallow read\n' >allow.policy
	run "$JTRACE_POLICY" diff --allow=allow.policy esc.jsonl
	assert_failure 1
	! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' <<<"$output" || fail "raw control bytes in diff: $output"
	[[ $output == *'comm=\x1b[2Jx'* ]] || fail "$output"
	[[ $output == *'comm=a\xc2\x9bb'* ]] || fail "C1 control not escaped: $output"
}

@test "item 14: summary and diff are right on 20,000 distinct names" {
	"$PYTHON" - <<'PY' >many.jsonl
print('{"v":1,"type":"start","ts":0,"arch":"x86_64","filter":[]}')
for i in range(20000):
    for k in (0, 1):
        print('{"v":1,"type":"syscall","ts":1,"seq":%d,"pid":1,"tid":1,"nspid":1,"comm":"p","name":"n%05d","nr":1,"arch":"x86_64","args":{},"ret":0,"dur_ns":1000,"action":"allow"}' % (2 * i + k + 1, i))
PY
	run --separate-stderr "$JTRACE_POLICY" summary --json many.jsonl
	assert_success
	echo "$output" | jq -e '(.syscalls | length) == 20000 and .total.calls == 40000 and all(.syscalls[]; .calls == 2)'
	printf 'default errno(EPERM)\narch x86_64\nallow read\n' >allow.policy
	run --separate-stderr "$JTRACE_POLICY" diff --allow=allow.policy many.jsonl
	assert_failure 1
	[[ ${#lines[@]} -eq 20000 ]] || fail "${#lines[@]} lines"
	[[ ${lines[0]} == 'many.jsonl:2: n00000 pid=1 comm=p arch=x86_64 count=2' ]] || fail "${lines[0]}"
	[[ ${lines[19999]} == 'many.jsonl:40000: n19999 pid=1 comm=p arch=x86_64 count=2' ]] || fail "${lines[19999]}"
}

@test "item 14: a FIFO as a policy file is refused at once, by check and by --policy" {
	mkfifo p.policy
	run --separate-stderr timeout 10 "$JTRACE_POLICY" check p.policy
	[[ $status -ne 124 ]] || fail "check hung on a FIFO"
	assert_failure 1
	assert_one_line 'p.policy: not a regular file'
	run_jtrace --policy=./p.policy "$(prog exit-with)" 0
	assert_failure 125
	assert_one_line 'p.policy: not a regular file'
	run --separate-stderr timeout 10 "$JTRACE_POLICY" diff --allow=p.policy /dev/null
	[[ $status -ne 124 ]] || fail "diff --allow hung on a FIFO"
	assert_failure 2
}

@test "item 14: summary refuses a negative dur_ns with its line, saturates huge ones" {
	rec='{"v":1,"type":"syscall","ts":1,"seq":1,"pid":1,"tid":1,"nspid":1,"comm":"p","name":"read","nr":0,"arch":"x86_64","args":{},"ret":0,"action":"allow"'
	printf '%s,"dur_ns":5}\n%s,"dur_ns":-7}\n' "$rec" "$rec" >neg.jsonl
	run --separate-stderr "$JTRACE_POLICY" summary neg.jsonl
	assert_failure 2
	assert_one_line 'neg.jsonl:2: dur_ns -7 is negative'
	printf '%s,"dur_ns":9000000000000000000}\n%s,"dur_ns":9000000000000000000}\n' "$rec" "$rec" >huge.jsonl
	run --separate-stderr "$JTRACE_POLICY" summary --json huge.jsonl
	assert_success
	echo "$output" | jq -e '.total.total_ns == 9223372036854775807 and .syscalls[0].total_ns == 9223372036854775807'
	run --separate-stderr "$JTRACE_POLICY" summary huge.jsonl
	assert_success
	[[ ! $output =~ -[0-9] ]] || fail "a negative number in the table: $output"
}

@test "item 20a: as nobody too, a program that rewrites its -o FILE gets exit 125" {
	[[ $EUID -eq 0 ]] || skip "needs root to run as nobody"
	runuser -u nobody -- test -x "$JTRACE_RUN" || skip "the build tree is not readable by nobody"
	runuser -u nobody -- test -x "$(prog atk-log-tamper)" || skip "tests/progs is not readable by nobody"
	dir=$(mktemp -d /tmp/jtrace-attack-log.XXXXXX)
	chmod 777 "$dir"
	run --separate-stderr runuser -u nobody -- "$JTRACE_RUN" -o "$dir/l.jsonl" "$(prog atk-log-tamper)" blank "$dir/l.jsonl"
	rm -rf "$dir"
	[[ $status -eq 125 ]] || fail "exit $status: $stderr"
	assert_one_line 'was modified while the program ran'
}
