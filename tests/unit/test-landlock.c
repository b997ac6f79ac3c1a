/* test-landlock: the Landlock plan (src/run/landlock.c) for every kind of run
 * on every ABI a kernel may have: which form of domain, which scopes, and
 * when the run is refused or warned about instead of run weaker.  Pure: no
 * domain is entered. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include <jtrace/landlock.h>

#include "check.h"

#define FS_MAKE_BLOCK  (1ULL << 11)
#define FS_REFER       (1ULL << 13)
#define SCOPE_ABSTRACT (1ULL << 0)
#define SCOPE_SIGNAL   (1ULL << 1)

enum run_kind { PLAIN, POLICY, NS, NS_NO_PID, POLICY_NS_NO_PID, NS_JOIN, KINDS };

static const char *const kind_names[KINDS] = {
	"plain", "policy", "--ns", "--ns=user,net", "policy --ns=user,net", "--ns-join"};

static void options_for(enum run_kind k, struct run_options *o)
{
	memset(o, 0, sizeof(*o));
	if (k == POLICY || k == POLICY_NS_NO_PID) {
		o->policies[0] = "no-network";
		o->n_policies = 1;
	}
	if (k == NS) {
		o->ns.enabled = true;
		o->ns.clone_flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET;
	}
	if (k == NS_NO_PID || k == POLICY_NS_NO_PID) {
		o->ns.enabled = true;
		o->ns.clone_flags = CLONE_NEWUSER | CLONE_NEWNET;
	}
	if (k == NS_JOIN)
		o->ns.join_pid = 1;
}

struct want {
	uint64_t fs, scoped;
	bool refused, warned;
};

static void check_plan(int abi, enum run_kind k, struct want w)
{
	struct run_options o;
	struct landlock_plan p;

	options_for(k, &o);
	landlock_plan(&o, abi, &p);
	CHECK(p.abi == abi, "abi %d %s: abi %d", abi, kind_names[k], p.abi);
	CHECK(p.handled_fs == w.fs, "abi %d %s: fs %#llx, want %#llx", abi, kind_names[k],
	      (unsigned long long)p.handled_fs, (unsigned long long)w.fs);
	CHECK(p.scoped == w.scoped, "abi %d %s: scoped %#llx, want %#llx", abi, kind_names[k],
	      (unsigned long long)p.scoped, (unsigned long long)w.scoped);
	CHECK(p.ptrace_wall == (w.fs || w.scoped), "abi %d %s: wall %d", abi, kind_names[k],
	      p.ptrace_wall);
	CHECK(!!p.refusal == w.refused, "abi %d %s: refusal %s", abi, kind_names[k],
	      p.refusal ? p.refusal : "(none)");
	CHECK(!!p.warning == w.warned, "abi %d %s: warning %s", abi, kind_names[k],
	      p.warning ? p.warning : "(none)");
}

int main(void)
{
	const uint64_t fs2 = FS_MAKE_BLOCK | FS_REFER;

	for (int abi = 6; abi <= 8; abi++) {
		/* Plain tracing (and --ns-join) keep the program's world whole. */
		check_plan(abi, PLAIN, (struct want){0});
		check_plan(abi, NS_JOIN, (struct want){0});
		/* Confinement: scopes only, the filesystem and mounts untouched. */
		check_plan(abi, POLICY, (struct want){.scoped = SCOPE_SIGNAL});
		check_plan(abi, NS, (struct want){.scoped = SCOPE_SIGNAL | SCOPE_ABSTRACT});
		check_plan(abi, NS_NO_PID, (struct want){.scoped = SCOPE_SIGNAL | SCOPE_ABSTRACT});
		check_plan(abi, POLICY_NS_NO_PID,
			   (struct want){.scoped = SCOPE_SIGNAL | SCOPE_ABSTRACT});
	}
	for (int abi = 2; abi <= 5; abi++) {
		check_plan(abi, PLAIN, (struct want){0});
		check_plan(abi, NS_JOIN, (struct want){0});
		/* No signal scope: said, unless a pid namespace hides every pid. */
		check_plan(abi, POLICY, (struct want){.fs = fs2, .warned = true});
		check_plan(abi, NS, (struct want){.fs = fs2});
		check_plan(abi, NS_NO_PID, (struct want){.fs = fs2, .warned = true});
		check_plan(abi, POLICY_NS_NO_PID, (struct want){.fs = fs2, .warned = true});
	}
	/* ABI 1: no REFER; the fs form would break renames, so only under
	 * confinement, and said. */
	check_plan(1, PLAIN, (struct want){0});
	check_plan(1, NS_JOIN, (struct want){0});
	check_plan(1, POLICY, (struct want){.fs = FS_MAKE_BLOCK, .warned = true});
	check_plan(1, NS, (struct want){.fs = FS_MAKE_BLOCK, .warned = true});
	check_plan(1, POLICY_NS_NO_PID, (struct want){.fs = FS_MAKE_BLOCK, .warned = true});
	/* No Landlock: a policy without a pid namespace is refused. */
	check_plan(0, PLAIN, (struct want){0});
	check_plan(0, NS_JOIN, (struct want){0});
	check_plan(0, POLICY, (struct want){.refused = true});
	check_plan(0, POLICY_NS_NO_PID, (struct want){.refused = true});
	check_plan(0, NS, (struct want){.warned = true});
	check_plan(0, NS_NO_PID, (struct want){.warned = true});
	/* landlock_abi's errno says why there is none; the plan keeps it. */
	{
		struct run_options o;
		struct landlock_plan p;

		options_for(POLICY, &o);
		landlock_plan(&o, -EPERM, &p);
		CHECK(p.abi == 0 && p.unavailable == EPERM && p.refusal && !p.ptrace_wall,
		      "-EPERM: abi %d unavailable %d", p.abi, p.unavailable);
		landlock_plan(&o, 0, &p);
		CHECK(p.unavailable == ENOSYS, "0: unavailable %d", p.unavailable);
		landlock_plan(&o, 7, &p);
		CHECK(p.unavailable == 0, "7: unavailable %d", p.unavailable);
	}
	return check_exit_status("test-landlock");
}
