/* model.c: reads model.bin and tests.bin from the card and checks them against docs/DEMO.md: magic,
 * version, sizes (against the buffers, before reading), CRC-32, shapes. A bad file prints one line,
 * "demo: FILE: what is wrong", and exits with EXIT_MODEL; a missing one with EXIT_FAT. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "demo.h"
#include "machine.h"
#include "requant.h"

static uint8_t model_data[MODEL_MAX] __attribute__((aligned(64)));
/* The images start at offset 16: 48 bytes before, so that they are 64-byte aligned for gemm_dp4a. */
static uint8_t tests_buffer[48 + TESTS_MAX] __attribute__((aligned(64)));
#define tests_data (tests_buffer + 48)

static void __attribute__((noreturn, format(printf, 2, 3))) fail(const char *file, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    printf("demo: %s: ", file);
    vprintf(format, ap);
    printf("\n");
    va_end(ap);
    exit(EXIT_MODEL);
}

static uint32_t crc32(const uint8_t *p, uint32_t n)   /* zlib's: reflected, polynomial 0xEDB88320 */
{
    static uint32_t table[256];
    if (!table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = c >> 1 ^ (0xEDB88320u & -(c & 1));
            table[i] = c;
        }
    uint32_t crc = 0xFFFFFFFFu;
    while (n--)
        crc = crc >> 8 ^ table[(crc ^ *p++) & 0xFF];
    return ~crc;
}

static uint32_t word(const uint8_t *data, uint32_t offset)   /* little-endian, any alignment */
{
    return data[offset] | data[offset + 1] << 8 | data[offset + 2] << 16 | (uint32_t)data[offset + 3] << 24;
}

/* Reads the whole file into data (at most max bytes); checks the magic and the version. */
static uint32_t load(const char *name, uint8_t *data, uint32_t max, const char *magic)
{
    struct fat_file file;
    uint64_t start = mcycle_read();
    int error = fat_open(&volume, name, &file, 0);
    if (error == -FAT_ERR_NOT_FOUND) {
        printf("demo: %s: not found on the card\n", name);
        exit(EXIT_FAT);
    }
    volume_check(error);
    if (file.size < 20 || file.size > max)
        fail(name, "%u bytes, expected 20 to %u", (unsigned)file.size, (unsigned)max);
    if ((uint32_t)volume_check(fat_read(&file, data, file.size)) != file.size)
        fail(name, "read ended before the file's %u bytes", (unsigned)file.size);
    file_cycles += mcycle_read() - start;
    if (memcmp(data, magic, 4) != 0)
        fail(name, "bad magic (expected %s)", magic);
    if (word(data, 4) != 1)
        fail(name, "version %u, expected 1", (unsigned)word(data, 4));
    return file.size;
}

static void check_crc(const char *name, const uint8_t *data, uint32_t size)   /* the last word */
{
    uint32_t stored = word(data, size - 4), computed = crc32(data, size - 4);
    if (stored != computed)
        fail(name, "checksum 0x%08x but the data gives 0x%08x", (unsigned)stored, (unsigned)computed);
}

void load_model(struct model *m)
{
    const char *name = "model.bin";
    uint32_t size = m->bytes = load(name, model_data, sizeof model_data, "DGT8");
    uint32_t count = word(model_data, 8);
    if (word(model_data, 12) != size)
        fail(name, "header says %u bytes, the file has %u", (unsigned)word(model_data, 12), (unsigned)size);
    check_crc(name, model_data, size);
    if (count < 1 || count > MAX_LAYERS || 16 + 32 * count > size)
        fail(name, "%u layers, expected 1 to %d", (unsigned)count, MAX_LAYERS);
    m->layers = (int)count;
    uint32_t offset = 16 + 32 * count;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *h = model_data + 16 + 32 * i;
        struct layer *l = &m->layer[i];
        uint32_t in = word(h, 0), out = word(h, 4), flags = word(h, 8), m0 = word(h, 12), shift = word(h, 16);
        int last = i == count - 1;
        if (in < 4 || in > MAX_WIDTH || in % 4 || out < 1 || out > MAX_WIDTH)
            fail(name, "layer %u is %u x %u: in must be 4..%d in steps of 4, out 1..%d",
                 (unsigned)i + 1, (unsigned)in, (unsigned)out, MAX_WIDTH, MAX_WIDTH);
        if (in != (i == 0 ? PIXELS : (uint32_t)m->layer[i - 1].out) || (last && out != CLASSES))
            fail(name, "layer %u is %u x %u: the shapes do not chain from %d pixels to %d logits",
                 (unsigned)i + 1, (unsigned)in, (unsigned)out, PIXELS, CLASSES);
        if (flags != (last ? 0 : REQUANT_RELU) || (!last && (m0 < 1u << 30 || m0 >= 1u << 31 || shift > 31)))
            fail(name, "layer %u: flags %u, m0 %u, shift %u: expected requantisation (flags 1, m0 in "
                 "[2^30, 2^31), shift 0..31) on hidden layers and flags 0 on the last",
                 (unsigned)i + 1, (unsigned)flags, (unsigned)m0, (unsigned)shift);
        *l = (struct layer){ .in = (int32_t)in, .out = (int32_t)out, .m0 = (int32_t)m0, .shift = (int32_t)shift,
                             .flags = flags, .weights = (const int8_t *)(model_data + offset),
                             .bias = (const int32_t *)(model_data + offset + in * out) };
        offset += in * out + 4 * out;   /* in % 4 == 0: the bias stays word-aligned */
        if (offset + 4 > size)
            fail(name, "layer %u's data ends past the file's %u bytes", (unsigned)i + 1, (unsigned)size);
    }
    if (offset + 4 != size)
        fail(name, "the layers take %u bytes, the file has %u", (unsigned)(offset + 4), (unsigned)size);
}

void load_tests(struct tests *t)
{
    const char *name = "tests.bin";
    uint32_t size = t->bytes = load(name, tests_data, TESTS_MAX, "DGTS");
    uint32_t count = word(tests_data, 8), pixels = word(tests_data, 12);
    if (count < 1 || count > MAX_IMAGES)
        fail(name, "%u images, expected 1 to %d", (unsigned)count, MAX_IMAGES);
    if (pixels != PIXELS)
        fail(name, "%u pixels per image, expected %d", (unsigned)pixels, PIXELS);
    uint32_t expected = (16 + (PIXELS + 1) * count + 3) / 4 * 4 + 4;
    if (size != expected)
        fail(name, "%u bytes, expected %u for %u images", (unsigned)size, (unsigned)expected, (unsigned)count);
    check_crc(name, tests_data, size);
    t->count = (int)count;
    t->pixels = (const int8_t *)(tests_data + 16);
    t->labels = tests_data + 16 + PIXELS * count;
    for (uint32_t i = 0; i < count; i++) {
        if (t->labels[i] >= CLASSES)
            fail(name, "image %u has label %u, expected 0..%d", (unsigned)i, t->labels[i], CLASSES - 1);
        for (int p = 0; p < PIXELS; p++)
            if (t->pixels[i * PIXELS + p] < 0)
                fail(name, "image %u has pixel %d, expected 0..127", (unsigned)i, t->pixels[i * PIXELS + p]);
    }
}
