/* tracee-path: a path as the traced program's kernel walk will take it,
 * named in the tracer's view (include/jtrace/tracee-path.h). */
#include <jtrace/policy.h>
#include <jtrace/tracee-path.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The tracer's name of what @link (a /proc/PID magic link) points to.  The
 * kernel writes it relative to the reader's root, so it is a path in the
 * tracer's view of the filesystem; one that is not absolute or is deleted
 * (a root or directory outside the tracer's view) cannot be judged. */
static int read_proc_link(const char *link, char *out, size_t outlen)
{
	ssize_t n = readlink(link, out, outlen - 1);

	if (n < 0)
		return -errno;
	out[n] = '\0';
	if (out[0] != '/' || (n >= 10 && strcmp(out + n - 10, " (deleted)") == 0))
		return -ENOENT;
	return 0;
}

/* Walk @path's components from @cur (an absolute path in the tracer's
 * view, @cur's buffer @outlen bytes) as the kernel's lookup does, lexically
 * (symlinks are not followed): "." stays, ".." goes up but never above
 * @root (the program's root: the kernel's ".." stops there whichever way
 * the walk came in, also from a cwd or dirfd outside it) nor above "/". */
static int walk_lexically(char *cur, size_t outlen, const char *root, const char *path)
{
	size_t n = strlen(cur);
	const char *p = path;

	while (*p) {
		const char *s = NULL;
		size_t len = 0;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		s = p;
		while (*p && *p != '/')
			p++;
		len = (size_t)(p - s);
		if (len == 1 && s[0] == '.')
			continue;
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			if (strcmp(cur, root) == 0 || strcmp(cur, "/") == 0)
				continue;
			while (n > 1 && cur[n - 1] != '/')
				n--;
			if (n > 1)
				n--; /* the '/' before the component dropped */
			cur[n] = '\0';
			continue;
		}
		if (n + (n > 1 ? 1 : 0) + len + 1 > outlen)
			return -ENAMETOOLONG;
		if (n > 1)
			cur[n++] = '/';
		memcpy(cur + n, s, len);
		n += len;
		cur[n] = '\0';
	}
	return 0;
}

/* The path the kernel will use, in the tracer's view (policy path
 * conditions).  An absolute path is walked from the tracee's root, which
 * chroot(2) moves: with root DIR, "/tmp/x" is DIR/tmp/x, and "/.." stays
 * at DIR.  A relative one from its cwd or @dirfd, which may lie inside the
 * root or outside it (a descriptor or cwd from before a chroot); either way
 * ".." stops at the root when the walk reaches it, as the kernel's does
 * (from a cwd of "/" outside root /var, "var/../tmp/x" is /var/tmp/x).  The
 * links name the tracer's view already. */
int tracee_abspath(pid_t pid, int dirfd, const char *path, char *out, size_t outlen)
{
	char link[64], root[PATH_MAX];
	int r = 0;

	snprintf(link, sizeof(link), "/proc/%d/root", pid);
	r = read_proc_link(link, root, sizeof(root));
	if (r < 0)
		return r;
	policy_path_normalize(root);
	if (path[0] == '/') {
		if ((size_t)snprintf(out, outlen, "%s", root) >= outlen)
			return -ENAMETOOLONG;
	} else {
		if (dirfd == AT_FDCWD)
			snprintf(link, sizeof(link), "/proc/%d/cwd", pid);
		else
			snprintf(link, sizeof(link), "/proc/%d/fd/%d", pid, dirfd);
		r = read_proc_link(link, out, outlen);
		if (r < 0)
			return r;
		policy_path_normalize(out);
	}
	return walk_lexically(out, outlen, root, path);
}
