#!/usr/bin/env bats
# review3-open.bats: found by the third review (issue 19 item 5), not wired
# into meson.  A cwd or dirfd from before a chroot lies outside the new
# root, but the kernel's ".." still stops at the root when the walk passes
# through it: from "/", "var/tmp/D/../../../tmp/x" is D/tmp/x.

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
