/* tracee-path: where a path argument of a traced call leads, as the
 * kernel's walk will take it (src/run/tracee-path.c): in the program's own
 * root (/proc/PID/root, which chroot moves) and cwd or dirfd, lexically
 * (symlinks are not followed), ".." stopping at that root.  Policy path
 * conditions (policy.h, struct policy_mem) are decided on it. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* The absolute path, in the tracer's view, that @path (relative to @dirfd
 * or AT_FDCWD) of thread @pid names, in @out (@outlen bytes).  0, or
 * -errno (-ENOENT for a root or directory outside the tracer's view,
 * -ENAMETOOLONG). */
int tracee_abspath(pid_t pid, int dirfd, const char *path, char *out, size_t outlen);
