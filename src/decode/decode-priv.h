/* decode-priv: what the decoders in src/decode/ share with each other and
 * nothing else sees: the per-type decoder signature (one per enum arg_type,
 * dispatched through the table in decode.c), value formatters reused by the
 * structure decoders, and the read limits.
 *
 * Conventions the decoders add to those of include/jtrace/decode.h, all
 * chosen to show what strace shows:
 *   - structures are objects keyed by the C member names strace prints
 *     (st_mode, tv_sec, iov_base, msg_iov, cmsg_type, sa_handler, rlim_cur,
 *     stx_size...), abbreviated as strace abbreviates them without -v;
 *   - an argument that does not apply is null and the text writer leaves it
 *     out (openat's mode without O_CREAT/O_TMPFILE);
 *   - an argument may be named through another one: a signature's arguments
 *     are one array, so a decoder looks at arg[-1] / ctx->args[i - 1] (the
 *     mode after open flags, the option name after the socket level, the
 *     protocol two after the domain);
 *   - what the kernel did not write (an exit-phase argument of a failed
 *     call) is the address (JV_TAG_PTR): decode_arg decides it once, from
 *     the table of when each exit type is written (decode.c), so an exit
 *     type's decoder runs only on a call that wrote its argument;
 *   - -y: {"fd":N,"target":"/path"}; sockets add "socket":{"proto":"TCP",
 *     "local":{addr,port},"peer":{addr,port}} or {"proto":"UNIX","path"|
 *     "abstract"} from /proc/PID/net (a TCP socket that is bound but not
 *     listening is not listed there: then only "proto"); AT_FDCWD becomes
 *     {"fd":"AT_FDCWD","target":cwd}.  Nothing under /proc is read
 *     without -y.
 *
 * The tags set (enum jv_tag; the text writer dispatches on them, the JSON
 * writer only on kinds, so a tag never changes the log):
 *   JV_TAG_FLAGS    every {"raw","flags"} object (decode_flags_value); a bare
 *                   name array (pollfd events, sa_mask) is an untagged array
 *   JV_TAG_SYMBOL   a JV_STR name standing for a number: enum and flag
 *                   names, "SOCK_STREAM|SOCK_CLOEXEC", "FUTEX_..|
 *                   FUTEX_CLOCK_REALTIME", AT_FDCWD (also as -y's "fd"),
 *                   signal, errno (si_errno, a memerr's "error"), ioctl and
 *                   socket option names, "makedev(0x88, 0)", SIG_DFL/SIG_IGN,
 *                   RLIM_INFINITY, SCM_RIGHTS/SCM_CREDENTIALS, the si_arch
 *                   name, a sockaddr's "family"
 *   JV_TAG_MODE     decode_mode_value's "0644" / "S_IFREG|0644"
 *   JV_TAG_PTR      an address not dereferenced (decode_ptr_value, never 0
 *                   there); also addresses shown even when 0: mmap-like
 *                   return values, a memerr's "addr", sa_restorer,
 *                   sa_handler, getdents' "addr", clone_args pointers
 *   JV_TAG_HEX      other hex numbers (jv_hex): raw/unknown args, unknown
 *                   flag bits, ioctl requests without a name, stack_size,
 *                   stx_attributes, a wait status no macro names
 *   JV_TAG_MEMERR   {"addr","error"} (decode_mem_error)
 *   JV_TAG_FD       -y's {"fd","target"[,"socket"]}, AT_FDCWD's too (without
 *                   -y an fd is a plain JV_INT)
 *   JV_TAG_SOCKADDR every decode_sockaddr_bytes object, and {} for a zero
 *                   length; not the endpoints of -y's "socket" (untagged
 *                   {"addr","port"}), nor "socket" itself
 *   JV_TAG_STRUCT   C structures: stat, statx, timespec, iovec elements,
 *                   msghdr, cmsghdr elements and their ucred, pollfd
 *                   elements, sigaction, rlimit, utsname, epoll_event and
 *                   its data, clone_args, siginfo
 * Untagged objects are jtrace's own shapes: envp's {"count"[,"truncated"]},
 * getdents' {"addr","entries"[,"truncated"]}, wait statuses
 * ({"exited":N}...), the {"truncated":true} marker ending a capped array,
 * -y's "socket".  Tracee bytes are JV_BYTES: paths, str, buffers, iov_base,
 * argv/envp entries, utsname members, sun_path (path and abstract), and
 * readlink targets of -y; the "path"/"abstract" of -y's socket come from
 * /proc/PID/net/unix as text and are JV_STR (as json-c wrote them: not
 * escaped).
 *
 * Performance: the decoders run at every stop.  One process_vm_readv per
 * argument where the layout allows (arrays are fetched whole), buffers on
 * the stack for the common sizes, no /proc access unless -y. */
#pragma once

#include <jtrace/decode.h>
#include <jtrace/tracee-mem.h>
#include <jtrace/xlat.h>

/* No single read of tracee memory is larger than this, whatever the
 * arguments say (tracee-mem's own cap). */
#define DECODE_READ_MAX TMEM_READ_MAX
/* Paths are shown whole (like strace, and because policies match on them),
 * up to the kernel's own limit. */
#define DECODE_PATH_MAX 4096u
/* Entries of argv/envp looked at. */
#define DECODE_ARGV_MAX 4096u
/* Elements of iovec/pollfd arrays shown. */
#define DECODE_ARRAY_MAX 1024u
/* -s when the caller gave no decode_opts: strace's default. */
#define DECODE_STRSIZE_DEFAULT 32u

/* A decoder for one argument type: argument @i of the call in @ctx. */
typedef struct jv *(*decode_fn)(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i);

/* numbers.c */
/* A pointer not dereferenced (JV_TAG_PTR); NULL for 0. */
struct jv *decode_ptr_value(uint64_t v);
/* A name standing for a number (JV_STR tagged JV_TAG_SYMBOL). */
struct jv *decode_symbol(const char *name);
/* {"addr","error"} (JV_TAG_MEMERR): @err is -errno. */
struct jv *decode_mem_error(uint64_t addr, ssize_t err);
/* {"truncated":true}: the last element of an array cut at a cap. */
struct jv *decode_truncated_marker(void);
struct jv *decode_flags_value(enum xlat_id id, uint64_t v);
struct jv *decode_flag_names(enum xlat_id id, uint64_t v); /* bare array */
struct jv *decode_enum_value(enum xlat_id id, uint64_t v);
struct jv *decode_fd_value(const struct decode_ctx *ctx, int fd);
struct jv *decode_mode_value(uint64_t mode);
struct jv *decode_signo_value(int sig);

struct jv *decode_type_int(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i);
struct jv *decode_type_uint(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			    unsigned i);
struct jv *decode_type_hex(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i);
struct jv *decode_type_ptr(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i);
struct jv *decode_type_size(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			    unsigned i);
struct jv *decode_type_off(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i);
struct jv *decode_type_fd(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i);
struct jv *decode_type_dirfd(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i);
struct jv *decode_type_mode(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			    unsigned i);
struct jv *decode_type_flags(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i);
struct jv *decode_type_enum(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			    unsigned i);
struct jv *decode_type_signo(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i);
struct jv *decode_type_sockoptname(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				   unsigned i);
/* The xlat list of the option names of socket level @level, or XLAT_NONE. */
enum xlat_id decode_sockopt_list(int level);
struct jv *decode_type_ioctl_req(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				 unsigned i);

/* strings.c */
struct jv *decode_bytes_opt(const unsigned char *buf, size_t len, size_t shown_limit,
			    size_t total_len, bool hex_strings);
/* A NUL-terminated string at @addr shown up to @limit bytes. */
struct jv *decode_string_at(const struct decode_ctx *ctx, uint64_t addr, size_t limit);
/* @len bytes at @addr, the first @shown of them read and shown. */
struct jv *decode_buffer_at(const struct decode_ctx *ctx, uint64_t addr, uint64_t len);

struct jv *decode_type_path(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			    unsigned i);
struct jv *decode_type_str(const struct decode_ctx *ctx, const struct syscall_arg *arg, unsigned i);
struct jv *decode_type_ibuf(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			    unsigned i);
struct jv *decode_type_obuf(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			    unsigned i);

/* sockaddr.c */
/* -y: adds "socket":{proto[, local, peer | path]} to the fd object @fdobj
 * of fd @fd (socket inode @inode) of @pid. */
void decode_socket_info(pid_t pid, int fd, unsigned long long inode, struct jv *fdobj);
struct jv *decode_sockaddr_at(const struct decode_ctx *ctx, uint64_t addr, uint64_t len);
struct jv *decode_type_sockaddr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i);
struct jv *decode_type_osockaddr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				 unsigned i);

/* ctx.c */
/* The architecture's pointer width: true for i386 and arm compat. */
bool decode_is_compat(const struct decode_ctx *ctx);
/* -s, never above DECODE_READ_MAX (DECODE_STRSIZE_DEFAULT without opts). */
size_t decode_strsize(const struct decode_ctx *ctx);
/* 4 or 8: the width of the tracee's pointers and longs. */
size_t decode_word_size(const struct decode_ctx *ctx);
/* A word of width @ws (4 or 8) at @p. */
uint64_t decode_get_word(const unsigned char *p, size_t ws);
/* The argument after @i (a count or length), in the tracee's width. */
uint64_t decode_count_arg(const struct decode_ctx *ctx, unsigned i);

#define DECODE_STRUCT_TYPE(name)                                                                   \
	struct jv *decode_type_##name(const struct decode_ctx *ctx, const struct syscall_arg *arg, \
				      unsigned i)

/* arrays.c */
DECODE_STRUCT_TYPE(argv);
DECODE_STRUCT_TYPE(envp);
DECODE_STRUCT_TYPE(fdpair);

/* msg.c */
DECODE_STRUCT_TYPE(iovec);
DECODE_STRUCT_TYPE(oiovec);
DECODE_STRUCT_TYPE(msghdr);
DECODE_STRUCT_TYPE(omsghdr);
DECODE_STRUCT_TYPE(sockopt);
DECODE_STRUCT_TYPE(osockopt);
DECODE_STRUCT_TYPE(olen);

/* poll.c */
DECODE_STRUCT_TYPE(pollfds);
DECODE_STRUCT_TYPE(epollevent);
DECODE_STRUCT_TYPE(timespec);

/* stat.c */
DECODE_STRUCT_TYPE(ostat);
DECODE_STRUCT_TYPE(ostatx);
DECODE_STRUCT_TYPE(odirents);

/* signals.c */
/* Signal mask bits -> ["SIGINT", ...] (bit n-1 is signal n). */
struct jv *decode_sigset_value(uint64_t mask);
/* A wait status -> {"exited":N} | {"signaled":"SIGKILL"[,"core":true]} |
 * {"stopped":"SIGSTOP"} | {"continued":true}. */
struct jv *decode_wstatus_value(int status);
DECODE_STRUCT_TYPE(sigset);
DECODE_STRUCT_TYPE(sigaction);
DECODE_STRUCT_TYPE(owstatus);

/* resource.c */
DECODE_STRUCT_TYPE(rlimit);
DECODE_STRUCT_TYPE(outsname);

/* cloneargs.c */
DECODE_STRUCT_TYPE(cloneargs);
