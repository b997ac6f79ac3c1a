#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void)
{
	int u = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (u < 0) { perror("userfaultfd"); return 1; }
	struct uffdio_api api = {.api = UFFD_API};
	if (ioctl(u, UFFDIO_API, &api) < 0) { perror("api"); return 1; }
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct uffdio_register reg = {.range = {(unsigned long)p, 4096}, .mode = UFFDIO_REGISTER_MODE_MISSING};
	if (ioctl(u, UFFDIO_REGISTER, &reg) < 0) { perror("register"); return 1; }
	printf("registered\n"); fflush(stdout);
	int fd = open(p, O_RDONLY); /* the tracer reads the path first */
	printf("open = %d\n", fd);
	return 0;
}
