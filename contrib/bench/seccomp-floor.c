/*
 * seccomp-floor: the benchmark's "seccomp floor".  Installs, with libseccomp,
 * a filter that allows everything except one syscall no benchmark workload
 * makes (acct), for which it returns SECCOMP_RET_TRACE, then execs argv[1..].
 * That is the cheapest filter with the same shape as jtrace-run's: an
 * architecture check, number compares, constant verdicts the kernel can
 * cache.  jtrace-run --filter=net cannot cost less than this; the benchmark
 * reports how close it gets.  With no tracer attached, the one TRACE rule
 * would fail the call with ENOSYS, which nothing notices because nothing
 * makes it.
 *
 *   seccomp-floor PROG [ARGS...]
 *
 * Exit status as env(1): 125 filter set-up failed, 126 PROG could not be
 * executed, 127 PROG not found; otherwise PROG's own.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_SETUP    125
#define EXIT_CANNOT   126
#define EXIT_NOTFOUND 127

static void release_ctx(scmp_filter_ctx *ctxp)
{
	if (*ctxp)
		seccomp_release(*ctxp);
}

static int load_floor_filter(void)
{
	__attribute__((cleanup(release_ctx))) scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (!ctx)
		return -ENOMEM;
	/* The trace data value is arbitrary; nothing reads it. */
	rc = seccomp_rule_add(ctx, SCMP_ACT_TRACE(1), SCMP_SYS(acct), 0);
	if (rc < 0)
		return rc;
	/* libseccomp sets no_new_privs by default (SCMP_FLTATR_CTL_NNP). */
	return seccomp_load(ctx);
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: seccomp-floor PROG [ARGS...]\n");
		return EXIT_SETUP;
	}
	rc = load_floor_filter();
	if (rc < 0) {
		fprintf(stderr, "seccomp-floor: cannot load the filter: %s\n", strerror(-rc));
		return EXIT_SETUP;
	}
	execvp(argv[1], argv + 1);
	rc = errno;
	fprintf(stderr, "seccomp-floor: %s: %s\n", argv[1], strerror(rc));
	return rc == ENOENT ? EXIT_NOTFOUND : EXIT_CANNOT;
}
