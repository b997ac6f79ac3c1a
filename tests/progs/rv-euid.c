/* rv-euid: print the effective uid (a setuid-root copy prints 0). */
#include <stdio.h>
#include <unistd.h>
int main(void) { printf("euid=%d\n", (int)geteuid()); return 0; }
