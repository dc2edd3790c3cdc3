/* volume.h: what the storage programs share: the SD card's FAT volume, mounted by volume_mount(),
 * and error reporting. An error prints one line, "sd: <name>" (sd_error_name) or "fat: <name>"
 * (fat_error_name), and exits with EXIT_SD or EXIT_FAT; nothing ever waits forever. */
#ifndef VOLUME_H
#define VOLUME_H
#include "fat.h"
#include "sd.h"

enum { EXIT_USAGE = 1, EXIT_SD = 2, EXIT_FAT = 3, EXIT_VERIFY = 4 };

extern struct fat_volume volume;

void volume_mount(void);       /* sd_init, then fat_mount */
int volume_check(int result);  /* result if >= 0; else report it and exit */

#endif
