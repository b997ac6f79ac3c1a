/* tracee-mem: reading a traced process's memory, for whoever needs it (the
 * decoders, the security floor, the policy's memory conditions).  Bad
 * addresses are ordinary: every function returns -errno and never faults;
 * @pid is the thread whose address space is read. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* No single read is larger than this, whatever the caller asks. */
#define TMEM_READ_MAX (64u * 1024u)

/* Up to @len bytes at @addr (process_vm_readv, else /proc/PID/mem);
 * returns the bytes read, fewer at a fault part-way, or -errno. */
ssize_t tmem_read(pid_t pid, uint64_t addr, void *buf, size_t len);
/* All @len bytes, as a structure needs them: 0, or -errno (-EFAULT for a
 * short read). */
int tmem_read_exact(pid_t pid, uint64_t addr, void *buf, size_t len);
/* What came, as an array or a buffer shows it: the bytes read, or -errno
 * when none (-EFAULT for none at all). */
ssize_t tmem_read_some(pid_t pid, uint64_t addr, void *buf, size_t len);
/* A NUL-terminated string into @buf (@max bytes): at most @max - 1 bytes
 * are read and @buf is always NUL-terminated.  Returns the length
 * (excluding the NUL) or -errno when nothing could be read; *ret_complete
 * says whether the string's own NUL was found.  Reads stop at page
 * boundaries, so a string just before an unmapped page still reads. */
ssize_t tmem_read_str(pid_t pid, uint64_t addr, char *buf, size_t max, bool *ret_complete);
