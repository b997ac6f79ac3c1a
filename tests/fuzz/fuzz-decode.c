/* fuzz-decode: the argument decoders under libFuzzer, without ptrace.  The
 * input is split into a header (a syscall of the table, six raw argument
 * values, which of them point into the memory image, the return value, -s
 * and the -v/-x/-y switches) and a memory image.  Pointer arguments point
 * into a heap copy of the image, and the decoders read it through
 * process_vm_readv on this very process, exactly as they read a tracee, so
 * every decoder of every signature runs on arbitrary memory.  Pointers
 * inside the image (argv arrays, iovecs, msghdr) are made with relocations:
 * with flag 0x80, every aligned 8-byte word of the image whose top 16 bits
 * are 0xfeed becomes the address of the image plus its low bits (modulo
 * the image's length).  The same
 * bytes also go to decode_bytes, decode_sockaddr_bytes and the xlat, errno
 * and signal tables.
 *
 * Oracles beyond the sanitizers: every value produced must serialise
 * (jv_to_json) to valid UTF-8 (decode.h promises it), and decode_bytes
 * must never show more than its limit allows (each input byte becomes at
 * most 6 output bytes: "\\xNN" escaped once more by JSON).  A violation
 * abort()s.
 *
 * Built as fuzz-policy is (tests/fuzz/meson.build): fuzz-decode with clang
 * and -fsanitize=fuzzer,address,undefined, and fuzz-decode-replay (any
 * compiler, replay-main.c) replaying tests/fuzz/corpus-decode/ as the
 * meson test fuzz-decode-corpus. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jtrace/decode.h"
#include "jtrace/syscalls.h"
#include "jtrace/xlat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HDR_LEN 64

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v = 0;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* RFC 3629 UTF-8: no overlong forms, no surrogates, nothing past U+10FFFF. */
static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t len = 0;
		uint32_t cp = 0;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

/* Serialises @v (then empties the arena it came from); abort()s when the
 * text is not UTF-8. */
static size_t check_json(struct jv *v, const char *what)
{
	char *s = NULL;
	size_t n = 0;

	if (!v)
		return 0;
	s = jv_to_json(v);
	n = s ? strlen(s) : 0;
	if (s && !valid_utf8((const unsigned char *)s, n)) {
		fprintf(stderr, "fuzz-decode: %s produced invalid UTF-8: %s\n", what, s);
		abort();
	}
	free(s);
	jv_arena_reset(NULL);
	return n;
}

static void fuzz_tables(const uint8_t *mem, size_t len, const uint64_t *args)
{
	char name[64];
	uint64_t val = 0;
	size_t n = len < sizeof(name) - 1 ? len : sizeof(name) - 1;

	memcpy(name, mem, n);
	name[n] = '\0';
	for (int id = 0; id < XLAT_COUNT; id++) {
		(void)xlat_name((enum xlat_id)id, args[0]);
		(void)xlat_value((enum xlat_id)id, name, &val);
	}
	(void)xlat_lookup_any(name, &val);
	(void)xlat_errno_name((int)args[1]);
	(void)xlat_signal_name((int)args[2]);
	(void)xlat_errno_value(name);
	(void)xlat_signal_value(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	struct decode_opts opts = {0};
	struct decode_ctx ctx = {0};
	const struct syscall_sig *sig = NULL;
	uint64_t args[6];
	unsigned char *mem = NULL;
	size_t memlen = 0, shown = 0, total = 0, out = 0;
	uint8_t flags = 0, ptrmask = 0;
	static const uint32_t arches[] = {0xc000003e /* x86_64 */, 0x40000003 /* i386 */,
					  0xc000003e /* x32: same audit arch */, 0xc00000b7};

	if (!inited) {
		if (syscalls_init() < 0)
			abort();
		inited = 1;
	}
	if (size < HDR_LEN)
		return 0;
	flags = data[0];
	ptrmask = data[5];
	sig = &syscall_table[(data[1] | (size_t)data[2] << 8) % syscall_table_len];
	opts.strsize = (data[3] | (unsigned)data[4] << 8) % 4100;
	opts.verbose = flags & 2;
	opts.hex_strings = flags & 4;
	opts.decode_fds = flags & 8;
	for (int i = 0; i < 6; i++)
		args[i] = get_u64(data + 8 + 8 * i);

	memlen = size - HDR_LEN;
	mem = malloc(memlen ? memlen : 1);
	if (!mem)
		return 0;
	memcpy(mem, data + HDR_LEN, memlen);
	if ((flags & 0x80) && memlen >= 8) {
		for (size_t off = 0; off + 8 <= memlen; off += 8) {
			uint64_t w = get_u64(mem + off);

			if (w >> 48 == 0xfeed) {
				w = (uintptr_t)(mem + (w & 0xffffffffffffull) % memlen);
				memcpy(mem + off, &w, sizeof(w));
			}
		}
	}
	for (int i = 0; i < 6; i++)
		if (ptrmask & (1u << i))
			args[i] = (uintptr_t)(mem + (memlen ? args[i] % (memlen + 1) : 0));

	ctx.pid = getpid();
	ctx.arch = arches[(flags >> 4) & 3];
	ctx.opts = &opts;
	ctx.args = args;
	ctx.exiting = flags & 1;
	ctx.ret = (int64_t)get_u64(data + 56);
	for (unsigned i = 0; i < sig->nargs; i++) {
		if ((argtype_at_exit(sig->args[i].type) != 0) != ctx.exiting)
			continue;
		check_json(decode_arg(&ctx, sig, i), sig->name);
	}
	if (ctx.exiting) {
		check_json(decode_ret(&ctx, sig), "decode_ret");
		check_json(decode_ret_fd(&ctx, sig), "decode_ret_fd");
	}
	if (memlen >= sizeof(siginfo_t)) {
		/* Any siginfo the kernel could hand over (its bytes are ours). */
		siginfo_t si;

		memcpy(&si, mem, sizeof(si));
		check_json(decode_siginfo(&si), "decode_siginfo");
	}

	/* decode_bytes: shown limit and total length from the header. */
	shown = (size_t)(args[3] % (memlen + 2));
	total = (flags & 64) ? DECODE_LEN_UNKNOWN : memlen + (size_t)(args[4] % 1000);
	out = check_json(decode_bytes(mem, memlen, shown, total), "decode_bytes");
	if (out > 6 * (shown < memlen ? shown : memlen) + 200) {
		fprintf(stderr, "fuzz-decode: decode_bytes showed %zu bytes for a limit of %zu\n", out,
			shown);
		abort();
	}
	check_json(decode_sockaddr_bytes(mem, memlen), "decode_sockaddr_bytes");
	fuzz_tables(mem, memlen, args);
	free(mem);
	return 0;
}
