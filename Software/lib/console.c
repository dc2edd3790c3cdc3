/* console.c: picolibc's stdio on the NS16550A UART, and _exit through the test finisher.
 * picolibc (tinystdio) calls put() for each byte of stdout/stderr: wait until the transmit holding
 * register is empty (LSR bit 5), then write THR. stdin reads RBR once LSR bit 0 says data is ready. */
#include <stdio.h>
#include <stdlib.h>
#include "machine.h"

#define UART_THR (UART_BASE + 0)
#define UART_RBR (UART_BASE + 0)
#define UART_LSR (UART_BASE + 5)
#define LSR_DATA_READY (1 << 0)
#define LSR_THR_EMPTY  (1 << 5)

static int uart_put(char c, FILE *file)
{
    (void)file;
    while (!(MMIO8(UART_LSR) & LSR_THR_EMPTY))
        ;
    MMIO8(UART_THR) = (uint8_t)c;
    return (unsigned char)c;
}

static int uart_get(FILE *file)
{
    (void)file;
    while (!(MMIO8(UART_LSR) & LSR_DATA_READY))
        ;
    return MMIO8(UART_RBR);
}

static FILE uart = FDEV_SETUP_STREAM(uart_put, uart_get, NULL, _FDEV_SETUP_RW);
FILE *const stdin = &uart;
FILE *const stdout = &uart;
FILE *const stderr = &uart;

/* exit() ends here: the finisher stops the simulation (or qemu) with this exit status. */
void _exit(int code)
{
    MMIO32(FINISHER_BASE) = code == 0 ? 0x5555 : ((uint32_t)code << 16) | 0x3333;
    for (;;)
        __asm__ volatile("wfi");
}
