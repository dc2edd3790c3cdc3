/* demo.h: what the demo's files share: the limits of its static buffers, the model and the test set
 * as read from the card (docs/DEMO.md, "Files"), the two inference paths and the cycle counters. */
#ifndef DEMO_H
#define DEMO_H
#include <stdint.h>
#include "volume.h"              /* EXIT_USAGE 1, EXIT_SD 2, EXIT_FAT 3 */

#define MAX_LAYERS 8
#define MAX_WIDTH 128            /* a layer's in and out */
#define MAX_IMAGES 512
#define PIXELS 64                /* 8 x 8 */
#define CLASSES 10               /* the last layer's out: one logit per digit */
#define MODEL_MAX (16 + 32 * MAX_LAYERS + MAX_LAYERS * (MAX_WIDTH * MAX_WIDTH + 4 * MAX_WIDTH) + 4)
#define TESTS_MAX (16 + (PIXELS + 1) * MAX_IMAGES + 3 + 4)

enum { EXIT_MODEL = 5, EXIT_GPU = 6, EXIT_MISMATCH = 7 };

struct layer {
    int32_t in, out, m0, shift;
    uint32_t flags;              /* REQUANT_RELU on hidden layers */
    const int8_t *weights;       /* int8[out][in] */
    const int32_t *bias;         /* int32[out] */
};
struct model { int layers; struct layer layer[MAX_LAYERS]; uint32_t bytes; };
struct tests { int count; const int8_t *pixels; const uint8_t *labels; uint32_t bytes; };

/* model.c: reads and checks the files; any problem prints one line and exits. */
void load_model(struct model *model);
void load_tests(struct tests *tests);

/* infer_gpu.c / infer_cpu.c: the logits [n][CLASSES] of images 0..n-1 (the GPU's in its own buffer). */
struct layer_stats { uint32_t gemm_cycles, requant_cycles; int transposed; };   /* transposed: W X^T */
const int32_t *infer_gpu(const struct model *model, const int8_t *pixels, int n, struct layer_stats *stats);
void infer_cpu(const struct model *model, const int8_t *pixels, int n, int32_t *logits);

/* demo.c: mcycle (mcycle_read, machine.h; on the ISA model it counts instructions and a GPU launch takes
 * none: docs/DEMO.md) spent in SD block reads (volume.read), in fat_open + fat_read, and inside gpu_launch. */
extern uint64_t sd_cycles, file_cycles, gpu_launch_cycles;
#endif
