/* fat.h: FAT16 and FAT32 over a block device (docs/STORAGE.md, "FAT"). Independent of the SD
 * driver: the caller supplies read/write functions for 512-byte sectors, so the same code runs on
 * the host over an image file. A volume is a superfloppy (boot sector at sector 0) or the first
 * FAT partition of an MBR. Paths are absolute or relative to the root, '/'-separated; lookup
 * matches the long name or the 8.3 name, case-insensitively (ASCII); files are created with 8.3
 * names only. Functions return 0 (or a byte count) on success, -FAT_ERR_... on failure; after
 * -FAT_ERR_IO, fat_volume.io_error holds the device's error code. */
#ifndef FAT_H
#define FAT_H
#include <stdint.h>

#define FAT_SECTOR        512
#define FAT_NAME_MAX      256     /* a long name in UTF-8, NUL included; longer ones are cut */
#define FAT_ATTR_READ_ONLY 0x01
#define FAT_ATTR_HIDDEN   0x02
#define FAT_ATTR_SYSTEM   0x04
#define FAT_ATTR_VOLUME   0x08
#define FAT_ATTR_DIR      0x10
#define FAT_ATTR_ARCHIVE  0x20
#define FAT_ATTR_LONG     0x0F

enum fat_error {
    FAT_OK = 0,
    FAT_ERR_IO,              /* the device failed: see io_error */
    FAT_ERR_NO_SIGNATURE,    /* sector 0 (or the partition's first sector) lacks 0x55AA */
    FAT_ERR_NO_VOLUME,       /* no boot sector at sector 0 and no FAT partition in the MBR */
    FAT_ERR_SECTOR_SIZE,     /* the BPB's bytes per sector is not 512 */
    FAT_ERR_CLUSTER_SIZE,    /* sectors per cluster is not 1, 2, 4 ... 128 */
    FAT_ERR_FAT_COUNT,       /* number of FATs is not 1 or 2 */
    FAT_ERR_LAYOUT,          /* reserved/FAT/root/total sector counts or the root cluster do not fit */
    FAT_ERR_FAT12,           /* fewer than 4085 clusters */
    FAT_ERR_CHAIN_RANGE,     /* a chain holds a free, reserved, bad or too large cluster number */
    FAT_ERR_CHAIN_LOOP,      /* a chain (or a file size) is longer than the volume, or a directory than 65536 entries */
    FAT_ERR_CHAIN_SHORT,     /* a file's chain ends before its size */
    FAT_ERR_NOT_FOUND,
    FAT_ERR_NOT_DIR,
    FAT_ERR_IS_DIR,
    FAT_ERR_BAD_NAME,        /* not a valid 8.3 name (for creation), or an empty path component */
    FAT_ERR_FULL,            /* no free cluster */
    FAT_ERR_ROOT_FULL,       /* the FAT16 root directory has no free entry */
    FAT_ERR_TOO_LARGE,       /* a file would pass 4 GiB - 1 */
    FAT_ERR_TOO_DEEP,        /* a path or a walk is too deep (a directory loop?) */
    FAT_ERROR_COUNT
};

typedef int (*fat_read_fn)(void *context, uint32_t sector, uint32_t count, void *buffer);
typedef int (*fat_write_fn)(void *context, uint32_t sector, uint32_t count, const void *buffer);

struct fat_volume {
    fat_read_fn read;            /* set by the caller before fat_mount */
    fat_write_fn write;
    void *context;
    int io_error;                /* the device's error after -FAT_ERR_IO */
    int type;                    /* 16 or 32 */
    uint32_t start;              /* the boot sector's device sector */
    uint32_t fat_start, fat_sectors, fats;
    uint32_t root_start, root_sectors;   /* FAT16's fixed root directory */
    uint32_t root_cluster;               /* FAT32's root directory */
    uint32_t data_start, clusters;       /* data clusters are 2 .. clusters + 1 */
    uint32_t cluster_shift;              /* log2 of the sectors per cluster */
    uint32_t fsinfo, free_count, next_free;  /* FAT32 FSInfo (sector 0: none); 0xFFFFFFFF unknown */
    int fsinfo_stale;                    /* FSInfo says "unknown" until fat_sync writes the count */
    uint32_t fat_sector;                 /* the FAT sector in fat_buffer (0xFFFFFFFF: none) */
    int fat_dirty;
    uint32_t buffer_sector;              /* the directory/data sector in buffer */
    uint8_t fat_buffer[FAT_SECTOR];
    uint8_t buffer[FAT_SECTOR];
};

/* A position in a directory: entry `index` of sector `sector` of `cluster` (0: FAT16's root). */
struct fat_dir {
    uint32_t first, cluster, sector, index, clusters_walked;
    int end;
};

struct fat_entry {
    char name[FAT_NAME_MAX];     /* the long name if there is one, else the short name as shown */
    char base[9], ext[4];        /* the 8.3 name as shown: trailing blanks cut, case flags applied */
    int has_long_name;
    uint8_t attr;
    uint32_t size, cluster;
    struct fat_dir slot;         /* its first directory entry (the first long-name part if any) */
    uint32_t slots;              /* long-name parts + 1 */
    uint32_t entry_sector, entry_offset;  /* device sector and offset of the 8.3 entry */
    uint16_t long_name[261];     /* the UTF-16 long name as collected */
};

struct fat_file {
    struct fat_volume *volume;
    uint8_t attr;
    uint32_t first, size, position;
    uint32_t cluster, cluster_index;     /* the cluster holding `position` (0: not yet found) */
    uint32_t entry_sector, entry_offset; /* its 8.3 entry (0: the root directory) */
};

int fat_mount(struct fat_volume *volume);
int fat_sync(struct fat_volume *volume);   /* FAT sector and FSInfo's free count to the device */
const char *fat_error_name(int error);     /* error > 0 or < 0 */

int fat_open(struct fat_volume *volume, const char *path, struct fat_file *file, struct fat_entry *entry);
int fat_read(struct fat_file *file, void *buffer, uint32_t count);
/* A file or directory as fat_dir_next listed it (entry 0: the root directory). */
void fat_open_entry(struct fat_volume *volume, const struct fat_entry *entry, struct fat_file *file);

void fat_dir_start(struct fat_volume *volume, uint32_t first_cluster, struct fat_dir *dir);
int fat_dir_open(struct fat_volume *volume, const char *path, struct fat_dir *dir);
int fat_dir_next(struct fat_volume *volume, struct fat_dir *dir, struct fat_entry *entry);  /* 1, 0 at the end */

int fat_create(struct fat_volume *volume, const char *path, struct fat_file *file);  /* new or truncated */
int fat_append(struct fat_volume *volume, const char *path, struct fat_file *file);  /* positioned at the end */
int fat_write(struct fat_file *file, const void *buffer, uint32_t count);
int fat_delete(struct fat_volume *volume, const char *path);

#endif
