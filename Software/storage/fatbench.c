/* fatbench.c: the storage throughput figure of BENCHMARKS.md. Writes a 64 KiB file, /BENCH.BIN
 * (created or truncated), then reads it back, timing each with mcycle, and prints
 *   fatbench: write 65536 bytes in C cycles
 *   fatbench: read 65536 bytes in C cycles
 * and the bytes per cycle (x 10^4). The cycle counts are the machine's: meaningful on the RTL
 * (hdlgen sim), where mcycle counts clock cycles; on the ISA model mcycle counts instructions.
 * The SPI line rate at DIVIDER 0 is one byte per 16 cycles (625 x 10^-4 bytes per cycle). */
#include <stdio.h>
#include <string.h>
#include "machine.h"
#include "volume.h"

#define SIZE  65536
#define PIECE 4096

static uint8_t data[PIECE];


static void report(const char *what, uint64_t spent)
{
    printf("fatbench: %s %d bytes in %lu cycles, %lu x 10^-4 bytes per cycle\n", what, SIZE,
           (unsigned long)spent, (unsigned long)((uint64_t)SIZE * 10000 / spent));
}

int main(void)
{
    struct fat_file file;
    uint32_t sum = 0, check = 0;
    volume_mount();
    for (int i = 0; i < PIECE; i++) data[i] = (uint8_t)(i * 7 + 1);
    uint64_t start = mcycle_read();
    volume_check(fat_create(&volume, "/BENCH.BIN", &file));
    for (int done = 0; done < SIZE; done += PIECE) volume_check(fat_write(&file, data, PIECE));
    volume_check(fat_sync(&volume));
    report("write", mcycle_read() - start);

    for (int i = 0; i < PIECE; i++) check += data[i];
    start = mcycle_read();
    volume_check(fat_open(&volume, "/BENCH.BIN", &file, 0));
    for (int n; (n = volume_check(fat_read(&file, data, PIECE))) > 0;)
        for (int i = 0; i < n; i++) sum += data[i];
    report("read", mcycle_read() - start);
    if (sum != check * (SIZE / PIECE)) {
        printf("fatbench: the file read back differs\n");
        return EXIT_VERIFY;
    }
    return 0;
}
