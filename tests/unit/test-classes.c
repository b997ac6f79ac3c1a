/* test-classes: the class and group tables (src/data/classes.in,
 * src/data/groups.in) and --filter resolution in src/common/classes.c: documented,
 * non-empty, sorted, resolvable groups; filter lists applied left to right;
 * errors and suggestions for unknown names. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jtrace/classes.h>
#include <jtrace/util.h>

#include "check.h"

static size_t set_count(const struct syscall_set *s)
{
	size_t n = 0;

	for (size_t i = 0; i < syscall_table_len; i++)
		n += syscall_set_has(s, i);
	return n;
}

static bool set_has_name(const struct syscall_set *s, const char *name)
{
	long i = syscalls_index_by_name(name);

	return i >= 0 && syscall_set_has(s, (size_t)i);
}

static void test_classes_documented(void)
{
	CHECK(class_table_len == CLASS_COUNT, "%zu classes, CLASS_COUNT %d", class_table_len,
	      CLASS_COUNT);
	for (size_t i = 0; i < class_table_len; i++) {
		const struct class_info *c = &class_table[i];
		size_t members = 0;

		CHECK(c->help && *c->help, "class %s has no help", c->name);
		CHECK(c->bit && !(c->bit & (c->bit - 1)), "class %s bit %#x", c->name, c->bit);
		for (size_t j = 0; j < syscall_table_len; j++)
			members += !!(syscall_table[j].classes & c->bit);
		CHECK(members > 0, "class %s is empty", c->name);
		CHECK(syscalls_by_name(c->name) == NULL, "class %s has a syscall's name", c->name);
	}
	for (const char *const *n = (const char *const[]){"net", "file", "process", "signal", "ipc",
							  "desc", "memory", "creds", "clock", NULL};
	     *n; n++) {
		struct syscall_set s = {{0}};

		CHECK(classes_expand(*n, &s) == 0 && set_count(&s) > 0, "class %s", *n);
	}
}

/* Walk @name's members; fails on unknown members and on cycles (depth). */
static void check_group_members(const struct group_info *g, unsigned depth)
{
	CHECK(depth < 16, "group %s: too deep, a cycle?", g->name);
	if (depth >= 16)
		return;
	for (const char *const *m = g->members; *m; m++) {
		if ((*m)[0] == '@') {
			const struct group_info *sub = NULL;

			for (size_t i = 0; i < group_table_len; i++)
				if (strcmp(group_table[i].name, *m) == 0)
					sub = &group_table[i];
			CHECK(sub != NULL, "group %s: unknown group %s", g->name, *m);
			if (sub)
				check_group_members(sub, depth + 1);
		} else {
			CHECK(syscalls_by_name(*m) != NULL, "group %s: unknown syscall %s", g->name,
			      *m);
		}
	}
}

static void test_groups(void)
{
	static const char *const required[] = {
		"@network-io",	   "@file-system", "@process",	"@mount",	  "@module",
		"@privileged",	   "@raw-io",	   "@reboot",	"@swap",	  "@clock",
		"@debug",	   "@keyring",	   "@obsolete", "@cpu-emulation", "@basic-io",
		"@io-event",	   "@ipc",	   "@signal",	"@timer",	  "@setuid",
		"@chown",	   "@sync",	   "@aio",	"@resources",	  "@default",
		"@system-service",
	};

	CHECK(group_table_len >= JT_ARRAY_SIZE(required), "%zu groups", group_table_len);
	for (size_t i = 0; i < group_table_len; i++) {
		const struct group_info *g = &group_table[i];

		CHECK(g->name[0] == '@', "group %s without @", g->name);
		CHECK(g->help && *g->help, "group %s has no help", g->name);
		CHECK(g->members[0] != NULL, "group %s is empty", g->name);
		if (i > 0)
			CHECK(strcmp(group_table[i - 1].name, g->name) < 0,
			      "groups not sorted at %s", g->name);
		for (size_t m = 1; g->members[0] && g->members[m]; m++)
			CHECK(strcmp(g->members[m - 1], g->members[m]) < 0,
			      "group %s: %s then %s (unsorted or twice)", g->name,
			      g->members[m - 1], g->members[m]);
		check_group_members(g, 0);
	}
	for (size_t i = 0; i < JT_ARRAY_SIZE(required); i++) {
		struct syscall_set s = {{0}};

		CHECK(classes_expand(required[i], &s) == 0 && set_count(&s) > 0, "group %s",
		      required[i]);
	}
}

static void test_expand(void)
{
	struct syscall_set s = {{0}};

	CHECK(classes_expand("@network-io", &s) == 0, "@network-io");
	CHECK(set_has_name(&s, "connect") && set_has_name(&s, "socket"),
	      "@network-io has connect, socket");
	CHECK(!set_has_name(&s, "openat"), "@network-io has no openat");

	/* @system-service includes other groups, recursively. */
	memset(&s, 0, sizeof(s));
	CHECK(classes_expand("@system-service", &s) == 0, "@system-service");
	CHECK(set_has_name(&s, "connect") && set_has_name(&s, "openat") &&
		      set_has_name(&s, "exit_group"),
	      "@system-service pulls in @network-io, @file-system, @default");
	CHECK(!set_has_name(&s, "reboot") && !set_has_name(&s, "init_module"),
	      "@system-service has no @reboot/@module");

	memset(&s, 0, sizeof(s));
	CHECK(classes_expand("read", &s) == 0 && set_count(&s) == 1 && set_has_name(&s, "read"),
	      "single syscall");
	CHECK(classes_expand("@nosuchgroup", &s) == -ENOENT, "unknown group");
	CHECK(classes_expand("nosuch", &s) == -ENOENT, "unknown name");
	CHECK(classes_expand("", &s) == -EINVAL, "empty name");
}

static void test_parse_filter(void)
{
	struct syscall_set s;
	char *bad = NULL;
	const char *sugg[8];
	size_t n;
	bool found = false;

	CHECK(classes_parse_filter("net", &s, &bad) == 0, "net");
	CHECK(set_has_name(&s, "connect"), "net has connect");
	CHECK(set_has_name(&s, "sendmsg"), "net has sendmsg");
	CHECK(!set_has_name(&s, "openat"), "net has no openat");

	CHECK(classes_parse_filter("net,!connect", &s, &bad) == 0, "net,!connect");
	CHECK(!set_has_name(&s, "connect") && set_has_name(&s, "bind"),
	      "net,!connect drops only connect");

	/* Left to right: a later add wins over an earlier removal. */
	CHECK(classes_parse_filter("!connect,net", &s, &bad) == 0 && set_has_name(&s, "connect"),
	      "!connect,net");

	CHECK(classes_parse_filter("all", &s, &bad) == 0, "all");
	CHECK(set_count(&s) == syscall_table_len, "all has %zu of %zu", set_count(&s),
	      syscall_table_len);
	CHECK(classes_parse_filter("all,!read", &s, &bad) == 0 &&
		      set_count(&s) == syscall_table_len - 1 && !set_has_name(&s, "read"),
	      "all,!read");

	CHECK(classes_parse_filter("@network-io,openat", &s, &bad) == 0 &&
		      set_has_name(&s, "openat") && set_has_name(&s, "accept4"),
	      "@network-io,openat");
	CHECK(classes_parse_filter("file,!@file-system", &s, &bad) == 0 &&
		      !set_has_name(&s, "openat") && set_has_name(&s, "mount"),
	      "file,!@file-system");
	CHECK(classes_parse_filter(" net , !connect ", &s, &bad) == 0 &&
		      !set_has_name(&s, "connect"),
	      "white space around items");

	CHECK(classes_parse_filter("conect", &s, &bad) == -ENOENT, "conect is unknown");
	CHECK(bad && strcmp(bad, "conect") == 0, "bad is \"%s\"", bad ? bad : "(null)");
	free(bad);
	bad = NULL;
	CHECK(classes_parse_filter("net,!@nosuch", &s, &bad) == -ENOENT, "!@nosuch");
	CHECK(bad && strcmp(bad, "@nosuch") == 0, "bad is \"%s\"", bad ? bad : "(null)");
	free(bad);
	bad = NULL;

	CHECK(classes_parse_filter("", &s, &bad) == -EINVAL && !bad, "empty list");
	CHECK(classes_parse_filter("net,,file", &s, &bad) == -EINVAL && !bad, "empty item");
	CHECK(classes_parse_filter("net,", &s, &bad) == -EINVAL, "trailing comma");
	CHECK(classes_parse_filter("!", &s, &bad) == -EINVAL, "lone !");
	CHECK(classes_parse_filter("net", &s, NULL) == 0, "ret_bad may be NULL");
	CHECK(classes_parse_filter("nosuch", &s, NULL) == -ENOENT, "ret_bad NULL on error");

	n = classes_suggest("conect", sugg, JT_ARRAY_SIZE(sugg));
	for (size_t i = 0; i < n; i++)
		found |= strcmp(sugg[i], "connect") == 0;
	CHECK(n > 0 && found, "suggest(conect) has connect (%zu suggestions)", n);
	CHECK(n > 0 && strcmp(sugg[0], "connect") == 0, "connect comes first, not %s",
	      n ? sugg[0] : "-");

	n = classes_suggest("@network", sugg, 3);
	CHECK(n >= 1 && strcmp(sugg[0], "@network-io") == 0, "suggest(@network) -> @network-io");
	n = classes_suggest("netw", sugg, 2);
	CHECK(n <= 2, "suggest respects max");
	n = classes_suggest("zzzzzzzzzzzzzzzzzz", sugg, 8);
	CHECK(n == 0, "nothing close to zzz... (%zu)", n);
}

static void test_print_all(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK(f != NULL, "open_memstream");
	if (!f)
		return;
	classes_print_all(f);
	fclose(f);
	CHECK(buf && strstr(buf, "\nnet - ") && strstr(buf, "\n@network-io - ") &&
		      strstr(buf, " connect"),
	      "--list-filters output");
	for (char *line = buf, *end; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		CHECK((end ? (size_t)(end - line) : strlen(line)) <= 80,
		      "line longer than 80 columns in --list-filters");
	}
	free(buf);
}

int main(void)
{
	test_classes_documented();
	test_groups();
	test_expand();
	test_parse_filter();
	test_print_all();
	return check_exit_status("test-classes");
}
