/* allowlist/export-seccomp: the model as a libseccomp filter, exported as
 * the raw BPF program (what `bwrap --seccomp FD` and `systemd-nspawn`-style
 * loaders read) or as libseccomp's human-readable PFC.  Also the export
 * dispatcher for every format.
 *
 * The filter: default action per --default; one ALLOW rule per name, or one
 * per argument tuple; every architecture seen in the logs, others killed
 * (SCMP_FLTATR_ACT_BADARCH = KILL_PROCESS), which is what kills an `int
 * 0x80` call from an x86_64 program traced without one. */
#include <jtrace/allowlist.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include <errno.h>
#include <seccomp.h>
#include <string.h>

static void export_ctx_releasep(scmp_filter_ctx *ctx)
{
	if (*ctx)
		seccomp_release(*ctx);
}

static void export_json_putp(json_object **o)
{
	if (*o)
		json_object_put(*o);
}

static uint32_t export_default_action(enum allowlist_default d)
{
	switch (d) {
	case ALLOWLIST_DEFAULT_KILL:
		return SCMP_ACT_KILL_PROCESS;
	case ALLOWLIST_DEFAULT_LOG:
		return SCMP_ACT_LOG;
	case ALLOWLIST_DEFAULT_ERRNO:
	default:
		return SCMP_ACT_ERRNO(EPERM);
	}
}

static int export_build(const struct allowlist *a, scmp_filter_ctx *ret)
{
	__attribute__((cleanup(export_ctx_releasep))) scmp_filter_ctx ctx = NULL;
	uint32_t native = seccomp_arch_native();
	bool native_seen = false;
	int r = 0;

	ctx = seccomp_init(export_default_action(a->def));
	if (!ctx)
		return -ENOMEM;
	r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (r < 0)
		return r;
	for (size_t i = 0; i < allowlist_arches_len; i++) {
		if (!(a->arches & (1u << i)))
			continue;
		if (allowlist_arches[i].audit_arch == native) {
			native_seen = true;
			continue;
		}
		r = seccomp_arch_add(ctx, allowlist_arches[i].audit_arch);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	if (!native_seen && a->arches) {
		r = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < a->n_calls; i++) {
		const struct allowlist_call *c = &a->calls[i];
		/* Native numbers (pseudo-numbers for calls the native arch
		 * lacks): libseccomp translates them per arch by name. */
		int nr = seccomp_syscall_resolve_name(c->name);

		if (nr == __NR_SCMP_ERROR) {
			jt_error("warning: libseccomp does not know %s: left out of the filter",
				 c->name);
			continue;
		}
		if (c->any) {
			r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
			if (r < 0)
				return r;
			continue;
		}
		for (size_t k = 0; k < c->n_tuples; k++) {
			struct scmp_arg_cmp cmp[ALLOWLIST_MAX_CONDS];
			const struct allowlist_tuple *t = &c->tuples[k];

			for (unsigned j = 0; j < t->n; j++) {
				if (t->c[j].op == ALLOWLIST_MASKED_EQ)
					cmp[j] = (struct scmp_arg_cmp){t->c[j].index,
								       SCMP_CMP_MASKED_EQ,
								       t->c[j].mask, t->c[j].value};
				else
					cmp[j] = (struct scmp_arg_cmp){t->c[j].index, SCMP_CMP_EQ,
								       t->c[j].value, 0};
			}
			r = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, nr, t->n, cmp);
			if (r < 0)
				return r;
		}
	}
	*ret = steal_pointer(&ctx);
	return 0;
}

int allowlist_export_seccomp(const struct allowlist *a, bool pfc, const char *what, int fd)
{
	__attribute__((cleanup(export_ctx_releasep))) scmp_filter_ctx ctx = NULL;
	int r = export_build(a, &ctx);

	if (r < 0)
		return r;
	if (!pfc)
		return seccomp_export_bpf(ctx, fd);
	/* PFC is a comment-friendly text: the same header as the others. */
	{
		cleanup_free char *hdr = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&hdr, &len);

		if (!m)
			return -ENOMEM;
		allowlist_header(a, what, "#", m);
		if (fclose(m) != 0)
			return -ENOMEM;
		r = jt_write_all(fd, hdr, len);
		if (r < 0)
			return r;
	}
	return seccomp_export_pfc(ctx, fd);
}

int allowlist_export(const struct allowlist *a, enum allowlist_format fmt, const char *what, int fd)
{
	cleanup_free char *buf = NULL;
	size_t len = 0;
	FILE *m = NULL;
	int r = 0;

	if (fmt == ALLOWLIST_FORMAT_BPF || fmt == ALLOWLIST_FORMAT_PFC)
		return allowlist_export_seccomp(a, fmt == ALLOWLIST_FORMAT_PFC, what, fd);
	m = open_memstream(&buf, &len);
	if (!m)
		return -ENOMEM;
	switch (fmt) {
	case ALLOWLIST_FORMAT_OCI: {
		__attribute__((cleanup(export_json_putp))) json_object *o = allowlist_to_oci(a);

		fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								JSON_C_TO_STRING_SPACED |
								JSON_C_TO_STRING_NOSLASHESCAPE),
		      m);
		fputc('\n', m);
		break;
	}
	case ALLOWLIST_FORMAT_SYSTEMD:
		r = allowlist_export_systemd(a, what, m);
		break;
	case ALLOWLIST_FORMAT_JTRACE:
	case ALLOWLIST_FORMAT_BPF:
	case ALLOWLIST_FORMAT_PFC:
	default:
		r = allowlist_export_jtrace(a, what, m);
		break;
	}
	if (fclose(m) != 0 && r == 0)
		r = -ENOMEM;
	if (r < 0)
		return r;
	return jt_write_all(fd, buf, len);
}
