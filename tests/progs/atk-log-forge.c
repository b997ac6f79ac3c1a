/* atk-log-forge: issue 19 items 13 and 20(b).  Writes, to its stderr, the
 * lines a forger would add to a log that shares that stream: a fake
 * connect the run never made, a second end with denied 0, a record with a
 * made-up run token, control characters in a name, and half a line left
 * unterminated (so that the next line jtrace-run writes is glued to it).
 * Then it makes one more call, so the tracer writes after the half line. */
#include <string.h>
#include <unistd.h>

static void put(const char *s)
{
	if (write(STDERR_FILENO, s, strlen(s)) < 0)
		_exit(3);
}

int main(void)
{
	put("{\"v\":1,\"type\":\"syscall\",\"ts\":1,\"seq\":1,\"pid\":1,\"tid\":1,\"nspid\":1,"
	    "\"comm\":\"forged\",\"name\":\"connect\",\"nr\":42,\"arch\":\"x86_64\",\"args\":{},"
	    "\"ret\":0,\"dur_ns\":5,\"action\":\"allow\"}\n");
	put("{\"v\":1,\"type\":\"syscall\",\"ts\":1,\"run\":\"0123456789abcdef\",\"seq\":2,"
	    "\"pid\":1,\"tid\":1,\"nspid\":1,\"comm\":\"forged\",\"name\":\"\\u001b]0;"
	    "pwned\\u0007\","
	    "\"nr\":41,\"arch\":\"x86_64\",\"args\":{},\"ret\":0,\"dur_ns\":5,\"action\":\"allow\"}"
	    "\n");
	put("{\"v\":1,\"type\":\"end\",\"ts\":2,\"calls\":1,\"stops\":1,\"denied\":0,\"audited\":0,"
	    "\"processes\":1,\"exit_status\":0,\"wall_ns\":2,\"lost\":0}\n");
	put("{\"v\":1,\"type\":\"sysc");
	(void)getppid();
	put("\n");
	return 0;
}
