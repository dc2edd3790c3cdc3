/* demo.c: the digit classifier on the machine (docs/DEMO.md): mounts the card, loads and checks the
 * model and the test set, runs the network on the GPU, prints digits, predictions, the accuracy and
 * the cycles, then runs it on the CPU alone and checks that both give the same logits.
 * Arguments (hdlgen iss/sim --args): [N] [logits] [nocpu] [nocycles]; see usage below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "args.h"
#include "demo.h"
#include "gpu_host.h"
#include "machine.h"

uint64_t sd_cycles, file_cycles, gpu_launch_cycles;
static struct model model;
static struct tests tests;
static int32_t cpu_logits[MAX_IMAGES * CLASSES];
static int predicted[MAX_IMAGES];
static fat_read_fn card_read;

static int timed_read(void *context, uint32_t sector, uint32_t count, void *buffer)   /* volume.read */
{
    uint64_t start = mcycle_read();
    int result = card_read(context, sector, count, buffer);
    sd_cycles += mcycle_read() - start;
    return result;
}

static int argmax(const int32_t *logits)   /* the first largest on a tie */
{
    int best = 0;
    for (int c = 1; c < CLASSES; c++)
        if (logits[c] > logits[best]) best = c;
    return best;
}

static void print_digits(int count)   /* side by side, two characters per pixel */
{
    static const char shades[] = " .:-=+*#%@";
    for (int y = 0; y < 8; y++) {
        for (int i = 0; i < count; i++)
            for (int x = 0; x < 8; x++) {
                char c = shades[tests.pixels[i * PIXELS + y * 8 + x] * 10 / 128];
                printf("%c%c%s", c, c, x == 7 && i < count - 1 ? "   " : "");
            }
        printf("\n");
    }
    char cell[24];
    for (int line = 0; line < 2; line++)
        for (int i = 0; i < count; i++) {
            if (line == 0)
                snprintf(cell, sizeof cell, "predicted %d", predicted[i]);
            else
                snprintf(cell, sizeof cell, "true %d %s", tests.labels[i], predicted[i] == tests.labels[i] ? "ok" : "WRONG");
            printf(i < count - 1 ? "%-19s" : "%s\n", cell);
        }
}

static void print_layers(const struct layer_stats *stats, int n)
{
    struct gpu_shape shape = gpu_shape();
    uint32_t peak = shape.units * shape.lanes * 4;   /* dp4a MACs per cycle: every lane of every unit, 4 per dp4a */
    printf("GPU: %u units x %u warps x %u lanes, dp4a peak %u MACs/cycle\n", (unsigned)shape.units,
           (unsigned)shape.warps, (unsigned)shape.lanes, (unsigned)peak);
    for (int i = 0; i < model.layers; i++) {
        const struct layer *l = &model.layer[i];
        uint64_t macs = (uint64_t)n * l->out * l->in, permille = macs * 1000 / ((uint64_t)stats[i].gemm_cycles * peak);
        printf("layer %d: %d x %d x %d, gemm_dp4a%s %u GPU cycles (%u.%u%% of dp4a peak), requant %u GPU cycles\n",
               i + 1, n, (int)l->out, (int)l->in, stats[i].transposed ? " (as W X^T)" : "",
               (unsigned)stats[i].gemm_cycles, (unsigned)(permille / 10), (unsigned)(permille % 10),
               (unsigned)stats[i].requant_cycles);
    }
}

static void usage(void)
{
    printf("usage: demo [N] [logits] [nocpu] [nocycles]: the first N test images (default all), print the "
           "logits, skip the CPU-alone run, omit the lines that depend on CPU timing\n");
    exit(EXIT_USAGE);
}

int main(void)
{
    char *argv[8], *end;
    int argc = args_split(argv, 8), n = 0, show_logits = 0, cpu = 1, show_cycles = 1;
    if (argc > 8) usage();
    for (int i = 0; i < argc; i++) {
        long v = strtol(argv[i], &end, 10);
        if (!strcmp(argv[i], "logits")) show_logits = 1;
        else if (!strcmp(argv[i], "nocpu")) cpu = 0;
        else if (!strcmp(argv[i], "nocycles")) show_cycles = 0;
        else if (*end == 0 && v >= 1 && v <= MAX_IMAGES && !n) n = (int)v;
        else usage();
    }

    uint64_t t0 = mcycle_read();
    volume_mount();
    uint64_t t1 = mcycle_read();
    card_read = volume.read;
    volume.read = timed_read;
    load_model(&model);
    load_tests(&tests);
    uint64_t t2 = mcycle_read();
    if (n > tests.count) {
        printf("demo: %d images asked for, tests.bin holds %d\n", n, tests.count);
        return EXIT_USAGE;
    }
    n = n ? n : tests.count;

    gpu_load_kernels();
    uint64_t t3 = mcycle_read();   /* the GPU inference: the launches and the host's part (arguments, argmax) */
    struct layer_stats stats[MAX_LAYERS];
    const int32_t *gpu_logits = infer_gpu(&model, tests.pixels, n, stats);
    int correct = 0;
    for (int i = 0; i < n; i++) {
        predicted[i] = argmax(gpu_logits + i * CLASSES);
        correct += predicted[i] == tests.labels[i];
    }
    uint64_t t4 = mcycle_read();

    printf("demo: model.bin %u bytes, %d layers %d", (unsigned)model.bytes, model.layers, PIXELS);
    for (int i = 0; i < model.layers; i++) printf("-%d", (int)model.layer[i].out);
    printf("; tests.bin %u bytes, %d images; running %d\n", (unsigned)tests.bytes, tests.count, n);
    print_layers(stats, n);
    print_digits(n < 4 ? n : 4);
    if (show_logits)
        for (int i = 0; i < n; i++) {
            printf("logits %d:", i);
            for (int c = 0; c < CLASSES; c++) printf(" %d", (int)gpu_logits[i * CLASSES + c]);
            printf("\n");
        }
    printf("predictions:");
    for (int i = 0; i < n; i++) printf("%s%d", i % 60 ? "" : "\n", predicted[i]);
    printf("\naccuracy: %d/%d\n", correct, n);
    /* The GPU inference's time: the GPU's own CYCLES for the launches (exact on the GPU model and on the RTL) and
     * mcycle for the host's part between them. On the RTL, mcycle inside the launches is a few cycles more than
     * CYCLES; on the ISA model a launch takes no instruction, so mcycle alone would miss the GPU's time. */
    uint64_t gpu_cycles_total = 0;
    for (int i = 0; i < model.layers; i++) gpu_cycles_total += stats[i].gemm_cycles + stats[i].requant_cycles;
    uint64_t host = t4 - t3 - gpu_launch_cycles, gpu_time = gpu_cycles_total + host;
    if (show_cycles) {
        printf("loading (mcycle): mount %llu, SD reads %llu, FAT %llu, checks %llu, kernel copy %llu\n",
               (unsigned long long)(t1 - t0), (unsigned long long)sd_cycles,
               (unsigned long long)(file_cycles - sd_cycles), (unsigned long long)(t2 - t1 - file_cycles),
               (unsigned long long)(t3 - t2));
        printf("GPU inference: %llu cycles = GPU %llu (CYCLES) + CPU %llu (mcycle: arguments, argmax)\n",
               (unsigned long long)gpu_time, (unsigned long long)gpu_cycles_total, (unsigned long long)host);
    }
    if (!cpu)
        return 0;

    uint64_t t5 = mcycle_read();   /* the CPU-alone inference, argmax included as in the GPU's */
    infer_cpu(&model, tests.pixels, n, cpu_logits);
    int cpu_correct = 0;
    for (int i = 0; i < n; i++) cpu_correct += argmax(cpu_logits + i * CLASSES) == tests.labels[i];
    uint64_t cpu_time = mcycle_read() - t5;
    for (int i = 0; i < n; i++)
        if (memcmp(gpu_logits + i * CLASSES, cpu_logits + i * CLASSES, CLASSES * sizeof *gpu_logits)) {
            printf("demo: the CPU's logits differ from the GPU's, first at image %d\n", i);
            return EXIT_MISMATCH;
        }
    printf("CPU alone: the same logits as the GPU for all %d images, accuracy %d/%d\n", n, cpu_correct, n);
    if (show_cycles)
        printf("CPU-alone inference: %llu cycles (mcycle): the GPU inference is %llu.%02llux faster\n",
               (unsigned long long)cpu_time, (unsigned long long)(cpu_time / gpu_time), (unsigned long long)(cpu_time * 100 / gpu_time % 100));
    return 0;
}
