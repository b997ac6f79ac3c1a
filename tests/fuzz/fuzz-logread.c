/* fuzz-logread: the log reader of jtrace-policy under libFuzzer.  Any bytes
 * are read as a JSON Lines log, the way each subcommand reads one:
 *   - logread_stream() with a callback that takes the records apart as
 *     gen and summary do (logread_str/_i64, the raw arguments and the
 *     --args tuple of every syscall record, summary_add);
 *   - allowlist_gen_log() with --args, then the always-needed calls, and
 *     the model written out in the jtrace and OCI formats and read back
 *     (allowlist_read_jtrace_buffer), which must give the same model;
 *   - the same bytes as a jtrace-format allowlist
 *     (allowlist_read_jtrace_buffer), the other text jtrace-policy parses.
 * The path-based readers get the bytes through a memfd (/proc/self/fd/N).
 *
 * Built as fuzz-policy is (tests/fuzz/meson.build): fuzz-logread with clang
 * and -fsanitize=fuzzer,address,undefined, and fuzz-logread-replay (any
 * compiler, replay-main.c) replaying tests/fuzz/corpus-logread/ as the
 * meson test fuzz-logread-corpus. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <json-c/json.h>

#include <jtrace/allowlist.h>
#include <jtrace/logread.h>
#include <jtrace/summary.h>
#include <jtrace/syscalls.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_record(json_object *rec, unsigned line, void *userdata, struct logread_error *err)
{
	struct summary *sum = userdata;
	const char *type = logread_str(rec, "type"), *name = logread_str(rec, "name");
	int64_t v = 0, dur = 0;
	uint64_t args[6] = {0};
	unsigned known = 0;

	(void)line;
	(void)err;
	(void)logread_i64(rec, "seq", &v);
	(void)logread_i64(rec, "pid", &v);
	(void)logread_str(rec, "arch");
	if (!type || strcmp(type, "syscall") != 0 || !name)
		return 0;
	allowlist_record_args(rec, args, &known);
	{
		struct allowlist_tuple t;
		bool any = false;

		(void)allowlist_record_tuple(name, rec, &t, &any);
	}
	(void)logread_i64(rec, "dur_ns", &dur);
	(void)summary_add(sum, name, (uint64_t)dur, logread_str(rec, "errno") != NULL);
	return 0;
}

/* The model written in the jtrace format must read back as the same model. */
static void round_trip(const struct allowlist *a)
{
	struct allowlist back;
	struct logread_error err;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return;
	(void)allowlist_export_jtrace(a, "gen", f);
	if (fclose(f) != 0 || !text) {
		free(text);
		return;
	}
	allowlist_init(&back);
	if (allowlist_read_jtrace_buffer(&back, "roundtrip.policy", text, &err) != 0) {
		fprintf(stderr, "fuzz-logread: gen's output does not read back: %s\n%s", err.msg, text);
		abort();
	}
	if (!allowlist_equal(a, &back)) {
		fprintf(stderr, "fuzz-logread: gen's output reads back as another model:\n%s", text);
		abort();
	}
	allowlist_free(&back);
	free(text);
	json_object_put(allowlist_to_oci(a));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct logread_error err;
	struct logread_stats st;
	struct summary sum;
	struct allowlist a;
	/* accept_shared: the lines of a shared log are sorted, not refused. */
	struct allowlist_gen_opts opts = {.args = true, .accept_shared = true};
	char *text = NULL;
	FILE *f = NULL;

	if (fd < 0) {
		if (syscalls_init() < 0)
			abort();
		fd = memfd_create("fuzz-logread.jsonl", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}

	/* 1. the stream reader and the record helpers */
	f = fmemopen((void *)data, size ? size : 1, "r");
	if (f) {
		if (size == 0)
			fgetc(f); /* fmemopen needs a non-empty buffer: read it empty */
		summary_init(&sum);
		(void)logread_stream(f, "fuzz.jsonl", on_record, &sum, &st, &err);
		(void)summary_to_json(&sum);
		jv_arena_reset(NULL);
		{
			/* The table escapes the names it prints. */
			char *table = NULL;
			size_t tlen = 0;
			FILE *t = open_memstream(&table, &tlen);

			if (t) {
				summary_print(&sum, t);
				fclose(t);
			}
			free(table);
		}
		summary_free(&sum);
		fclose(f);
	}

	/* 2. gen on the same bytes as a file */
	if (ftruncate(fd, 0) == 0 && pwrite(fd, data, size, 0) == (ssize_t)size) {
		allowlist_init(&a);
		if (allowlist_gen_log(&a, path, &opts, &err) == 0 && allowlist_add_always(&a) == 0)
			round_trip(&a);
		allowlist_free(&a);
	}

	/* 3. the bytes as an allowlist */
	text = malloc(size + 1);
	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
		allowlist_init(&a);
		if (allowlist_read_jtrace_buffer(&a, "fuzz.policy", text, &err) == 0)
			round_trip(&a);
		allowlist_free(&a);
		free(text);
	}
	return 0;
}
