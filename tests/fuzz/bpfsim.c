/* bpfsim: a classic-BPF interpreter for seccomp programs, so that tests can
 * run the filter libseccomp generated on chosen (arch, nr, args) without
 * installing it (scmp_bpf_sim is not packaged everywhere).  Test code only:
 * test-policy and fuzz-prefilter link it, the shipped programs do not.
 * It follows the kernel's seccomp checker: 32-bit loads from struct
 * seccomp_data only, scratch memory M[0..15], forward jumps only; anything
 * else makes the program invalid, reported as SECCOMP_RET_KILL_PROCESS. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "bpfsim.h"

#define BPF_SCRATCH 16

uint32_t bpfsim_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *data)
{
	uint32_t a = 0, x = 0, mem[BPF_SCRATCH] = {0};
	const uint8_t *raw = (const uint8_t *)data;

	if (len == 0 || len > BPF_MAXINSNS)
		return SECCOMP_RET_KILL_PROCESS;
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &prog[pc];
		uint32_t k = in->k, src = 0;

		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
			if (in->code == (BPF_LD | BPF_W | BPF_ABS)) {
				if (k % 4 || k + 4 > sizeof(*data))
					return SECCOMP_RET_KILL_PROCESS;
				memcpy(&a, raw + k, 4);
			} else if (in->code == (BPF_LD | BPF_W | BPF_LEN)) {
				a = sizeof(*data);
			} else if (in->code == (BPF_LD | BPF_IMM)) {
				a = k;
			} else if (in->code == (BPF_LD | BPF_MEM) && k < BPF_SCRATCH) {
				a = mem[k];
			} else {
				return SECCOMP_RET_KILL_PROCESS;
			}
			break;
		case BPF_LDX:
			if (in->code == (BPF_LDX | BPF_W | BPF_LEN))
				x = sizeof(*data);
			else if (in->code == (BPF_LDX | BPF_IMM))
				x = k;
			else if (in->code == (BPF_LDX | BPF_MEM) && k < BPF_SCRATCH)
				x = mem[k];
			else
				return SECCOMP_RET_KILL_PROCESS;
			break;
		case BPF_ST:
		case BPF_STX:
			if (k >= BPF_SCRATCH)
				return SECCOMP_RET_KILL_PROCESS;
			mem[k] = BPF_CLASS(in->code) == BPF_ST ? a : x;
			break;
		case BPF_ALU:
			src = BPF_SRC(in->code) == BPF_X ? x : k;
			switch (BPF_OP(in->code)) {
			case BPF_ADD:
				a += src;
				break;
			case BPF_SUB:
				a -= src;
				break;
			case BPF_MUL:
				a *= src;
				break;
			case BPF_DIV:
				if (src == 0)
					return SECCOMP_RET_KILL_PROCESS;
				a /= src;
				break;
			case BPF_MOD:
				if (src == 0)
					return SECCOMP_RET_KILL_PROCESS;
				a %= src;
				break;
			case BPF_AND:
				a &= src;
				break;
			case BPF_OR:
				a |= src;
				break;
			case BPF_XOR:
				a ^= src;
				break;
			case BPF_LSH:
				a = src < 32 ? a << src : 0;
				break;
			case BPF_RSH:
				a = src < 32 ? a >> src : 0;
				break;
			case BPF_NEG:
				a = -a;
				break;
			default:
				return SECCOMP_RET_KILL_PROCESS;
			}
			break;
		case BPF_JMP: {
			bool taken = false;

			if (BPF_OP(in->code) == BPF_JA) {
				if (k >= len - pc - 1)
					return SECCOMP_RET_KILL_PROCESS;
				pc += k;
				break;
			}
			src = BPF_SRC(in->code) == BPF_X ? x : k;
			switch (BPF_OP(in->code)) {
			case BPF_JEQ:
				taken = a == src;
				break;
			case BPF_JGT:
				taken = a > src;
				break;
			case BPF_JGE:
				taken = a >= src;
				break;
			case BPF_JSET:
				taken = (a & src) != 0;
				break;
			default:
				return SECCOMP_RET_KILL_PROCESS;
			}
			if ((size_t)(taken ? in->jt : in->jf) >= len - pc - 1)
				return SECCOMP_RET_KILL_PROCESS;
			pc += taken ? in->jt : in->jf;
			break;
		}
		case BPF_RET:
			if (BPF_RVAL(in->code) == BPF_K)
				return k;
			if (BPF_RVAL(in->code) == BPF_A)
				return a;
			return SECCOMP_RET_KILL_PROCESS;
		case BPF_MISC:
			if (BPF_MISCOP(in->code) == BPF_TAX)
				x = a;
			else
				a = x;
			break;
		default:
			return SECCOMP_RET_KILL_PROCESS;
		}
	}
	return SECCOMP_RET_KILL_PROCESS; /* fell off the end */
}
