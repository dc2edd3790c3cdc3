/* volume.c: the SD card as the FAT layer's block device, and the programs' error exits (volume.h). */
#include <stdio.h>
#include <stdlib.h>
#include "volume.h"

struct fat_volume volume;

static int card_read(void *context, uint32_t sector, uint32_t count, void *buffer)
{
    (void)context;
    return sd_read(sector, count, buffer);
}

static int card_write(void *context, uint32_t sector, uint32_t count, const void *buffer)
{
    (void)context;
    return sd_write(sector, count, buffer);
}

int volume_check(int result)
{
    if (result >= 0)
        return result;
    if (result == -FAT_ERR_IO) {
        printf("sd: %s\n", sd_error_name(volume.io_error));
        exit(EXIT_SD);
    }
    printf("fat: %s\n", fat_error_name(result));
    exit(EXIT_FAT);
}

void volume_mount(void)
{
    int error = sd_init();
    if (error) {
        printf("sd: %s\n", sd_error_name(error));
        exit(EXIT_SD);
    }
    volume.read = card_read;
    volume.write = card_write;
    volume.context = 0;
    volume_check(fat_mount(&volume));
}
