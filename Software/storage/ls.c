/* ls.c: `ls [PATH]` (default /) lists one directory of the SD card's FAT volume, one line per entry,
 * in directory order, like `mdir -a -i IMG ::PATH` without its header, footer, date and time:
 *   a file:      "%-8s %-3s%10lu"  8.3 name and extension, size; then " LONGNAME" if it has one
 *   a directory: "%-8s %-3s <DIR>"                             then "     LONGNAME" if it has one
 * The 8.3 name is shown as stored, lower-cased where its case flags (byte 12: 0x08 name, 0x10
 * extension) say so, as mdir shows it. Listed: every entry but free slots, long-name parts and the
 * volume label; "." and ".." too (in subdirectories), hidden and system files too. For a file PATH
 * the one line of that file. An mdir line becomes an ls line by deleting the date and time,
 * / [0-9]{4}-[0-9]{2}-[0-9]{2}  [0-9]{2}:[0-9]{2} /, and trailing blanks.
 * Errors: "sd: <name>" (exit 2), "fat: <name>" (exit 3), usage (exit 1). */
#include <stdio.h>
#include "args.h"
#include "volume.h"

static struct fat_entry entry;

static void show(const struct fat_entry *e)
{
    if (e->attr & FAT_ATTR_DIR)
        printf("%-8s %-3s <DIR>%s%s\n", e->base, e->ext, e->has_long_name ? "     " : "",
               e->has_long_name ? e->name : "");
    else
        printf("%-8s %-3s%10lu%s%s\n", e->base, e->ext, (unsigned long)e->size,
               e->has_long_name ? " " : "", e->has_long_name ? e->name : "");
}

int main(void)
{
    char *argv[1];
    struct fat_file file;
    struct fat_dir dir;
    int argc = args_split(argv, 1);
    if (argc > 1) {
        printf("usage: ls [PATH]\n");
        return EXIT_USAGE;
    }
    volume_mount();
    volume_check(fat_open(&volume, argc ? argv[0] : "/", &file, &entry));
    if (!(file.attr & FAT_ATTR_DIR)) {
        show(&entry);
        return 0;
    }
    fat_dir_start(&volume, file.first, &dir);
    while (volume_check(fat_dir_next(&volume, &dir, &entry)))
        show(&entry);
    return 0;
}
