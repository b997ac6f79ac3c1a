/* decode-priv: what the decoders in src/decode/ share with each other and
 * nothing else sees: the per-type decoder signature (one per enum arg_type,
 * dispatched through the table in decode.c), value formatters reused by the
 * structure decoders, and the read limits. */
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
