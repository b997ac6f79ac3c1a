/* cpu: where the tracer and its tracees run.
 *
 * A ptrace stop wakes the tracer and the tracer's resume wakes the tracee.
 * When the two run on different CPUs every wake-up is a cross-CPU IPI, and
 * in a VM an idle vCPU must be woken by the host first: measured on a
 * 2-vCPU VM, a traced call costs about 10 µs on one CPU and often over
 * 100 µs across two.  So by default (auto) the tracer and the program share
 * the CPU the tracer started on for as long as the program does not need a
 * second one:
 *  - a new thread releases the placement at once: threads exist to run in
 *    parallel, and a multi-threaded program is never serialised unless the
 *    user asks (--cpu=same);
 *  - so does a new process past CPU_SHARE_MAX_TASKS tasks (make -j);
 *  - a few processes keep sharing the CPU (a shell running one command at
 *    a time: the parent sleeps in wait4 while the child runs), and the
 *    tracer samples their states every CPU_WATCH_MS: two samples in a row
 *    with two or more tasks runnable (state R, waiting for the CPU) mean
 *    the program wants more than one CPU, and the placement is released.
 *    Two CPU-bound processes so share one CPU for about 2 x CPU_WATCH_MS;
 *  - a program that stops rarely gains nothing from sharing and should
 *    not be kept off an idle CPU: the same samples count the ptrace stops,
 *    and two in a row with fewer than CPU_QUIET_STOPS each (under 200 a
 *    second) release the placement too;
 *  - a program released for being quiet is still sampled: a quiet stretch
 *    (a compute phase) must not cost a later syscall-heavy phase the
 *    benefit.  Two samples in a row with CPU_REPIN_STOPS stops or more
 *    (2,000 a second) and fewer than two runnable tasks take the placement
 *    again, on the CPU the tracer is on, for every task whose CPU set is
 *    still the original one (if the program changed one itself, it is
 *    left alone and the placement is not taken again).  The gap between
 *    the two thresholds keeps it from flapping, and after CPU_MAX_REPINS
 *    the program keeps its CPUs for good.
 * Released for any other reason (a thread, many tasks, a busy CPU), every
 * task gets its original CPU set back and the placement is never taken
 * again.  Releasing and re-pinning move only tasks whose set is the one
 * jtrace gave them, so a set the program chose (taskset, sched_setaffinity)
 * is kept.  While pinned, sched_getaffinity results are rewritten to the
 * original set, so the program sees the CPUs it would have had (nproc,
 * make -j).  --cpu=free never pins. */
#pragma once

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "proctab.h"

enum cpu_mode { CPU_AUTO, CPU_SAME, CPU_FREE };

#define CPU_SHARE_MAX_TASKS 4
#define CPU_WATCH_MS 25
#define CPU_BUSY_SAMPLES 2
#define CPU_QUIET_STOPS 5
#define CPU_QUIET_SAMPLES 2
#define CPU_REPIN_STOPS 50
#define CPU_REPIN_SAMPLES 2
#define CPU_MAX_REPINS 8

/* What a sample asks of the caller. */
enum cpu_verdict {
	CPU_KEEP,    /* nothing changes */
	CPU_RELEASE, /* give every task its CPU set back (cpu_restore_task) */
	CPU_REPIN,   /* take it again (cpu_repin, cpu_repin_task) */
};

struct cpu_placement {
	enum cpu_mode mode;
	bool pinned;   /* tracer (and new tasks) on one CPU right now */
	int cpu;       /* that CPU, or -1 */
	unsigned busy_samples; /* samples in a row with 2+ runnable tasks */
	unsigned quiet_samples; /* samples in a row with few stops */
	unsigned repin_samples; /* samples in a row with many, while released */
	bool may_repin; /* released for being quiet: sampled for a re-pin */
	unsigned repins; /* times the placement was taken again */
	unsigned changes; /* pins and releases so far */
	uint64_t stops_seen;   /* the tracer's stop count at the last sample */
	uint64_t last_new_stops; /* stops the last sample found */
	cpu_set_t orig; /* the tracer's CPU set at start */
};

/* Parse "auto", "same" or "free"; -EINVAL otherwise. */
int cpu_parse_mode(const char *s, enum cpu_mode *ret);

/* Before forking the program: pin the tracer (the child inherits it). */
void cpu_pin_start(struct cpu_placement *c, enum cpu_mode mode);

/* A task was born (@thread: in its parent's thread group); @tasks: how many
 * the tracer follows now, the new one included.  Returns true when this
 * releases the placement: the caller then gives every task, and the
 * sandbox init, its CPU set back with cpu_restore_task. */
bool cpu_on_new_task(struct cpu_placement *c, bool thread, size_t tasks);

/* True while the tracer should sample every CPU_WATCH_MS (auto, pinned or
 * released for being quiet).  When it is not, the counts of samples in a
 * row start again at zero. */
bool cpu_watching(struct cpu_placement *c);

/* True when the tracer needs its tick for the placement: while watching,
 * except when released, the last sample found no stop and none came since
 * (an idle program must not wake the tracer 40 times a second). */
bool cpu_tick_needed(struct cpu_placement *c, uint64_t stops);

/* True when sched_getaffinity calls must stop so that their result can be
 * rewritten (cpu_fix_getaffinity): auto, pinned now or maybe again. */
bool cpu_hides_mask(const struct cpu_placement *c);

/* 1 when @tid is runnable (state R), 0 when not (sleeping, stopped, gone). */
int cpu_task_runnable(pid_t tid);

/* One sample: @runnable tasks in state R (0 when there is one task), and
 * @stops, the tracer's count of ptrace stops so far.  On CPU_RELEASE the
 * placement is released already.  On CPU_REPIN the caller checks every
 * task with cpu_task_unchanged: if all are, cpu_repin and then
 * cpu_repin_task for each; if one is not, cpu_give_up. */
enum cpu_verdict cpu_on_sample(struct cpu_placement *c, size_t runnable, uint64_t stops);

/* Take the placement again: the tracer goes to the CPU it is on (c->cpu).
 * False (and never again) when that fails. */
bool cpu_repin(struct cpu_placement *c);

/* True when @tid's CPU set is still the original one. */
bool cpu_task_unchanged(const struct cpu_placement *c, pid_t tid);

/* Never pin again; releases the placement if it is held (returns true
 * then, as cpu_on_new_task). */
bool cpu_give_up(struct cpu_placement *c);

/* Give @tid the original set back, if its set is still the one CPU jtrace
 * gave it (a set the program chose itself is left alone). */
void cpu_restore_task(const struct cpu_placement *c, pid_t tid);

/* Put @tid on c->cpu, if its set is still the original one. */
void cpu_repin_task(const struct cpu_placement *c, pid_t tid);

/* Write the original CPU set into a sched_getaffinity result buffer of
 * @len bytes at @addr in @tid (used while pinned). */
int cpu_fix_getaffinity(const struct cpu_placement *c, pid_t tid, unsigned long addr, size_t len);

/* Every task of @procs (and the sandbox init @ns_init, when not 0) gets
 * its CPUs back: the placement was released. */
void cpu_release_tasks(struct cpu_placement *c, struct proctab *procs, pid_t ns_init);
/* Every CPU_WATCH_MS while the placement is watched: does a pinned program
 * want a second CPU, or stop too rarely to gain from sharing one; does a
 * released one stop often again?  @stops: every ptrace stop so far. */
void cpu_watch_tasks(struct cpu_placement *c, struct proctab *procs, pid_t ns_init,
		     uint64_t stops);
