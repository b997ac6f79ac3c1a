/* decode: turns raw syscall arguments and tracee memory into typed values
 * (struct jv, include/jtrace/value.h), one decoder per argument type
 * (src/decode/), driven by the signature table.  No decoder knows about a
 * particular syscall.
 *
 * What a decoder returns, and the JSON the log shows for it (the log schema
 * documents the JSON, tests/schema checks it):
 *   integers, sizes, offsets, fds      -> JV_INT / JV_UINT: JSON numbers
 *   NULL pointers                      -> NULL (JSON null)
 *   pointers not dereferenced          -> JV_UINT tagged JV_TAG_PTR: "0x7ffd..."
 *   other hex numbers (raw args, masks) -> JV_UINT tagged JV_TAG_HEX: "0x..."
 *   strings, paths, buffers            -> JV_BYTES, the tracee's bytes kept
 *       raw with how many there were in all; the JSON writer escapes them:
 *       bytes that are not valid UTF-8 become the four characters \xNN and
 *       a backslash becomes \\, so the text is always valid UTF-8 and still
 *       unambiguous; when cut at -s: {"str": "...", "truncated": true,
 *       "len": N} ("len" only when the whole length is known); paths are not
 *       cut at -s (up to 4096)
 *   flags                              -> JV_TAG_FLAGS object
 *                                         {"raw": N, "flags": ["O_RDONLY", ...]}
 *                                         (names JV_TAG_SYMBOL, unknown bits as
 *                                         one JV_TAG_HEX entry)
 *   enums                              -> "AF_INET" JV_STR tagged JV_TAG_SYMBOL
 *                                         (unknown: the number)
 *   dirfd AT_FDCWD                     -> "AT_FDCWD" (JV_TAG_SYMBOL)
 *   modes                              -> "0644", "S_IFREG|0644" (JV_TAG_MODE)
 *   socket addresses                   -> JV_TAG_SOCKADDR object
 *                                         {"family":"AF_INET","addr":"127.0.0.1","port":9}
 *                                         {"family":"AF_UNIX","path":"/run/x"}
 *   unreadable memory                  -> JV_TAG_MEMERR object
 *                                         {"addr":"0x...","error":"EFAULT"}
 *   structures                         -> JV_TAG_STRUCT objects keyed by the C
 *                                         member names strace prints (st_mode,
 *                                         tv_sec, iov_base, msg_iov...),
 *                                         shortened as strace shortens them
 *                                         without -v
 *   an argument that does not apply    -> NULL (openat's mode without
 *                                         O_CREAT/O_TMPFILE)
 *   output argument of a failed call   -> the address (JV_TAG_PTR)
 *   with -y, fds                       -> JV_TAG_FD object
 *                                         {"fd":3,"target":"/etc/hostname"}
 *                                         (the target JV_BYTES); sockets add
 *                                         "socket":{"proto":"TCP","local":{...},
 *                                         "peer":{...}}; AT_FDCWD ->
 *                                         {"fd":"AT_FDCWD","target":cwd}
 * Text jtrace writes itself (names, addresses, "makedev(..)") is JV_STR.
 * Values are allocated in the jv arena in use (jv_arena_use): the caller
 * owns the arena, nothing is freed one by one.
 * src/decode/decode-priv.h says how the decoders reach these.
 */
#pragma once

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "syscalls.h"
#include "value.h"

struct decode_opts {
	unsigned strsize;  /* -s: bytes of a string or buffer shown (default 32) */
	bool decode_fds;   /* -y: resolve fds through /proc/PID/fd */
	bool verbose;      /* -v: execve envp, full structures */
	bool hex_strings;  /* -x: non-ASCII bytes of strings as \xNN */
};

struct decode_ctx {
	pid_t pid;        /* the thread whose memory is read */
	uint32_t arch;    /* AUDIT_ARCH_* of the call */
	const struct decode_opts *opts;
	const uint64_t *args; /* the six raw arguments */
	bool exiting;     /* false at the seccomp stop, true at the exit stop */
	int64_t ret;      /* the return value (exit stop only) */
};

/* Decode argument @i of @sig.  Returns a value in the arena in use, or NULL
 * when this argument is not decoded in this phase (entry vs exit).  NULL is
 * also JSON null (a NULL pointer argument), so callers choose the phase
 * with argtype_at_exit(type) == ctx->exiting and add what comes back, NULL
 * included. */
struct jv *decode_arg(const struct decode_ctx *ctx, const struct syscall_sig *sig, unsigned i);

/* The return value as the log shows it ("ret"): a number for most calls, an
 * address string for mmap-like calls; -1 for a failed call (ctx->ret in
 * [-4095, -1]), whose errno the caller names with xlat_errno_name. */
struct jv *decode_ret(const struct decode_ctx *ctx, const struct syscall_sig *sig);

/* With -y, a new fd a call returned (openat, socket, accept4...) as fd
 * arguments show it ("ret_fd"); NULL otherwise. */
struct jv *decode_ret_fd(const struct decode_ctx *ctx, const struct syscall_sig *sig);

/* Arbitrary bytes as a JV_BYTES value (escaped by the writers as described
 * above).  The first min(@len, @shown_limit) bytes of @buf are kept;
 * @total_len is the length of the whole data (possibly more than was
 * read), or DECODE_LEN_UNKNOWN when its end was not seen.  JSON: a plain
 * string when nothing was cut, else {"str":..., "truncated":true[, "len":
 * total_len]}. */
#define DECODE_LEN_UNKNOWN SIZE_MAX
struct jv *decode_bytes(const unsigned char *buf, size_t len, size_t shown_limit, size_t total_len);

/* A socket address from its byte image (what bind/connect pass), as
 * described above; the decoders use it after reading tracee memory. */
struct jv *decode_sockaddr_bytes(const void *buf, size_t len);

/* A delivered signal's siginfo as strace shows it: si_signo, si_code by
 * name (SI_USER, CLD_EXITED, SEGV_MAPERR...), si_errno when set, then the
 * members that the sender or the signal define (si_pid/si_uid, si_status
 * and times for SIGCHLD, si_addr for faults...). */
struct jv *decode_siginfo(const siginfo_t *si);

/* clone3's struct clone_args from @len bytes (the size the caller gave the
 * kernel): flags by name, exit_signal, and the members that are set. */
struct jv *decode_cloneargs_bytes(const void *buf, size_t len);
