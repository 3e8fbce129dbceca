#include "core/io/export/cint8convkernels.h"

namespace byom {

const std::string& CInt8ConvKernels::conv1d() {
    static const std::string text = R"(#if BYOM_DSP
/* q8_conv1d's filters f < filters & ~3 at the positions o0 <= o < o1, whose windows lie inside
   the input without a gap (dil 1): at each one run of k * c inputs, four filters at a time
   over every position, their requantisations worked out once (q8_prep) */
/* q8_conv1d_run's block of four filters (w, b, m, s, y from the block's first) with windows of
   more than 128 inputs (a multiple of 4) at n positions from x: the positions in tiles of 32,
   the windows in chunks of 128 inputs whose weights are widened once a tile */
__attribute__((noinline, noclone)) static void q8_conv1d_tiles(const int8_t *x, int8_t *y, const int8_t *w, const int32_t *b,
                            const int32_t *m, const int8_t *s, const int32_t *rq, int kind,
                            int16x2_t *ww, int c, int filters, int kc, int stride, int n,
                            int32_t zy, int32_t lo, int32_t hi)
{
    const int full = lo == -128 && hi == 127;
    int32_t acc[32][4];
    int t0, t, i0, r;
    for (t0 = 0; t0 < n; t0 += 32) {
        const int nt = n - t0 < 32 ? n - t0 : 32;
        const int8_t *const xt = x + t0 * stride * c;
        for (t = 0; t < nt; ++t) memcpy(acc[t], b, sizeof acc[t]);
        for (i0 = 0; i0 < kc; i0 += 128) {
            const int run = kc - i0 < 128 ? kc - i0 : 128;
            q8_widen4(w + i0, run, kc, ww);
            for (t = 0; t < nt; ++t) q8_dot4_w(xt + t * stride * c + i0, ww, run, acc[t]);
        }
        for (t = 0; t < nt; ++t) {
            int8_t *const yo = y + (t0 + t) * filters;
            if (kind != 0)
                for (r = 0; r < 4; ++r) yo[r] = q8_out_prep(3, acc[t][r], rq, r, full, lo, hi);
            else
                q8_store4(yo, acc[t], m, s, zy, lo, hi);
        }
    }
}

#define Q8_RUN_LOOP(dot, store)                                             \
    for (o = o0; o < o1; ++o, xo += stride * c, yo += filters) {           \
        int32_t acc[4];                                                     \
        memcpy(acc, b + f, sizeof acc);                                     \
        dot;                                                                \
        store;                                                              \
    }
#define Q8_RUN_STORE(kind)                                                  \
    yo[0] = q8_out_prep(kind, acc[0], rq, 0, full, lo, hi);                 \
    yo[1] = q8_out_prep(kind, acc[1], rq, 1, full, lo, hi);                 \
    yo[2] = q8_out_prep(kind, acc[2], rq, 2, full, lo, hi);                 \
    yo[3] = q8_out_prep(kind, acc[3], rq, 3, full, lo, hi)
#define Q8_RUN_WIDE q8_dot4_w(xo, ww, kc, acc)
#define Q8_RUN_BYTES q8_dot4_z(xo, w + f * kc, kc, kc, acc)
#define Q8_RUN_ONE                                                          \
    acc[0] += xo[0] * w0;                                                   \
    acc[1] += xo[0] * w1;                                                   \
    acc[2] += xo[0] * w2;                                                   \
    acc[3] += xo[0] * w3
__attribute__((noinline, noclone)) static void q8_conv1d_run(const int8_t *x, int8_t *y, const int8_t *w, const int32_t *b,
                          const int32_t *m, const int8_t *s, int c, int filters, int k,
                          int stride, int pad, int o0, int o1, int32_t zy, int32_t lo,
                          int32_t hi)
{
    /* windows of at most 128 inputs, a multiple of 4: the block's weights widened once (1 KB) */
    const int kc = k * c, full = lo == -128 && hi == 127, wide = kc <= 128 && kc % 4 == 0;
    int o, f;
    for (f = 0; f < (filters & ~3); f += 4) {
        int32_t rq[20];
        int16x2_t ww[256];
        const int kind = q8_prep(m + f, s + f, b + f, kc, zy, rq, 4);
        const int8_t *xo = x + (o0 * stride - pad) * c;
        int8_t *yo = y + o0 * filters + f;
        const int32_t w0 = w[f * kc], w1 = w[(f + 1) * kc], w2 = w[(f + 2) * kc],
                      w3 = w[(f + 3) * kc];
        if (wide) q8_widen4(w + f * kc, kc, kc, ww);
        if (wide && kind == 1) {
            Q8_RUN_LOOP(Q8_RUN_WIDE, Q8_RUN_STORE(1))
        } else if (wide && kind == 2) {
            Q8_RUN_LOOP(Q8_RUN_WIDE, Q8_RUN_STORE(2))
        } else if (wide && kind == 3) {
            Q8_RUN_LOOP(Q8_RUN_WIDE, Q8_RUN_STORE(3))
        } else if (kc == 1 && kind != 0) { /* one input a window (kind 3 holds for 1 and 2 too) */
            Q8_RUN_LOOP(Q8_RUN_ONE, Q8_RUN_STORE(3))
        } else if (kc % 4 == 0) {
            q8_conv1d_tiles(xo, yo, w + f * kc, b + f, m + f, s + f, rq, kind, ww, c, filters, kc,
                            stride, o1 - o0, zy, lo, hi);
        } else if (kind != 0) {
            Q8_RUN_LOOP(Q8_RUN_BYTES, Q8_RUN_STORE(3))
        } else {
            Q8_RUN_LOOP(Q8_RUN_BYTES, q8_store4(yo, acc, m + f, s + f, zy, lo, hi))
        }
    }
}
#undef Q8_RUN_LOOP
#undef Q8_RUN_STORE
#undef Q8_RUN_WIDE
#undef Q8_RUN_BYTES
#undef Q8_RUN_ONE
#endif

/* zx times the sum of one filter's weights (k, c) at the taps j outside j0 <= j < j1 */
static int32_t q8_pad(const int8_t *w, int c, int k, int j0, int j1, int32_t zx)
{
    int32_t sum = 0;
    int j, i;
    for (j = 0; j < k; ++j)
        if (j < j0 || j >= j1)
            for (i = 0; i < c; ++i) sum += w[j * c + i];
    return zx * sum;
}

/* w: (filters, k, c); b: the biases less zx times the sum of their filter's weights (the
   exporter folds the input's zero point in), so that the sums run over x * w and the taps
   outside the input, which read the zero point, add zx * w; with the DSP extension four
   filters at a time */
__attribute__((noclone)) static void q8_conv1d(const int8_t *x, int8_t *y, const int8_t *w, const int32_t *b,
                      const int32_t *m, const int8_t *s, int len, int c, int filters, int k,
                      int stride, int dil, int pad, int lout, int32_t zx, int32_t zy, int32_t lo,
                      int32_t hi)
{
    int o, f, j, j0, j1, o0 = 0, o1 = 0, next;
#if BYOM_DSP
    if (dil == 1) { /* the positions o0 <= o < o1 whose windows lie inside: q8_conv1d_run */
        const int inner = len - k + pad;
        o0 = (pad + stride - 1) / stride;
        o1 = inner >= 0 ? inner / stride + 1 : 0;
        if (o1 > lout) o1 = lout;
        if (o1 < o0) o0 = o1 = 0;
        if (o0 < o1) q8_conv1d_run(x, y, w, b, m, s, c, filters, k, stride, pad, o0, o1, zy, lo, hi);
    }
#endif
    /* the loop skips o0 <= o < o1 where q8_conv1d_run did every filter there */
    next = o0 < o1 && (filters & 3) == 0 ? o0 : -1;
    for (o = next == 0 ? o1 : 0; o < lout; o = o + 1 == next ? o1 : o + 1) {
        const int first = o * stride - pad;
        q8_taps(first, k, dil, len, &j0, &j1);
#if BYOM_DSP
        for (f = o >= o0 && o < o1 ? filters & ~3 : 0; f < (filters & ~3); f += 4) {
            int32_t acc[4];
            int r;
            memcpy(acc, b + f, sizeof acc);
            if (dil == 1 && j0 < j1) /* the window's taps are one run of inputs */
                q8_dot4_z(x + (first + j0) * c, w + (f * k + j0) * c, (j1 - j0) * c, k * c, acc);
            else
                for (j = j0; j < j1; ++j)
                    q8_dot4_z(x + (first + j * dil) * c, w + (f * k + j) * c, c, k * c, acc);
            if (j0 > 0 || j1 < k)
                for (r = 0; r < 4; ++r) acc[r] += q8_pad(w + (f + r) * k * c, c, k, j0, j1, zx);
            q8_store4(y + o * filters + f, acc, m + f, s + f, zy, lo, hi);
        }
#endif
        for (f = BYOM_DSP ? filters & ~3 : 0; f < filters; ++f) {
            int32_t acc = b[f];
            if (dil == 1 && j0 < j1)
                acc = q8_dot(x + (first + j0) * c, w + (f * k + j0) * c, (j1 - j0) * c, acc);
            else
                for (j = j0; j < j1; ++j)
                    acc = q8_dot(x + (first + j * dil) * c, w + (f * k + j) * c, c, acc);
            if (j0 > 0 || j1 < k) acc += q8_pad(w + f * k * c, c, k, j0, j1, zx);
            y[o * filters + f] = q8_clamp(zy + q8_requantize(acc, m[f], s[f]), lo, hi);
        }
    }
}
)";
    return text;
}

const std::string& CInt8ConvKernels::depthwiseConv1d() {
    static const std::string text = R"(#if BYOM_DSP
/* q8_depthwise_conv1d's 4-channel blocks (mult 1, k <= 16) at the positions o0 <= o < o1,
   whose windows lie inside the input: a block's weights widened once into ww, its
   requantisations worked out once (q8_prep), then every position */
#define Q8_DW_LOOP(store)                                                              \
    for (o = o0; o < o1; ++o) {                                                        \
        const int8_t *xj = x + (o * stride - pad) * c + q;                             \
        int32_t acc[4];                                                                \
        int32_t a0 = b[q], a1 = b[q + 1], a2 = b[q + 2], a3 = b[q + 3];                \
        for (j = 0; j < k; ++j, xj += step) {                                          \
            uint32_t xv;                                                               \
            int16x2_t xe, xo;                                                          \
            memcpy(&xv, xj, 4);                                                        \
            xe = __sxtab16(offset, (int8x4_t)xv);                                      \
            xo = q8_odd_add(offset, xv);                                               \
            a0 = __smlabb(xe, ww[2 * j], a0);                                          \
            a1 = __smlabb(xo, ww[2 * j + 1], a1);                                      \
            a2 = __smlatt(xe, ww[2 * j], a2);                                          \
            a3 = __smlatt(xo, ww[2 * j + 1], a3);                                      \
        }                                                                              \
        acc[0] = a0;                                                                   \
        acc[1] = a1;                                                                   \
        acc[2] = a2;                                                                   \
        acc[3] = a3;                                                                   \
        store;                                                                         \
    }
#define Q8_DW_STORE(kind)                                                              \
    y[o * c + q] = q8_out_prep(kind, acc[0], rq, 0, full, lo, hi);                     \
    y[o * c + q + 1] = q8_out_prep(kind, acc[1], rq, 1, full, lo, hi);                 \
    y[o * c + q + 2] = q8_out_prep(kind, acc[2], rq, 2, full, lo, hi);                 \
    y[o * c + q + 3] = q8_out_prep(kind, acc[3], rq, 3, full, lo, hi)
__attribute__((noinline, noclone)) static void q8_depthwise_run(const int8_t *x, int8_t *y, const int8_t *w, const int32_t *b,
                             const int32_t *m, const int8_t *s, int c, int k, int stride,
                             int dil, int pad, int o0, int o1, int blocks, int32_t zx,
                             int32_t zy, int32_t lo, int32_t hi)
{
    const int full = lo == -128 && hi == 127, step = dil * c;
    const int16x2_t offset = q8_offset(zx);
    int q, o, j;
    for (q = 0; q < blocks; q += 4) {
        int32_t rq[20];
        int16x2_t ww[32];
        const int kind = q8_prep(m + q, s + q, b + q, k, zy, rq, 4);
        for (j = 0; j < k; ++j) {
            uint32_t wv;
            memcpy(&wv, w + j * c + q, 4);
            ww[2 * j] = __sxtb16((int8x4_t)wv);
            ww[2 * j + 1] = q8_odd(wv);
        }
        if (kind == 1) {
            Q8_DW_LOOP(Q8_DW_STORE(1))
        } else if (kind == 2) {
            Q8_DW_LOOP(Q8_DW_STORE(2))
        } else if (kind == 3) {
            Q8_DW_LOOP(Q8_DW_STORE(3))
        } else {
            Q8_DW_LOOP(q8_store4(y + o * c + q, acc, m + q, s + q, zy, lo, hi))
        }
    }
}
#undef Q8_DW_LOOP
#undef Q8_DW_STORE
/* q8_depthwise_conv1d with one channel (mult 1, dil 1, k <= 8) at the positions o0 <= o < o1
   whose eight inputs from the window's first lie inside the input: two words of inputs less
   the zero point, the weights widened once (0 past k), four SMLADs */
__attribute__((noinline, noclone)) static void q8_depthwise_one(const int8_t *x, int8_t *y, const int8_t *w, const int32_t *b,
                             const int32_t *m, const int8_t *s, int k, int stride, int pad,
                             int o0, int o1, int32_t zx, int32_t zy, int32_t lo, int32_t hi)
{
    const int full = lo == -128 && hi == 127;
    const int16x2_t offset = q8_offset(zx);
    uint32_t wa = 0, wb = 0;
    int32_t rq[20];
    int16x2_t w02, w13, w46, w57;
    const int kind = q8_prep(m, s, b, k, zy, rq, 1);
    int o, j;
    for (j = 0; j < k && j < 4; ++j) wa |= (uint32_t)(uint8_t)w[j] << (8 * j);
    for (j = 4; j < k && j < 8; ++j) wb |= (uint32_t)(uint8_t)w[j] << (8 * (j - 4));
    w02 = __sxtb16((int8x4_t)wa);
    w13 = q8_odd(wa);
    w46 = __sxtb16((int8x4_t)wb);
    w57 = q8_odd(wb);
    for (o = o0; o < o1; ++o) {
        const int8_t *const xp = x + o * stride - pad;
        uint32_t va, vb;
        int32_t acc;
        memcpy(&va, xp, 4);
        memcpy(&vb, xp + 4, 4);
        acc = __smlad(__sxtab16(offset, (int8x4_t)va), w02, b[0]);
        acc = __smlad(q8_odd_add(offset, va), w13, acc);
        acc = __smlad(__sxtab16(offset, (int8x4_t)vb), w46, acc);
        acc = __smlad(q8_odd_add(offset, vb), w57, acc);
        y[o] = kind ? q8_out_prep(3, acc, rq, 0, full, lo, hi)
                    : q8_clamp(zy + q8_requantize(acc, m[0], s[0]), lo, hi);
    }
}
#endif

/* w: (k, c * mult); output channel q reads input channel q / mult; with the DSP extension
   and mult 1, four channels at a time: one word of inputs and one of weights a tap, their bytes
   sign-extended to 16-bit halves, four SMLABB/SMLATT */
__attribute__((noclone)) static void q8_depthwise_conv1d(const int8_t *x, int8_t *y, const int8_t *w, const int32_t *b,
                                const int32_t *m, const int8_t *s, int len, int c, int mult,
                                int k, int stride, int dil, int pad, int lout, int32_t zx,
                                int32_t zy, int32_t lo, int32_t hi)
{
    const int cm = c * mult, step = dil * c;
#if BYOM_DSP
    const int blocks = mult == 1 ? c / 4 * 4 : 0; /* the channels of the 4-channel blocks */
    const int16x2_t offset = q8_offset(zx);
#else
    const int blocks = 0;
#endif
    int o, q, j, j0, j1, o0 = 0, o1 = 0, next;
#if BYOM_DSP
    /* the positions o0 <= o < o1 whose windows lie inside the input: q8_depthwise_run */
    const int inner = len - 1 - (k - 1) * dil + pad;
    o0 = (pad + stride - 1) / stride;
    o1 = inner >= 0 ? inner / stride + 1 : 0;
    if (o1 > lout) o1 = lout;
    if (c == 1 && mult == 1 && dil == 1 && k <= 8) { /* one channel: q8_depthwise_one */
        o1 = len - 8 + pad >= 0 ? (len - 8 + pad) / stride + 1 : 0;
        if (o1 > lout) o1 = lout;
        if (o1 < o0) o0 = o1 = 0;
        if (o0 < o1) q8_depthwise_one(x, y, w, b, m, s, k, stride, pad, o0, o1, zx, zy, lo, hi);
    } else {
        if (blocks == 0 || k > 16 || o1 < o0) o0 = o1 = 0;
        if (o0 < o1)
            q8_depthwise_run(x, y, w, b, m, s, c, k, stride, dil, pad, o0, o1, blocks, zx, zy, lo,
                             hi);
    }
#endif
    /* the loop skips o0 <= o < o1 where q8_depthwise_run did every channel there (or
       q8_depthwise_one the one) */
    next = o0 < o1 && (blocks == cm || blocks == 0) ? o0 : -1;
    for (o = next == 0 ? o1 : 0; o < lout; o = o + 1 == next ? o1 : o + 1) {
        const int first = o * stride - pad;
        q8_taps(first, k, dil, len, &j0, &j1);
#if BYOM_DSP
        for (q = 0; q < (o >= o0 && o < o1 ? 0 : blocks); q += 4) {
            const int8_t *xj = x + (first + j0 * dil) * c + q, *wj = w + j0 * c + q;
            int32_t acc[4];
            int32_t a0 = b[q], a1 = b[q + 1], a2 = b[q + 2], a3 = b[q + 3];
            for (j = j0; j < j1; ++j, xj += step, wj += c) {
                uint32_t xv, wv;
                int16x2_t xe, xo, we, wo;
                memcpy(&xv, xj, 4);
                memcpy(&wv, wj, 4);
                xe = __sxtab16(offset, (int8x4_t)xv);
                xo = q8_odd_add(offset, xv);
                we = __sxtb16((int8x4_t)wv);
                wo = q8_odd(wv);
                a0 = __smlabb(xe, we, a0);
                a1 = __smlabb(xo, wo, a1);
                a2 = __smlatt(xe, we, a2);
                a3 = __smlatt(xo, wo, a3);
            }
            acc[0] = a0;
            acc[1] = a1;
            acc[2] = a2;
            acc[3] = a3;
            q8_store4(y + o * cm + q, acc, m + q, s + q, zy, lo, hi);
        }
#endif
        for (q = blocks; q < cm; ++q) {
            const int at = first * c + q / mult;
            int32_t acc = b[q];
            for (j = j0; j < j1; ++j)
                acc += ((int32_t)x[at + j * step] - zx) * (int32_t)w[j * cm + q];
            y[o * cm + q] = q8_clamp(zy + q8_requantize(acc, m[q], s[q]), lo, hi);
        }
    }
}
)";
    return text;
}

}  // namespace byom
