/* cat.c: `cat PATH` writes the file's bytes to the UART exactly as stored (binary-safe, no
 * translation, nothing else printed), like `mtype -i IMG ::PATH`.
 * Errors: "sd: <name>" (exit 2), "fat: <name>" (exit 3; a directory is "fat: is a directory"),
 * usage (exit 1). An error while reading ends the output where it happened, then the error line. */
#include <stdio.h>
#include "args.h"
#include "volume.h"

static uint8_t data[4096];

int main(void)
{
    char *argv[1];
    struct fat_file file;
    int n;
    if (args_split(argv, 1) != 1) {
        printf("usage: cat PATH\n");
        return EXIT_USAGE;
    }
    volume_mount();
    volume_check(fat_open(&volume, argv[0], &file, 0));
    while ((n = volume_check(fat_read(&file, data, sizeof data))) > 0)
        fwrite(data, 1, (size_t)n, stdout);
    return 0;
}
