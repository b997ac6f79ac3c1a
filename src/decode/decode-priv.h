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
 *     call) is the address string;
 *   - -y: {"fd":N,"target":"/path"}; sockets add "socket":{"proto":"TCP",
 *     "local":{addr,port},"peer":{addr,port}} or {"proto":"UNIX","path"|
 *     "abstract"} from /proc/PID/net (a TCP socket that is bound but not
 *     listening is not listed there: then only "proto"); AT_FDCWD becomes
 *     {"fd":"AT_FDCWD","target":cwd}.  Nothing under /proc is read
 *     without -y.
 *
 * Performance: the decoders run at every stop.  One process_vm_readv per
 * argument where the layout allows (arrays are fetched whole), buffers on
 * the stack for the common sizes, no /proc access unless -y. */
#pragma once

#include <jtrace/decode.h>

/* No single read of tracee memory is larger than this, whatever the
 * arguments say. */
#define DECODE_READ_MAX (64u * 1024u)
/* Paths are shown whole (like strace, and because policies match on them),
 * up to the kernel's own limit. */
#define DECODE_PATH_MAX 4096u
/* Entries of argv/envp looked at. */
#define DECODE_ARGV_MAX 4096u
/* Elements of iovec/pollfd arrays shown. */
#define DECODE_ARRAY_MAX 1024u

static inline void decode_json_putp(json_object **o)
{
	if (*o)
		json_object_put(*o);
}
#define cleanup_json __attribute__((cleanup(decode_json_putp)))

/* A decoder for one argument type: argument @i of the call in @ctx. */
typedef json_object *(*decode_fn)(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				  unsigned i);

/* The architecture's pointer width: true for i386, x32 and arm compat. */
bool decode_is_compat(const struct decode_ctx *ctx);
/* -s, never 0 or above DECODE_READ_MAX. */
size_t decode_strsize(const struct decode_ctx *ctx);

/* numbers.c */
json_object *decode_hex_value(uint64_t v);
json_object *decode_ptr_value(uint64_t v);
json_object *decode_mem_error(uint64_t addr, ssize_t err);
json_object *decode_flags_value(enum xlat_id id, uint64_t v);
json_object *decode_flag_names(enum xlat_id id, uint64_t v); /* bare array */
json_object *decode_enum_value(enum xlat_id id, uint64_t v);
json_object *decode_fd_value(const struct decode_ctx *ctx, int fd);
json_object *decode_mode_value(uint64_t mode);
json_object *decode_signo_value(int sig);

json_object *decode_type_int(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i);
json_object *decode_type_uint(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i);
json_object *decode_type_hex(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i);
json_object *decode_type_ptr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i);
json_object *decode_type_size(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i);
json_object *decode_type_off(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i);
json_object *decode_type_fd(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			    unsigned i);
json_object *decode_type_dirfd(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i);
json_object *decode_type_mode(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i);
json_object *decode_type_flags(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i);
json_object *decode_type_enum(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i);
json_object *decode_type_signo(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i);
json_object *decode_type_sockoptname(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				     unsigned i);
/* The xlat list of the option names of socket level @level, or XLAT_NONE. */
enum xlat_id decode_sockopt_list(int level);
json_object *decode_type_ioctl_req(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				   unsigned i);

/* strings.c */
json_object *decode_bytes_opt(const unsigned char *buf, size_t len, size_t shown_limit,
			      size_t total_len, bool hex_strings);
/* A NUL-terminated string at @addr shown up to @limit bytes. */
json_object *decode_string_at(const struct decode_ctx *ctx, uint64_t addr, size_t limit);
/* @len bytes at @addr, the first @shown of them read and shown. */
json_object *decode_buffer_at(const struct decode_ctx *ctx, uint64_t addr, uint64_t len);

json_object *decode_type_path(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i);
json_object *decode_type_str(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			     unsigned i);
json_object *decode_type_ibuf(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i);
json_object *decode_type_obuf(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i);

/* sockaddr.c */
/* -y: adds "socket":{proto[, local, peer | path]} to the fd object @fdobj
 * of fd @fd (socket inode @inode) of @pid. */
void decode_socket_info(pid_t pid, int fd, unsigned long long inode, json_object *fdobj);
json_object *decode_sockaddr_at(const struct decode_ctx *ctx, uint64_t addr, uint64_t len);
json_object *decode_type_sockaddr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				  unsigned i);
json_object *decode_type_osockaddr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				   unsigned i);

/* structs.c */
json_object *decode_type_argv(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i);
json_object *decode_type_envp(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			      unsigned i);
json_object *decode_type_fdpair(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i);
json_object *decode_type_iovec(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i);
json_object *decode_type_oiovec(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i);
json_object *decode_type_timespec(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				  unsigned i);
json_object *decode_type_otimespec(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				   unsigned i);
json_object *decode_type_ostat(const struct decode_ctx *ctx, const struct syscall_arg *arg,
			       unsigned i);
json_object *decode_type_msghdr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				unsigned i);
json_object *decode_type_omsghdr(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				 unsigned i);
json_object *decode_type_sockopt(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				 unsigned i);
json_object *decode_type_pollfds(const struct decode_ctx *ctx, const struct syscall_arg *arg,
				 unsigned i);
/* Signal mask bits -> ["SIGINT", ...] (bit n-1 is signal n). */
json_object *decode_sigset_value(uint64_t mask);
/* A wait status -> {"exited":N} | {"signaled":"SIGKILL"[,"core":true]} |
 * {"stopped":"SIGSTOP"} | {"continued":true}. */
json_object *decode_wstatus_value(int status);
#define DECODE_STRUCT_TYPE(name)                                                                   \
	json_object *decode_type_##name(const struct decode_ctx *ctx,                              \
					const struct syscall_arg *arg, unsigned i)
DECODE_STRUCT_TYPE(osockopt);
DECODE_STRUCT_TYPE(sigset);
DECODE_STRUCT_TYPE(osigset);
DECODE_STRUCT_TYPE(sigaction);
DECODE_STRUCT_TYPE(osigaction);
DECODE_STRUCT_TYPE(rlimit);
DECODE_STRUCT_TYPE(orlimit);
DECODE_STRUCT_TYPE(outsname);
DECODE_STRUCT_TYPE(epollevent);
DECODE_STRUCT_TYPE(odirents);
DECODE_STRUCT_TYPE(ostatx);
DECODE_STRUCT_TYPE(owstatus);
DECODE_STRUCT_TYPE(olen);
DECODE_STRUCT_TYPE(cloneargs);
