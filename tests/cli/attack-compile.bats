#!/usr/bin/env bats
# attack-compile.bats: the kernel pre-filter stops every call the policy may
# refuse (issue 19 item 17), and memory the tracer cannot read is decided
# as the policy's worst case (item 19).  No traffic leaves loopback: the
# connect to 192.0.2.2 runs in a network namespace of its own (no route),
# or is refused before it runs.

load helpers

# The test skips unless memfd_secret works here (secretmem is a boot-time
# choice of the kernel).
need_secretmem() {
	run "$(prog atk-cc-secret)" open /
	if [[ $status -eq 77 ]]; then
		skip "memfd_secret unavailable on this kernel ($output)"
	fi
	assert_success
}

# A network namespace of its own for the run: root, or a user namespace.
NETNS=()
need_netns() {
	if [[ $EUID -eq 0 ]] && unshare -n true 2>/dev/null; then
		NETNS=(unshare -n)
	elif unshare -rn true 2>/dev/null; then
		NETNS=(unshare -rn)
	else
		skip "cannot create a network namespace (needs root or user namespaces)"
	fi
}

run_in_netns() {
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" "${NETNS[@]}" "$JTRACE_RUN" -o "$LOG" "$@"
}

@test "two range rules on one 64-bit argument: a 512 MiB madvise still stops and is denied (--filter narrower than all)" {
	printf '%s\n' 'deny madvise if length < 0x100000000' 'deny madvise if length < 0x1000' \
		>ranges.policy
	run_traced --filter=read --policy=ranges.policy "$(prog atk-cc-madvise)" 0x20000000
	assert_success
	assert_line "madvise: EPERM"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="madvise" and .action=="deny"'
	# Outside both ranges: allowed, and not stopped at all.
	run_traced --filter=read --policy=ranges.policy "$(prog atk-cc-madvise)" 0x100000000
	assert_success
	assert_line "madvise: ENOMEM"
	assert_count 0 '.type=="syscall" and .name=="madvise"'
}

@test "a policy that expands into thousands of comparisons compiles in bounded time (--filter=net)" {
	# 64 conjunctions of 4 comparisons for every call: 8 s of libseccomp
	# before the bound, none after.  (arg5 never holds this for true.)
	printf '%s\n' 'deny all if (arg0 & 0xf or arg1 & 0xf) and (arg2 & 0xf or arg3 & 0xf) and arg4 == 0x1234567 and arg5 == 0x123456789abcdef0' >big.policy
	JTRACE_TEST_TIMEOUT=30
	SECONDS=0
	run_traced --filter=net --policy=big.policy true
	assert_success
	((SECONDS < 4)) || fail "took ${SECONDS}s"
}

@test "!= mixed with other comparisons of one call compiles at once (libseccomp's NE hung it)" {
	printf '%s\n' 'deny madvise if addr != 2 and (length == 0x7fffffff or advice & 0x1)' >ne.policy
	JTRACE_TEST_TIMEOUT=30
	SECONDS=0
	run_traced --filter=net --policy=ne.policy "$(prog atk-cc-madvise)" 0x7fffffff
	assert_success
	assert_line "madvise: EPERM"
	((SECONDS < 4)) || fail "took ${SECONDS}s"
}

@test "a sockaddr in memfd_secret memory is denied under loopback-only (connect 192.0.2.2, in a netns)" {
	need_secretmem
	need_netns
	run_in_netns --policy=loopback-only "$(prog atk-cc-secret)" connect 192.0.2.2 80
	assert_success
	assert_line "connect: EPERM"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="connect" and .action=="deny" and .unreadable==true'
	assert_count 1 '.type=="end" and .denied==1'
}

@test "--audit counts a connect whose sockaddr is in memfd_secret memory" {
	need_secretmem
	need_netns
	run_in_netns --audit --policy=loopback-only "$(prog atk-cc-secret)" connect 192.0.2.2 80
	assert_failure 120 # --audit-exit: something would have been denied
	# It runs (audit only), in a namespace without a route.
	assert_line "connect: ENETUNREACH"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="connect" and .action=="audit"'
	assert_count 1 '.type=="end" and .audited==1'
}

@test "a path rule applies to a path in memfd_secret memory" {
	need_secretmem
	mkdir -p secret
	: >secret/file
	printf 'errno(EACCES) openat if path prefix "%s/secret"\n' "$PWD" >path.policy
	run_traced --policy=path.policy "$(prog atk-cc-secret)" open "$PWD/secret/file"
	assert_success
	assert_line "open: EACCES"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="openat" and .action=="deny"'
}

@test "an unmapped sockaddr is decided as the worst case: denied under loopback-only, not EFAULT" {
	run_traced --policy=loopback-only "$(prog atk-cc-secret)" unmapped
	assert_success
	assert_line "connect: EPERM"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="connect" and .action=="deny"'
}
