/* caps: dropping capabilities (libcap-ng) and setting no_new_privs in the
 * child before the seccomp filter is installed. */
#pragma once

#include <stdbool.h>

#define CAPS_MAX_KEEP 64

struct caps_opts {
	int keep[CAPS_MAX_KEEP]; /* --cap-add CAP_X, as capability numbers */
	unsigned n_keep;
};

/* Parse "CAP_NET_ADMIN" / "net_admin" / "ALL"? (no: each cap by name). */
int caps_parse(const char *name, struct caps_opts *opts);

/* --cap-add named @cap (CAP_* number). */
bool caps_keeps(const struct caps_opts *opts, int cap);

/* Child side: clear bounding, effective, permitted, inheritable and ambient
 * sets except opts->keep (which stay permitted+effective+inheritable+ambient
 * so they survive execve).  0 or -errno with *ret_what. */
int caps_drop(const struct caps_opts *opts, const char **ret_what);
