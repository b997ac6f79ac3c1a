#!/usr/bin/env bats
# attack-sandbox.bats: the --ns attacks of issue 19 (items 8, 9, 10, 11,
# 14's --ns parts, 16), each tried from inside the sandbox, as root and as
# nobody where it matters:
#   - no file gets a set-id bit or a file capability from inside (through
#     --rw the host would honour it), by any call or ABI;
#   - as root the sandbox's ids are an unprivileged host id (65534 by
#     default): it cannot create in /etc, open kernel.core_pattern,
#     vm.drop_caches, /sys/kernel/mm/ksm/run or a block device for writing
#     (the probes only open, never write, so a sandbox that fails changes
#     nothing); --rw=DIR is the one way to let it write a workspace;
#   - TIOCSTI never reaches the terminal jtrace-run was started from (a real
#     pty, the program's controlling terminal before jtrace-run);
#   - a host unix socket the sandbox's ids may use stays reachable (the
#     documented truth), --tmpfs over its directory cuts it off;
#   - the -o log cannot be read, truncated or written from inside, and
#     /proc/1/cmdline does not show jtrace-run's argv;
#   - PROG inherits no fd but 0-2 and --keep-fd; /sys/class/net is the
#     sandbox's own.

load helpers

setup() {
	WORK=$(mktemp -d /tmp/jtrace-atk-sbx.XXXXXX)
	chmod 0777 "$WORK"
	LOG="$WORK/t.jsonl"
	cd "$WORK" || return 1
	BG_PIDS=()
}

teardown() {
	local p
	echo "stderr of the last run: ${stderr-}"
	for p in "${BG_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	# A probe of a sandbox that failed may have created this.
	[[ -z ${ETC_PROBE-} ]] || rm -f "$ETC_PROBE"
	cd / && rm -rf "$WORK"
}

as_user() {
	local user=$1
	shift
	if [[ $user == nobody && $EUID -eq 0 ]]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

require() {
	local out
	if [[ $1 == root ]]; then
		[[ $EUID -eq 0 ]] || skip "needs root"
	elif [[ $EUID -eq 0 ]]; then
		command -v runuser >/dev/null || skip "runuser is missing"
		as_user nobody test -x "$JTRACE_RUN" ||
			skip "nobody cannot execute $JTRACE_RUN (put the build dir where others can read it)"
	else
		skip "needs root to run as nobody"
	fi
	if ! out=$(as_user "$1" unshare -Ur true 2>&1); then
		skip "user namespaces are unavailable to $1 here: $out"
	fi
}

sbx() {
	local user=$1
	shift
	run --separate-stderr as_user "$user" timeout -k 5 "$JTRACE_TEST_TIMEOUT" "$JTRACE_RUN" "$@"
	if [[ $status -eq 124 ]]; then
		fail "jtrace-run did not finish within ${JTRACE_TEST_TIMEOUT}s: jtrace-run $*"
	fi
}

# assert_refused PATTERN: exit 125 and one stderr line matching PATTERN.
assert_refused() {
	[[ $status -eq 125 ]] || fail "exit status $status, want 125; stderr: $stderr"
	[[ ${#stderr_lines[@]} -eq 1 && $stderr == jtrace-run:* ]] || fail "stderr: $stderr"
	[[ $stderr =~ $1 ]] || fail "stderr does not explain ($1): $stderr"
}

# A block device to probe, or empty.
block_device() {
	local d
	for d in /dev/vda /dev/sda /dev/nvme0n1 /dev/xvda /dev/loop0; do
		[[ -b $d ]] && { echo "$d"; return; }
	done
}

# --- items 10 and 16: what the sandbox's root may touch on the host --------------

# probe_host ARGS...: from `--ns ARGS...`, try the host's files of item 16.
probe_host() {
	ETC_PROBE=/etc/jtrace-atk-probe.$$
	local specs=("c:$ETC_PROBE" w:/proc/sys/kernel/core_pattern w:/proc/sys/vm/drop_caches)
	[[ -e /sys/kernel/mm/ksm/run ]] && specs+=(w:/sys/kernel/mm/ksm/run)
	local dev
	dev=$(block_device)
	[[ -n $dev ]] && specs+=("r:$dev")
	sbx root -o "$LOG" --ns "$@" -- "$PROGS/atk-ns-open" "${specs[@]}"
	assert_success
	local s
	for s in "${specs[@]}"; do
		assert_line --regexp "^$s = E(ACCES|PERM|ROFS)$"
	done
	[[ ! -e $ETC_PROBE ]] || fail "the sandbox created $ETC_PROBE"
	[[ -n $dev ]] || skip "no block device in /dev to probe (the rest passed)"
}

@test "root: --ns: the sandbox's root opens neither /etc, core_pattern, drop_caches, ksm/run nor a disk" {
	require root
	probe_host
	run jq_log '.[0].uid_map[0] | [.inside, .outside, .count]'
	assert_output "[0,$(cat /proc/sys/kernel/overflowuid),1]"
}

@test "root: --ns --uid=1000 --gid=1000: mapped to the unprivileged host id too" {
	require root
	probe_host --uid=1000 --gid=1000
	run jq_log '.[0] | [.uid_map[0].inside, .uid_map[0].outside, .gid_map[0].inside, .gid_map[0].outside]'
	assert_output "[1000,$(cat /proc/sys/kernel/overflowuid),1000,$(cat /proc/sys/kernel/overflowgid)]"
}

@test "root: --ns: what the sandbox creates is owned by the overflow id on the host, no supplementary groups" {
	require root
	sbx root -o "$LOG" --ns -- sh -c "id -u; grep '^Groups:' /proc/self/status; touch '$WORK/made'"
	assert_success
	assert_line --index 0 "0"
	assert_line --regexp '^Groups:[[:space:]]*$'
	run stat -c %u:%g "$WORK/made"
	assert_output "$(cat /proc/sys/kernel/overflowuid):$(cat /proc/sys/kernel/overflowgid)"
}

@test "root: --host-uid=0 --host-gid=0 keeps host root (the documented opt-in)" {
	require root
	mkdir -m 0755 "$WORK/rootdir"
	sbx root -o "$LOG" --ns --host-uid=0 --host-gid=0 -- sh -c "touch '$WORK/rootdir/x' && echo wrote"
	assert_success
	assert_output "wrote"
	run stat -c %u "$WORK/rootdir/x"
	assert_output "0"
	run jq_log '.[0].uid_map[0].outside'
	assert_output "0"
}

@test "root: --ns=pid,mnt without user is refused unless host root is accepted" {
	require root
	sbx root -o "$LOG" --ns=pid,mnt -- touch "$WORK/marker"
	assert_refused "host root"
	[[ ! -e $WORK/marker ]] || fail "the program ran"
}

@test "root: --rw=DIR: the sandbox's root writes a root-owned DIR, files stay root's on disk" {
	require root
	mkdir -m 0755 "$WORK/ws"
	echo old >"$WORK/ws/existing"
	# Without --rw the workspace is not writable: --rw is what grants it.
	sbx root -o "$LOG" --ns -- sh -c "echo x >'$WORK/ws/new' 2>/dev/null && echo wrote || echo refused"
	assert_output "refused"
	sbx root -o "$LOG" --ns --rw="$WORK/ws" -- sh -c "echo new >'$WORK/ws/new' && echo more >>'$WORK/ws/existing' && mkdir '$WORK/ws/d' && echo wrote; touch /etc/jtrace-atk-rw 2>/dev/null || echo etc-refused"
	if [[ $status -eq 125 && $stderr == *"does not support idmapped"* ]]; then
		skip "the filesystem of $WORK does not support idmapped mounts: $stderr"
	fi
	assert_success
	assert_line "wrote"
	assert_line "etc-refused"
	run stat -c %u:%g "$WORK/ws/new" "$WORK/ws/d" "$WORK/ws/existing"
	assert_output $'0:0\n0:0\n0:0'
	run cat "$WORK/ws/existing"
	assert_output $'old\nmore'
}

@test "root: --rw on a filesystem without idmapped mounts: one line, exit 125" {
	require root
	sbx root -o "$LOG" --ns --rw=/proc/sys -- touch "$WORK/marker"
	assert_refused "does not support idmapped mounts"
	[[ ! -e $WORK/marker ]] || fail "the program ran"
}

# --- items 10/16: no set-id file, no file capability from the sandbox ------------
#
# Through --rw's idmapped mount the sandbox's files are root's on disk, and
# the host's own mount honours their set-id bits: a setuid-root program left
# in DIR runs as root for any host user (found by the second review of issue
# 19).  Under --ns the floor refuses every call that would give a file a
# set-id bit (EPERM, rule floor:setid), openat2 answers ENOSYS (its mode is
# in memory), io_uring is refused (floor:io_uring); the mode is a register,
# taken at its C type (umode_t: 16 bits).  Both with the default --filter=all
# and with a filter that selects none of these calls, so that the kernel
# pre-filter's own compares must stop them.

# Every route atk-ns-setid knows, with a set-id bit the kernel would keep.
SETID_OPS=(chmod:04755 chmod:02755 chmod:0x1000009ed chmod:0x109ed fchmod:04755
	fchmodat:06755 fchmodat2:04755 open:04755 openat:02755 tmpfile:04755 creat:04755
	mknod:04755 mknodat:02755 i386-chmod:04755 i386-fchmod:04755 i386-open:04755
	i386-creat:04755 i386-mknod:04755 i386-openat:04755 i386-fchmodat:02755
	i386-fchmodat2:04755 i386-mknodat:04755 x32-chmod:04755 x32-open:04755)

# refute_fcap FILE: FILE has no security.capability attribute.
refute_fcap() {
	run /usr/bin/python3 -c 'import os, sys; os.getxattr(sys.argv[1], "security.capability")' "$1"
	assert_failure
	assert_output --partial "No data available"
}

# check_no_setid USER DIR ARGS...: run every route in DIR as USER under
# `--ns ARGS...`; each is refused, logged and counted, and nothing in DIR
# has a set-id bit afterwards.
check_no_setid() {
	local user=$1 dir=$2
	shift 2
	sbx "$user" -o "$LOG" --ns "$@" -- "$PROGS/atk-ns-setid" "$dir" "${SETID_OPS[@]}" \
		openat2:04755 io_uring
	if [[ $status -eq 125 && $stderr == *"does not support idmapped"* ]]; then
		skip "the filesystem of $WORK does not support idmapped mounts: $stderr"
	fi
	assert_success
	local op
	for op in "${SETID_OPS[@]}"; do
		assert_line "$op = EPERM"
	done
	assert_line "openat2:04755 = ENOSYS"
	assert_line "io_uring = EPERM"
	run find "$dir" -perm /6000
	assert_output ""
	validate_log
	# One denial record per refused call, each by the floor's rule.
	run jq_log '[.[] | select(.type=="syscall" and .action=="deny") | .rule] | group_by(.) | map([.[0], length])'
	assert_output "[[\"floor:io_uring\",1],[\"floor:setid\",$((${#SETID_OPS[@]} + 1))]]"
	run jq_log '[.[] | select(.type=="end")][0].denied'
	assert_output "$((${#SETID_OPS[@]} + 2))"
	run jq_log '[.[] | select(.type=="syscall" and .name=="chmod" and .action=="deny")][0] | [.args.mode, .errno, .rule]'
	assert_output '["04755","EPERM","floor:setid"]'
}

@test "root: --ns --rw=DIR: the sandbox cannot leave a setuid-root program in DIR (review of item 10/16)" {
	require root
	mkdir -m 0755 "$WORK/ws"
	sbx root -o "$LOG" --ns --rw="$WORK/ws" -- "$PROGS/rv-suid" "$PROGS/rv-euid" "$WORK/ws/x"
	if [[ $status -eq 125 && $stderr == *"does not support idmapped"* ]]; then
		skip "the filesystem of $WORK does not support idmapped mounts: $stderr"
	fi
	[[ $stderr == *"chmod: Operation not permitted"* ]] || fail "chmod 04755 was not refused: $output $stderr"
	run stat -c '%u %a' "$WORK/ws/x"
	assert_output "0 755"
	run runuser -u nobody -- "$WORK/ws/x"
	refute_output "euid=0"
	run jq_log '[.[] | select(.type=="syscall" and .name=="chmod")][0] | [.action, .rule, .errno]'
	assert_output '["deny","floor:setid","EPERM"]'
}

@test "root: --ns --rw=DIR: no route gives a file a set-id bit (chmod*, open*, creat, mknod*, O_TMPFILE, i386, x32), openat2 ENOSYS, io_uring refused" {
	require root
	mkdir -m 0755 "$WORK/ws"
	check_no_setid root "$WORK/ws" --rw="$WORK/ws"
}

@test "root: --ns --rw=DIR with --filter=getppid and under read-only-fs: the kernel pre-filter stops every route too" {
	require root
	mkdir -m 0755 "$WORK/ws"
	check_no_setid root "$WORK/ws" --rw="$WORK/ws" --filter=getppid
	rm -rf "$WORK/ws" && mkdir -m 0755 "$WORK/ws"
	check_no_setid root "$WORK/ws" --rw="$WORK/ws" --filter=getppid --policy=read-only-fs
}

@test "root: --ns --host-uid=0: the sandbox, host root, still sets no set-id bit" {
	require root
	mkdir -m 0755 "$WORK/ws"
	check_no_setid root "$WORK/ws" --host-uid=0 --host-gid=0
}

@test "nobody: --ns: no route gives a file a set-id bit either" {
	require nobody
	mkdir -m 0777 "$WORK/ws"
	check_no_setid nobody "$WORK/ws"
}

@test "root: --ns --rw=DIR: chmod 0644, open(O_CREAT, 0644), a mode above umode_t's 16 bits and an open without O_CREAT still work" {
	require root
	mkdir -m 0755 "$WORK/ws"
	sbx root -o "$LOG" --ns --rw="$WORK/ws" --filter=getppid -- "$PROGS/atk-ns-setid" "$WORK/ws" \
		chmod:0644 chmod:0x101a4 open:0644 openat:0600 creat:0640 mknod:0644 fchmod:0700 \
		open-nocreat:04755
	if [[ $status -eq 125 && $stderr == *"does not support idmapped"* ]]; then
		skip "the filesystem of $WORK does not support idmapped mounts: $stderr"
	fi
	assert_success
	refute_line --partial "= E"
	assert_line "chmod:0644 mode=644"
	assert_line "chmod:0x101a4 mode=644"
	assert_line "open:0644 mode=644"
	assert_line "openat:0600 mode=600"
	assert_line "creat:0640 mode=640"
	assert_line "mknod:0644 mode=644"
	assert_line "fchmod:0700 mode=700"
	assert_line "open-nocreat:04755 mode=644"
	run jq_log '[.[] | select(.type=="end")][0].denied'
	assert_output "0"
}

@test "nobody: --ns: security.capability cannot be set from inside (no CAP_SETFCAP)" {
	require nobody
	mkdir -m 0777 "$WORK/ws"
	sbx nobody -o "$LOG" --ns -- "$PROGS/atk-ns-setid" "$WORK/ws" setxattr-cap lsetxattr-cap fsetxattr-cap
	assert_success
	assert_line "setxattr-cap = EPERM"
	assert_line "lsetxattr-cap = EPERM"
	assert_line "fsetxattr-cap = EPERM"
	refute_fcap "$WORK/ws/cap"
}

@test "root: --ns --rw=DIR: security.capability cannot be set; --cap-add=CAP_SETFCAP is refused with --ns" {
	require root
	mkdir -m 0755 "$WORK/ws"
	sbx root -o "$LOG" --ns --rw="$WORK/ws" -- "$PROGS/atk-ns-setid" "$WORK/ws" setxattr-cap lsetxattr-cap fsetxattr-cap
	if [[ $status -eq 125 && $stderr == *"does not support idmapped"* ]]; then
		skip "the filesystem of $WORK does not support idmapped mounts: $stderr"
	fi
	assert_success
	assert_line "setxattr-cap = EPERM"
	assert_line "lsetxattr-cap = EPERM"
	assert_line "fsetxattr-cap = EPERM"
	refute_fcap "$WORK/ws/cap"
	sbx root -o "$LOG" --ns --rw="$WORK/ws" --cap-add=CAP_SETFCAP -- "$PROGS/atk-ns-setid" "$WORK/ws" setxattr-cap
	assert_refused "CAP_SETFCAP cannot be used with --ns"
	refute_fcap "$WORK/ws/cap"
}

@test "without --ns chmod 04755 is not refused: plain tracing is not confinement" {
	mkdir -m 0755 "$WORK/plain"
	run_traced -- "$PROGS/atk-ns-setid" "$WORK/plain" chmod:04755 open:02755
	assert_success
	assert_line "chmod:04755 = ok"
	assert_line "chmod:04755 mode=4755"
	assert_line "open:02755 = ok"
	run jq_log '[.[] | select(.type=="end")][0].denied'
	assert_output "0"
}

@test "nobody: --ns: nothing changes, the sandbox is nobody on the host" {
	require nobody
	sbx nobody -o "$LOG" --ns -- "$PROGS/atk-ns-open" "c:/etc/jtrace-atk-nobody" w:/proc/sys/kernel/core_pattern
	assert_success
	assert_line --regexp '^c:/etc/jtrace-atk-nobody = EACCES$'
	run jq_log '.[0].uid_map[0] | [.inside, .outside]'
	assert_output "[0,$(id -u nobody)]"
	sbx nobody -o "$LOG" --ns --host-uid=0 -- true
	assert_refused "only root"
}

# --- item 8: TIOCSTI -----------------------------------------------------------

# A real pty, jtrace-run's controlling terminal as an interactive shell's
# would be (tests/tools/pty-run.py --raw --show-input): prints what the
# program wrote and, last, "injected=BYTES": what is waiting in the
# terminal's input queue (what the shell would read).
check_tiocsti() {
	require "$1"
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" /usr/bin/python3 "$TOOLS/pty-run.py" \
		--raw --show-input --user="$1" -- \
		"$JTRACE_RUN" -o "$LOG" --ns -- "$PROGS/atk-ns-tiocsti" "touch $WORK/pwned"
	assert_success
	assert_line --partial "stdin = "
	assert_line "injected=b''"
	refute_line --regexp '^(stdin|stdout|stderr|devtty|stdin-after) = [1-9]'
	# The harness does see injected bytes when they come: without --ns.
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" /usr/bin/python3 "$TOOLS/pty-run.py" \
		--raw --show-input --user="$1" -- \
		"$PROGS/atk-ns-tiocsti" "x"
	if [[ $output == *"stdin = 1 0"* ]]; then
		assert_line --partial "injected=b'x"
	fi
}

@test "root: --ns: TIOCSTI does not reach the invoking terminal (real pty)" {
	check_tiocsti root
}

@test "nobody: --ns: TIOCSTI does not reach the invoking terminal (real pty)" {
	check_tiocsti nobody
}

# --- item 9: host unix sockets -------------------------------------------------

# unix_server USER PATH: a 0600 unix socket owned by USER, as an ssh-agent's;
# what it receives goes to PATH.got.  The server drops to USER itself, so
# that $! is the server (teardown kills it) and it holds none of bats' fds.
unix_server() {
	mkdir -m 0755 "$(dirname "$2")"
	[[ $1 == nobody ]] && chown nobody "$(dirname "$2")"
	/usr/bin/python3 -c '
import os, socket, sys
user, p = sys.argv[1], sys.argv[2]
if user == "nobody":
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
s = socket.socket(socket.AF_UNIX)
os.umask(0o177)
s.bind(p)
s.listen(4)
while True:
    c, _ = s.accept()
    with open(p + ".got", "ab") as f:
        f.write(c.recv(100))
    c.close()
' "$1" "$2" </dev/null >/dev/null 2>&1 &
	BG_PIDS+=($!)
	local i
	for i in $(seq 50); do
		[[ -S $2 ]] && return 0
		sleep 0.1
	done
	fail "the unix socket $2 did not come up"
}

@test "nobody: --ns reaches a host unix socket of the same user; --tmpfs over its directory cuts it off" {
	require nobody
	unix_server nobody "$WORK/agent/sock"
	sbx nobody -o "$LOG" --ns -- "$PROGS/atk-ns-unix" "$WORK/agent/sock"
	assert_success
	assert_line "connect = 0 0"
	sleep 0.2
	grep -q from-the-sandbox "$WORK/agent/sock.got" || fail "the server received nothing"
	sbx nobody -o "$LOG" --ns --tmpfs="$WORK/agent" -- "$PROGS/atk-ns-unix" "$WORK/agent/sock"
	assert_success
	assert_line --regexp '^connect = -1 (No such file or directory|Connection refused)$'
}

@test "root: --ns: root's 0600 unix socket is unreachable (DAC); --tmpfs cuts it off even as host root" {
	require root
	unix_server root "$WORK/agent/sock"
	sbx root -o "$LOG" --ns -- "$PROGS/atk-ns-unix" "$WORK/agent/sock"
	assert_success
	assert_line "connect = -1 Permission denied"
	sbx root -o "$LOG" --ns --host-uid=0 --host-gid=0 -- "$PROGS/atk-ns-unix" "$WORK/agent/sock"
	assert_line "connect = 0 0"
	sbx root -o "$LOG" --ns --host-uid=0 --host-gid=0 --tmpfs="$WORK/agent" -- "$PROGS/atk-ns-unix" "$WORK/agent/sock"
	assert_line --regexp '^connect = -1 (No such file or directory|Connection refused)$'
}

# --- item 11: the program and its own log --------------------------------------

check_log_unreachable() {
	require "$1"
	# A denial first (under no-network), then every way at the log by its
	# path, also from a nested user+mount namespace (where our cover is
	# locked), then the init's command line.
	sbx "$1" -o "$LOG" --ns --policy=no-network -- sh -c "
		/usr/bin/python3 -c 'import socket; socket.socket()' 2>/dev/null; echo denied=\$?
		echo junk >'$LOG' 2>/dev/null; : >'$LOG' 2>/dev/null; truncate -s 0 '$LOG' 2>/dev/null
		printf '{\"v\":1,\"type\":\"end\"}\n' >>'$LOG' 2>/dev/null
		echo size=\$(wc -c <'$LOG')
		unshare -Urm sh -c 'umount -l \"$LOG\" 2>/dev/null; echo junk >\"$LOG\"' 2>/dev/null
		rm -f '$LOG' 2>/dev/null; mv '$LOG' '$LOG.x' 2>/dev/null; ln '$LOG' '$WORK/l2' 2>/dev/null
		tr '\\0' ' ' </proc/1/cmdline; echo"
	assert_success
	assert_line "size=0"
	refute_line --partial "$LOG"
	assert_line --regexp '^jtrace-init *$'
	[[ -f $LOG && ! -e $LOG.x && ! -e $WORK/l2 ]] || fail "the log was moved or linked: $(ls -l "$WORK")"
	! grep -qx junk "$LOG" || fail "the program wrote into the log"
	! tr -d '\n' <"$LOG" | grep -qaP '\x00' || fail "the log has NUL bytes (truncated from inside)"
	validate_log
	assert_count 1 '.type=="end"'
	[[ $(jq_count '.type=="syscall" and .action=="deny"') -ge 1 ]] || fail "the denial record is gone"
	run jq_log '[.[] | select(.type=="end")][0].denied >= 1'
	assert_output true
}

@test "root: --ns: the program cannot read, truncate or write its -o log; /proc/1/cmdline is neutral" {
	check_log_unreachable root
}

@test "nobody: --ns: the program cannot read, truncate or write its -o log; /proc/1/cmdline is neutral" {
	check_log_unreachable nobody
}

@test "root: --rw of the log's own directory does not bring the log back into view" {
	require root
	sbx root -o "$LOG" --ns --rw="$WORK" -- sh -c "echo junk >'$LOG'; : >'$LOG'; echo size=\$(wc -c <'$LOG'); touch '$WORK/made' && echo made"
	if [[ $status -eq 125 && $stderr == *"does not support idmapped"* ]]; then
		skip "the filesystem of $WORK does not support idmapped mounts: $stderr"
	fi
	assert_success
	assert_line "size=0"
	assert_line "made"
	! grep -qx junk "$LOG" || fail "the program wrote into the log"
	validate_log
	assert_count 1 '.type=="end"'
}

@test "nobody: without a pid namespace the tracer's fds stay out of reach (/proc/PPID/fd)" {
	require nobody
	sbx nobody -o "$LOG" --ns=user,mnt,net -- sh -c 'for f in 3 4 5 6 7 8; do (: >>"/proc/$PPID/fd/$f") 2>/dev/null && echo "opened $f"; done; ls "/proc/$PPID/fd" >/dev/null 2>&1 && echo listed; echo done'
	assert_success
	assert_output "done"
	validate_log
}

@test "nobody: a log with another hard link is refused under --ns" {
	require nobody
	as_user nobody touch "$LOG"
	as_user nobody ln "$LOG" "$WORK/other-name"
	sbx nobody -o "$LOG" --ns -- touch "$WORK/marker"
	assert_refused "hard links"
	[[ ! -e $WORK/marker ]] || fail "the program ran"
}

# --- item 14: inherited fds and /sys/class/net ---------------------------------

check_fds() {
	require "$1"
	local list='for f in /proc/self/fd/*; do echo "fd=${f##*/}"; done'
	# fd 7 open in the caller, without CLOEXEC.
	run --separate-stderr as_user "$1" sh -c 'exec 7>"$1/fd7"; shift; exec "$@"' sh "$WORK" \
		timeout 20 "$JTRACE_RUN" -o "$LOG" --ns -- sh -c "$list"
	assert_success
	refute_line "fd=7"
	assert_line "fd=2"
	run --separate-stderr as_user "$1" sh -c 'exec 7>"$1/fd7"; shift; exec "$@"' sh "$WORK" \
		timeout 20 "$JTRACE_RUN" -o "$LOG" --ns --keep-fd=7 -- sh -c "$list"
	assert_success
	assert_line "fd=7"
}

@test "root: --ns: PROG inherits no fd but 0-2 unless --keep-fd" {
	check_fds root
}

@test "nobody: --ns: PROG inherits no fd but 0-2 unless --keep-fd" {
	check_fds nobody
}

check_sys_class_net() {
	require "$1"
	sbx "$1" -o "$LOG" --ns -- sh -c 'ls /sys/class/net; ls /sys/devices/virtual/net'
	assert_success
	local ifc
	for ifc in /sys/class/net/*; do
		ifc=${ifc##*/}
		[[ $ifc == lo ]] && continue
		refute_line "$ifc"
	done
	# Still the host's with --share-net.
	sbx "$1" -o "$LOG" --ns --share-net -- ls /sys/class/net
	assert_success
	assert_output "$(ls /sys/class/net)"
}

@test "root: --ns: /sys/class/net shows the sandbox's interfaces, not the host's" {
	check_sys_class_net root
}

@test "nobody: --ns: /sys/class/net shows the sandbox's interfaces, not the host's" {
	check_sys_class_net nobody
}
