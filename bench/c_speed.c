/* c_speed: the exported C library's latency (bench/infer_speed.py). Built with the exported
 * model.c of `byom export --format c` (default name "model"):
 *
 *   cc -O3 -march=native -I DIR bench/c_speed.c DIR/model.c -lm -o c_speed
 *   c_speed BATCH SECONDS
 *
 * A batch is BATCH calls of model_predict on consecutive rows (the library takes one sample
 * per call). Warm-up for a tenth of SECONDS, then as many batches as fill SECONDS; prints one
 * line of key=value pairs. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "model.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    long batch = argc > 1 ? atol(argv[1]) : 1;
    double seconds = argc > 2 ? atof(argv[2]) : 1.0;
    float *in = malloc(sizeof(float) * (size_t)(MODEL_INPUT_SIZE * batch));
    float out[MODEL_OUTPUT_SIZE];
    double checksum = 0, t0, s;
    long i, b, calls = 0;
    unsigned state = 12345;
    if (!in || batch < 1) return 2;
    for (i = 0; i < MODEL_INPUT_SIZE * batch; ++i) {
        state = state * 1103515245u + 12345u;
        in[i] = (float)((state >> 8) & 0xffff) / 32768.0f - 1.0f;
    }
    t0 = now();
    do {
        for (b = 0; b < batch; ++b) model_predict(in + b * MODEL_INPUT_SIZE, out);
        checksum += out[0];
    } while (now() - t0 < seconds / 10);
    t0 = now();
    do {
        for (b = 0; b < batch; ++b)
            if (model_predict(in + b * MODEL_INPUT_SIZE, out) != 0) return 1;
        checksum += out[0];
        ++calls;
    } while (now() - t0 < seconds);
    s = now() - t0;
    printf("c batch=%ld calls=%ld us_per_call=%.3f samples_per_s=%.1f checksum=%g\n", batch,
           calls, s / (double)calls * 1e6, (double)(batch * calls) / s, checksum);
    free(in);
    return 0;
}
