/* xlat: lookups in the constant-name lists generated from
 * src/data/xlat/NAME.in (the tables themselves are in xlat-gen.c).
 *
 * Lists are short (at most a few hundred entries), so a linear scan is
 * cheaper than keeping a sorted index in step with the generator.  Where a
 * list holds two names for one value (EAGAIN/EWOULDBLOCK), the first one in
 * the .in file wins. */
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
