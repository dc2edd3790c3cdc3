/* fatls.c: walks the whole FAT volume on the SD card and prints one line per entry:
 *   a file:      "PATH SIZE CRC32"  SIZE in decimal, CRC32 as zlib's, 8 lower-case hex digits
 *   a directory: "PATH/"
 * PATH is absolute ('/' separated); each component is the long name if the entry has one, else
 * the 8.3 name as mdir shows it ("NAME.EXT", no dot without an extension, lower-cased where the
 * entry's case flags say so). ".", ".." and the volume label are skipped; hidden and system
 * entries are listed. The order is mdir's with -/: a directory's entries in directory order,
 * then each of its subdirectories the same way, in directory order. So `mdir -/ -a -b -i IMG ::/`
 * gives the PATHs ("::" removed) in the same order, and mtype gives each file's bytes.
 * Errors: "sd: <name>" (exit 2), "fat: <name>" (exit 3), after the lines printed so far. */
#include <stdio.h>
#include <string.h>
#include "volume.h"

#define MAX_DEPTH 32

static char path[1024];
static struct fat_entry entry;
static uint8_t data[4096];
static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int bit = 0; bit < 8; bit++)
            c = c & 1 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static void print_file(void)
{
    struct fat_file file;
    uint32_t crc = 0xFFFFFFFF;
    int n;
    fat_open_entry(&volume, &entry, &file);
    while ((n = volume_check(fat_read(&file, data, sizeof data))) > 0)
        for (int i = 0; i < n; i++)
            crc = crc_table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
    printf("%s %lu %08lx\n", path, (unsigned long)entry.size, (unsigned long)(crc ^ 0xFFFFFFFF));
}

/* Pass 0 prints the directory's entries, pass 1 walks its subdirectories. */
static void walk(uint32_t first, size_t length, int depth)
{
    struct fat_dir dir;
    if (depth > MAX_DEPTH)
        volume_check(-FAT_ERR_TOO_DEEP);
    for (int pass = 0; pass < 2; pass++) {
        fat_dir_start(&volume, first, &dir);
        while (volume_check(fat_dir_next(&volume, &dir, &entry))) {
            int is_dir = entry.attr & FAT_ATTR_DIR;
            size_t n = strlen(entry.name);
            if (entry.base[0] == '.' || (pass && !is_dir))
                continue;
            if (length + 1 + n >= sizeof path)
                volume_check(-FAT_ERR_TOO_DEEP);
            path[length] = '/';
            memcpy(path + length + 1, entry.name, n + 1);
            if (pass)
                walk(entry.cluster, length + 1 + n, depth + 1);
            else if (is_dir)
                printf("%s/\n", path);
            else
                print_file();
            path[length] = 0;
        }
    }
}

int main(void)
{
    crc_init();
    volume_mount();
    walk(0, 0, 0);
    return 0;
}
