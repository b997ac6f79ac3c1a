/* caps: --cap-add parsing and dropping every capability set (bounding,
 * effective, permitted, inheritable, ambient) in the child before the
 * seccomp filter, keeping only what --cap-add named.
 *
 * Child side (caps_drop): no stdio; libcap-ng keeps its state in static
 * storage, which is fine in the single-threaded child. */
#include <jtrace/caps.h>
#include <jtrace/util.h>

#include <cap-ng.h>
#include <ctype.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT		 47
#define PR_CAP_AMBIENT_IS_SET	 1
#define PR_CAP_AMBIENT_RAISE	 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

int caps_parse(const char *name, struct caps_opts *opts)
{
	char lower[64];
	const char *n = name;
	size_t len = 0;
	int cap = 0;

	if (!name || !*name)
		return -EINVAL;
	if (strncasecmp(n, "cap_", 4) == 0)
		n += 4;
	len = strlen(n);
	if (len == 0 || len >= sizeof(lower))
		return -EINVAL;
	for (size_t i = 0; i <= len; i++)
		lower[i] = (char)tolower((unsigned char)n[i]);
	/* Names only: a number would silently mean different things on
	 * kernels with a different CAP_LAST_CAP. */
	if (isdigit((unsigned char)lower[0]))
		return -EINVAL;
	cap = capng_name_to_capability(lower);
	if (cap < 0)
		return -EINVAL;
	for (unsigned i = 0; i < opts->n_keep; i++)
		if (opts->keep[i] == cap)
			return 0;
	if (opts->n_keep >= CAPS_MAX_KEEP)
		return -E2BIG;
	opts->keep[opts->n_keep++] = cap;
	return 0;
}

bool caps_keeps(const struct caps_opts *opts, int cap)
{
	for (unsigned i = 0; i < opts->n_keep; i++)
		if (opts->keep[i] == cap)
			return true;
	return false;
}

static int last_cap(void)
{
	int last = CAP_LAST_CAP;

	/* The running kernel may know more than our headers. */
	while (prctl(PR_CAPBSET_READ, (unsigned long)last + 1, 0, 0, 0) >= 0)
		last++;
	return last;
}

int caps_drop(const struct caps_opts *opts, const char **ret_what)
{
	int last = last_cap();
	bool can_bound = false;

	if (capng_get_caps_process() < 0) {
		*ret_what = "read the capability sets";
		return -EIO;
	}
	can_bound = capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP) == 1;

	/* Bounding set first, while CAP_SETPCAP is still effective.  Without
	 * it (an unprivileged caller without --ns) the bounding set cannot
	 * shrink; that is harmless because no_new_privs, set next by the
	 * launcher, keeps execve from granting anything from it. */
	if (can_bound) {
		for (int c = 0; c <= last; c++) {
			if (caps_keeps(opts, c) ||
			    prctl(PR_CAPBSET_READ, (unsigned long)c, 0, 0, 0) != 1)
				continue;
			if (prctl(PR_CAPBSET_DROP, (unsigned long)c, 0, 0, 0) < 0) {
				*ret_what = "drop the bounding set";
				return -errno;
			}
		}
	}
	/* Ambient first cleared (it needs no privilege) so nothing stale
	 * remains; raised again below for the kept ones. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) {
		*ret_what = "clear the ambient set";
		return -errno;
	}

	capng_clear(CAPNG_SELECT_CAPS);
	for (unsigned i = 0; i < opts->n_keep; i++) {
		int c = opts->keep[i];

		if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_INHERITABLE,
				 (unsigned)c) < 0) {
			*ret_what = "--cap-add: unknown capability";
			return -EINVAL;
		}
	}
	/* Lowering needs no privilege; raising a kept capability that we
	 * do not hold fails here with EPERM, which is the right answer. */
	if (capng_apply(CAPNG_SELECT_CAPS) < 0) {
		*ret_what = "--cap-add: capability not held, cannot keep it";
		return -EPERM;
	}
	/* Ambient, so kept capabilities survive execve of a program that is
	 * not setuid-root and has no file capabilities, e.g. with --uid N. */
	for (unsigned i = 0; i < opts->n_keep; i++) {
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)opts->keep[i], 0,
			  0) < 0) {
			*ret_what = "--cap-add: raise in the ambient set";
			return -errno;
		}
	}

	/* Read back: what the program starts with is exactly the kept set. */
	if (capng_get_caps_process() < 0) {
		*ret_what = "read back the capability sets";
		return -EIO;
	}
	for (int c = 0; c <= last; c++) {
		bool want = caps_keeps(opts, c);

		if (capng_have_capability(CAPNG_EFFECTIVE, (unsigned)c) != want ||
		    capng_have_capability(CAPNG_PERMITTED, (unsigned)c) != want ||
		    capng_have_capability(CAPNG_INHERITABLE, (unsigned)c) != want) {
			*ret_what = "capabilities still present after the drop";
			return -EPERM;
		}
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, (unsigned long)c, 0, 0) == 1 &&
		    !want) {
			*ret_what = "ambient capabilities still present after the drop";
			return -EPERM;
		}
		if (can_bound && !want && prctl(PR_CAPBSET_READ, (unsigned long)c, 0, 0, 0) == 1) {
			*ret_what = "bounding set not empty after the drop";
			return -EPERM;
		}
	}
	return 0;
}
