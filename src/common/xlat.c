/* xlat: lookups in the constant-name lists generated from
 * src/data/xlat/NAME.in (the tables themselves are in xlat-gen.c).
 *
 * Lists are short (at most a few hundred entries), so a linear scan is
 * cheaper than keeping a sorted index in step with the generator.  Where a
 * list holds two names for one value (EAGAIN/EWOULDBLOCK), the first one in
 * the .in file wins.
 *
 * Also here: errno and signal names both ways, which the decoders, the
 * record, the text writer and the policy language all use; signals add
 * the real-time ones the lists cannot hold. */
#include <jtrace/util.h>
#include <jtrace/xlat.h>

#include <errno.h>
#include <string.h>

const char *xlat_name(enum xlat_id id, uint64_t val)
{
	if ((unsigned)id >= XLAT_COUNT)
		return NULL;
	const struct xlat *x = &xlat_tables[id];
	for (size_t k = 0; k < x->len; k++)
		if (x->entries[k].val == val)
			return x->entries[k].name;
	return NULL;
}

int xlat_value(enum xlat_id id, const char *name, uint64_t *ret)
{
	if ((unsigned)id >= XLAT_COUNT || !name)
		return -ENOENT;
	const struct xlat *x = &xlat_tables[id];
	for (size_t k = 0; k < x->len; k++) {
		if (strcmp(x->entries[k].name, name) == 0) {
			*ret = x->entries[k].val;
			return 0;
		}
	}
	return -ENOENT;
}

int xlat_lookup_any(const char *name, uint64_t *ret)
{
	for (unsigned id = XLAT_NONE + 1; id < XLAT_COUNT; id++)
		if (xlat_value((enum xlat_id)id, name, ret) == 0)
			return 0;
	return -ENOENT;
}

const char *xlat_errno_name(int err)
{
	return err > 0 ? xlat_name(XLAT_ERRNOS, (uint64_t)err) : NULL;
}

int xlat_errno_value(const char *name)
{
	uint64_t v = 0;
	return xlat_value(XLAT_ERRNOS, name, &v) == 0 ? (int)v : -1;
}

/* Real-time signals have no names of their own: SIGRT_n is signal 32+n, the
 * kernel's SIGRTMIN (glibc's SIGRTMIN is higher, it keeps a few). */
#define XLAT_SIGRT_BASE 32
static const char *const xlat_rt_names[] = {
	"SIGRT_0",  "SIGRT_1",	"SIGRT_2",  "SIGRT_3",	"SIGRT_4",  "SIGRT_5",	"SIGRT_6",
	"SIGRT_7",  "SIGRT_8",	"SIGRT_9",  "SIGRT_10", "SIGRT_11", "SIGRT_12", "SIGRT_13",
	"SIGRT_14", "SIGRT_15", "SIGRT_16", "SIGRT_17", "SIGRT_18", "SIGRT_19", "SIGRT_20",
	"SIGRT_21", "SIGRT_22", "SIGRT_23", "SIGRT_24", "SIGRT_25", "SIGRT_26", "SIGRT_27",
	"SIGRT_28", "SIGRT_29", "SIGRT_30", "SIGRT_31", "SIGRT_32",
};

const char *xlat_signal_name(int sig)
{
	if (sig <= 0)
		return NULL;
	const char *name = xlat_name(XLAT_SIGNALS, (uint64_t)sig);
	if (!name && sig >= XLAT_SIGRT_BASE &&
	    (size_t)(sig - XLAT_SIGRT_BASE) < JT_ARRAY_SIZE(xlat_rt_names))
		name = xlat_rt_names[sig - XLAT_SIGRT_BASE];
	return name;
}

int xlat_signal_value(const char *name)
{
	uint64_t v = 0;
	if (!name)
		return -1;
	if (xlat_value(XLAT_SIGNALS, name, &v) == 0)
		return (int)v;
	for (size_t k = 0; k < JT_ARRAY_SIZE(xlat_rt_names); k++)
		if (strcmp(xlat_rt_names[k], name) == 0)
			return XLAT_SIGRT_BASE + (int)k;
	return -1;
}
