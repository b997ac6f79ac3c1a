/* util: the shared error idiom, checked number parsing, clocks and small
 * I/O helpers used by every program. */
#include <jtrace/util.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

const char *jt_progname = "jtrace";

static void verror(int err, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void verror(int err, const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (err)
		fprintf(stderr, "%s: %s: %s\n", jt_progname, msg, strerror(err));
	else
		fprintf(stderr, "%s: %s\n", jt_progname, msg);
}

void jt_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(0, fmt, ap);
	va_end(ap);
}

void jt_error_errno(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(err < 0 ? -err : err, fmt, ap);
	va_end(ap);
}

int jt_parse_long(const char *s, long min, long max, long *ret)
{
	return jt_parse_long_base(s, 0, min, max, ret);
}

int jt_parse_long_base(const char *s, int base, long min, long max, long *ret)
{
	char *end = NULL;
	long v = 0;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, base);
	if (end == s || *end != '\0')
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

int jt_parse_u64(const char *s, uint64_t *ret)
{
	char *end = NULL;
	unsigned long long v = 0;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (end == s || *end != '\0')
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*ret = v;
	return 0;
}

uint64_t jt_now_ns(void)
{
	struct timespec ts = {0};

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int jt_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int jt_read_file(const char *path, char **ret_buf, size_t *ret_len)
{
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC);
	cleanup_free char *buf = NULL;
	size_t len = 0, cap = 0;

	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = 0;

		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 8192);

			if (!nb)
				return -ENOMEM;
			buf = nb;
			cap += 8192;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (!buf) {
		buf = calloc(1, 1);
		if (!buf)
			return -ENOMEM;
	}
	buf[len] = '\0';
	if (ret_len)
		*ret_len = len;
	*ret_buf = steal_pointer(&buf);
	return 0;
}

unsigned jt_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned row[64];

	if (lb >= JT_ARRAY_SIZE(row))
		return 1000;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0];

		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned best = diag + cost;

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

int jt_read_regular_file(const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	cleanup_free char *buf = NULL;
	struct stat st;
	size_t len = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if ((uintmax_t)st.st_size > max)
		return -EFBIG;
	buf = malloc(max + 2);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n = read(fd, buf + len, max + 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			return -EFBIG; /* it grew while we read */
	}
	buf[len] = '\0';
	*ret_buf = steal_pointer(&buf);
	*ret_len = len;
	return 0;
}
