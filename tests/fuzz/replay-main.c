/* replay-main: the main() of every fuzz harness's replay test.  Linked with
 * one harness (any compiler, no libFuzzer), it feeds each file named on the
 * command line, or each file in each directory named, to
 * LLVMFuzzerTestOneInput once: the seeds and every crasher kept as a
 * regression seed stay fixed.  An empty corpus fails: it means the test
 * lost its seeds, not that all is well. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n = 0;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	rewind(f);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (!buf || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)buf, n > 0 ? (size_t)n : 0);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	size_t files = 0;
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *d = NULL;
		struct dirent *de;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "%s: %s: not found\n", name, argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= replay_file(argv[i]) < 0;
			files++;
			continue;
		}
		d = opendir(argv[i]);
		while (d && (de = readdir(d))) {
			char path[4096];

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			/* Seeds only: a fixture directory has subdirectories
			 * (included files), which a harness cannot read. */
			if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
				continue;
			bad |= replay_file(path) < 0;
			files++;
		}
		if (d)
			closedir(d);
	}
	printf("%s: replayed %zu inputs\n", name, files);
	return bad || files == 0;
}
