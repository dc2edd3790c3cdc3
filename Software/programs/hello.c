/* hello.c: the smallest check of the software image: crt0, printf over the UART, exit code 0. */
#include <stdio.h>

int main(void)
{
    printf("hello from rv%d\n", __riscv_xlen);
    return 0;
}
