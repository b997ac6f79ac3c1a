/* cpu: where the tracer and its tracees run.
 *
 * A ptrace stop wakes the tracer and the tracer's resume wakes the tracee.
 * When the two run on different CPUs every wake-up is a cross-CPU IPI, and
 * in a VM an idle vCPU must be woken by the host first: measured on a
 * 2-vCPU VM, a traced call costs about 10 µs on one CPU and often over
 * 100 µs across two.  So by default (auto) the tracer and the program share
 * the CPU the tracer started on, for as long as the program is a single
 * task; the moment it creates a second thread or process, every task gets
 * its original CPU set back, so a parallel program is never serialised
 * unless the user asks (--cpu=same).  While pinned, sched_getaffinity
 * results are rewritten to the original set, so the program sees the CPUs
 * it would have had (nproc, make -j).  --cpu=free never pins. */
#pragma once

#include <sched.h>
#include <stdbool.h>
#include <sys/types.h>

enum cpu_mode { CPU_AUTO, CPU_SAME, CPU_FREE };

struct cpu_placement {
	enum cpu_mode mode;
	bool pinned;   /* tracer (and new tasks) on one CPU right now */
	int cpu;       /* that CPU, or -1 */
	cpu_set_t orig; /* the tracer's CPU set at start */
};

/* Parse "auto", "same" or "free"; -EINVAL otherwise. */
int cpu_parse_mode(const char *s, enum cpu_mode *ret);
const char *cpu_mode_name(enum cpu_mode m);

/* Before forking the program: pin the tracer (the child inherits it). */
void cpu_pin_start(struct cpu_placement *c, enum cpu_mode mode);

/* A second task appeared: give @tid back its original CPU set (called for
 * every task once the placement is released); returns true when the
 * placement changed with this call (so the caller releases all tasks). */
bool cpu_release(struct cpu_placement *c);
void cpu_restore_task(const struct cpu_placement *c, pid_t tid);

/* Write the original CPU set into a sched_getaffinity result buffer of
 * @len bytes at @addr in @tid (used while pinned). */
int cpu_fix_getaffinity(const struct cpu_placement *c, pid_t tid, unsigned long addr, size_t len);
