#!/usr/bin/env bats
# attack-table: every argument is read at its C type, and a foreign ABI's
# calls meet the rules of the native call they are (issue 19 items 3, 6,
# 18b).  The calls are made by tests/progs/atk-table-call with exactly the
# register values given, high garbage bits included.

load helpers

# x86_64 numbers (asm/unistd_64.h) and i386 ones (asm/unistd_32.h).
NR_personality=135
NR_flock=73
I386_socket=359
I386_chown32=212
I386_truncate64=193
I386_stat64=195
I386_break=17

policy() {
	cat >"$BATS_TEST_TMPDIR/$1"
}

call() {
	run_traced "$@"
}

# i386_or_skip: the kernel has the i386 entry (IA32 emulation).
i386_or_skip() {
	run "$(prog atk-table-call)" "i386:20"
	if [[ $status -ge 128 || $output == "i386:20 ENOSYS" ]]; then
		skip "no i386 entry here (status $status): $output"
	fi
	assert_success
	assert_output --regexp '^i386:20 ok [0-9]+$'
}

@test "personality(0x100400000) is the persona 0x0400000 the rule names: denied, under any --filter" {
	policy p.policy <<-'EOF'
		deny personality if persona == 0x0400000
	EOF
	# The kernel takes an unsigned int: 0x100400000 sets READ_IMPLIES_EXEC.
	for filter in all write; do
		call --policy=p.policy --filter=$filter -- "$(prog atk-table-call)" \
			"$NR_personality,0x100400000" "$NR_personality,0x0400000" "$NR_personality,0x0"
		assert_success
		assert_line "$NR_personality,0x100400000 EPERM"
		assert_line "$NR_personality,0x0400000 EPERM"
		assert_line --regexp "^$NR_personality,0x0 ok "
		validate_log
		assert_count 2 '.type=="syscall" and .name=="personality" and .action=="deny" and .rule=="p.policy:1"'
		# The log shows what the kernel sees, not the register.
		assert_count 2 '.type=="syscall" and .name=="personality" and .args.persona=="0x400000"'
	done
}

@test "flock(fd, 0x100000002) is LOCK_EX: denied by 'deny flock if operation == 2', under any --filter" {
	policy p.policy <<-'EOF'
		deny flock if operation == 2
	EOF
	: >"$BATS_TEST_TMPDIR/lockme"
	for filter in all write; do
		call --policy=p.policy --filter=$filter -- "$(prog atk-table-call)" \
			"$NR_flock,0,0x100000002" "$NR_flock,0,2" "$NR_flock,0,8" <"$BATS_TEST_TMPDIR/lockme"
		assert_success
		assert_line "$NR_flock,0,0x100000002 EPERM"
		assert_line "$NR_flock,0,2 EPERM"
		assert_line "$NR_flock,0,8 ok 0"
		validate_log
		assert_count 2 '.type=="syscall" and .name=="flock" and .action=="deny"'
	done
}

@test "a signed int argument sign-extends from 32 bits: socket(0xffffffff00000002) is AF_INET" {
	policy p.policy <<-'EOF'
		deny socket if domain == AF_INET
		deny socket if domain < 0
	EOF
	call --policy=p.policy --filter=write -- "$(prog atk-table-call)" \
		"41,0xffffffff00000002,1,0" "41,0x00000000ffffffff,1,0" "41,0xffffffffffffffff,1,0"
	assert_success
	assert_line "41,0xffffffff00000002,1,0 EPERM"
	# -1 however it is written in the register: the rule on line 2.
	assert_line "41,0x00000000ffffffff,1,0 EPERM"
	assert_line "41,0xffffffffffffffff,1,0 EPERM"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="socket" and .rule=="p.policy:1"'
	assert_count 2 '.type=="syscall" and .name=="socket" and .rule=="p.policy:2"'
}

@test "arch i386 + no-network: int 0x80 socket (i386 359) meets 'socket if domain != AF_UNIX'" {
	i386_or_skip
	policy p.policy <<-'EOF'
		include no-network
		arch i386
	EOF
	call --policy=p.policy -- "$(prog atk-table-call)" \
		"i386:$I386_socket,2,1,0" "i386:$I386_socket,1,1,0"
	assert_success
	assert_line "i386:$I386_socket,2,1,0 EPERM"
	assert_line --regexp "^i386:$I386_socket,1,1,0 ok [0-9]+$"
	validate_log
	assert_count 1 '.type=="syscall" and .arch=="i386" and .name=="socket" and .action=="deny"'
}

@test "arch i386 + no-network: socketcall(SYS_SOCKET) is socket: decided on the domain it passes" {
	i386_or_skip
	policy p.policy <<-'EOF'
		include no-network
		arch i386
	EOF
	# socketcall is i386 102; SYS_SOCKET 1, SYS_SOCKETPAIR 8; an unknown
	# sub-call (99) gets the default (allow here), EINVAL from the kernel.
	call --policy=p.policy -- "$(prog atk-table-call)" \
		"i386:102,1,w=2:1:0" "i386:102,1,w=1:1:0" "i386:102,8,w=2:1:0:0" "i386:102,99,w=0" \
		"i386:102,1,0x10"
	assert_success
	assert_line "i386:102,1,w=2:1:0 EPERM"
	assert_line --regexp "^i386:102,1,w=1:1:0 ok [0-9]+$"
	assert_line "i386:102,8,w=2:1:0:0 EPERM"
	assert_line "i386:102,99,w=0 EINVAL"
	# Arguments jtrace cannot read: the kernel cannot either (EFAULT), or
	# the rule denies the call as it reads (zeroes: domain 0).
	assert_line --regexp '^i386:102,1,0x10 (EFAULT|EPERM)$'
	validate_log
	assert_count 3 '.type=="syscall" and .arch=="i386" and .name=="socketcall" and .action=="deny" and (.rule | test("no-network.policy:[0-9]+$"))'
}

@test "arch i386: ipc(SHMGET) is shmget, ipc(MSGGET) msgget: a rule on the native call decides them" {
	i386_or_skip
	policy p.policy <<-'EOF'
		arch i386
		errno(EACCES) shmget
		errno(ENOTDIR) msgget if msgflg & 0x1000
	EOF
	# ipc is i386 117: SHMGET 23, MSGGET 13.  A key nobody uses and no
	# IPC_CREAT, so that nothing is created even where a call runs: ENOENT.
	call --policy=p.policy -- "$(prog atk-table-call)" \
		"i386:117,23,0x4a545243,4096,0" "i386:117,13,0x4a545243,0x1000" \
		"i386:117,13,0x4a545243,0"
	assert_success
	assert_line "i386:117,23,0x4a545243,4096,0 EACCES"
	assert_line "i386:117,13,0x4a545243,0x1000 ENOTDIR"
	assert_line "i386:117,13,0x4a545243,0 ENOENT"
	validate_log
	assert_count 2 '.type=="syscall" and .arch=="i386" and .name=="ipc" and .action=="deny"'
}

@test "arch i386: old_mmap (90) is mmap, its arguments read from the block it points to" {
	i386_or_skip
	# A condition the program's own native mmaps never meet: fd 1234 (an
	# anonymous mapping ignores its fd).
	policy p.policy <<-'EOF'
		arch i386
		deny mmap if fd == 1234 and prot & PROT_EXEC
	EOF
	# struct mmap_arg_struct {addr, len, prot, flags, fd, offset}: an
	# anonymous private page, PROT_READ|PROT_WRITE|PROT_EXEC and then RW.
	call --policy=p.policy -- "$(prog atk-table-call)" \
		"i386:90,w=0:4096:7:0x22:1234:0" "i386:90,w=0:4096:3:0x22:1234:0"
	assert_success
	assert_line "i386:90,w=0:4096:7:0x22:1234:0 EPERM"
	assert_line --regexp "^i386:90,w=0:4096:3:0x22:1234:0 ok -?[0-9]+$"
	validate_log
	assert_count 1 '.type=="syscall" and .arch=="i386" and .name=="mmap" and .action=="deny"'
}

@test "arch i386 + read-only-fs: chown32 and truncate64 are chown and truncate" {
	i386_or_skip
	policy p.policy <<-'EOF'
		include read-only-fs
		arch i386
	EOF
	call --policy=p.policy -- "$(prog atk-table-call)" \
		"i386:$I386_chown32,s=/etc/jtrace-no-such-file,0,0" \
		"i386:$I386_truncate64,s=/etc/jtrace-no-such-file,0,0" \
		"i386:$I386_truncate64,s=/tmp/jtrace-no-such-dir/f,0,0"
	assert_success
	assert_line "i386:$I386_chown32,s=/etc/jtrace-no-such-file,0,0 EROFS"
	assert_line "i386:$I386_truncate64,s=/etc/jtrace-no-such-file,0,0 EROFS"
	# Under /tmp the rule does not apply: the kernel runs it.
	assert_line "i386:$I386_truncate64,s=/tmp/jtrace-no-such-dir/f,0,0 ENOENT"
	validate_log
	assert_count 1 '.type=="syscall" and .arch=="i386" and .name=="chown32" and .action=="deny"'
	assert_count 1 '.type=="syscall" and .arch=="i386" and .name=="truncate64" and .action=="deny"'
}

@test "arch i386: a rule naming stat covers stat64; a call the table does not know gets the default" {
	i386_or_skip
	policy p.policy <<-'EOF'
		default errno(EPERM)
		arch i386
		errno(EACCES) stat
		allow all
	EOF
	call --policy=p.policy -- "$(prog atk-table-call)" \
		"i386:$I386_stat64,s=/,buf" "i386:$I386_break"
	assert_success
	assert_line "i386:$I386_stat64,s=/,buf EACCES"
	# break is ENOSYS in every kernel: EPERM says jtrace decided it.
	assert_line "i386:$I386_break EPERM"
	validate_log
	assert_count 1 '.type=="syscall" and .arch=="i386" and .name=="stat64" and .rule=="p.policy:3"'
}

@test "umode_t is 16 bits: chmod(path, 0x10000|04755) is the mode 04755 the rule names, under any --filter" {
	policy p.policy <<-'EOF'
		deny chmod if mode == 04755
	EOF
	: >"$BATS_TEST_TMPDIR/f"
	for filter in all write; do
		call --policy=p.policy --filter=$filter -- "$(prog atk-table-call)" \
			"90,s=$BATS_TEST_TMPDIR/f,0x109ed" "90,s=$BATS_TEST_TMPDIR/f,0x1a4"
		assert_success
		assert_line "90,s=$BATS_TEST_TMPDIR/f,0x109ed EPERM"
		assert_line "90,s=$BATS_TEST_TMPDIR/f,0x1a4 ok 0"
		validate_log
		assert_count 1 '.type=="syscall" and .name=="chmod" and .action=="deny" and .args.mode=="04755"'
	done
}

@test "the seccomp-listener guard reads seccomp's op at its C type: seccomp(0x100000001, NEW_LISTENER) is refused" {
	policy p.policy <<-'EOF'
		deny execveat
	EOF
	# 317 is seccomp; op SECCOMP_SET_MODE_FILTER (1) with high bits, flags
	# SECCOMP_FILTER_FLAG_NEW_LISTENER (8), a NULL program (EFAULT if run).
	call --policy=p.policy -- "$(prog atk-table-call)" "317,0x100000001,8,0"
	assert_success
	assert_line "317,0x100000001,8,0 EPERM"
	validate_log
	assert_count 1 '.type=="syscall" and .name=="seccomp" and .action=="deny" and .rule=="floor:seccomp-listener"'
}
