/* cpu: CPU placement of the tracer and its tracees (see cpu.h for why). */
#include <jtrace/cpu.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>

int cpu_parse_mode(const char *s, enum cpu_mode *ret)
{
	if (strcmp(s, "auto") == 0)
		*ret = CPU_AUTO;
	else if (strcmp(s, "same") == 0)
		*ret = CPU_SAME;
	else if (strcmp(s, "free") == 0)
		*ret = CPU_FREE;
	else
		return -EINVAL;
	return 0;
}

/* Put the tracer alone on @cpu; true when it is. */
static bool pin_self(struct cpu_placement *c, int cpu)
{
	cpu_set_t one;

	if (cpu < 0 || !CPU_ISSET(cpu, &c->orig))
		return false;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) < 0)
		return false;
	c->pinned = true;
	c->cpu = cpu;
	c->changes++;
	c->busy_samples = c->quiet_samples = c->repin_samples = 0;
	return true;
}

void cpu_pin_start(struct cpu_placement *c, enum cpu_mode mode)
{
	c->mode = mode;
	c->pinned = false;
	c->may_repin = false;
	c->cpu = -1;
	c->busy_samples = c->quiet_samples = c->repin_samples = 0;
	c->repins = 0;
	c->changes = 0;
	c->stops_seen = c->last_new_stops = 0;
	if (sched_getaffinity(0, sizeof(c->orig), &c->orig) < 0 || mode == CPU_FREE)
		return;
	if (CPU_COUNT(&c->orig) < 2)
		return; /* nothing to gain on one CPU */
	pin_self(c, sched_getcpu());
}

/* @quiet: released for stopping rarely, so it may be taken again. */
static bool release(struct cpu_placement *c, bool quiet)
{
	if (!c->pinned || c->mode != CPU_AUTO)
		return false;
	c->pinned = false;
	c->changes++;
	c->may_repin = quiet && c->repins < CPU_MAX_REPINS;
	c->repin_samples = 0;
	sched_setaffinity(0, sizeof(c->orig), &c->orig);
	return true;
}

bool cpu_give_up(struct cpu_placement *c)
{
	c->may_repin = false;
	return release(c, false);
}

bool cpu_on_new_task(struct cpu_placement *c, bool thread, size_t tasks)
{
	if (thread || tasks > CPU_SHARE_MAX_TASKS)
		return cpu_give_up(c);
	return false;
}

bool cpu_watching(struct cpu_placement *c)
{
	if (c->mode == CPU_AUTO && (c->pinned || c->may_repin))
		return true;
	/* "in a row": within one stretch */
	c->busy_samples = c->quiet_samples = c->repin_samples = 0;
	return false;
}

bool cpu_tick_needed(struct cpu_placement *c, uint64_t stops)
{
	if (!cpu_watching(c))
		return false;
	/* Released: one sample more after the last stop, which finds none
	 * and so ends any run of busy samples; then none until a stop. */
	return c->pinned || stops != c->stops_seen || c->last_new_stops > 0;
}

int cpu_task_runnable(pid_t tid)
{
	char path[64], buf[512];
	const char *state = NULL;
	ssize_t n = 0;
	int fd = -1;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* "pid (comm) S ...": comm may hold anything, ')' included. */
	state = strrchr(buf, ')');
	return state && state[1] == ' ' && state[2] == 'R';
}

enum cpu_verdict cpu_on_sample(struct cpu_placement *c, size_t runnable, uint64_t stops)
{
	uint64_t new_stops = stops - c->stops_seen;

	c->stops_seen = stops;
	c->last_new_stops = new_stops;
	if (!c->pinned) {
		c->repin_samples = new_stops >= CPU_REPIN_STOPS && runnable < 2 ? c->repin_samples + 1 : 0;
		return c->may_repin && c->repin_samples >= CPU_REPIN_SAMPLES ? CPU_REPIN : CPU_KEEP;
	}
	c->quiet_samples = new_stops < CPU_QUIET_STOPS ? c->quiet_samples + 1 : 0;
	c->busy_samples = runnable >= 2 ? c->busy_samples + 1 : 0;
	/* Busy first: two processes that want a CPU each are never re-pinned. */
	if (c->busy_samples >= CPU_BUSY_SAMPLES)
		return cpu_give_up(c) ? CPU_RELEASE : CPU_KEEP;
	if (c->quiet_samples >= CPU_QUIET_SAMPLES)
		return release(c, true) ? CPU_RELEASE : CPU_KEEP;
	return CPU_KEEP;
}

bool cpu_repin(struct cpu_placement *c)
{
	if (!c->may_repin || !pin_self(c, sched_getcpu())) {
		cpu_give_up(c);
		return false;
	}
	c->may_repin = false;
	c->repins++;
	return true;
}

/* 1 when @tid's CPU set is @set, 0 when it is another, -1 when the task
 * is gone. */
static int task_set_is(pid_t tid, const cpu_set_t *set)
{
	cpu_set_t now;

	if (sched_getaffinity(tid, sizeof(now), &now) < 0)
		return -1;
	return CPU_EQUAL(&now, set);
}

bool cpu_task_unchanged(const struct cpu_placement *c, pid_t tid)
{
	/* A task that is gone has nothing to keep. */
	return task_set_is(tid, &c->orig) != 0;
}

static void one_cpu(const struct cpu_placement *c, cpu_set_t *set)
{
	CPU_ZERO(set);
	CPU_SET(c->cpu, set);
}

/* Give @tid the set @to, but only when its set is @from: a set the program
 * chose itself is left alone (a task that is gone has none).  A change the
 * program makes between the two system calls is lost: a window of
 * microseconds that only stopping the task would close. */
static void move_task(pid_t tid, const cpu_set_t *from, const cpu_set_t *to)
{
	if (task_set_is(tid, from) == 1)
		sched_setaffinity(tid, sizeof(*to), to);
}

void cpu_repin_task(const struct cpu_placement *c, pid_t tid)
{
	cpu_set_t one;

	one_cpu(c, &one);
	move_task(tid, &c->orig, &one);
}

void cpu_restore_task(const struct cpu_placement *c, pid_t tid)
{
	cpu_set_t one;

	one_cpu(c, &one);
	move_task(tid, &one, &c->orig);
}

bool cpu_hides_mask(const struct cpu_placement *c)
{
	return c->mode == CPU_AUTO && (c->pinned || c->may_repin);
}

int cpu_fix_getaffinity(const struct cpu_placement *c, pid_t tid, unsigned long addr, size_t len)
{
	struct iovec local = {.iov_base = (void *)&c->orig, .iov_len = len};
	struct iovec remote = {.iov_base = (void *)addr, .iov_len = len};

	if (len > sizeof(c->orig))
		local.iov_len = remote.iov_len = sizeof(c->orig);
	if (process_vm_writev(tid, &local, 1, &remote, 1, 0) < 0)
		return -errno;
	return 0;
}

/* ---- the placement applied to every followed task ---- */

static void restore_one(struct tracee *t, void *ctx)
{
	cpu_restore_task(ctx, t->tid);
}

void cpu_release_tasks(struct cpu_placement *c, struct proctab *procs, pid_t ns_init)
{
	proctab_foreach(procs, restore_one, c);
	if (ns_init)
		cpu_restore_task(c, ns_init);
}

static void count_runnable(struct tracee *t, void *ctx)
{
	size_t *n = ctx;

	*n += (size_t)cpu_task_runnable(t->tid);
}

struct unchanged_ctx {
	const struct cpu_placement *cpu;
	bool all;
};

static void check_unchanged(struct tracee *t, void *ctx)
{
	struct unchanged_ctx *u = ctx;

	if (u->all && !cpu_task_unchanged(u->cpu, t->tid))
		u->all = false;
}

static void repin_one(struct tracee *t, void *ctx)
{
	cpu_repin_task(ctx, t->tid);
}

/* The program stops often again after a quiet stretch: share one CPU
 * again, unless it chose a CPU set of its own for some task. */
static void repin_tasks(struct cpu_placement *c, struct proctab *procs)
{
	struct unchanged_ctx u = {.cpu = c, .all = true};

	proctab_foreach(procs, check_unchanged, &u);
	if (!u.all) {
		cpu_give_up(c);
		return;
	}
	if (cpu_repin(c))
		proctab_foreach(procs, repin_one, c);
}

void cpu_watch_tasks(struct cpu_placement *c, struct proctab *procs, pid_t ns_init,
		     uint64_t stops)
{
	size_t runnable = 0;

	if (!c || !cpu_watching(c))
		return;
	if (proctab_count(procs) > 1)
		proctab_foreach(procs, count_runnable, &runnable);
	switch (cpu_on_sample(c, runnable, stops)) {
	case CPU_RELEASE:
		cpu_release_tasks(c, procs, ns_init);
		break;
	case CPU_REPIN:
		repin_tasks(c, procs);
		break;
	case CPU_KEEP:
	default:
		break;
	}
}
