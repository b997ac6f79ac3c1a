#!/usr/bin/env bats
# core.bats: jtrace-run's core contract (issue 2, docs/cli-and-log.md):
# the filter selects what is logged, every process and thread is followed,
# exit statuses and failures are as documented, the log is valid.

load helpers

# strace's %network on x86_64 = jtrace's "net" class.
NET_CALLS='["accept","accept4","bind","connect","getpeername","getsockname","getsockopt","listen","recvfrom","recvmmsg","recvmsg","sendfile","sendmmsg","sendmsg","sendto","setsockopt","shutdown","socket","socketpair"]'

# --- filters ---------------------------------------------------------------

@test "--filter=net logs only the network calls and execve" {
	echo hello >input.txt
	run_traced --filter=net "$(prog file-and-net)" "$PWD/input.txt"
	assert_success
	assert_line "net-calls 9"
	validate_log
	# Nothing outside the class, execve being always logged.
	run jq_log "[.[] | select(.type==\"syscall\") | .name | select(. as \$n | ($NET_CALLS + [\"execve\",\"execveat\"]) | index(\$n) | not)] | unique"
	assert_output "[]"
	# Exactly the program's own network calls, in its order.
	run jq_log "[.[] | select(.type==\"syscall\" and .name!=\"execve\") | .name]"
	assert_output '["socket","bind","listen","getsockname","socket","connect","accept4","sendto","recvfrom"]'
	assert_count 1 '.type=="syscall" and .name=="execve"'
}

@test "--filter=file logs the openat of the file the program reads" {
	echo hello >input.txt
	run_traced --filter=file "$(prog file-and-net)" "$PWD/input.txt"
	assert_success
	validate_log
	assert_count 1 ".type==\"syscall\" and .name==\"openat\" and ([.args[] | strings] | index(\"$PWD/input.txt\")) != null and .ret >= 0"
	assert_count 0 ".type==\"syscall\" and (.name==\"socket\" or .name==\"connect\" or .name==\"read\")"
}

@test "-e trace=net is accepted as in strace" {
	run_traced -e trace=net "$(prog file-and-net)"
	assert_success
	validate_log
	assert_count 2 '.type=="syscall" and .name=="socket"'
	assert_count 0 '.type=="syscall" and .name=="openat"'
}

@test "a syscall name and !name combine with a class" {
	run_traced --filter='net,!getsockname,openat' "$(prog file-and-net)"
	assert_success
	validate_log
	assert_count 0 '.type=="syscall" and .name=="getsockname"'
	assert_count 2 '.type=="syscall" and .name=="socket"'
	run jq_log '[.[] | select(.type=="syscall" and .name=="openat")] | length > 0'
	assert_output true
}

@test "the start record lists the resolved filter, sorted, with execve" {
	run_traced --filter='net,!getsockname' "$(prog exit-with)" 0
	assert_success
	validate_log
	run jq_log '.[0] | .type == "start" and (.filter | index("connect") != null)
		and (.filter | index("socket") != null) and (.filter | index("execve") != null)
		and (.filter | index("getsockname") == null) and (.filter | index("openat") == null)
		and .filter == (.filter | sort)'
	assert_output true
	# argv is jtrace-run's command line; it ends with the program's.
	run jq_log ".[0].argv[-2:] == [\"$PROGS/exit-with\", \"0\"]"
	assert_output true
}

@test "the launcher's own calls are not logged: the first call is the program's execve" {
	run_traced "$(prog exit-with)" 0
	assert_success
	validate_log
	run jq_log '[.[] | select(.type=="syscall")][0] | [.seq, .name, .ret, .pid]'
	assert_output "[1,\"execve\",0,$(jq_log '.[0].pid')]"
	assert_count 1 ".type==\"syscall\" and .name==\"execve\" and ([.args[] | strings] | index(\"$PROGS/exit-with\")) != null"
}

@test "--list-filters prints the classes with their members" {
	run_jtrace --list-filters
	assert_success
	assert_output --regexp '(^|[^a-z])net([^a-z]|$)'
	assert_output --partial connect
	assert_output --partial '@network-io'
}

# --- processes and threads -------------------------------------------------

@test "a 3-deep fork/exec chain is logged with the parent and child pids the program saw" {
	run_traced --filter=net "$(prog forkexec-chain)" 3
	assert_success
	validate_log
	assert_equal "$(grep -c '^level ' <<<"$output")" 4
	local level pid ppid
	while read -r _ level _ pid _ ppid; do
		if [[ $level == 0 ]]; then
			assert_equal "$(jq_log '.[0].pid')" "$pid"
		else
			assert_count 1 ".type==\"fork\" and .pid==$ppid and .child==$pid and .thread==false and .kind==\"fork\""
		fi
		assert_count 1 ".type==\"exec\" and .pid==$pid"
		assert_count 1 ".type==\"syscall\" and .name==\"execve\" and .pid==$pid and .ret==0"
		assert_count 1 ".type==\"exit\" and .pid==$pid and .code==0"
	done < <(grep '^level ' <<<"$output")
	# The traced call of the last level, from the last process.
	read -r _ _ pid _ fd < <(grep '^last ' <<<"$output")
	assert_count 1 ".type==\"syscall\" and .name==\"socket\" and .pid==$pid and .ret==$fd"
	assert_count 3 '.type=="fork"'
	run jq_log '.[-1].processes'
	assert_output 4
}

@test "8 threads x 100 calls give exactly 800 records and no lost event" {
	run_traced --filter=net "$(prog threads)" 8 100
	assert_success
	assert_line "threads 8 calls 100 total 800"
	validate_log
	assert_count 800 '.type=="syscall" and .name=="getsockname"'
	assert_count 800 '.type=="syscall" and .name=="getsockname" and .ret==-1 and .errno=="EBADF"'
	local pid
	pid=$(jq_log '.[0].pid')
	# Eight worker threads, each with its 100 calls, none from the leader.
	run jq_log "[.[] | select(.type==\"syscall\" and .name==\"getsockname\")] | group_by(.tid) | map(length)"
	assert_output "[100,100,100,100,100,100,100,100]"
	assert_count 800 ".type==\"syscall\" and .name==\"getsockname\" and .pid==$pid and .tid!=$pid"
	assert_count 8 ".type==\"fork\" and .thread==true and .pid==$pid"
	run jq_log '.[-1] | [.type, .lost, .calls]'
	assert_output '["end",0,801]'
}

@test "exec from a non-leader thread is logged with the old thread id" {
	run_traced --filter=net "$(prog thread-exec)"
	assert_success
	validate_log
	local pid tid
	read -r _ _ pid _ tid < <(grep '^before ' <<<"$output")
	assert_line "exec'd pid $pid"
	assert_count 1 ".type==\"exec\" and .pid==$pid and .tid==$pid and .old_tid==$tid"
}

@test "the leader exiting while a thread runs: the thread's calls and the exit code are kept" {
	run_traced --filter=net "$(prog leader-exit)" 5
	assert_equal "$status" 5
	assert_line "worker done"
	validate_log
	local pid
	pid=$(jq_log '.[0].pid')
	assert_count 10 ".type==\"syscall\" and .name==\"getsockname\" and .pid==$pid and .tid!=$pid"
	run jq_log '.[-1].exit_status'
	assert_output 5
}

@test "a vfork child is logged as a vfork and its exec and calls are followed" {
	run_traced --filter=net "$(prog vfork-exec)"
	assert_success
	validate_log
	local ppid cpid fd
	read -r _ _ ppid _ cpid < <(grep '^parent ' <<<"$output")
	read -r _ _ _ _ fd < <(grep '^child ' <<<"$output")
	assert_count 1 ".type==\"fork\" and .kind==\"vfork\" and .pid==$ppid and .child==$cpid and .thread==false"
	assert_count 1 ".type==\"exec\" and .pid==$cpid"
	assert_count 1 ".type==\"syscall\" and .name==\"socket\" and .pid==$cpid and .ret==$fd"
}

@test "killing jtrace-run leaves a log valid up to its last line and kills the tracee" {
	"$JTRACE_RUN" -o "$LOG" --filter=getppid "$(prog syscall-loop)" 100000000 3>&- &
	local jpid=$!
	# Kill early: the log grows by thousands of lines a second.
	local i
	for ((i = 0; i < 1000; i++)); do
		grep -qE '"name": ?"getppid"' "$LOG" 2>/dev/null && break
		sleep 0.02
	done
	if ((i == 1000)); then
		kill -KILL "$jpid" 2>/dev/null
		fail "no getppid record within 20s"
	fi
	local tracee
	tracee=$(head -n 1 "$LOG" | jq .pid)
	kill -KILL "$jpid"
	wait "$jpid" || true
	# PTRACE_O_EXITKILL: the program must not run on untraced.
	local state=
	for ((i = 0; i < 50; i++)); do
		state=$(awk '/^State:/ {print $2}' "/proc/$tracee/status" 2>/dev/null) || state=
		[[ -z $state || $state == Z ]] && break
		sleep 0.1
	done
	if [[ -n $state && $state != Z ]]; then
		kill -KILL "$tracee"
		fail "the tracee $tracee still ran (state $state) after the tracer was killed"
	fi
	# Whole lines only: the last line may be missing, never cut.
	validate_log --allow-partial
	run tail -c 1 "$LOG"
	assert_output ""
}

@test "-Z logs only the calls that failed" {
	run_traced -Z --filter=net,getppid "$(prog threads)" 2 5
	assert_success
	validate_log
	assert_count 10 '.type=="syscall" and .name=="getsockname" and .errno=="EBADF"'
	assert_count 0 '.type=="syscall" and (has("errno") | not)'
}

# --- exit status -----------------------------------------------------------

@test "exit status 0 propagates" {
	run_traced "$(prog exit-with)" 0
	assert_success
	validate_log
	assert_count 1 '.type=="end" and .exit_status==0'
	assert_count 1 ".type==\"exit\" and .pid==$(jq_log '.[0].pid') and .code==0"
}

@test "exit status 3 propagates" {
	run_traced "$(prog exit-with)" 3
	assert_equal "$status" 3
	validate_log
	assert_count 1 '.type=="end" and .exit_status==3'
	assert_count 1 ".type==\"exit\" and .pid==$(jq_log '.[0].pid') and .code==3"
}

@test "death by signal 9 gives 128+9" {
	run_traced "$(prog exit-with)" signal 9
	assert_equal "$status" 137
	validate_log
	assert_count 1 '.type=="end" and .exit_status==137'
	assert_count 1 ".type==\"exit\" and .pid==$(jq_log '.[0].pid') and .signal==\"SIGKILL\" and .signo==9"
}

@test "death by signal 15 gives 128+15" {
	run_traced "$(prog exit-with)" signal 15
	assert_equal "$status" 143
	validate_log
	assert_count 1 ".type==\"exit\" and .signal==\"SIGTERM\" and .signo==15 and .core==false"
}

# --- jtrace-run's own failures ---------------------------------------------

@test "a missing program gives 127 and one line on stderr" {
	run_jtrace -o "$LOG" ./no-such-program
	assert_equal "$status" 127
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^jtrace-run: .*no-such-program'
}

@test "a program not found on PATH gives 127" {
	run_jtrace -o "$LOG" jtrace-no-such-command-xyz
	assert_equal "$status" 127
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^jtrace-run: '
}

@test "a directory as the program gives 126" {
	mkdir adir
	run_jtrace -o "$LOG" ./adir
	assert_equal "$status" 126
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^jtrace-run: '
}

@test "a file without execute permission gives 126" {
	printf '#!/bin/sh\nexit 0\n' >noexec
	chmod 644 noexec
	if [[ $(id -u) == 0 ]] && [[ -x noexec ]]; then
		skip "root can execute mode 644 files here"
	fi
	run_jtrace -o "$LOG" ./noexec
	assert_equal "$status" 126
	assert_equal "${#stderr_lines[@]}" 1
}

@test "an unknown filter gives 125 and suggests the closest name" {
	run_jtrace -o "$LOG" --filter=conect sh -c 'touch ran'
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^jtrace-run: .*conect'
	assert_regex "${stderr_lines[0]}" '[^a-z]connect([^a-z]|$)'
	[[ ! -e ran ]] || fail "the program ran despite the bad filter"
}

@test "an unknown option gives 125 and one line on stderr" {
	run_jtrace --no-such-option "$(prog exit-with)" 0
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^jtrace-run: '
}

@test "-o through a symlink is refused with 125 and the target is untouched" {
	echo precious >target
	ln -s target link.jsonl
	run_jtrace -o link.jsonl sh -c 'touch ran'
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^jtrace-run: .*link.jsonl'
	assert_equal "$(cat target)" precious
	[[ -L link.jsonl ]] || fail "the symlink was replaced"
	[[ ! -e ran ]] || fail "the program ran although the log could not be opened"
}

@test "-o into a missing directory gives 125" {
	run_jtrace -o no-such-dir/t.jsonl sh -c 'touch ran'
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^jtrace-run: .*no-such-dir'
	[[ ! -e ran ]] || fail "the program ran although the log could not be opened"
}

# --- output formats --------------------------------------------------------

@test "--format=text prints one strace-like line per call" {
	run_traced --format=text --filter=getppid "$(prog syscall-loop)" 5
	assert_success
	assert_line "calls 5"
	run grep -c '^{' "$LOG"
	assert_output 0
	# [pid N] name(args) = ret ...
	run grep -cE '^\[pid +[0-9]+\] getppid\(\) += [0-9]+( |$)' "$LOG"
	assert_output 5
	run grep -cE '^\[pid +[0-9]+\] execve\(.*\) += 0( |$)' "$LOG"
	assert_output 1
	# As many call lines as the JSON log of the same run has records.
	local calls
	calls=$(grep -cE '^\[pid +[0-9]+\] [a-z0-9_]+\(.*\) += ' "$LOG")
	run_traced --filter=getppid "$(prog syscall-loop)" 5
	assert_success
	validate_log
	assert_count "$calls" '.type=="syscall"'
}

@test "--format=text shows a failed call's errno" {
	run_traced --format=text --filter=getsockname "$(prog threads)" 1 3
	assert_success
	run grep -cE '^\[pid +[0-9]+\] getsockname\(-1, .*\) += -1 EBADF( |$)' "$LOG"
	assert_output 3
}

@test "-s 5 cuts a long buffer with the truncation marker and its length" {
	local text=hello-this-is-a-long-line-for-the-string-limit
	run_traced -s 5 --filter=write sh -c "echo $text"
	assert_success
	assert_output "$text"
	validate_log
	# write(1, "hello"..., 47): the shown bytes, the marker, the full length.
	assert_count 1 ".type==\"syscall\" and .name==\"write\" and .ret==$((${#text} + 1)) and ([.args[] | objects | select(.truncated==true and .str==\"hello\" and .len==$((${#text} + 1)))] | length) == 1"
}

@test "a buffer within the string limit is shown whole, without a marker" {
	run_traced --filter=write sh -c "echo hi"
	assert_success
	validate_log
	assert_count 1 '.type=="syscall" and .name=="write" and ([.args[] | strings | select(. == "hi\n")] | length) == 1'
	assert_count 0 '.type=="syscall" and ([.args[] | objects | select(.truncated)] | length) > 0'
}

@test "the default string limit keeps a 13-byte path whole" {
	[[ -r /etc/hostname ]] || skip "no /etc/hostname"
	run_traced --filter=openat "$(prog file-and-net)" /etc/hostname
	assert_success
	validate_log
	assert_count 1 '.type=="syscall" and .name=="openat" and ([.args[] | strings] | index("/etc/hostname")) != null'
}

@test "sockaddr arguments are decoded as family, address and port" {
	run_traced --filter=connect,bind "$(prog file-and-net)"
	assert_success
	validate_log
	local port
	port=$(sed -n 's/^port //p' <<<"$output")
	assert_count 1 ".type==\"syscall\" and .name==\"connect\" and ([.args[] | objects | select(.family==\"AF_INET\" and .addr==\"127.0.0.1\" and .port==$port)] | length) == 1"
	assert_count 1 '.type=="syscall" and .name=="bind" and ([.args[] | objects | select(.family=="AF_INET" and .port==0)] | length) == 1'
}

@test "the end record counts the syscall records and the processes" {
	run_traced --filter=net "$(prog loopback-server-client)" 3
	assert_success
	validate_log
	local n
	n=$(jq_count '.type=="syscall"')
	run jq_log ".[-1] | .type == \"end\" and .calls == $n and .processes == 2 and .lost == 0 and .denied == 0 and .exit_status == 0 and .wall_ns > 0"
	assert_output true
	# Every record has the same timebase: nothing before the start record.
	run jq_log '[.[] | .ts] | min'
	assert_output 0
}

# --- signals ---------------------------------------------------------------

@test "a handled signal is re-injected and a SIGSTOP/SIGCONT group stop completes" {
	run_traced --filter=net "$(prog signals)"
	assert_success
	assert_line "usr1 handled 1"
	assert_line "stopped and continued"
	validate_log
	assert_count 1 ".type==\"signal\" and .sig==\"SIGUSR1\" and .signo==10 and .pid==$(jq_log '.[0].pid')"
}

# signal_passes_on SIG NUM: jtrace-run running `sleep 100` gets SIG; the
# signal reaches sleep, which dies of it, and jtrace-run exits 128+NUM.
signal_passes_on() {
	local sig=$1 num=$2
	"$JTRACE_RUN" -o "$LOG" sleep 100 3>&- &
	local jpid=$!
	if ! wait_for_log '.type=="exec"' 20; then
		kill -KILL "$jpid" 2>/dev/null
		fail "sleep was not exec'd under jtrace-run within 20s"
	fi
	kill -"$sig" "$jpid"
	local i
	for ((i = 0; i < 100; i++)); do
		kill -0 "$jpid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$jpid" 2>/dev/null; then
		kill -KILL "$jpid"
		fail "jtrace-run still runs 10s after SIG$sig"
	fi
	local rc=0
	wait "$jpid" || rc=$?
	assert_equal "$rc" $((128 + num))
	validate_log
	assert_count 1 ".type==\"exit\" and .pid==$(jq_log '.[0].pid') and .signal==\"SIG$sig\" and .signo==$num"
	assert_count 1 ".type==\"end\" and .exit_status==$((128 + num))"
}

@test "SIGTERM to jtrace-run is passed on to the traced program (exit 143)" {
	signal_passes_on TERM 15
}

@test "SIGHUP to jtrace-run is passed on to the traced program (exit 129)" {
	signal_passes_on HUP 1
}

# --- acceptance (issue 2) --------------------------------------------------

@test "acceptance: curl to a closed loopback port exits 7 with socket and connect logged" {
	command -v curl >/dev/null || skip "curl is not installed"
	run_traced --filter=net curl -s http://127.0.0.1:9/
	assert_equal "$status" 7
	validate_log
	assert_count 1 '.type=="syscall" and .name=="socket" and .args.domain=="AF_INET"'
	# The connect to port 9: in progress (non-blocking) or refused.
	assert_count 1 '.type=="syscall" and .name=="connect" and ([.args[] | objects | select(.port==9)] | length) == 1 and .ret==-1 and (.errno=="EINPROGRESS" or .errno=="ECONNREFUSED")'
	# With EINPROGRESS the refusal shows in getsockopt(SO_ERROR).
	if [[ $(jq_count '.name=="connect" and .errno=="EINPROGRESS"') -gt 0 ]]; then
		assert_count 1 '.type=="syscall" and .name=="getsockopt" and .ret==0'
	fi
	run jq_log "[.[] | select(.type==\"syscall\") | .name | select(. as \$n | ($NET_CALLS + [\"execve\"]) | index(\$n) | not)] | unique"
	assert_output "[]"
}

@test "acceptance: sh -c 'cat /etc/hostname | wc -c' logs cat's openat in its own process, linked by fork and exec" {
	[[ -r /etc/hostname ]] || skip "no /etc/hostname"
	run_traced --filter=file sh -c 'cat /etc/hostname | wc -c'
	assert_success
	assert_output "$(wc -c </etc/hostname)"
	validate_log
	local sh_pid cat_pid
	sh_pid=$(jq_log '.[0].pid')
	cat_pid=$(jq_log '[.[] | select(.type=="syscall" and .name=="openat" and ([.args[] | strings] | index("/etc/hostname")) != null)][0].pid')
	[[ $cat_pid =~ ^[0-9]+$ ]] || fail "no openat of /etc/hostname in the log"
	[[ $cat_pid != "$sh_pid" ]] || fail "openat of /etc/hostname logged in the shell's pid $sh_pid"
	assert_count 1 ".type==\"fork\" and .pid==$sh_pid and .child==$cat_pid"
	assert_count 1 ".type==\"exec\" and .pid==$cat_pid and (.path | endswith(\"/cat\"))"
}
