/* allowlist/cmd-common: what every jtrace-policy subcommand shares: the
 * one-line usage errors and opening the output. */
#include <jtrace/logread.h>
#include <jtrace/pcmd.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <string.h>

int pcmd_usage_error(const char *sub, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s %s: %s (see %s %s --help)\n", jt_progname, sub, msg, jt_progname, sub);
	return PCMD_EXIT_FAIL;
}

int pcmd_getopt_error(const char *sub, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";

	if (c == ':')
		return pcmd_usage_error(sub, "option '%s' needs a value", arg);
	if (optopt)
		return pcmd_usage_error(sub, "unknown option '-%c'", optopt);
	return pcmd_usage_error(sub, "unknown option '%s'", arg);
}

int pcmd_log_error(int r, const char *msg)
{
	jt_error("%s", msg);
	return r == LOGREAD_ESHARED ? PCMD_EXIT_SHARED : PCMD_EXIT_FAIL;
}

int pcmd_open_output(const char *path)
{
	int fd = -1;

	if (!path || strcmp(path, "-") == 0)
		fd = dup(STDOUT_FILENO);
	else
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	return fd < 0 ? -errno : fd;
}

json_object *pcmd_jv_to_json(const struct jv *v)
{
	json_object *o = NULL;

	switch (jv_kind_of(v)) {
	case JV_BOOL:
		return json_object_new_boolean(v->v.b);
	case JV_INT:
		return json_object_new_int64(v->v.i);
	case JV_UINT:
		if (v->tag == JV_TAG_HEX || v->tag == JV_TAG_PTR) {
			char hex[24];

			snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)v->v.u);
			return json_object_new_string(hex);
		}
		return json_object_new_uint64(v->v.u);
	case JV_STR:
	case JV_BYTES:
		return json_object_new_string_len(v->v.s.p, (int)v->v.s.len);
	case JV_ARRAY:
		o = json_object_new_array();
		jv_foreach(m, v)
			json_object_array_add(o, pcmd_jv_to_json(m));
		return o;
	case JV_OBJECT:
		o = json_object_new_object();
		jv_foreach(m, v)
			json_object_object_add(o, m->key, pcmd_jv_to_json(m));
		return o;
	case JV_NULL:
	default:
		return NULL;
	}
}
