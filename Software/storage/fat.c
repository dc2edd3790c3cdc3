/* fat.c: FAT16 and FAT32 (fat.h; docs/STORAGE.md, "FAT"). Two one-sector buffers: fat_buffer
 * caches a sector of the first FAT (written to every FAT copy when another FAT sector is needed and
 * before each call that changed it returns), buffer holds a directory sector or a partial data
 * sector (written through at once). Whole data sectors go straight between the device and the
 * caller, contiguous clusters in one transfer. Every chain step is range-checked and every walk
 * bounded, so a corrupt volume gives an error, never a hang. */
#include <string.h>
#include "fat.h"

#define NONE      0xFFFFFFFFu
#define EOC       0x0FFFFFFFu    /* end of chain, as next_cluster reports it */
#define FREE_SLOT 0xE5
#define DATE_1980 0x0021         /* 1980-01-01, the date of everything this code creates */

static uint32_t le16(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | le16(p + 2) << 16; }
static void put16(uint8_t *p, uint32_t x) { p[0] = (uint8_t)x; p[1] = (uint8_t)(x >> 8); }
static void put32(uint8_t *p, uint32_t x) { put16(p, x); put16(p + 2, x >> 16); }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static uint32_t min(uint32_t a, uint32_t b) { return a < b ? a : b; }

/* ---- sectors (numbered from the volume's boot sector) ---- */

static int device_read(struct fat_volume *v, uint32_t sector, uint32_t count, void *buffer)
{
    int error = v->read(v->context, v->start + sector, count, buffer);
    return error ? (v->io_error = error, -FAT_ERR_IO) : 0;
}

static int device_write(struct fat_volume *v, uint32_t sector, uint32_t count, const void *buffer)
{
    int error = v->write(v->context, v->start + sector, count, buffer);
    return error ? (v->io_error = error, -FAT_ERR_IO) : 0;
}

/* Reads `sector` into a one-sector cache unless *held says it is there (NONE after an error). */
static int cache(struct fat_volume *v, uint32_t sector, uint32_t *held, uint8_t *buffer)
{
    int error = *held == sector ? 0 : device_read(v, sector, 1, buffer);
    *held = error ? NONE : sector;
    return error;
}

static int load(struct fat_volume *v, uint32_t sector) { return cache(v, sector, &v->buffer_sector, v->buffer); }

static int store(struct fat_volume *v)
{
    int error = device_write(v, v->buffer_sector, 1, v->buffer);
    if (error)
        v->buffer_sector = NONE;
    return error;
}

/* ---- the FAT ---- */

static int in_range(const struct fat_volume *v, uint32_t c) { return c >= 2 && c - 2 < v->clusters; }

static uint32_t cluster_sector(const struct fat_volume *v, uint32_t cluster)
{
    return v->data_start + ((cluster - 2) << v->cluster_shift);
}

static int fat_flush(struct fat_volume *v)
{
    for (uint32_t i = 0; v->fat_dirty && i < v->fats; i++) {
        int error = device_write(v, v->fat_sector + i * v->fat_sectors, 1, v->fat_buffer);
        if (error)
            return error;
    }
    v->fat_dirty = 0;
    return 0;
}

/* Points *p at cluster's entry in the first FAT, loading its sector. */
static int fat_slot(struct fat_volume *v, uint32_t cluster, uint8_t **p)
{
    uint32_t offset = cluster * (uint32_t)(v->type / 8), sector = v->fat_start + offset / FAT_SECTOR;
    int error = sector == v->fat_sector ? 0 : fat_flush(v);
    if (error)
        v->fat_sector = NONE;
    if (error || (error = cache(v, sector, &v->fat_sector, v->fat_buffer)))
        return error;
    *p = v->fat_buffer + offset % FAT_SECTOR;
    return 0;
}

static int get_fat(struct fat_volume *v, uint32_t cluster, uint32_t *value)
{
    uint8_t *p;
    int error = fat_slot(v, cluster, &p);
    if (error)
        return error;
    *value = v->type == 16 ? le16(p) : le32(p) & 0x0FFFFFFF;
    if (*value >= (v->type == 16 ? 0xFFF8u : 0x0FFFFFF8u))
        *value = EOC;
    return 0;
}

static int set_fat(struct fat_volume *v, uint32_t cluster, uint32_t value)
{
    uint8_t *p;
    int error = fat_slot(v, cluster, &p);
    if (error)
        return error;
    if (v->type == 16)
        put16(p, value);
    else
        put32(p, (le32(p) & 0xF0000000) | (value & 0x0FFFFFFF));
    v->fat_dirty = 1;
    return 0;
}

/* The cluster after `cluster`, or EOC; a free, bad or out-of-range link is an error. */
static int next_cluster(struct fat_volume *v, uint32_t cluster, uint32_t *next)
{
    int error = get_fat(v, cluster, next);
    return !error && *next != EOC && !in_range(v, *next) ? -FAT_ERR_CHAIN_RANGE : error;
}

static int fsinfo_write(struct fat_volume *v, uint32_t free_count)
{
    int error = v->fsinfo ? load(v, v->fsinfo) : 0;
    if (!v->fsinfo || error)
        return error;
    put32(v->buffer + 488, free_count);
    put32(v->buffer + 492, v->next_free);
    return store(v);
}

/* Before the first FAT change since mount or sync: FSInfo's free count becomes "unknown". */
static int changing(struct fat_volume *v)
{
    if (v->fsinfo_stale)
        return 0;
    v->fsinfo_stale = 1;
    return fsinfo_write(v, NONE);
}

/* Takes a free cluster (searching from next_free), ends the chain there, links `previous` to it. */
static int allocate(struct fat_volume *v, uint32_t previous, uint32_t *cluster)
{
    uint32_t c = v->next_free, value = 1;
    int error = changing(v);
    for (uint32_t n = 0; !error && n < v->clusters; n++, c++) {
        if (!in_range(v, c))
            c = 2;
        if ((error = get_fat(v, c, &value)) || value)
            continue;
        if ((error = set_fat(v, c, EOC)) || (previous && (error = set_fat(v, previous, c))))
            return error;
        v->next_free = c + 1;
        if (v->free_count != NONE)
            v->free_count--;
        *cluster = c;
        return 0;
    }
    return error ? error : -FAT_ERR_FULL;
}

/* Frees a chain; next_free moves back so that freed clusters are reused first. */
static int free_chain(struct fat_volume *v, uint32_t cluster)
{
    int error = cluster ? changing(v) : 0;
    if (cluster && !in_range(v, cluster))
        return -FAT_ERR_CHAIN_RANGE;
    for (uint32_t n = 0; cluster && !error && cluster != EOC; n++) {
        uint32_t next;
        if (n >= v->clusters)
            return -FAT_ERR_CHAIN_LOOP;
        if ((error = next_cluster(v, cluster, &next)) || (error = set_fat(v, cluster, 0)))
            break;
        if (v->free_count != NONE)
            v->free_count++;
        if (cluster < v->next_free)
            v->next_free = cluster;
        cluster = next;
    }
    return error ? error : fat_flush(v);
}

/* ---- mounting ---- */

static int parse_boot_sector(struct fat_volume *v, const uint8_t *b)
{
    uint32_t per_cluster = b[13], reserved = le16(b + 14), fats = b[16], root_entries = le16(b + 17);
    uint32_t total = le16(b + 19) ? le16(b + 19) : le32(b + 32);
    uint32_t fat_sectors = le16(b + 22) ? le16(b + 22) : le32(b + 36);
    uint32_t root_sectors = (root_entries * 32 + FAT_SECTOR - 1) / FAT_SECTOR;
    uint64_t data_start = reserved + (uint64_t)fats * fat_sectors + root_sectors;
    if (le16(b + 510) != 0xAA55)
        return -FAT_ERR_NO_SIGNATURE;
    if (le16(b + 11) != FAT_SECTOR)
        return -FAT_ERR_SECTOR_SIZE;
    if (!per_cluster || (per_cluster & (per_cluster - 1)))
        return -FAT_ERR_CLUSTER_SIZE;
    if (fats < 1 || fats > 2)
        return -FAT_ERR_FAT_COUNT;
    if (!reserved || !fat_sectors || data_start >= total)
        return -FAT_ERR_LAYOUT;
    for (v->cluster_shift = 0; (1u << v->cluster_shift) < per_cluster; v->cluster_shift++)
        ;
    v->clusters = (total - (uint32_t)data_start) >> v->cluster_shift;
    v->type = le16(b + 22) ? 16 : 32;     /* as Linux and mtools decide: FAT32 has no 16-bit FAT size */
    if (v->type == 16 && v->clusters < 4085)
        return -FAT_ERR_FAT12;
    uint64_t entries = (uint64_t)fat_sectors * (FAT_SECTOR / (v->type / 8));
    if (entries < v->clusters + 2ull || (v->type == 16 ? !root_entries || v->clusters >= 65525
            : root_entries || v->clusters > 0x0FFFFFF5 || !in_range(v, le32(b + 44))))
        return -FAT_ERR_LAYOUT;
    v->fats = fats;
    v->fat_start = reserved;
    v->fat_sectors = fat_sectors;
    v->root_start = reserved + fats * fat_sectors;
    v->root_sectors = root_sectors;
    v->data_start = (uint32_t)data_start;
    v->root_cluster = v->type == 32 ? le32(b + 44) : 0;
    v->fsinfo = v->type == 32 && le16(b + 48) && le16(b + 48) < reserved ? le16(b + 48) : 0;
    return 0;
}

/* FAT32's free count and next free cluster, if the FSInfo sector is valid (else it is left alone). */
static int read_fsinfo(struct fat_volume *v)
{
    int error = v->fsinfo ? load(v, v->fsinfo) : 0;
    const uint8_t *b = v->buffer;
    int valid = v->fsinfo && !error && le32(b) == 0x41615252 && le32(b + 484) == 0x61417272
        && le32(b + 508) == 0xAA550000;
    if (!error && !valid)
        v->fsinfo = 0;
    v->free_count = valid && le32(b + 488) <= v->clusters ? le32(b + 488) : NONE;
    v->next_free = valid && in_range(v, le32(b + 492)) ? le32(b + 492) : 2;
    return error;
}

/* The first partition of a FAT type (FAT12, FAT16 < 32 MiB, FAT16, FAT32 CHS/LBA, FAT16 LBA). */
static uint32_t fat_partition(const uint8_t *mbr)
{
    for (const uint8_t *e = mbr + 446; e < mbr + 510; e += 16)
        if (memchr("\x01\x04\x06\x0B\x0C\x0E", e[4], 6) && le32(e + 8))
            return le32(e + 8);
    return 0;
}

int fat_mount(struct fat_volume *v)
{
    v->start = 0;
    v->fat_sector = v->buffer_sector = NONE;
    v->fat_dirty = v->fsinfo_stale = 0;
    int error = load(v, 0);
    if (!error && le16(v->buffer + 510) != 0xAA55)
        return -FAT_ERR_NO_SIGNATURE;
    if (!error && (error = parse_boot_sector(v, v->buffer))) {   /* not a superfloppy: an MBR? */
        uint32_t first = fat_partition(v->buffer);
        if (!first)
            return v->buffer[0] == 0xEB || v->buffer[0] == 0xE9 ? error : -FAT_ERR_NO_VOLUME;
        v->start = first;
        v->buffer_sector = NONE;
        if (!(error = load(v, 0)))
            error = parse_boot_sector(v, v->buffer);
    }
    return error ? error : read_fsinfo(v);
}

int fat_sync(struct fat_volume *v)
{
    int error = fat_flush(v);
    if (!error && v->fsinfo_stale && !(error = fsinfo_write(v, v->free_count)))
        v->fsinfo_stale = 0;
    return error;
}

/* ---- directories ---- */

void fat_dir_start(struct fat_volume *v, uint32_t first, struct fat_dir *d)
{
    if (!first && v->type == 32)
        first = v->root_cluster;         /* ".." of a top-level directory says 0 */
    *d = (struct fat_dir){ .first = first, .cluster = first };
}

/* Points *p at the entry at d (its sector in buffer): 1, or 0 past the end. */
static int dir_entry(struct fat_volume *v, struct fat_dir *d, uint8_t **p)
{
    if (d->end || (!d->cluster && d->sector >= v->root_sectors))
        return 0;
    if (d->cluster && !in_range(v, d->cluster))
        return -FAT_ERR_CHAIN_RANGE;
    int error = load(v, (d->cluster ? cluster_sector(v, d->cluster) : v->root_start) + d->sector);
    *p = v->buffer + d->index * 32;
    return error ? error : 1;
}

/* Moves d to the next entry. At the end of the chain d->end is set and d->cluster stays the last. */
static int dir_advance(struct fat_volume *v, struct fat_dir *d)
{
    uint32_t next;
    d->index = (d->index + 1) % (FAT_SECTOR / 32);
    if (d->index || ++d->sector < (1u << v->cluster_shift) || !d->cluster)
        return 0;
    int error = next_cluster(v, d->cluster, &next);
    d->end = !error && next == EOC;
    if (error || d->end)
        return error;
    if (++d->clusters_walked > (4096u >> v->cluster_shift))   /* 65536 entries at most */
        return -FAT_ERR_CHAIN_LOOP;
    d->cluster = next;
    d->sector = 0;
    return 0;
}

/* One part of an 8.3 name as shown: trailing blanks cut, lower-cased if its case flag says so. */
static void shown_part(char *out, const uint8_t *raw, int length, int lowercase)
{
    while (length > 0 && raw[length - 1] == ' ')
        length--;
    for (int i = 0; i < length; i++)
        out[i] = lowercase ? lower((char)raw[i]) : (char)raw[i];
    out[length] = 0;
}

/* UTF-16 (no surrogate pairs) to UTF-8, up to a NUL; a character that does not fit ends the name. */
static void utf8(char *out, const uint16_t *name, uint32_t length)
{
    char *end = out + FAT_NAME_MAX - 1;
    for (uint32_t i = 0; i < length && name[i]; i++) {
        uint32_t c = name[i], more = c < 0x80 ? 0 : c < 0x800 ? 1 : 2;   /* continuation bytes */
        if (out + more + 1 > end)
            break;
        *out++ = (char)(more == 0 ? c : more == 1 ? 0xC0 | c >> 6 : 0xE0 | c >> 12);
        while (more--)
            *out++ = (char)(0x80 | (c >> (6 * more) & 0x3F));
    }
    *out = 0;
}

static uint8_t checksum(const uint8_t *name)
{
    uint8_t sum = 0;
    for (int i = 0; i < 11; i++)
        sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + name[i]);
    return sum;
}

static void short_name(const struct fat_entry *e, char *out)
{
    strcpy(out, e->base);
    if (e->ext[0])
        strcat(strcat(out, "."), e->ext);
}

/* The next entry that is not free, a long-name part or a volume label: 1, or 0 at the end.
 * Long-name parts count down to 1 and carry the 8.3 name's checksum; broken ones are ignored. */
int fat_dir_next(struct fat_volume *v, struct fat_dir *d, struct fat_entry *e)
{
    static const uint8_t offsets[13] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };
    uint32_t parts = 0, next = 0, sum = 0;
    uint8_t *p;
    int r;
    while ((r = dir_entry(v, d, &p)) > 0 && p[0]) {
        uint32_t sequence = p[0] & 0x1F;
        if (p[0] != FREE_SLOT && (p[11] & 0x3F) == FAT_ATTR_LONG) {
            if (sequence < 1 || sequence > 20)
                parts = 0;
            else if (p[0] & 0x40)
                parts = sequence, sum = p[13], e->slot = *d, e->long_name[sequence * 13] = 0;
            else if (!parts || sequence != next || p[13] != sum)
                parts = 0;
            for (int i = 0; parts && i < 13; i++)
                e->long_name[(sequence - 1) * 13 + i] = (uint16_t)le16(p + offsets[i]);
            next = sequence - 1;
        } else if (p[0] == FREE_SLOT || (p[11] & FAT_ATTR_VOLUME)) {
            parts = 0;                   /* a free slot or the volume label */
        } else {
            e->has_long_name = parts && next == 0 && checksum(p) == sum;
            if (!e->has_long_name)
                e->slot = *d, parts = 0;
            e->slots = parts + 1;
            shown_part(e->base, p, 8, p[12] & 0x08);
            shown_part(e->ext, p + 8, 3, p[12] & 0x10);
            if (p[0] == 0x05)            /* a name that starts with 0xE5 */
                e->base[0] = (char)FREE_SLOT;
            e->attr = p[11];
            e->size = le32(p + 28);
            e->cluster = le16(p + 26) | (v->type == 32 ? le16(p + 20) << 16 : 0);
            e->entry_sector = v->buffer_sector;
            e->entry_offset = d->index * 32;
            utf8(e->name, e->long_name, e->has_long_name ? parts * 13 : 0);
            if (!e->name[0])
                short_name(e, e->name);
            return (r = dir_advance(v, d)) < 0 ? r : 1;
        }
        if ((r = dir_advance(v, d)) < 0)
            return r;
    }
    return r > 0 ? 0 : r;             /* 0x00: no entries after this one */
}

/* ---- paths ---- */

static int same_name(const char *name, const char *component, uint32_t length)
{
    for (uint32_t i = 0; i < length; i++)
        if (!name[i] || lower(name[i]) != lower(component[i]))
            return 0;
    return !name[length];
}

static int find(struct fat_volume *v, uint32_t first, const char *name, uint32_t length, struct fat_entry *e)
{
    struct fat_dir d;
    char shown[13];
    int r;
    fat_dir_start(v, first, &d);
    while ((r = fat_dir_next(v, &d, e)) > 0) {
        short_name(e, shown);
        if (same_name(e->name, name, length) || same_name(shown, name, length))
            return 0;
    }
    return r < 0 ? r : -FAT_ERR_NOT_FOUND;
}

void fat_open_entry(struct fat_volume *v, const struct fat_entry *e, struct fat_file *f)
{
    memset(f, 0, sizeof *f);
    f->volume = v;
    f->attr = e ? e->attr : FAT_ATTR_DIR;
    if (e) {
        f->first = e->cluster;
        f->size = f->attr & FAT_ATTR_DIR ? 0 : e->size;
        f->entry_sector = e->entry_sector;
        f->entry_offset = e->entry_offset;
    }
    if ((f->attr & FAT_ATTR_DIR) && !f->first && v->type == 32)
        f->first = v->root_cluster;      /* the root, or ".." of a top-level directory */
}

/* Opens the directory holding the path's last component, which *name and *length give. */
static int open_parent(struct fat_volume *v, const char *path, struct fat_file *dir, struct fat_entry *e,
                       const char **name, uint32_t *length)
{
    fat_open_entry(v, 0, dir);
    for (int depth = 0; ; depth++) {
        path += strspn(path, "/");       /* the component, then the slashes after it */
        *name = path;
        *length = (uint32_t)strcspn(path, "/");
        path += *length + strspn(path + *length, "/");
        if (!*path)
            return 0;
        int error = depth > 64 ? -FAT_ERR_TOO_DEEP : find(v, dir->first, *name, *length, e);
        if (error)
            return error;
        if (!(e->attr & FAT_ATTR_DIR))
            return -FAT_ERR_NOT_DIR;
        fat_open_entry(v, e, dir);
    }
}

int fat_open(struct fat_volume *v, const char *path, struct fat_file *f, struct fat_entry *entry)
{
    struct fat_entry own;
    const char *name;
    uint32_t length;
    struct fat_entry *e = entry ? entry : &own;
    int error = open_parent(v, path, f, e, &name, &length);
    if (error || !length || (error = find(v, f->first, name, length, e)))
        return error;                    /* (an empty name: "/", the root directory) */
    fat_open_entry(v, e, f);
    return 0;
}

int fat_dir_open(struct fat_volume *v, const char *path, struct fat_dir *d)
{
    struct fat_file f;
    int error = fat_open(v, path, &f, 0);
    if (error || !(f.attr & FAT_ATTR_DIR))
        return error ? error : -FAT_ERR_NOT_DIR;
    fat_dir_start(v, f.first, d);
    return 0;
}

/* ---- files ---- */

/* Makes f->cluster the cluster holding f->position, growing the chain if `grow`. *sector is the
 * position's device sector, *left the sectors from there to the end of the cluster. */
static int seek_cluster(struct fat_file *f, int grow, uint32_t *sector, uint32_t *left)
{
    struct fat_volume *v = f->volume;
    uint32_t index = f->position >> (v->cluster_shift + 9);
    uint32_t in_cluster = (f->position >> 9) & ((1u << v->cluster_shift) - 1);
    int error = 0;
    if (!f->first && (!grow || (error = allocate(v, 0, &f->first))))
        return grow ? error : -FAT_ERR_CHAIN_SHORT;
    if (!in_range(v, f->first))
        return -FAT_ERR_CHAIN_RANGE;
    if (!f->cluster || index < f->cluster_index)
        f->cluster = f->first, f->cluster_index = 0;
    if (index >= v->clusters)
        return grow ? -FAT_ERR_FULL : -FAT_ERR_CHAIN_LOOP;
    while (f->cluster_index < index) {
        uint32_t next;
        if ((error = next_cluster(v, f->cluster, &next)))
            return error;
        if (next == EOC && (!grow || (error = allocate(v, f->cluster, &next))))
            return grow ? error : -FAT_ERR_CHAIN_SHORT;
        f->cluster = next;
        f->cluster_index++;
    }
    *sector = cluster_sector(v, f->cluster) + in_cluster;
    *left = (1u << v->cluster_shift) - in_cluster;
    return 0;
}

int fat_read(struct fat_file *f, void *buffer, uint32_t count)
{
    struct fat_volume *v = f->volume;
    uint8_t *out = buffer;
    uint32_t done = 0, sector, n, next;
    int error = 0;
    if (f->attr & FAT_ATTR_DIR)
        return -FAT_ERR_IS_DIR;
    if (f->size > (uint64_t)v->clusters << (v->cluster_shift + 9))
        return -FAT_ERR_CHAIN_LOOP;      /* no chain can hold it */
    count = min(min(count, f->size - f->position), 0x7FFFFFFF);
    while (done < count && !(error = seek_cluster(f, 0, &sector, &n))) {
        uint32_t offset = f->position % FAT_SECTOR, wanted = (count - done) / FAT_SECTOR;
        if (!offset && wanted) {         /* whole sectors, through contiguous clusters */
            while (n < wanted && !(error = next_cluster(v, f->cluster, &next)) && next == f->cluster + 1) {
                f->cluster = next;
                f->cluster_index++;
                n += 1u << v->cluster_shift;
            }
            n = min(n, wanted);
            if (!error)
                error = device_read(v, sector, n, out + done);
            n *= FAT_SECTOR;
        } else {
            n = min(FAT_SECTOR - offset, count - done);
            if (!(error = load(v, sector)))
                memcpy(out + done, v->buffer + offset, n);
        }
        if (error)
            break;
        done += n;
        f->position += n;
    }
    return error ? error : (int)done;
}

static int update_entry(struct fat_file *f)
{
    struct fat_volume *v = f->volume;
    int error = f->entry_sector ? load(v, f->entry_sector) : 0;
    if (error || !f->entry_sector)
        return error;
    uint8_t *p = v->buffer + f->entry_offset;
    put16(p + 20, v->type == 32 ? f->first >> 16 : 0);
    put16(p + 26, f->first);
    put32(p + 28, f->size);
    return store(v);
}

int fat_write(struct fat_file *f, const void *buffer, uint32_t count)
{
    struct fat_volume *v = f->volume;
    const uint8_t *in = buffer;
    uint32_t done = 0, sector, n;
    int error = 0;
    if (f->attr & FAT_ATTR_DIR)
        return -FAT_ERR_IS_DIR;
    f->position = min(f->position, f->size);
    if (count > 0x7FFFFFFF || count > 0xFFFFFFFFu - f->position)
        return -FAT_ERR_TOO_LARGE;
    while (done < count && !(error = seek_cluster(f, 1, &sector, &n))) {
        uint32_t offset = f->position % FAT_SECTOR, wanted = (count - done) / FAT_SECTOR;
        if (!offset && wanted) {         /* whole sectors to the end of this cluster at most */
            n = min(n, wanted);
            if (v->buffer_sector - sector < n)
                v->buffer_sector = NONE;
            error = device_write(v, sector, n, in + done);
            n *= FAT_SECTOR;
        } else {                         /* part of a sector: merge with what is there */
            n = min(FAT_SECTOR - offset, count - done);
            if (f->position - offset < f->size)
                error = load(v, sector);
            else
                memset(v->buffer, 0, FAT_SECTOR), v->buffer_sector = sector;
            if (!error) {
                memcpy(v->buffer + offset, in + done, n);
                error = store(v);
            }
        }
        if (error)
            break;
        done += n;
        f->position += n;
        if (f->position > f->size)
            f->size = f->position;
    }
    int flushed = fat_flush(v), updated = update_entry(f);   /* data, then FAT, then the entry */
    return error ? error : flushed ? flushed : updated ? updated : (int)done;
}

/* An 8.3 name: 1-8 characters, optionally '.' and 1-3 more, from A-Z 0-9 ! # $ % & ' ( ) - @ ^ _ ` { } ~
 * and lower-case letters (stored in upper case; a part all in lower case gets its case flag). */
static int make_short_name(const char *s, uint32_t length, uint8_t *out, uint8_t *flags)
{
    int n = 0, ext = 0, upper[2] = { 0, 0 }, lowercase[2] = { 0, 0 };
    memset(out, ' ', 11);
    for (uint32_t i = 0; i < length; i++) {
        char c = s[i];
        if (c == '.' && !ext && n) {
            ext = 1, n = 0;
            continue;
        }
        if (n == (ext ? 3 : 8))
            return -1;
        if (c >= 'a' && c <= 'z')
            lowercase[ext] = 1, c -= 32;
        else if (c >= 'A' && c <= 'Z')
            upper[ext] = 1;
        else if (!(c >= '0' && c <= '9') && (!c || !strchr("!#$%&'()-@^_`{}~", c)))
            return -1;
        out[ext * 8 + n++] = (uint8_t)c;
    }
    if (!n)
        return -1;
    if (out[0] == FREE_SLOT)
        out[0] = 0x05;
    *flags = (uint8_t)((lowercase[0] && !upper[0] ? 0x08 : 0) | (lowercase[1] && !upper[1] ? 0x10 : 0));
    return 0;
}

/* A free entry in the directory (extended by a zeroed cluster if full); its sector is in buffer. */
static int free_slot(struct fat_volume *v, uint32_t first, struct fat_dir *d)
{
    uint8_t *p;
    uint32_t cluster;
    int r;
    fat_dir_start(v, first, d);
    while ((r = dir_entry(v, d, &p)) > 0 && p[0] && p[0] != FREE_SLOT)
        if ((r = dir_advance(v, d)) < 0)
            return r;
    if (r)
        return r < 0 ? r : 0;
    if (!d->cluster)
        return -FAT_ERR_ROOT_FULL;
    if ((r = allocate(v, d->cluster, &cluster)))
        return r;
    memset(v->buffer, 0, FAT_SECTOR);    /* zero the new cluster before the FAT links it */
    for (uint32_t i = 1u << v->cluster_shift; i--; ) {
        v->buffer_sector = cluster_sector(v, cluster) + i;
        if ((r = store(v)))
            return r;
    }
    if ((r = fat_flush(v)))
        return r;
    d->cluster = cluster;
    d->sector = d->index = 0;
    d->end = 0;
    return 0;
}

int fat_create(struct fat_volume *v, const char *path, struct fat_file *f)
{
    struct fat_entry e;
    struct fat_dir d;
    const char *name;
    uint32_t length, old;
    uint8_t short83[11], flags;
    uint8_t *p;
    int error = open_parent(v, path, f, &e, &name, &length);
    if (error || !length)
        return error ? error : -FAT_ERR_IS_DIR;
    if (!(error = find(v, f->first, name, length, &e))) {
        if (e.attr & FAT_ATTR_DIR)       /* an existing file: empty it, then free its clusters */
            return -FAT_ERR_IS_DIR;
        fat_open_entry(v, &e, f);
        old = f->first;
        f->first = f->size = 0;
        return (error = update_entry(f)) ? error : free_chain(v, old);
    }
    if (error != -FAT_ERR_NOT_FOUND)
        return error;
    if (make_short_name(name, length, short83, &flags))
        return -FAT_ERR_BAD_NAME;
    if ((error = free_slot(v, f->first, &d)) || (error = dir_entry(v, &d, &p)) < 0)
        return error;
    memset(p, 0, 32);
    memcpy(p, short83, 11);
    p[11] = FAT_ATTR_ARCHIVE;
    p[12] = flags;
    put16(p + 16, DATE_1980);            /* created, accessed, written: 1980-01-01 00:00 */
    put16(p + 18, DATE_1980);
    put16(p + 24, DATE_1980);
    memset(f, 0, sizeof *f);
    f->volume = v;
    f->attr = FAT_ATTR_ARCHIVE;
    f->entry_sector = v->buffer_sector;
    f->entry_offset = d.index * 32;
    return store(v);
}

int fat_append(struct fat_volume *v, const char *path, struct fat_file *f)
{
    int error = fat_open(v, path, f, 0);
    if (!error && (f->attr & FAT_ATTR_DIR))
        error = -FAT_ERR_IS_DIR;
    f->position = f->size;
    return error;
}

/* Marks the long-name parts and the 8.3 entry free, then frees the clusters. */
int fat_delete(struct fat_volume *v, const char *path)
{
    struct fat_entry e;
    struct fat_file f;
    uint8_t *p;
    int error = fat_open(v, path, &f, &e);
    if (!error && (!f.entry_sector || (e.attr & FAT_ATTR_DIR)))
        error = -FAT_ERR_IS_DIR;
    for (uint32_t i = 0; !error && i < e.slots; i++) {
        int r = dir_entry(v, &e.slot, &p);
        if (r <= 0)
            return r ? r : -FAT_ERR_CHAIN_SHORT;
        p[0] = FREE_SLOT;
        if (!(error = store(v)))
            error = dir_advance(v, &e.slot);
    }
    return error ? error : free_chain(v, e.cluster);
}

const char *fat_error_name(int error)
{
    static const char *const names[FAT_ERROR_COUNT] = {
        [FAT_OK]               = "no error",
        [FAT_ERR_IO]           = "I/O error",
        [FAT_ERR_NO_SIGNATURE] = "no boot signature (0x55AA)",
        [FAT_ERR_NO_VOLUME]    = "no FAT volume (no boot sector, no FAT partition)",
        [FAT_ERR_SECTOR_SIZE]  = "corrupt boot sector (bytes per sector is not 512)",
        [FAT_ERR_CLUSTER_SIZE] = "corrupt boot sector (sectors per cluster is not a power of two)",
        [FAT_ERR_FAT_COUNT]    = "corrupt boot sector (number of FATs is not 1 or 2)",
        [FAT_ERR_LAYOUT]       = "corrupt boot sector (sector counts do not fit)",
        [FAT_ERR_FAT12]        = "FAT12 is not supported",
        [FAT_ERR_CHAIN_RANGE]  = "bad FAT chain (cluster number out of range)",
        [FAT_ERR_CHAIN_LOOP]   = "bad FAT chain (loop, or longer than the volume)",
        [FAT_ERR_CHAIN_SHORT]  = "bad FAT chain (shorter than the file)",
        [FAT_ERR_NOT_FOUND]    = "no such file or directory",
        [FAT_ERR_NOT_DIR]      = "not a directory",
        [FAT_ERR_IS_DIR]       = "is a directory",
        [FAT_ERR_BAD_NAME]     = "not a valid 8.3 name",
        [FAT_ERR_FULL]         = "volume full",
        [FAT_ERR_ROOT_FULL]    = "root directory full",
        [FAT_ERR_TOO_LARGE]    = "file too large",
        [FAT_ERR_TOO_DEEP]     = "directory tree too deep",
    };
    if (error < 0)
        error = -error;
    return error < FAT_ERROR_COUNT ? names[error] : "unknown error";
}
