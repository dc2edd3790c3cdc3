/* infer_cpu.c: the same inference on the CPU alone, image by image in plain C loops, with the same
 * integer arithmetic (requant.h): the baseline for the GPU's speedup and the check of its logits. */
#include <string.h>
#include "demo.h"
#include "requant.h"

void infer_cpu(const struct model *model, const int8_t *pixels, int n, int32_t *logits)
{
    int8_t act[2][MAX_WIDTH];
    for (int img = 0; img < n; img++) {
        memcpy(act[0], pixels + img * PIXELS, PIXELS);
        for (int i = 0; i < model->layers; i++) {
            const struct layer *l = &model->layer[i];
            const int8_t *in = act[i % 2], *w = l->weights;
            for (int o = 0; o < l->out; o++, w += l->in) {
                int32_t acc = l->bias[o];
                for (int k = 0; k < l->in; k++)
                    acc += in[k] * w[k];
                if (l->flags & REQUANT_RELU)
                    act[(i + 1) % 2][o] = rq_requantise(acc, l->m0, l->shift);
                else
                    logits[img * CLASSES + o] = acc;
            }
        }
    }
}
