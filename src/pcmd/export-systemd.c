/* allowlist/export-systemd: the model as systemd unit settings
 * (SystemCallFilter=, SystemCallArchitectures=, SystemCallErrorNumber=) for
 * a [Service] section.  systemd filters on names only, so argument tuples
 * become plain names (said in the output). */
#include <jtrace/allowlist.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include <string.h>

#define SYSTEMD_WIDTH 78

int allowlist_export_systemd(const struct allowlist *a, const char *what, FILE *f)
{
	const char *key = a->def == ALLOWLIST_DEFAULT_LOG ? "SystemCallLog=~" : "SystemCallFilter=";
	uint32_t native = syscalls_native_arch();
	bool conditional = false;
	size_t col = 0;

	allowlist_header(a, what, "#", f);
	for (size_t i = 0; i < a->n_calls; i++)
		conditional |= !a->calls[i].any;
	if (conditional)
		fprintf(f, "# Argument conditions are not expressible here: those calls are "
			   "allowed whatever their arguments.\n");
	if (a->def == ALLOWLIST_DEFAULT_LOG)
		fprintf(f, "# Default \"log\": nothing is denied, calls outside the list are "
			   "logged.\n");
	fprintf(f, "[Service]\n");
	fprintf(f, "SystemCallArchitectures=native");
	for (size_t i = 0; i < allowlist_arches_len; i++)
		if ((a->arches & (1u << i)) && allowlist_arches[i].audit_arch != native)
			fprintf(f, " %s", allowlist_arches[i].systemd);
	fputc('\n', f);
	if (a->def == ALLOWLIST_DEFAULT_ERRNO)
		fprintf(f, "SystemCallErrorNumber=EPERM\n");
	/* Several SystemCallFilter= lines of allowed names add up. */
	for (size_t i = 0; i < a->n_calls; i++) {
		size_t len = strlen(a->calls[i].name);

		if (col && col + 1 + len > SYSTEMD_WIDTH) {
			fputc('\n', f);
			col = 0;
		}
		if (!col) {
			fputs(key, f);
			col = strlen(key);
		} else {
			fputc(' ', f);
			col++;
		}
		fputs(a->calls[i].name, f);
		col += len;
	}
	if (col)
		fputc('\n', f);
	return ferror(f) ? -EIO : 0;
}
