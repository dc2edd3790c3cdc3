/* fatwrite.c: `fatwrite [DIR]` creates, overwrites, appends to and deletes files on the SD card's
 * FAT volume, reads every file back and checks it. DIR (default /SUB) must be an existing
 * directory; without an argument, /SUB is used if it exists and skipped otherwise.
 * In the root (P = "", seed offset o = 0), then in DIR (P = DIR, o = 16), with C = bytes per cluster:
 *   create P/HELLO.TXT   the text "hello from fatwrite: P/HELLO.TXT\n"
 *   create P/EMPTY.DAT   0 bytes
 *   create P/DEL.TXT     3000 bytes, seed 6+o
 *   create P/ONE.BIN     C bytes (exactly one cluster), seed 1+o
 *   delete P/DEL.TXT     (its clusters are reused first, so BIG.BIN is fragmented)
 *   create P/BIG.BIN     100000 bytes, seed 2+o
 *   create P/APPEND.BIN  C-10 bytes, then append 30 bytes (across a cluster boundary), then C bytes:
 *                        2C+20 bytes in all, seed 3+o
 *   create P/OVER.BIN    5000 bytes, seed 4+o, then create it again (overwrite): 700 bytes, seed 5+o
 * Pattern bytes: byte i (counted from the file's start) of seed s is
 *   ((i * 2654435761 + s * 65537) mod 2^32) >> 24.
 * Data goes in chunks of 4219 bytes (not a multiple of 512). Existing files of these names are
 * overwritten, so a second run leaves the same files. Output, one line per step:
 *   "fatwrite: <kind> card, <blocks> blocks; FAT<16|32>, <C>-byte clusters"
 *   "create P/NAME SIZE", "append P/NAME SIZE", "delete P/NAME", ["skip /SUB (no such directory)"],
 *   then "verify P/NAME SIZE ok" per file (DEL.TXT: "verify P/DEL.TXT absent ok"), or a line with
 *   FAIL, and last "fatwrite: PASS" (exit 0) or "fatwrite: FAIL" (exit 4).
 * Errors: "sd: <name>" (exit 2), "fat: <name>" (exit 3), usage (exit 1). */
#include <stdio.h>
#include <string.h>
#include "args.h"
#include "volume.h"

#define CHUNK    4219
#define BIG_SIZE 100000

static uint8_t data[CHUNK], back[CHUNK];
static char path[300];
static uint32_t cluster_bytes;
static int failures;

static uint8_t pattern(uint32_t seed, uint32_t i)
{
    return (uint8_t)((i * 2654435761u + seed * 65537u) >> 24);
}

static const char *at(const char *dir, const char *name)
{
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* Writes pattern bytes [from, from + size) in chunks. */
static void write_pattern(struct fat_file *file, uint32_t seed, uint32_t from, uint32_t size)
{
    while (size) {
        uint32_t n = size < CHUNK ? size : CHUNK;
        for (uint32_t i = 0; i < n; i++)
            data[i] = pattern(seed, from + i);
        volume_check(fat_write(file, data, n));
        from += n;
        size -= n;
    }
}

static void create(const char *dir, const char *name, uint32_t seed, uint32_t size)
{
    struct fat_file file;
    volume_check(fat_create(&volume, at(dir, name), &file));
    write_pattern(&file, seed, 0, size);
    printf("create %s %lu\n", path, (unsigned long)size);
}

static void append(const char *dir, const char *name, uint32_t seed, uint32_t size)
{
    struct fat_file file;
    volume_check(fat_append(&volume, at(dir, name), &file));
    write_pattern(&file, seed, file.size, size);
    printf("append %s %lu\n", path, (unsigned long)size);
}

static void create_text(const char *dir)
{
    struct fat_file file;
    char text[sizeof path + 32];
    int n = snprintf(text, sizeof text, "hello from fatwrite: %s/HELLO.TXT\n", dir);
    volume_check(fat_create(&volume, at(dir, "HELLO.TXT"), &file));
    volume_check(fat_write(&file, text, (uint32_t)n));
    printf("create %s %d\n", path, n);
}

/* Reads the file back: `expected` (text) or the pattern of `seed`, `size` bytes. */
static void verify(const char *dir, const char *name, const char *expected, uint32_t seed, uint32_t size)
{
    struct fat_file file;
    uint32_t at_byte = 0, bad = 0xFFFFFFFF;
    int n;
    volume_check(fat_open(&volume, at(dir, name), &file, 0));
    while ((n = volume_check(fat_read(&file, back, sizeof back))) > 0)
        for (int i = 0; i < n; i++, at_byte++)
            if (bad == 0xFFFFFFFF && at_byte < size &&
                back[i] != (expected ? (uint8_t)expected[at_byte] : pattern(seed, at_byte)))
                bad = at_byte;
    if (file.size == size && at_byte == size && bad == 0xFFFFFFFF) {
        printf("verify %s %lu ok\n", path, (unsigned long)size);
        return;
    }
    printf("verify %s FAIL: size %lu (expected %lu), read %lu, first wrong byte %ld\n", path,
           (unsigned long)file.size, (unsigned long)size, (unsigned long)at_byte,
           bad == 0xFFFFFFFF ? -1L : (long)bad);
    failures++;
}

static void write_all(const char *dir, uint32_t o)
{
    struct fat_file file;
    create_text(dir);
    volume_check(fat_create(&volume, at(dir, "EMPTY.DAT"), &file));
    printf("create %s 0\n", path);
    create(dir, "DEL.TXT", 6 + o, 3000);
    create(dir, "ONE.BIN", 1 + o, cluster_bytes);
    volume_check(fat_delete(&volume, at(dir, "DEL.TXT")));
    printf("delete %s\n", path);
    create(dir, "BIG.BIN", 2 + o, BIG_SIZE);
    create(dir, "APPEND.BIN", 3 + o, cluster_bytes - 10);
    append(dir, "APPEND.BIN", 3 + o, 30);
    append(dir, "APPEND.BIN", 3 + o, cluster_bytes);
    create(dir, "OVER.BIN", 4 + o, 5000);
    create(dir, "OVER.BIN", 5 + o, 700);
}

static void verify_all(const char *dir, uint32_t o)
{
    struct fat_file file;
    char text[sizeof path + 32];
    snprintf(text, sizeof text, "hello from fatwrite: %s/HELLO.TXT\n", dir);
    verify(dir, "HELLO.TXT", text, 0, (uint32_t)strlen(text));
    verify(dir, "EMPTY.DAT", 0, 0, 0);
    verify(dir, "ONE.BIN", 0, 1 + o, cluster_bytes);
    verify(dir, "BIG.BIN", 0, 2 + o, BIG_SIZE);
    verify(dir, "APPEND.BIN", 0, 3 + o, 2 * cluster_bytes + 20);
    verify(dir, "OVER.BIN", 0, 5 + o, 700);
    int error = fat_open(&volume, at(dir, "DEL.TXT"), &file, 0);
    if (error == -FAT_ERR_NOT_FOUND) {
        printf("verify %s absent ok\n", path);
    } else {
        volume_check(error);
        printf("verify %s FAIL: still there\n", path);
        failures++;
    }
}

int main(void)
{
    char *argv[1];
    struct fat_dir dir;
    int argc = args_split(argv, 1);
    if (argc > 1) {
        printf("usage: fatwrite [DIR]\n");
        return EXIT_USAGE;
    }
    char *sub = argc ? argv[0] : "/SUB";
    size_t length = strlen(sub);
    if (length > 200) {
        printf("usage: fatwrite [DIR]\n");
        return EXIT_USAGE;
    }
    while (length && sub[length - 1] == '/')
        sub[--length] = 0;
    volume_mount();
    cluster_bytes = FAT_SECTOR << volume.cluster_shift;
    printf("fatwrite: %s card, %lu blocks; FAT%d, %lu-byte clusters\n", sd_kind_name(sd_card.kind),
           (unsigned long)sd_card.blocks, volume.type, (unsigned long)cluster_bytes);
    int error = length ? fat_dir_open(&volume, sub, &dir) : -FAT_ERR_NOT_FOUND;
    if (error == -FAT_ERR_NOT_FOUND && !argc) {
        printf("skip /SUB (no such directory)\n");
    } else if (length) {
        volume_check(error);
    }
    int in_sub = length && !error;
    write_all("", 0);
    if (in_sub)
        write_all(sub, 16);
    volume_check(fat_sync(&volume));
    verify_all("", 0);
    if (in_sub)
        verify_all(sub, 16);
    printf("fatwrite: %s\n", failures ? "FAIL" : "PASS");
    return failures ? EXIT_VERIFY : 0;
}
