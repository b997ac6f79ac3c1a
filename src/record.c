/* record: the common parts of every log record (schema version 1). */
#include <jtrace/record.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include <limits.h>
#include <sys/random.h>
#include <sys/utsname.h>

#include "config.h"

/* 64 random bits: a program that cannot read the log cannot guess them.
 * One shared json string, referenced by every record. */
static char record_run_token[17];
static json_object *record_run_json;

int record_init_token(void)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[8];
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++) {
		record_run_token[2 * i] = hex[raw[i] >> 4];
		record_run_token[2 * i + 1] = hex[raw[i] & 15];
	}
	record_run_token[16] = '\0';
	record_run_json = json_object_new_string(record_run_token);
	return record_run_json ? 0 : -ENOMEM;
}

const char *record_token(void)
{
	return record_run_token;
}

json_object *record_new(const char *type, uint64_t ts)
{
	json_object *rec = json_object_new_object();

	if (!rec)
		return NULL;
	json_object_object_add(rec, "v", json_object_new_int(RECORD_SCHEMA_VERSION));
	json_object_object_add(rec, "type", json_object_new_string(type));
	json_object_object_add(rec, "ts", json_object_new_int64((int64_t)ts));
	if (record_run_json)
		json_object_object_add(rec, "run", json_object_get(record_run_json));
	return rec;
}

void record_add_proc(json_object *rec, const struct tracee *t)
{
	json_object_object_add(rec, "pid", json_object_new_int(t->tgid));
	json_object_object_add(rec, "tid", json_object_new_int(t->tid));
	json_object_object_add(rec, "nspid", json_object_new_int(t->nspid));
}

static json_object *string_array(char **v)
{
	json_object *arr = json_object_new_array();

	for (; *v; v++)
		json_object_array_add(arr, json_object_new_string(*v));
	return arr;
}

json_object *record_start(uint64_t ts, char **command, char **argv,
			  const char *const *filter_names, size_t n_filter, pid_t program)
{
	json_object *rec = record_new("start", ts);
	json_object *filter = json_object_new_array();
	struct utsname u = {0};
	char cwd[PATH_MAX];
	const char *arch = syscalls_arch_name(syscalls_native_arch());

	json_object_object_add(rec, "version", json_object_new_string(JTRACE_VERSION));
	json_object_object_add(rec, "argv", string_array(argv));
	json_object_object_add(rec, "command", string_array(command));
	json_object_object_add(rec, "cwd",
			       getcwd(cwd, sizeof(cwd)) ? json_object_new_string(cwd) : NULL);
	json_object_object_add(rec, "arch", json_object_new_string(arch ? arch : "unknown"));
	json_object_object_add(rec, "kernel", uname(&u) == 0 ? json_object_new_string(u.release) : NULL);
	for (size_t i = 0; i < n_filter; i++)
		json_object_array_add(filter, json_object_new_string(filter_names[i]));
	json_object_object_add(rec, "filter", filter);
	json_object_object_add(rec, "pid", json_object_new_int(program));
	return rec;
}
