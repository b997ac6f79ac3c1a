/* bpfsim: a classic-BPF interpreter for seccomp programs, without
 * privileges (test code, not part of the shipped library). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <linux/filter.h>
#include <linux/seccomp.h>

/* Run @prog (@len instructions) on @data and return the SECCOMP_RET_*
 * value.  A malformed program (bad opcode, jump or load out of range, no
 * return) yields SECCOMP_RET_KILL_PROCESS, as the kernel would refuse it. */
uint32_t bpfsim_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *data);
