/* filter: the seccomp program that decides which calls stop.
 *
 * Built with libseccomp (default ALLOW, SCMP_ACT_TRACE for each call that
 * must stop), exported as raw BPF into memory by the tracer, and installed
 * in the child with a single seccomp(2) call just before execve.
 *
 * The program libseccomp generates has this shape (see filter.h):
 *   ld  [arch]          ; jne AUDIT_ARCH_X86_64 -> bad-arch action (TRACE)
 *   ld  [nr]            ; jge 0x40000000 (x32) -> bad-arch action
 *   jeq nr_1 -> TRACE ... jeq nr_n -> TRACE   (a linear chain)
 *   below the guarded calls' leaves: argument compares (floor.c), on the
 *   low 32 bits where the kernel reads an int
 *   ret ALLOW
 * Every other call only loads arch and nr and compares constants, which is
 * what lets the kernel's seccomp action cache (5.11+) allow it without
 * running the program.  filter_constant_action() computes that, and a unit
 * test keeps it so.
 *
 * Whatever stopped a call, the tracer decides it from its own view
 * (floor.c): the TRACE data is one constant that nobody reads. */
#include <jtrace/filter.h>
#include <jtrace/util.h>

#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

static void ctx_release(scmp_filter_ctx *ctx)
{
	if (*ctx)
		seccomp_release(*ctx);
}
#define cleanup_seccomp __attribute__((cleanup(ctx_release)))

/* Read back what seccomp_export_bpf wrote (libseccomp 2.5 has no in-memory
 * export). */
static int export_bpf(scmp_filter_ctx ctx, struct filter_prog *ret_prog)
{
	cleanup_fd int fd = memfd_create("jtrace-filter", MFD_CLOEXEC);
	cleanup_free struct sock_filter *insns = NULL;
	off_t size = 0;
	int r = 0;

	if (fd < 0)
		return -errno;
	r = seccomp_export_bpf(ctx, fd);
	if (r < 0)
		return r;
	size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % (off_t)sizeof(struct sock_filter) != 0 ||
	    size / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS)
		return -EINVAL;
	insns = malloc((size_t)size);
	if (!insns)
		return -ENOMEM;
	if (pread(fd, insns, (size_t)size, 0) != size)
		return -EIO;
	ret_prog->insns = steal_pointer(&insns);
	ret_prog->len = (unsigned short)(size / (off_t)sizeof(struct sock_filter));
	return 0;
}

/* io_uring submits I/O the filter never sees: when a policy restricts file
 * or network calls, the floor denies it (see DESIGN.md). */
static const char *const io_uring_calls[] = {"io_uring_setup", "io_uring_enter",
					      "io_uring_register"};

bool filter_is_io_uring(const struct syscall_sig *sig)
{
	for (size_t i = 0; sig && i < JT_ARRAY_SIZE(io_uring_calls); i++)
		if (strcmp(sig->name, io_uring_calls[i]) == 0)
			return true;
	return false;
}

#define ACT_TRACE SCMP_ACT_TRACE(FILTER_TRACE_DATA)

static int add_trace(scmp_filter_ctx ctx, size_t index)
{
	long nr = syscalls_nr(index, syscalls_native_arch());
	int r = 0;

	if (nr < 0)
		return 0; /* not on this architecture */
	r = seccomp_rule_add(ctx, ACT_TRACE, (int)nr, 0);
	return r == -EEXIST ? 0 : r;
}

/* Stop the calls in @names (not already stopped). */
static int add_named(scmp_filter_ctx ctx, const char *const *names, size_t n,
		     struct syscall_set *stopped)
{
	for (size_t i = 0; i < n; i++) {
		long idx = syscalls_index_by_name(names[i]);
		int r = 0;

		if (idx < 0 || syscall_set_has(stopped, (size_t)idx))
			continue;
		r = add_trace(ctx, (size_t)idx);
		if (r < 0)
			return r;
		syscall_set_add(stopped, (size_t)idx);
	}
	return 0;
}

static const char *const affinity_calls[] = {"sched_getaffinity"};

/* Stop clone when its flags (the kernel takes their low 32 bits) have
 * CLONE_UNTRACED, a bit test on the low half whatever the upper half
 * holds: a constant compare on one argument, so only this call leaves the
 * kernel's action cache, and fork() stays stop-free.
 * Not added to the stopped set: the policy's own rules on clone are added
 * beside it (one action, ORed). */
static int add_untraced_check(scmp_filter_ctx ctx, const struct syscall_set *stopped)
{
	long idx = syscalls_index_by_name("clone");
	long nr = idx < 0 ? -1 : syscalls_nr((size_t)idx, syscalls_native_arch());
	struct scmp_arg_cmp cmp = {.arg = 0, .op = SCMP_CMP_MASKED_EQ, .datum_a = CLONE_UNTRACED,
				   .datum_b = CLONE_UNTRACED};
	int r = 0;

	if (nr < 0 || syscall_set_has(stopped, (size_t)idx))
		return 0;
	r = seccomp_rule_add_array(ctx, ACT_TRACE, (int)nr, 1, &cmp);
	return r == -EEXIST ? 0 : r;
}

bool filter_selects_all(const struct syscall_set *set)
{
	for (size_t i = 0; i < syscall_table_len; i++)
		if (!syscall_set_has(set, i) && syscalls_nr(i, syscalls_native_arch()) >= 0)
			return false;
	return true;
}

int filter_build(const struct filter_request *req, struct filter_prog *ret_prog)
{
	const struct syscall_set *set = req->selected;
	const struct policy *policy = req->policy;
	/* --filter=all without a policy (the default): every call stops, so
	 * the program is a constant TRACE and needs no rule at all, which
	 * saves libseccomp ~2 ms of tree building at every start. */
	bool trace_all = !policy && filter_selects_all(set);
	cleanup_seccomp scmp_filter_ctx ctx = seccomp_init(trace_all ? ACT_TRACE : SCMP_ACT_ALLOW);
	int r = 0;

	if (!ctx)
		return -ENOMEM;
	/* Foreign ABIs stop: shown when tracing, killed under a policy that
	 * does not name them (floor.c). */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, ACT_TRACE);
	if (r < 0)
		return r;
	/* NNP is set by the launcher itself, in the right order. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (r < 0)
		return r;
	/* Not libseccomp's binary tree (SCMP_FLTATR_CTL_OPTIMIZE 2): 2.5.4
	 * miscompiles it when several calls compare arguments ('deny read
	 * ioctl if fd <= 0x10000000' plus 'log ioctl if fd >= 8 and request
	 * <= 8' let ioctl(8, 0xffffff9c) through; tests/fuzz/fuzz-prefilter).
	 * The linear chain costs a few compares more on the calls that are
	 * not in the kernel's action cache anyway. */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 1);
	if (r < 0)
		return r;
	if (trace_all)
		return export_bpf(ctx, ret_prog);
	struct syscall_set stopped = *set;

	for (size_t i = 0; i < syscall_table_len; i++) {
		if (!syscall_set_has(set, i))
			continue;
		r = add_trace(ctx, i);
		if (r < 0)
			return r;
	}
	/* CLONE_UNTRACED would start a child the tracer never sees, so the
	 * tracer must see it to clear the flag (clone3 is refused, floor.c). */
	r = add_untraced_check(ctx, &stopped);
	if (r < 0)
		return r;
	/* The floor: what could reach the tracer, open a seccomp listener
	 * (USER_NOTIF outranks TRACE), start a child whose flags are in
	 * memory (clone3), or, under --ns, give a file a set-id bit. */
	r = floor_compile(ctx, &req->tracer,
			  (policy ? FLOOR_UNDER_POLICY : 0u) | (req->no_setid ? FLOOR_NO_SETID : 0u),
			  &stopped, ACT_TRACE);
	if (r < 0)
		return r;
	if (req->watch_affinity) {
		r = add_named(ctx, affinity_calls, JT_ARRAY_SIZE(affinity_calls), &stopped);
		if (r < 0)
			return r;
	}
	if (policy) {
		if (policy_denies_io_uring(policy)) {
			r = add_named(ctx, io_uring_calls, JT_ARRAY_SIZE(io_uring_calls), &stopped);
			if (r < 0)
				return r;
		}
		r = policy_compile(policy, ctx, &stopped, FILTER_TRACE_DATA);
		if (r < 0)
			return r;
	}
	return export_bpf(ctx, ret_prog);
}

void filter_prog_free(struct filter_prog *prog)
{
	free(prog->insns);
	prog->insns = NULL;
	prog->len = 0;
}

int filter_install(const struct filter_prog *prog)
{
	struct sock_fprog fprog = {.len = prog->len, .filter = prog->insns};

	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0)
		return -errno;
	return 0;
}

int filter_is_cacheable(const struct filter_prog *prog)
{
	for (unsigned i = 0; i < prog->len; i++) {
		const struct sock_filter *in = &prog->insns[i];

		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
			if (in->code != (BPF_LD | BPF_W | BPF_ABS))
				return 0;
			if (in->k != offsetof(struct seccomp_data, nr) &&
			    in->k != offsetof(struct seccomp_data, arch))
				return 0;
			break;
		case BPF_JMP:
			if (BPF_OP(in->code) != BPF_JA && BPF_SRC(in->code) != BPF_K)
				return 0;
			break;
		case BPF_RET:
			if (BPF_RVAL(in->code) != BPF_K)
				return 0;
			break;
		default:
			return 0;
		}
	}
	return 1;
}

int64_t filter_constant_action(const struct filter_prog *prog, uint32_t arch, int nr)
{
	uint32_t acc = 0;

	for (unsigned pc = 0; pc < prog->len; pc++) {
		const struct sock_filter *in = &prog->insns[pc];

		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
			if (in->code != (BPF_LD | BPF_W | BPF_ABS))
				return -1;
			if (in->k == offsetof(struct seccomp_data, nr))
				acc = (uint32_t)nr;
			else if (in->k == offsetof(struct seccomp_data, arch))
				acc = arch;
			else
				return -1; /* args or instruction pointer: not constant */
			break;
		case BPF_JMP: {
			bool taken = false;

			if (BPF_OP(in->code) == BPF_JA) {
				pc += in->k;
				continue;
			}
			if (BPF_SRC(in->code) != BPF_K)
				return -1;
			switch (BPF_OP(in->code)) {
			case BPF_JEQ:
				taken = acc == in->k;
				break;
			case BPF_JGT:
				taken = acc > in->k;
				break;
			case BPF_JGE:
				taken = acc >= in->k;
				break;
			case BPF_JSET:
				taken = (acc & in->k) != 0;
				break;
			default:
				return -1;
			}
			pc += taken ? in->jt : in->jf;
			break;
		}
		case BPF_RET:
			if (BPF_RVAL(in->code) != BPF_K)
				return -1;
			return in->k;
		default:
			return -1;
		}
	}
	return -1;
}
