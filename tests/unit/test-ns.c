/* test-ns: the side-effect-free parts of the sandbox modules -- --ns=LIST
 * parsing (src/run/ns.c), --cap-add parsing (src/run/caps.c), the NSpid look-up on
 * ourselves and the refusal messages (src/run/ns-env.c) -- without privileges
 * and without creating any namespace. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/capability.h>

#include <jtrace/caps.h>
#include <jtrace/ns.h>
#include <jtrace/util.h>

#include "check.h"

#define ALL_BUT_TIME                                                                               \
	(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | \
	 CLONE_NEWCGROUP)

static void test_ns_default_is_all_but_time(void)
{
	struct ns_opts o = {0};

	CHECK(ns_parse_list(NULL, &o, NULL) == 0, "NULL list");
	CHECK(o.enabled, "--ns enables the sandbox");
	CHECK(o.clone_flags == ALL_BUT_TIME, "flags %#x", o.clone_flags);
	CHECK(!(o.clone_flags & CLONE_NEWTIME), "time is opt-in");
}

static void test_ns_list_picks_subset(void)
{
	struct ns_opts o = {0};

	CHECK(ns_parse_list("user,net", &o, NULL) == 0, "user,net");
	CHECK(o.clone_flags == (CLONE_NEWUSER | CLONE_NEWNET), "flags %#x", o.clone_flags);
	CHECK(ns_parse_list("pid,mnt,uts,ipc,cgroup,time", &o, NULL) == 0, "the rest");
	CHECK(o.clone_flags == (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
				CLONE_NEWCGROUP | CLONE_NEWTIME),
	      "flags %#x", o.clone_flags);
	CHECK(ns_parse_list("mount,network", &o, NULL) == 0, "aliases");
	CHECK(o.clone_flags == (CLONE_NEWNS | CLONE_NEWNET), "flags %#x", o.clone_flags);
	CHECK(ns_parse_list("all", &o, NULL) == 0, "all");
	CHECK(o.clone_flags == ALL_BUT_TIME, "all = default, flags %#x", o.clone_flags);
	CHECK(ns_parse_list("user,user", &o, NULL) == 0, "a repeated name is harmless");
	CHECK(o.clone_flags == CLONE_NEWUSER, "flags %#x", o.clone_flags);
}

static void test_ns_list_rejects_and_names_bad_item(void)
{
	struct ns_opts o = {0};
	const char *bad = NULL;

	o.clone_flags = CLONE_NEWUTS;
	CHECK(ns_parse_list("user,bogus,net", &o, &bad) == -EINVAL, "unknown name");
	CHECK(bad && strcmp(bad, "bogus") == 0, "bad item '%s'", bad ? bad : "(null)");
	CHECK(!o.enabled && o.clone_flags == CLONE_NEWUTS, "a failed parse changes nothing");
	bad = NULL;
	CHECK(ns_parse_list("user,", &o, &bad) == -EINVAL, "empty item at the end");
	CHECK(bad && *bad == '\0', "bad item is the empty one");
	CHECK(ns_parse_list("", &o, &bad) == -EINVAL, "empty list");
	CHECK(ns_parse_list("USER", &o, &bad) == -EINVAL,
	      "names are lower case, as in /proc/PID/ns");
	CHECK(ns_parse_list("us", &o, &bad) == -EINVAL, "no prefixes");
	CHECK(ns_parse_list("users", &o, &bad) == -EINVAL, "no longer names");
}

static void test_ns_effective_flags(void)
{
	struct ns_opts o = {0};

	CHECK(ns_effective_flags(&o) == 0, "nothing without --ns");
	ns_parse_list(NULL, &o, NULL);
	o.share_net = true;
	CHECK(ns_effective_flags(&o) == (ALL_BUT_TIME & ~CLONE_NEWNET), "--share-net drops net");
	CHECK(strcmp(ns_flag_name(CLONE_NEWNS), "mnt") == 0, "mnt is /proc/PID/ns/mnt");
	CHECK(ns_flag_name(CLONE_VM) == NULL, "not a namespace");
}

static void test_ns_inner_pid_of_self(void)
{
	pid_t p = ns_inner_pid(getpid());

	/* Not nested (the common case for the test run): our own pid.  In a
	 * container, NSpid's last field is still what getpid() says. */
	CHECK(p == getpid(), "ns_inner_pid(self) = %d, getpid() = %d", (int)p, (int)getpid());
	CHECK(ns_inner_pid(0x3fffffff) < 0, "a pid that does not exist");
}

static void test_ns_explain_names_the_cause(void)
{
	const char *m = ns_explain_failure(EINVAL, CLONE_NEWUSER | CLONE_NEWNET);

	CHECK(m && strstr(m, "user,net"), "names the namespaces: %s", m);
	CHECK(!strchr(m, '\n'), "one line: %s", m);
	m = ns_explain_failure(-EUSERS, CLONE_NEWUSER);
	CHECK(strstr(m, "nested"), "EUSERS is nesting: %s", m);
	m = ns_explain_failure(EPERM, CLONE_NEWNET);
	CHECK(m && *m && !strchr(m, '\n'), "EPERM: %s", m);
	if (geteuid() != 0 && access("/proc/sys/user/max_net_namespaces", F_OK) == 0)
		CHECK(strstr(m, "CAP_SYS_ADMIN") || strstr(m, "seccomp") || strstr(m, "disabled"),
		      "net without user, unprivileged: %s", m);
}

static void test_caps_parse_names(void)
{
	struct caps_opts c = {0};

	CHECK(caps_parse("CAP_NET_ADMIN", &c) == 0, "CAP_NET_ADMIN");
	CHECK(caps_parse("net_bind_service", &c) == 0, "without prefix, lower case");
	CHECK(caps_parse("cap_sys_ptrace", &c) == 0, "cap_ prefix, lower case");
	CHECK(caps_parse("Cap_Chown", &c) == 0, "mixed case");
	CHECK(c.n_keep == 4, "n_keep %u", c.n_keep);
	CHECK(c.keep[0] == CAP_NET_ADMIN && c.keep[1] == CAP_NET_BIND_SERVICE &&
		      c.keep[2] == CAP_SYS_PTRACE && c.keep[3] == CAP_CHOWN,
	      "%d %d %d %d", c.keep[0], c.keep[1], c.keep[2], c.keep[3]);
	CHECK(caps_parse("NET_ADMIN", &c) == 0 && c.n_keep == 4, "a repeat is kept once");
}

static void test_caps_parse_rejects(void)
{
	struct caps_opts c = {0};

	CHECK(caps_parse("CAP_BOGUS", &c) == -EINVAL, "unknown");
	CHECK(caps_parse("", &c) == -EINVAL, "empty");
	CHECK(caps_parse("CAP_", &c) == -EINVAL, "prefix only");
	CHECK(caps_parse("12", &c) == -EINVAL, "numbers are not names");
	CHECK(caps_parse("ALL", &c) == -EINVAL, "ALL is not a capability");
	CHECK(c.n_keep == 0, "nothing added, n_keep %u", c.n_keep);
}

static void test_caps_parse_full(void)
{
	struct caps_opts c = {0};

	CHECK(CAPS_MAX_KEEP > CAP_LAST_CAP, "room for every capability");
	c.n_keep = CAPS_MAX_KEEP;
	CHECK(caps_parse("sys_admin", &c) == -E2BIG, "the table is full");
	CHECK(c.n_keep == CAPS_MAX_KEEP, "n_keep %u", c.n_keep);
}

int main(void)
{
	test_ns_default_is_all_but_time();
	test_ns_list_picks_subset();
	test_ns_list_rejects_and_names_bad_item();
	test_ns_effective_flags();
	test_ns_inner_pid_of_self();
	test_ns_explain_names_the_cause();
	test_caps_parse_names();
	test_caps_parse_rejects();
	test_caps_parse_full();
	return check_exit_status("test-ns");
}
