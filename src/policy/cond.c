/* cond: the condition tree and the exact decision (policy_decide).  The
 * matchers it calls (globs, paths, CIDRs) live in match.c.
 *
 * Scalar atoms compare the raw register; arguments that are 32 bits wide in
 * the kernel (int, fd, flags, enum, signo, mode, ioctl request) are compared
 * on their low 32 bits only, as the kernel uses them, so that high garbage
 * bits cannot dodge a rule.
 *
 * Memory atoms read the tracee at the seccomp stop, through a per-call cache
 * so that several rules reading the same path cost one read.  A call can
 * carry several paths (rename, link) or several addresses (sendmmsg): the
 * condition is then evaluated once per path or address, and a rule applies
 * when it holds for ANY of them -- except an allow rule, which applies only
 * when it holds for ALL of them.  That way neither "deny if path is
 * outside /tmp" nor "allow if path is inside /tmp" can be satisfied by
 * pairing one harmless path with one that the rule meant to stop.
 *
 * The calls that take a socket address (bind, connect, sendto, sendmsg,
 * sendmmsg) name a path when the address is a filesystem AF_UNIX one: bind
 * creates it, the others reach it.  Path atoms apply to that sun_path,
 * resolved as any other path; one path per address, so the ANY/ALL rule
 * below pairs each address with its own path.
 *
 * An atom about memory the call lacks (a NULL pointer, AF_UNIX for
 * addr/port, an abstract or unnamed AF_UNIX address or any other family
 * for path) is false; `not` of it is true.  Memory the call has but the
 * tracer cannot read (EFAULT, a partial read, a path longer than PATH_MAX
 * or one that cannot be resolved) is unknown, never false: the kernel may
 * well read it (memfd_secret memory is readable by the process and by the
 * kernel, not through process_vm_readv or /proc/PID/mem).  Conditions are
 * evaluated in three-valued logic (Kleene: false and unknown is false,
 * true or unknown is true) and an unknown decides as the policy's worst
 * case: a deny, kill or log rule applies unless its condition is surely
 * false, an allow rule only when its condition is surely true.  The
 * verdict then says that an argument was unreadable.
 *
 * Limit, documented in jtrace.policy(5): the memory is read at the stop
 * and the kernel reads it again later; another thread of the tracee can
 * change it in between (TOCTOU).  Paths are compared lexically after
 * normalisation ("..", "."), so a symlink under an allowed prefix still
 * leads elsewhere. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <jtrace/tracee-mem.h>
#include <jtrace/util.h>
#include "policy-priv.h"

#define SENDMMSG_MAX 1024 /* the kernel's UIO_MAXIOV cap on vlen */

void policy_cond_free(struct policy_cond *c)
{
	if (!c)
		return;
	policy_cond_free(c->l);
	policy_cond_free(c->r);
	free(c->argname);
	free(c->pattern);
	free(c->cidrs);
	free(c);
}

void policy_cond_view(const struct policy_cond *c, struct policy_cond_view *ret)
{
	static const enum policy_cmp cmps[] = {
		[OP_EQ] = POLICY_CMP_EQ, [OP_NE] = POLICY_CMP_NE, [OP_LT] = POLICY_CMP_LT,
		[OP_LE] = POLICY_CMP_LE, [OP_GT] = POLICY_CMP_GT, [OP_GE] = POLICY_CMP_GE,
	};

	*ret = (struct policy_cond_view){
		.type = POLICY_COND_MEMORY,
		.l = c->l,
		.r = c->r,
		.argname = c->argname,
		.argn = c->argn,
		.cmp = cmps[c->op],
		.value = c->value,
		.col = c->col,
		.op_col = c->op_col,
		.value_col = c->value_col,
		.paren_col = c->paren_col,
	};
	switch (c->kind) {
	case COND_AND:
		ret->type = POLICY_COND_AND;
		break;
	case COND_OR:
		ret->type = POLICY_COND_OR;
		break;
	case COND_NOT:
		ret->type = POLICY_COND_NOT;
		break;
	case COND_CMP:
		ret->type = POLICY_COND_CMP;
		break;
	case COND_MASK:
		ret->type = POLICY_COND_MASK;
		break;
	case COND_PATH_GLOB:
	case COND_PATH_PREFIX:
	case COND_EXE_GLOB:
	case COND_ADDR_IN:
	case COND_PORT:
	case COND_FAMILY:
	default:
		break;
	}
}

bool policy_sig_path_in_sockaddr(const struct syscall_sig *sig)
{
	if (strcmp(sig->name, "sendmmsg") == 0)
		return true;
	for (int i = 0; i < sig->nargs; i++)
		if (sig->args[i].type == ARG_PATH)
			return false;
	for (int i = 0; i < sig->nargs; i++)
		if (sig->args[i].type == ARG_SOCKADDR || sig->args[i].type == ARG_MSGHDR)
			return true;
	return false;
}

unsigned policy_cond_uses(const struct policy_cond *c)
{
	if (!c)
		return 0;
	switch (c->kind) {
	case COND_AND:
	case COND_OR:
	case COND_NOT:
		return policy_cond_uses(c->l) | policy_cond_uses(c->r);
	case COND_PATH_GLOB:
	case COND_PATH_PREFIX:
		return COND_USES_PATH;
	case COND_EXE_GLOB:
		return COND_USES_EXE;
	case COND_ADDR_IN:
	case COND_PORT:
	case COND_FAMILY:
		return COND_USES_SOCK;
	case COND_CMP:
	case COND_MASK:
	default:
		return 0;
	}
}

int policy_cond_arg_index(const struct policy_cond *c, const struct syscall_sig *sig)
{
	if (!c->argname)
		return c->argn >= 0 && c->argn < SYSCALL_MAX_ARGS ? c->argn : -1;
	for (int i = 0; i < sig->nargs; i++)
		if (strcmp(sig->args[i].name, c->argname) == 0)
			return i;
	return -1;
}

/* The argument's C type, from the table (syscalls.in says it for every
 * argument): the kernel reads an int as 32 signed bits, whatever the
 * register's upper half holds. */
bool policy_arg_is_32bit(const struct syscall_sig *sig, int argi)
{
	return syscalls_arg_is_32bit(sig, argi);
}

bool policy_arg_is_signed(const struct syscall_sig *sig, int argi)
{
	return syscalls_arg_is_32bit(sig, argi) && syscalls_arg_is_signed(sig, argi);
}

/* ---- reading the tracee ---- */

struct sock_bind {
	bool ok;	 /* a socket address was read */
	bool bad;	 /* the call has one, but it cannot be read */
	int family;	 /* sa_family as written */
	bool inet;	 /* an IPv4 or IPv6 address was read */
	int addr_family; /* AF_INET for IPv4 and v4-mapped IPv6 */
	uint8_t addr[16];
	uint16_t port;
	char *path;    /* a filesystem AF_UNIX address: absolute, normalised */
	bool path_bad; /* it has one, but it cannot be resolved */
};

struct mem_cache {
	const struct syscall_sig *sig;
	const uint64_t *args;
	const struct policy_mem *mem;
	bool paths_read, socks_read;
	bool saw_unknown; /* some condition met an unreadable argument */
	int n_paths;
	char *path[SYSCALL_MAX_ARGS];	 /* NULL: none, or unreadable */
	bool path_bad[SYSCALL_MAX_ARGS]; /* there, but unreadable */
	size_t n_socks;
	struct sock_bind *socks;
};

/* One unreadable address for the whole call, when even the room for the
 * addresses cannot be had: the worst case still applies. */
static struct sock_bind sock_unreadable = {.bad = true};

static void cache_clear(struct mem_cache *mc)
{
	for (int i = 0; i < mc->n_paths; i++)
		free(mc->path[i]);
	if (mc->socks == &sock_unreadable)
		return;
	for (size_t i = 0; i < mc->n_socks; i++)
		free(mc->socks[i].path);
	free(mc->socks);
}

/* @buf (PATH_MAX bytes, as the tracee wrote it) as the kernel will walk
 * it from @dirfd: absolute and normalised, or NULL when that cannot be told
 * (out of memory included).  Absolute paths too: the tracee's root may not
 * be the tracer's.  Returned at its length: a sendmmsg keeps up to 1024. */
static char *resolve_path(const struct policy_mem *mem, int dirfd, char *buf)
{
	cleanup_free char *abs = NULL;

	if (!mem->abspath) {
		policy_path_normalize(buf);
		return strdup(buf);
	}
	abs = malloc(PATH_MAX);
	if (!abs || mem->abspath(mem->pid, dirfd, buf, abs, PATH_MAX) < 0)
		return NULL;
	abs[PATH_MAX - 1] = '\0';
	policy_path_normalize(abs);
	return strdup(abs);
}

/* The normalised absolute path of argument @argi; NULL with *ret_bad set
 * when the call has one that cannot be read or resolved (including when
 * nothing can be read: no tracee, or out of memory). */
static char *read_path(struct mem_cache *mc, int argi, bool *ret_bad)
{
	cleanup_free char *buf = NULL;
	char *abs = NULL;
	bool complete = false;
	int dirfd = AT_FDCWD;
	ssize_t n = 0;

	*ret_bad = false;
	if (mc->args[argi] == 0)
		return NULL;
	*ret_bad = true;
	buf = malloc(PATH_MAX);
	if (!buf || !mc->mem)
		return NULL;
	n = tmem_read_str(mc->mem->pid, mc->args[argi], buf, PATH_MAX, &complete);
	if (n < 0 || !complete)
		return NULL;
	if (argi > 0 && mc->sig->args[argi - 1].type == ARG_DIRFD)
		dirfd = (int)(int32_t)mc->args[argi - 1];
	abs = resolve_path(mc->mem, dirfd, buf);
	*ret_bad = abs == NULL;
	return abs;
}

static void cache_paths(struct mem_cache *mc)
{
	if (mc->paths_read)
		return;
	mc->paths_read = true;
	for (int i = 0; i < mc->sig->nargs; i++)
		if (mc->sig->args[i].type == ARG_PATH) {
			mc->path[mc->n_paths] = read_path(mc, i, &mc->path_bad[mc->n_paths]);
			mc->n_paths++;
		}
}

/* The path of a filesystem AF_UNIX address of @len bytes (as the kernel
 * reads it, unix_mkname_bsd: sun_path up to its first NUL or the end of
 * the length, relative to the cwd).  An address that is only the family
 * (unnamed: bind autobinds) or whose sun_path starts with a NUL (abstract)
 * names no path. */
static void read_unix_path(const struct policy_mem *mem, const struct sockaddr_storage *ss,
			   size_t len, struct sock_bind *b)
{
	const struct sockaddr_un *un = (const void *)ss;
	size_t off = offsetof(struct sockaddr_un, sun_path);
	cleanup_free char *buf = NULL;
	size_t n = 0;

	if (len <= off || un->sun_path[0] == '\0')
		return;
	n = len - off;
	if (n > sizeof(un->sun_path))
		n = sizeof(un->sun_path); /* the kernel refuses more (EINVAL) */
	n = strnlen(un->sun_path, n);
	b->path_bad = true;
	buf = calloc(1, PATH_MAX);
	if (!buf || !mem)
		return;
	memcpy(buf, un->sun_path, n);
	b->path = resolve_path(mem, AT_FDCWD, buf);
	b->path_bad = b->path == NULL;
}

/* The kernel takes the length as a 32-bit int: high bits of the register
 * are ignored, negative lengths refused.  @unspec_is_inet: AF_UNSPEC
 * addresses are used as IPv4 ones (UDP and raw sendto/sendmsg, bind with
 * INADDR_ANY do that), except in connect, where AF_UNSPEC disconnects. */
static void read_sockaddr(const struct policy_mem *mem, uint64_t addr, uint64_t len,
			  bool unspec_is_inet, struct sock_bind *b)
{
	pid_t pid = mem ? mem->pid : 0;
	struct sockaddr_storage ss = {0};
	uint32_t len32 = (uint32_t)len;
	size_t n = len32 > sizeof(ss) ? sizeof(ss) : (size_t)len32;
	ssize_t got = 0;
	bool v4 = false;

	*b = (struct sock_bind){0};
	if (addr == 0 || (int32_t)len32 < 2)
		return;
	got = pid ? tmem_read(pid, addr, &ss, n) : -EFAULT;
	if (got < (ssize_t)n) {
		/* The kernel copies all @n bytes or fails the call. */
		b->bad = true;
		return;
	}
	b->ok = true;
	b->family = ss.ss_family;
	if (ss.ss_family == AF_UNIX) {
		read_unix_path(mem, &ss, (size_t)got, b);
		return;
	}
	v4 = ss.ss_family == AF_INET || (ss.ss_family == AF_UNSPEC && unspec_is_inet);
	if (v4 && got >= (ssize_t)(offsetof(struct sockaddr_in, sin_addr) + 4)) {
		const struct sockaddr_in *in = (const void *)&ss;

		b->inet = true;
		b->addr_family = AF_INET;
		memcpy(b->addr, &in->sin_addr, 4);
		b->port = ntohs(in->sin_port);
	} else if (ss.ss_family == AF_INET6 &&
		   got >= (ssize_t)(offsetof(struct sockaddr_in6, sin6_addr) + 16)) {
		const struct sockaddr_in6 *in6 = (const void *)&ss;

		b->inet = true;
		b->port = ntohs(in6->sin6_port);
		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
			/* ::ffff:a.b.c.d reaches a.b.c.d: match it as IPv4. */
			b->addr_family = AF_INET;
			memcpy(b->addr, in6->sin6_addr.s6_addr + 12, 4);
		} else {
			b->addr_family = AF_INET6;
			memcpy(b->addr, &in6->sin6_addr, 16);
		}
	}
}

static void cache_socks(struct mem_cache *mc)
{
	pid_t pid = mc->mem ? mc->mem->pid : 0;

	if (mc->socks_read)
		return;
	mc->socks_read = true;
	if (strcmp(mc->sig->name, "sendmmsg") == 0) {
		size_t vlen = (uint32_t)mc->args[2];
		cleanup_free struct mmsghdr *v = NULL;
		ssize_t got = 0;

		if (vlen > SENDMMSG_MAX)
			vlen = SENDMMSG_MAX;
		if (vlen == 0 || mc->args[1] == 0)
			return;
		v = calloc(vlen, sizeof(*v));
		mc->socks = calloc(vlen, sizeof(*mc->socks));
		if (!v || !mc->socks) {
			free(steal_pointer(&mc->socks));
			mc->socks = &sock_unreadable;
			mc->n_socks = 1;
			return;
		}
		got = pid ? tmem_read(pid, mc->args[1], v, vlen * sizeof(*v)) : -EFAULT;
		mc->n_socks = vlen;
		for (size_t i = 0; i < vlen; i++) {
			if (got < 0 || (size_t)got < (i + 1) * sizeof(*v))
				mc->socks[i].bad = true; /* the kernel may read it */
			else
				read_sockaddr(mc->mem, (uintptr_t)v[i].msg_hdr.msg_name,
					      v[i].msg_hdr.msg_namelen, true, &mc->socks[i]);
		}
		return;
	}
	for (int i = 0; i < mc->sig->nargs; i++) {
		enum arg_type ty = mc->sig->args[i].type;

		if (ty != ARG_SOCKADDR && ty != ARG_MSGHDR)
			continue;
		mc->n_socks = 1;
		mc->socks = calloc(1, sizeof(*mc->socks));
		if (!mc->socks) {
			mc->socks = &sock_unreadable;
			return;
		}
		if (ty == ARG_SOCKADDR) {
			read_sockaddr(mc->mem, mc->args[i],
				      i + 1 < SYSCALL_MAX_ARGS ? mc->args[i + 1] : 0,
				      strcmp(mc->sig->name, "connect") != 0, &mc->socks[0]);
		} else if (mc->args[i]) {
			struct msghdr h = {0};

			if (pid && tmem_read_exact(pid, mc->args[i], &h, sizeof(h)) == 0)
				read_sockaddr(mc->mem, (uintptr_t)h.msg_name, h.msg_namelen, true,
					      &mc->socks[0]);
			else
				mc->socks[0].bad = true;
		}
		return;
	}
}

/* ---- evaluation ---- */

/* Three-valued truth: an atom on memory that could not be read is
 * unknown. */
enum tri { TRI_FALSE, TRI_TRUE, TRI_UNKNOWN };

struct binding {
	const char *path;	      /* NULL: none or unreadable */
	bool path_bad;		      /* unreadable */
	const struct sock_bind *sock; /* NULL: none */
};

static bool compare(enum cond_op op, bool is_signed, uint64_t x, uint64_t v)
{
	if (is_signed) {
		int64_t a = (int64_t)x, b = (int64_t)v;

		switch (op) {
		case OP_EQ:
			return a == b;
		case OP_NE:
			return a != b;
		case OP_LT:
			return a < b;
		case OP_LE:
			return a <= b;
		case OP_GT:
			return a > b;
		case OP_GE:
			return a >= b;
		default:
			return false;
		}
	}
	switch (op) {
	case OP_EQ:
		return x == v;
	case OP_NE:
		return x != v;
	case OP_LT:
		return x < v;
	case OP_LE:
		return x <= v;
	case OP_GT:
		return x > v;
	case OP_GE:
		return x >= v;
	default:
		return false;
	}
}

static bool eval_scalar(const struct policy_cond *c, const struct mem_cache *mc)
{
	int argi = policy_cond_arg_index(c, mc->sig);
	uint64_t x = 0, v = c->value;
	bool sgn = false;

	if (argi < 0)
		return false;
	x = mc->args[argi];
	if (policy_arg_is_32bit(mc->sig, argi)) {
		sgn = policy_arg_is_signed(mc->sig, argi);
		if (sgn) {
			x = (uint64_t)(int64_t)(int32_t)x;
			v = (uint64_t)(int64_t)(int32_t)v;
		} else {
			/* umode_t is 16 bits wide, the rest 32; the constant
			 * is taken at that width too, as the pre-filter
			 * (compile.c) takes it. */
			uint64_t mask = syscalls_arg_mask(mc->sig, argi);

			x &= mask;
			v &= mask;
		}
	}
	if (c->kind == COND_MASK)
		return (x & v) != 0;
	return compare(c->op, sgn, x, v);
}

static enum tri tri_of(bool b)
{
	return b ? TRI_TRUE : TRI_FALSE;
}

static enum tri eval(const struct policy_cond *c, const struct mem_cache *mc,
		     const struct binding *b)
{
	enum tri l = TRI_FALSE, r = TRI_FALSE;

	switch (c->kind) {
	case COND_AND:
		l = eval(c->l, mc, b);
		if (l == TRI_FALSE)
			return TRI_FALSE;
		r = eval(c->r, mc, b);
		return r == TRI_FALSE ? TRI_FALSE : l == TRI_TRUE ? r : TRI_UNKNOWN;
	case COND_OR:
		l = eval(c->l, mc, b);
		if (l == TRI_TRUE)
			return TRI_TRUE;
		r = eval(c->r, mc, b);
		return r == TRI_TRUE ? TRI_TRUE : l == TRI_FALSE ? r : TRI_UNKNOWN;
	case COND_NOT:
		l = eval(c->l, mc, b);
		return l == TRI_UNKNOWN ? TRI_UNKNOWN : tri_of(l == TRI_FALSE);
	case COND_CMP:
	case COND_MASK:
		return tri_of(eval_scalar(c, mc));
	case COND_PATH_GLOB:
		if (b->path_bad)
			return TRI_UNKNOWN;
		return tri_of(b->path && policy_glob_match(c->pattern, b->path));
	case COND_PATH_PREFIX:
		if (b->path_bad)
			return TRI_UNKNOWN;
		return tri_of(b->path && policy_path_has_prefix(b->path, c->pattern));
	case COND_EXE_GLOB:
		if (strcmp(mc->sig->name, "execve") != 0 && strcmp(mc->sig->name, "execveat") != 0)
			return TRI_FALSE;
		if (b->path_bad)
			return TRI_UNKNOWN;
		return tri_of(b->path && policy_glob_match(c->pattern, b->path));
	case COND_ADDR_IN: {
		bool in = false;

		if (b->sock && b->sock->bad)
			return TRI_UNKNOWN;
		if (!b->sock || !b->sock->ok || !b->sock->inet)
			return TRI_FALSE;
		for (size_t i = 0; i < c->n_cidrs && !in; i++)
			in = policy_cidr_match(&c->cidrs[i], b->sock->addr_family, b->sock->addr);
		return tri_of(c->negate ? !in : in);
	}
	case COND_PORT:
		if (b->sock && b->sock->bad)
			return TRI_UNKNOWN;
		return tri_of(b->sock && b->sock->ok && b->sock->inet &&
			      compare(c->op, false, b->sock->port, c->value));
	case COND_FAMILY:
		if (b->sock && b->sock->bad)
			return TRI_UNKNOWN;
		return tri_of(b->sock && b->sock->ok &&
			      compare(c->op, false, (uint64_t)b->sock->family, c->value));
	default:
		return TRI_FALSE;
	}
}

/* A non-allow rule applies unless its condition is surely false for every
 * path and address; an allow rule only when it is surely true for all. */
static bool rule_matches(const struct policy_rule *rule, struct mem_cache *mc)
{
	unsigned uses = 0;
	bool all = rule->action == POLICY_ALLOW;
	bool path_in_sock = false;
	size_t np = 1, ns = 1;

	if (!rule->cond)
		return true;
	uses = policy_cond_uses(rule->cond);
	/* A socket call's path is its address's: read with the address. */
	path_in_sock = (uses & COND_USES_PATH) && policy_sig_path_in_sockaddr(mc->sig);
	if (path_in_sock)
		uses = (uses & ~COND_USES_PATH) | COND_USES_SOCK;
	if (uses & (COND_USES_PATH | COND_USES_EXE)) {
		cache_paths(mc);
		np = mc->n_paths ? (size_t)mc->n_paths : 1;
	}
	if (uses & COND_USES_SOCK) {
		cache_socks(mc);
		ns = mc->n_socks ? mc->n_socks : 1;
	}
	for (size_t i = 0; i < np; i++) {
		for (size_t j = 0; j < ns; j++) {
			const struct sock_bind *sk = j < mc->n_socks ? &mc->socks[j] : NULL;
			struct binding b = {
				.path = i < (size_t)mc->n_paths ? mc->path[i] : NULL,
				.path_bad = i < (size_t)mc->n_paths && mc->path_bad[i],
				.sock = sk,
			};
			enum tri m = TRI_FALSE;

			if (path_in_sock) {
				/* An address that cannot be read may name any path. */
				b.path = sk ? sk->path : NULL;
				b.path_bad = sk && (sk->bad || sk->path_bad);
			}
			m = eval(rule->cond, mc, &b);

			mc->saw_unknown |= m == TRI_UNKNOWN;
			if (all && m != TRI_TRUE)
				return false;
			if (!all && m != TRI_FALSE)
				return true;
		}
	}
	return all;
}

void policy_decide(const struct policy *p, const struct syscall_sig *sig, const uint64_t *args,
		   const struct policy_mem *mem, struct policy_verdict *ret)
{
	struct mem_cache mc = {.sig = sig, .args = args, .mem = mem};
	long idx = syscalls_index_of(sig);

	*ret = (struct policy_verdict){
		.action = p->default_action,
		.errno_val = p->default_errno,
		.rule = NULL,
	};
	if (idx < 0)
		return; /* a call the table does not know: only the default applies */
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct policy_rule *r = &p->rules[i];

		if (!syscall_set_has(&r->targets, (size_t)idx))
			continue;
		if (rule_matches(r, &mc)) {
			ret->action = r->action;
			ret->errno_val = r->errno_val;
			ret->rule = r;
			break;
		}
	}
	ret->unreadable = mc.saw_unknown;
	cache_clear(&mc);
}
