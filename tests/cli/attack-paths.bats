#!/usr/bin/env bats
# attack-paths.bats: issue 19 item 5.  A path condition judges the path the
# kernel will use, in the program's own root: after chroot(DIR), "/tmp/x"
# is DIR/tmp/x, and read-only-fs must refuse to create it unless DIR/tmp
# is itself under /tmp.  As root (chroot directly) and as nobody (chroot in
# a user namespace of its own).  A cwd or dirfd from before the chroot lies
# outside the root, but the kernel's ".." still stops at the root when the
# walk reaches it (found by the third review).

load helpers

setup() {
	# Not under /tmp: read-only-fs allows /tmp, and the point is that
	# DIR/tmp is not /tmp.
	ROOTDIR=$(mktemp -d /var/tmp/jtrace-atk-chroot.XXXXXX)
	mkdir -p "$ROOTDIR/tmp" "$ROOTDIR/sub"
	chmod 0755 "$ROOTDIR"
	chmod 0777 "$ROOTDIR/tmp" "$ROOTDIR/sub"
	WORK=$(mktemp -d /tmp/jtrace-atk-paths.XXXXXX)
	chmod 0777 "$WORK"
	LOG="$WORK/t.jsonl"
	cd "$WORK" || return 1
}

teardown() {
	cd / && rm -rf "$ROOTDIR" "$WORK"
}

# chroot_run USER PATH [CWD]: atk-chroot under read-only-fs as USER.
chroot_run() {
	local user=$1
	shift
	local -a cmd=(timeout -k 5 "$JTRACE_TEST_TIMEOUT" "$JTRACE_RUN" -o "$LOG"
		--policy=read-only-fs "$PROGS/atk-chroot" "$ROOTDIR" "$@")
	if [[ $user == nobody ]]; then
		[[ $EUID -eq 0 ]] || skip "needs root to run as nobody"
		runuser -u nobody -- test -x "$JTRACE_RUN" ||
			skip "nobody cannot execute $JTRACE_RUN"
		run runuser -u nobody -- "${cmd[@]}"
	else
		[[ $EUID -eq 0 ]] || skip "needs root for chroot(2) outside a user namespace"
		run "${cmd[@]}"
	fi
	if [[ $status -eq 77 ]]; then
		skip "chroot not possible here: $output"
	fi
}

@test "root: after chroot(DIR), open(\"/tmp/x\", O_CREAT) is judged as DIR/tmp/x and refused by read-only-fs" {
	chroot_run root /tmp/x
	assert_success
	assert_line "open = -1 EROFS"
	[[ ! -e $ROOTDIR/tmp/x ]] || fail "the file was created in $ROOTDIR/tmp"
	validate_log
	assert_equal "$(jq_log '[.[] | select(.type=="syscall" and .action=="deny")] | length')" 1
}

@test "nobody: chroot(DIR) in its own user namespace, then open(\"/tmp/x\", O_CREAT): refused, nothing created" {
	chroot_run nobody /tmp/x
	assert_success
	assert_line "open = -1 EROFS"
	[[ ! -e $ROOTDIR/tmp/x ]] || fail "the file was created in $ROOTDIR/tmp"
	validate_log
}

@test "nobody: a relative path after chroot and chdir(\"/sub\") is judged as DIR/sub/y" {
	chroot_run nobody y /sub
	assert_success
	assert_line "open = -1 EROFS"
	[[ ! -e $ROOTDIR/sub/y ]] || fail "the file was created in $ROOTDIR/sub"
}

@test "without chroot the program's root is the tracer's: /tmp stays writable under read-only-fs" {
	run_traced --policy=read-only-fs sh -c ': > "$1/ok" && echo created' sh "$WORK"
	assert_success
	assert_line created
	validate_log
}

@test "nobody: \"..\" stops at the chroot's root: /../../../tmp/z is DIR/tmp/z, not the tracer's /tmp/z" {
	# DIR is /var/tmp/X: normalised in the tracer's view instead, the path
	# would climb to /tmp/z, which read-only-fs allows.
	chroot_run nobody /../../../tmp/z
	assert_success
	assert_line "open = -1 EROFS"
	[[ ! -e $ROOTDIR/tmp/z ]] || fail "the file was created in $ROOTDIR/tmp"
}

@test "nobody: a cwd outside the chroot (fchdir to a \"/\" opened before): ROOT/../../../tmp/x is DIR/tmp/x, refused" {
	chroot_run nobody "${ROOTDIR#/}/../../../tmp/x" @cwd
	assert_success
	assert_line "open = -1 EROFS"
	[[ ! -e $ROOTDIR/tmp/x ]] || fail "the file was created in $ROOTDIR/tmp"
	validate_log
}

@test "root: openat on a dirfd \"/\" from before chroot: ROOT/../../../tmp/x is DIR/tmp/x, refused" {
	chroot_run root "${ROOTDIR#/}/../../../tmp/x" @dirfd
	assert_success
	assert_line "open = -1 EROFS"
	[[ ! -e $ROOTDIR/tmp/x ]] || fail "the file was created in $ROOTDIR/tmp"
	validate_log
}

@test "nobody: a dirfd outside the chroot still reaches the tracer's /tmp when the walk avoids the root" {
	chroot_run nobody "tmp/${WORK#/tmp/}/ok" @dirfd
	assert_success
	assert_line --regexp "^open = [0-9]+$"
	[[ -e $WORK/ok ]] || fail "the file was not created in $WORK"
}

# --- a unix socket's address is a path (the third review) ------------------
#
# bind(2) of a filesystem AF_UNIX address creates a socket file at its
# sun_path; connect, sendto, sendmsg and sendmmsg reach one.  `path glob`
# and `path prefix` judge that sun_path, resolved in the program's cwd and
# root like any other path; an abstract or unnamed address names no path.

# unix_run USER JTRACE-ARGS... -- OPS...: atk-unix-path OPS under jtrace-run
# -o $LOG JTRACE-ARGS, as USER (root or nobody).
unix_run() {
	local user=$1
	shift
	local -a jt=()
	while [[ $1 != -- ]]; do
		jt+=("$1")
		shift
	done
	shift
	local -a cmd=(timeout -k 5 "$JTRACE_TEST_TIMEOUT" "$JTRACE_RUN" -o "$LOG" "${jt[@]}"
		"$PROGS/atk-unix-path" "$@")
	if [[ $user == nobody ]]; then
		[[ $EUID -eq 0 ]] || skip "needs root to run as nobody"
		runuser -u nobody -- test -x "$JTRACE_RUN" ||
			skip "nobody cannot execute $JTRACE_RUN"
		run runuser -u nobody -- "${cmd[@]}"
	else
		run "${cmd[@]}"
	fi
	if [[ $status -eq 77 ]]; then
		skip "chroot not possible here: $output"
	fi
	[[ $status -ne 124 ]] || fail "jtrace-run did not finish: ${cmd[*]}"
}

# ro_bind_refused PATH: the bind of PATH was refused by read-only-fs.
ro_bind_refused() {
	assert_success
	assert_line "bind:$1 = -1 EROFS"
	[[ ! -S $1 ]] || fail "the socket file was created: $1"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="bind" and .action=="deny" and .errno=="EROFS" and (.rule | test("read-only-fs.policy:[0-9]+$"))'
	assert_count 1 '.type=="end" and .denied==1'
}

@test "root: read-only-fs refuses bind(AF_UNIX, \"/var/tmp/D/s\"): EROFS, logged, no socket file" {
	unix_run root --policy=read-only-fs -- "bind:$ROOTDIR/s"
	ro_bind_refused "$ROOTDIR/s"
}

@test "nobody: read-only-fs refuses bind(AF_UNIX, \"/var/tmp/D/sub/s\") in a directory nobody may write to" {
	unix_run nobody --policy=read-only-fs -- "bind:$ROOTDIR/sub/s"
	ro_bind_refused "$ROOTDIR/sub/s"
}

@test "read-only-fs with --filter=openat: bind still stops in the kernel filter and is refused" {
	unix_run root --policy=read-only-fs --filter=openat -- "bind:$ROOTDIR/s"
	ro_bind_refused "$ROOTDIR/s"
}

@test "read-only-fs: a relative sun_path is judged against the cwd: refused outside /tmp, created under it" {
	unix_run nobody --policy=read-only-fs -- "chdir:$ROOTDIR/sub" bind:s "chdir:$WORK" bind:s
	assert_success
	assert_line "bind:s = -1 EROFS"
	assert_line "bind:s = 0"
	[[ ! -S $ROOTDIR/sub/s ]] || fail "the socket file was created: $ROOTDIR/sub/s"
	[[ -S $WORK/s ]] || fail "the socket under /tmp was not created: $WORK/s"
	validate_log
	assert_count 1 '.type=="end" and .denied==1'
}

@test "nobody: after chroot(DIR), bind(\"/tmp/s\") is judged as DIR/tmp/s and refused" {
	unix_run nobody --policy=read-only-fs -- "chroot:$ROOTDIR" bind:/tmp/s bind:/../../tmp/t
	assert_success
	assert_line "bind:/tmp/s = -1 EROFS"
	assert_line "bind:/../../tmp/t = -1 EROFS"
	[[ ! -S $ROOTDIR/tmp/s && ! -S $ROOTDIR/tmp/t ]] || fail "a socket file was created in $ROOTDIR/tmp"
	validate_log
}

@test "read-only-fs: abstract and unnamed unix binds name no path and stay allowed" {
	unix_run nobody --policy=read-only-fs -- "bind-abstract:jtrace-atk-$$" bind-unnamed
	assert_success
	assert_line "bind-abstract:jtrace-atk-$$ = 0"
	assert_line "bind-unnamed = 0"
	validate_log
	assert_count 1 '.type=="end" and .denied==0'
}

@test "read-only-fs: a bind address the tracer cannot read is decided as the worst case (refused, unreadable)" {
	unix_run root --policy=read-only-fs -- bind-unmapped
	assert_success
	assert_line "bind-unmapped = -1 EROFS"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="bind" and .action=="deny" and .unreadable==true'
}

@test "errno(EACCES) connect sendto sendmsg sendmmsg if path glob SOCK: every route to that socket is refused, others reach theirs" {
	python3 - "$WORK/srv.sock" "$WORK/other.sock" <<'PY' &
import os, socket, sys, time
kept = []
for p in sys.argv[1:]:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(p)
    os.chmod(p, 0o777)
    kept.append(s)
time.sleep(30)
PY
	local srv=$!
	for _ in $(seq 50); do [[ -S $WORK/other.sock ]] && break; sleep 0.1; done
	printf 'errno(EACCES) connect sendto sendmsg sendmmsg if path glob "%s"\n' "$WORK/srv.sock" >"$WORK/p.policy"
	unix_run nobody --policy="$WORK/p.policy" -- \
		"connect:$WORK/srv.sock" "sendto:$WORK/srv.sock" "sendmsg:$WORK/srv.sock" \
		"sendmmsg:$WORK/srv.sock" "sendto:$WORK/other.sock" "connect-abstract:$WORK/srv.sock"
	kill "$srv" 2>/dev/null || true
	assert_success
	assert_line "connect:$WORK/srv.sock = -1 EACCES"
	assert_line "sendto:$WORK/srv.sock = -1 EACCES"
	assert_line "sendmsg:$WORK/srv.sock = -1 EACCES"
	assert_line "sendmmsg:$WORK/srv.sock = -1 EACCES"
	assert_line "sendto:$WORK/other.sock = 2"
	assert_line "connect-abstract:$WORK/srv.sock = -1 ECONNREFUSED"
	validate_log
	assert_count 1 '.type=="end" and .denied==4'
}
