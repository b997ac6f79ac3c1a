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
