/* test-cpu: the --cpu=auto state machine of src/run/cpu.c, fed samples by hand.
 * It pins and releases this test process itself (the "tracer"), so it needs
 * two CPUs; on one it skips (exit 77). */
#include "check.h"

#include <jtrace/cpu.h>

#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

/* Samples of @stops new stops each, @n of them, with @runnable tasks. */
static enum cpu_verdict feed(struct cpu_placement *c, uint64_t *stops, unsigned n,
			     uint64_t per_sample, size_t runnable)
{
	enum cpu_verdict v = CPU_KEEP;

	for (unsigned i = 0; i < n; i++) {
		*stops += per_sample;
		v = cpu_on_sample(c, runnable, *stops);
		if (v != CPU_KEEP)
			return v;
	}
	return v;
}

static bool on_one_cpu(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) == 1;
}

static void quiet_then_busy(void)
{
	struct cpu_placement c;
	uint64_t stops = 0;

	cpu_pin_start(&c, CPU_AUTO);
	CHECK(c.pinned && on_one_cpu(), "auto starts pinned");
	CHECK(cpu_watching(&c), "a pinned placement is watched");
	/* Busy with stops: stays. */
	CHECK(feed(&c, &stops, 10, 1000, 0) == CPU_KEEP, "many stops keep the placement");
	/* One quiet sample is not two in a row. */
	CHECK(feed(&c, &stops, 1, 0, 0) == CPU_KEEP, "one quiet sample keeps it");
	CHECK(feed(&c, &stops, 1, 100, 0) == CPU_KEEP, "a busy one in between");
	CHECK(feed(&c, &stops, 2, CPU_QUIET_STOPS - 1, 0) == CPU_RELEASE,
	      "two quiet samples in a row release it");
	CHECK(!c.pinned && !on_one_cpu(), "released: the tracer has its CPUs back");
	CHECK(cpu_watching(&c), "released for being quiet: still watched");
	/* Between the thresholds: stays released. */
	CHECK(feed(&c, &stops, 10, CPU_REPIN_STOPS - 1, 0) == CPU_KEEP,
	      "below CPU_REPIN_STOPS stays released");
	/* Many stops but two runnable tasks: they use both CPUs. */
	CHECK(feed(&c, &stops, 10, 1000, 2) == CPU_KEEP, "two runnable tasks are not re-pinned");
	CHECK(feed(&c, &stops, 1, 1000, 0) == CPU_KEEP, "one busy sample is not two");
	CHECK(feed(&c, &stops, 1, 1000, 0) == CPU_REPIN, "two busy samples ask for a re-pin");
	CHECK(cpu_task_unchanged(&c, getpid()), "this task's set is the original one");
	CHECK(cpu_repin(&c), "re-pin");
	CHECK(c.pinned && c.repins == 1 && on_one_cpu(), "pinned again, on one CPU");
	/* Two processes that want the CPU: released for good. */
	CHECK(feed(&c, &stops, 2, 1000, 2) == CPU_RELEASE, "two busy runnable samples release it");
	CHECK(!cpu_watching(&c), "released for being busy: never watched again");
	CHECK(feed(&c, &stops, 10, 1000, 0) == CPU_KEEP, "and never re-pinned");
}

static void thread_gives_up(void)
{
	struct cpu_placement c;
	uint64_t stops = 0;

	cpu_pin_start(&c, CPU_AUTO);
	CHECK(feed(&c, &stops, 2, 0, 0) == CPU_RELEASE, "quiet release");
	CHECK(!cpu_on_new_task(&c, true, 2), "a thread while released releases nothing more");
	CHECK(!cpu_watching(&c), "but ends the watch");
	CHECK(feed(&c, &stops, 10, 1000, 0) == CPU_KEEP, "no re-pin after a thread");
}

static void changed_set_gives_up(void)
{
	struct cpu_placement c;
	uint64_t stops = 0;
	cpu_set_t one;

	cpu_pin_start(&c, CPU_AUTO);
	CHECK(feed(&c, &stops, 2, 0, 0) == CPU_RELEASE, "quiet release");
	/* The "program" (here: this task) narrows its own set. */
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	CHECK(sched_setaffinity(0, sizeof(one), &one) == 0, "narrow the set");
	CHECK(!cpu_task_unchanged(&c, getpid()), "a narrowed set is noticed");
	CHECK(!cpu_give_up(&c), "giving up while released releases nothing");
	CHECK(!cpu_watching(&c), "and ends the watch");
	sched_setaffinity(0, sizeof(c.orig), &c.orig);
}

static void repins_are_bounded(void)
{
	struct cpu_placement c;
	uint64_t stops = 0;
	unsigned n = 0;

	cpu_pin_start(&c, CPU_AUTO);
	for (unsigned i = 0; i < 2 * CPU_MAX_REPINS; i++) {
		if (feed(&c, &stops, 2, 0, 0) != CPU_RELEASE)
			break;
		if (feed(&c, &stops, 2, 1000, 0) != CPU_REPIN)
			break;
		if (cpu_repin(&c))
			n++;
	}
	CHECK(n == CPU_MAX_REPINS, "re-pinned %u times, want %d", n, CPU_MAX_REPINS);
	CHECK(!c.pinned && !cpu_watching(&c), "then released for good");
}

static void modes_never_repin(void)
{
	struct cpu_placement c;
	uint64_t stops = 0;

	cpu_pin_start(&c, CPU_SAME);
	CHECK(c.pinned && !cpu_watching(&c), "same: pinned, not watched");
	CHECK(feed(&c, &stops, 4, 0, 2) == CPU_KEEP, "same: samples change nothing");
	CHECK(c.pinned, "same stays pinned");
	sched_setaffinity(0, sizeof(c.orig), &c.orig);
	cpu_pin_start(&c, CPU_FREE);
	CHECK(!c.pinned && !cpu_watching(&c), "free: never pinned, not watched");
}

int main(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) < 0 || CPU_COUNT(&set) < 2) {
		printf("test-cpu: skipped: fewer than two CPUs to place on\n");
		return 77;
	}
	quiet_then_busy();
	thread_gives_up();
	changed_set_gives_up();
	repins_are_bounded();
	modes_never_repin();
	return check_exit_status("test-cpu");
}
