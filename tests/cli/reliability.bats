#!/usr/bin/env bats
# reliability.bats: no lost or doubled event under load and odd process
# behaviour, and no crash, hang or invalid JSON on hostile arguments
# (issue 7).  The programs under tests/progs count what they did and print
# it; each test compares that count with the log.  Logs are kept small with
# narrow --filter lists, so the validator stays quick.

load helpers

# proc_state PID: the one-letter state of PID ("" when gone).
proc_state() {
	awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null || true
}

# --- load ------------------------------------------------------------------

@test "a fork tree of 1000 processes: every getsockname is logged exactly once and nothing is lost" {
	run_traced --filter=getsockname "$(prog fork-tree)" 1000 3
	assert_success
	assert_line "processes 1000 threads 0 calls 3 total 3000"
	validate_log
	assert_count 3000 '.type=="syscall" and .name=="getsockname" and .errno=="EBADF"'
	# Once each: 3 calls per process, from 1000 distinct processes.
	run jq_log '[.[] | select(.type=="syscall" and .name=="getsockname")] | group_by(.pid) | [length, (map(length) | unique)]'
	assert_output '[1000,[3]]'
	run jq_log '.[-1] | [.type, .lost, .processes, .exit_status]'
	assert_output '["end",0,1000,0]'
	assert_count 999 '.type=="fork" and .thread==false'
	assert_count 1000 '.type=="exit" and .code==0'
}

@test "64 threads racing 1000 forks: the counts the program made equal the records" {
	run_traced --filter=getsockname "$(prog fork-tree)" 1000 2 64
	assert_success
	assert_line "processes 1000 threads 64 calls 2 total 2128"
	validate_log
	assert_count 2128 '.type=="syscall" and .name=="getsockname"'
	local pid
	pid=$(jq_log '.[0].pid')
	# The 64 threads' calls, by tid: 64 threads of the root with 2 each.
	run jq_log "[.[] | select(.type==\"syscall\" and .name==\"getsockname\" and .pid==$pid and .tid!=$pid)] | group_by(.tid) | [length, (map(length) | unique)]"
	assert_output '[64,[2]]'
	assert_count 64 ".type==\"fork\" and .thread==true and .pid==$pid"
	run jq_log '.[-1] | [.type, .lost]'
	assert_output '["end",0]'
}

@test "64 threads x 100 calls, three runs in a row: 6400 records each time" {
	local i
	for i in 1 2 3; do
		run_traced --filter=getsockname "$(prog threads)" 64 100
		assert_success
		assert_line "threads 64 calls 100 total 6400"
		validate_log
		assert_count 6400 '.type=="syscall" and .name=="getsockname" and .errno=="EBADF"'
		run jq_log '[.[] | select(.type=="syscall" and .name=="getsockname") | .seq] | unique | length'
		assert_output 6400
		run jq_log '.[-1] | [.type, .lost, .calls]'
		assert_output '["end",0,6401]'
	done
}

# --- odd process behaviour -------------------------------------------------

@test "100 execs in a row by one process: 101 images, each exec and call logged once" {
	run_traced --filter=getsockname "$(prog exec-chain)" 100
	assert_success
	local pid
	read -r _ _ pid _ _ < <(grep '^chain pid ' <<<"$output")
	assert_line "chain end pid $pid"
	validate_log
	assert_count 101 ".type==\"syscall\" and .name==\"execve\" and .pid==$pid and .ret==0"
	assert_count 101 ".type==\"exec\" and .pid==$pid"
	assert_count 101 ".type==\"syscall\" and .name==\"getsockname\" and .pid==$pid"
	assert_count 1 ".type==\"exit\" and .pid==$pid and .code==0"
}

@test "exec from a non-leader thread, ten runs: the new leader keeps the pid every time" {
	local i pid tid
	for i in $(seq 10); do
		run_traced --filter=getsockname "$(prog thread-exec)"
		assert_success
		validate_log
		read -r _ _ pid _ tid < <(grep '^before ' <<<"$output")
		assert_line "exec'd pid $pid"
		assert_count 1 ".type==\"exec\" and .pid==$pid and .tid==$pid and .old_tid==$tid"
		assert_count 1 ".type==\"exit\" and .pid==$pid and .tid==$pid and .code==0"
		run jq_log '.[-1] | [.type, .lost, .exit_status]'
		assert_output '["end",0,0]'
	done
}

@test "vfork + exec, ten runs: the child's exec and calls are followed every time" {
	local i ppid cpid fd
	for i in $(seq 10); do
		run_traced --filter=socket "$(prog vfork-exec)"
		assert_success
		validate_log
		read -r _ _ ppid _ cpid < <(grep '^parent ' <<<"$output")
		read -r _ _ _ _ fd < <(grep '^child ' <<<"$output")
		assert_count 1 ".type==\"fork\" and .kind==\"vfork\" and .pid==$ppid and .child==$cpid"
		assert_count 1 ".type==\"exec\" and .pid==$cpid"
		assert_count 1 ".type==\"syscall\" and .name==\"socket\" and .pid==$cpid and .ret==$fd"
	done
}

@test "the leader exits while a thread runs, ten runs: the thread's 10 calls and the exit code are kept" {
	local i pid
	for i in $(seq 10); do
		run_traced --filter=getsockname "$(prog leader-exit)" 7
		assert_equal "$status" 7
		validate_log
		pid=$(jq_log '.[0].pid')
		assert_count 10 ".type==\"syscall\" and .name==\"getsockname\" and .pid==$pid and .tid!=$pid"
		run jq_log '.[-1] | [.type, .lost, .exit_status]'
		assert_output '["end",0,7]'
	done
}

@test "children the program never reaps: the run ends and every child's exit is logged" {
	run_traced --filter=getsockname sh -c 'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do /bin/true & done; sleep 0.3; exit 4'
	assert_equal "$status" 4
	validate_log
	local sh_pid
	sh_pid=$(jq_log '.[0].pid')
	# 20 times true, and sleep.
	assert_count 21 ".type==\"fork\" and .pid==$sh_pid and .thread==false"
	assert_count 20 '.type=="exec" and (.path | endswith("/true"))'
	# Each child's exit, and the shell's own.
	assert_count 21 '.type=="exit" and .code==0'
	assert_count 1 ".type==\"exit\" and .pid==$sh_pid and .code==4"
	run jq_log '.[-1] | [.type, .exit_status, .lost]'
	assert_output '["end",4,0]'
}

@test "an orphan that outlives the program: the run still ends, and no traced process is left running" {
	run_traced --filter=getsockname sh -c 'sleep 1 & echo "orphan $!"; exit 3'
	assert_equal "$status" 3
	validate_log
	local orphan
	orphan=$(sed -n 's/^orphan //p' <<<"$output")
	[[ $orphan =~ ^[0-9]+$ ]] || fail "the program did not print the orphan's pid: $output"
	local state
	state=$(proc_state "$orphan")
	[[ -z $state || $state == Z ]] || fail "orphan $orphan still runs (state $state) after jtrace-run returned"
	run jq_log '.[-1] | [.type, .exit_status]'
	assert_output '["end",3]'
}

# crashes_with KIND SIGNAME SIGNO: the program dies of a real fault of that
# kind; exit record, end record and jtrace-run's status say so.
crashes_with() {
	run_traced --filter=getsockname "$(prog crash)" "$1"
	assert_equal "$status" $((128 + $3))
	validate_log
	local pid
	pid=$(jq_log '.[0].pid')
	assert_count 1 ".type==\"exit\" and .pid==$pid and .signal==\"$2\" and .signo==$3 and (has(\"code\") | not)"
	assert_count 1 ".type==\"end\" and .exit_status==$((128 + $3)) and .lost==0"
	assert_count 0 '.type=="exit" and .core==true'
}

@test "a real NULL-pointer store: SIGSEGV, exit 139" {
	crashes_with segv SIGSEGV 11
}

@test "an access past the end of a mapped file: SIGBUS, exit 135" {
	crashes_with bus SIGBUS 7
}

@test "an integer division by zero: SIGFPE, exit 136" {
	crashes_with fpe SIGFPE 8
}

@test "an illegal instruction (ud2): SIGILL, exit 132" {
	crashes_with ill SIGILL 4
}

@test "abort(): SIGABRT, exit 134" {
	crashes_with abrt SIGABRT 6
}

@test "kill(getpid(), SIGKILL): exit 137" {
	crashes_with kill SIGKILL 9
}

@test "raise(SIGTERM): exit 143" {
	crashes_with term SIGTERM 15
}

@test "a synchronous fault is logged as a signal record before the exit" {
	run_traced --filter=getsockname "$(prog crash)" segv
	assert_equal "$status" 139
	validate_log
	run jq_log '[.[] | select(.type=="signal" or .type=="exit") | .type]'
	assert_output '["signal","exit"]'
}

# --- signals ---------------------------------------------------------------

@test "a tracee that blocks every signal: calls are all logged, blocked signals stay pending and are not delivered" {
	run_traced --filter=getsockname "$(prog sig-blocker)" 50
	assert_success
	assert_line "pending USR1 TERM INT CHLD calls 50"
	validate_log
	assert_count 50 '.type=="syscall" and .name=="getsockname" and .errno=="EBADF"'
	local pid
	pid=$(jq_log '.[0].pid')
	# A signal record means a delivery: none of the blocked ones may have one.
	assert_count 0 ".type==\"signal\" and .pid==$pid and (.sig==\"SIGUSR1\" or .sig==\"SIGTERM\" or .sig==\"SIGINT\" or .sig==\"SIGCHLD\")"
}

@test "a tracee that blocks every signal still dies of SIGKILL: exit 137" {
	"$JTRACE_RUN" -o "$LOG" --filter=getsockname "$(prog sig-blocker)" 5 60 >out.txt 3>&- &
	local jpid=$! pid= i
	# "blocked pid" is printed before "pending": read the pid once the
	# second line is there, or a read between the two writes misses it.
	for ((i = 0; i < 200; i++)); do
		grep -q '^pending ' out.txt 2>/dev/null && break
		sleep 0.05
	done
	pid=$(sed -n 's/^blocked pid //p' out.txt 2>/dev/null || true)
	if [[ -z $pid ]] || ! grep -q '^pending ' out.txt; then
		kill -KILL "$jpid"
		fail "sig-blocker did not start within 10s"
	fi
	kill -KILL "$pid"
	local rc=0
	timeout 20 bash -c "while kill -0 $jpid 2>/dev/null; do sleep 0.05; done" || {
		kill -KILL "$jpid"
		fail "jtrace-run still runs 20s after its program was killed"
	}
	wait "$jpid" || rc=$?
	assert_equal "$rc" 137
	validate_log
	assert_count 1 ".type==\"exit\" and .pid==$pid and .signal==\"SIGKILL\""
}

@test "SIGSTOP/SIGCONT from outside, ten times: the tracee really stops, resumes, and finishes" {
	"$JTRACE_RUN" -o "$LOG" --filter=getsockname "$(prog sig-blocker)" 5 2 >out.txt 3>&- &
	local jpid=$! pid= i j state
	for ((i = 0; i < 200; i++)); do
		grep -q '^pending ' out.txt 2>/dev/null && break
		sleep 0.05
	done
	pid=$(sed -n 's/^blocked pid //p' out.txt)
	if [[ -z $pid ]]; then
		kill -KILL "$jpid"
		fail "sig-blocker did not start within 10s"
	fi
	for ((i = 0; i < 10; i++)); do
		kill -STOP "$pid"
		# A group stop shows as T (stopped) or t (tracing stop: the
		# tracer holds it in PTRACE_LISTEN); never as running.
		for ((j = 0; j < 40; j++)); do
			state=$(proc_state "$pid")
			[[ $state == [Tt] ]] && break
			sleep 0.025
		done
		if [[ $state != [Tt] ]]; then
			kill -KILL "$jpid"
			fail "after SIGSTOP #$i the tracee is in state '$state', not stopped"
		fi
		kill -CONT "$pid"
		for ((j = 0; j < 40; j++)); do
			state=$(proc_state "$pid")
			[[ $state != [Tt] ]] && break
			sleep 0.025
		done
		if [[ $state == [Tt] ]]; then
			kill -KILL "$jpid"
			fail "after SIGCONT #$i the tracee stays stopped"
		fi
	done
	local rc=0
	timeout 30 bash -c "while kill -0 $jpid 2>/dev/null; do sleep 0.05; done" || {
		kill -KILL "$jpid"
		fail "jtrace-run did not finish after the stops"
	}
	wait "$jpid" || rc=$?
	assert_equal "$rc" 0
	validate_log
	assert_count 5 '.type=="syscall" and .name=="getsockname"'
	run jq_log '.[-1] | [.type, .exit_status, .lost]'
	assert_output '["end",0,0]'
}

# --- hostile arguments -----------------------------------------------------

@test "100,000 arguments: the run works, the log is valid and the execve record stays bounded" {
	local args
	mapfile -t args < <(seq 100000)
	run_traced --filter=getsockname /bin/true "${args[@]}"
	assert_success
	validate_log
	assert_count 1 '.type=="syscall" and .name=="execve" and .ret==0'
	# The execve record is cut (marker), not a 100,000-element array.
	run jq_log '[.[] | select(.type=="syscall" and .name=="execve")][0].args.argv | [length < 100000, (.[-1] | type)]'
	assert_output '[true,"object"]'
	local biggest
	biggest=$(grep '"name":"execve"' "$LOG" | wc -c)
	((biggest < 1048576)) || fail "the execve record is $biggest bytes long"
}

@test "1 MiB of environment with -v: the run works and the log is valid" {
	local big env=() i
	big=$(head -c 65536 /dev/zero | tr '\0' x)
	for i in $(seq 16); do env+=("JTRACE_BIG$i=$big"); done
	run env "${env[@]}" timeout -k 5 "$JTRACE_TEST_TIMEOUT" "$JTRACE_RUN" -v -o "$LOG" --filter=getsockname \
		/bin/sh -c 'echo ${#JTRACE_BIG16}'
	assert_success
	assert_output 65536
	validate_log
	# Every variable shown, each cut at -s with its marker.
	assert_count 1 '.type=="syscall" and .name=="execve" and ([.args.envp[]? | objects | select(.truncated==true and (.str | startswith("JTRACE_BIG")))] | length) == 16'
}

@test "paths of 4095, 4096 and 8192 bytes, and a string running into an unmapped page, are logged validly" {
	run_traced -s 10000 --filter=openat "$(prog odd-strings)"
	assert_success
	assert_line "openat path 4095 = -1 ENOENT"
	assert_line "openat path 4096 = -1 ENAMETOOLONG"
	assert_line "openat edge 100 = -1 EFAULT"
	validate_log
	local self
	self=$(jq_log '.[0].pid')
	# The longest path the kernel takes is shown whole, without a marker.
	assert_count 1 ".type==\"syscall\" and .name==\"openat\" and .errno==\"ENOENT\" and (.args.pathname | type)==\"string\" and (.args.pathname | length)==4095"
	# Longer ones are cut with the marker, never silently.
	assert_count 2 ".type==\"syscall\" and .name==\"openat\" and .errno==\"ENAMETOOLONG\""
	assert_count 0 ".type==\"syscall\" and .name==\"openat\" and .errno==\"ENAMETOOLONG\" and (.args.pathname | type)==\"string\" and (.args.pathname | length) > 4096"
	assert_count 1 ".type==\"syscall\" and .name==\"openat\" and .errno==\"ENAMETOOLONG\" and (.args.pathname | objects | .truncated)==true"
	# The unterminated string: the 100 bytes before the hole, marked cut.
	assert_count 1 ".type==\"syscall\" and .name==\"openat\" and .errno==\"EFAULT\" and (.args.pathname | objects | .truncated)==true and (.args.pathname.str | test(\"^x{100}\$\"))"
}

@test "every byte value 0..255 in a buffer and in a path: valid UTF-8 JSON, escaped exactly as documented" {
	run_traced -s 300 --filter=openat,write "$(prog odd-strings)"
	assert_success
	validate_log
	# decode.h: bytes that are not valid UTF-8 become \xNN, a backslash \\.
	local expected
	expected=$("$PYTHON" -c '
import json
print(json.dumps("".join("\\\\" if b == 0x5c else chr(b) if b < 0x80 else "\\x%02x" % b for b in range(256))))')
	assert_count 1 ".type==\"syscall\" and .name==\"write\" and .args.buf==$expected"
	expected=$("$PYTHON" -c '
import json
print(json.dumps("".join("\\\\" if b == 0x5c else chr(b) if b < 0x80 else "\\x%02x" % b for b in range(1, 256) if b != 0x2f)))')
	assert_count 1 ".type==\"syscall\" and .name==\"openat\" and .errno==\"ENOENT\" and .args.pathname==$expected"
}

@test "invalid UTF-8 (surrogates, overlong forms, above U+10FFFF, cut sequences) never reaches the log raw" {
	run_traced -s 300 --filter=write "$(prog odd-strings)"
	assert_success
	validate_log
	local expected
	expected=$("$PYTHON" -c '
import json
s = "ok:\u00e9\u20ac\U0001f600 surrogate:\\xed\\xa0\\x80 overlong:\\xc0\\xaf\\xe0\\x80\\xaf\\xf0\\x80\\x80\\xaf big:\\xf4\\x90\\x80\\x80 lone:\\x80\\xbf bad:\\xfe\\xff cut:\\xe2\\x82"
print(json.dumps(s))')
	assert_count 1 ".type==\"syscall\" and .name==\"write\" and .args.buf==$expected"
}

@test "a multi-byte character cut by -s is escaped, not left as half a character" {
	run_traced -s 4 --filter=write "$(prog odd-strings)"
	assert_success
	validate_log
	# "ok:" then the first byte of e-acute (0xc3): 4 bytes shown.
	assert_count 1 '.type=="syscall" and .name=="write" and .args.buf.str=="ok:\\xc3" and .args.buf.truncated==true'
}

@test "unreadable and unmapped pointers: each call is logged with the argument marked EFAULT, no crash" {
	run_traced --filter=openat,write,connect,bind,sendto "$(prog bad-pointers)"
	assert_success
	assert_line "openat 0x1 = -1 EFAULT"
	assert_line "write 0x1 = -1 EFAULT"
	assert_line "connect 0x1 = -1 EFAULT"
	validate_log
	local pid
	pid=$(jq_log '.[0].pid')
	assert_count 3 ".type==\"syscall\" and .name==\"openat\" and .errno==\"EFAULT\" and (.args.pathname | objects | .error)==\"EFAULT\""
	assert_count 1 '.type=="syscall" and .name=="openat" and (.args.pathname | objects | .addr)=="0x1"'
	assert_count 2 ".type==\"syscall\" and .name==\"write\" and .errno==\"EFAULT\" and (.args.buf | objects | .error)==\"EFAULT\""
	assert_count 1 ".type==\"syscall\" and .name==\"connect\" and .errno==\"EFAULT\" and (.args.addr | objects | .error)==\"EFAULT\""
	assert_count 1 ".type==\"syscall\" and .name==\"bind\" and .errno==\"EFAULT\" and (.args.addr | objects | .error)==\"EFAULT\""
	assert_count 1 ".type==\"syscall\" and .name==\"sendto\" and .errno==\"EFAULT\" and (.args.buf | objects | .error)==\"EFAULT\""
	# Absurd lengths: logged, with the buffer cut at -s.
	assert_count 1 ".type==\"syscall\" and .name==\"write\" and .args.count==4611686018427387904 and (.args.buf | objects | .str | length) <= 32"
	assert_count 1 '.type=="syscall" and .name=="connect" and .args.addrlen==2147483647 and .errno=="EINVAL"'
	assert_count 1 '.type=="syscall" and .name=="connect" and .args.addrlen==0 and .errno=="EINVAL"'
	# A sun_path without its NUL: shown up to the end of the structure.
	assert_count 1 ".type==\"syscall\" and .name==\"connect\" and (.args.addr | objects | .family)==\"AF_UNIX\" and .args.addr.path==\"$(printf 'A%.0s' $(seq 108))\""
	run jq_log '.[-1] | [.type, .lost, .exit_status]'
	assert_output '["end",0,0]'
}
