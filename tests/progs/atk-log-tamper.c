/* atk-log-tamper: issue 19 item 20(a).  The program knows the path of its
 * own -o log (it is on jtrace-run's command line, /proc/PPID/cmdline) and
 * the same uid: it can change the file while the run goes on.
 *   atk-log-tamper truncate LOG   empty it (later records land after NULs)
 *   atk-log-tamper blank LOG      overwrite its first bytes, same size
 *   atk-log-tamper append LOG     add 2000 lines at the end in one write
 *                                 (more than the tracer writes after it at
 *                                 its own offset, which would cover less)
 *   atk-log-tamper replace LOG    rename another file over it
 * Exit 0 when the change was made, 2 on bad usage, 3 when it failed. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static const char line[] = "{\"v\":1,\"type\":\"end\",\"denied\":0}\n";
	char tmp[4096];
	int fd = -1;

	if (argc != 3)
		return 2;
	if (strcmp(argv[1], "truncate") == 0) {
		fd = open(argv[2], O_WRONLY | O_TRUNC);
		return fd < 0 ? 3 : 0;
	}
	if (strcmp(argv[1], "blank") == 0) {
		fd = open(argv[2], O_WRONLY);
		return fd < 0 || pwrite(fd, "          ", 10, 0) != 10 ? 3 : 0;
	}
	if (strcmp(argv[1], "append") == 0) {
		static char many[2000 * sizeof(line)];
		size_t n = 0;

		for (int i = 0; i < 2000; i++, n += sizeof(line) - 1)
			memcpy(many + n, line, sizeof(line) - 1);
		fd = open(argv[2], O_WRONLY | O_APPEND);
		return fd < 0 || write(fd, many, n) != (ssize_t)n ? 3 : 0;
	}
	if (strcmp(argv[1], "replace") == 0) {
		snprintf(tmp, sizeof(tmp), "%s.new", argv[2]);
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, line, sizeof(line) - 1) < 0)
			return 3;
		return rename(tmp, argv[2]) < 0 ? 3 : 0;
	}
	return 2;
}
