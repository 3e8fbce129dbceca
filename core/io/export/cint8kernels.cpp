#include "core/io/export/cint8kernels.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/io/export/cint8convkernels.h"
#include "core/util/error.h"

namespace byom {

namespace {

constexpr const char* kIncludes = R"(#include <stdint.h>
#include <string.h>

/* The Cortex-M4's DSP extension: two 16-bit multiply-adds an instruction (SMLAD) */
#if defined(__ARM_FEATURE_DSP) && defined(__ARM_FEATURE_SIMD32)
#include <arm_acle.h>
#define BYOM_DSP 1
#else
#define BYOM_DSP 0
#endif
)";

constexpr const char* kClamp = R"(static int8_t q8_clamp(int32_t v, int32_t lo, int32_t hi)
{
#if BYOM_DSP
    if (lo == -128 && hi == 127) return (int8_t)__ssat(v, 8); /* the whole int8 range */
#endif
    return (int8_t)(v < lo ? lo : v > hi ? hi : v);
}
)";

// TFLite's MultiplyByQuantizedMultiplier (core/quant/fixedpoint.cpp), its two roundings as one
// where the shift is right (tests/cli/tst_cexportint8.cpp compares it with fixedpoint.cpp).
constexpr const char* kRequantize =
    R"(/* x * M, M = m * 2^(shift - 31), 0 <= m < 2^31: TFLite's MultiplyByQuantizedMultiplier, the
   high half of 2 * (x << left) * m rounded (ties up), then divided by 2^e (e = -shift > 0)
   rounded half away from zero. With p = x * m those are floor((p + 2^30) / 2^31) and
   floor((h + 2^(e-1) - [h < 0]) / 2^e); floor divisions nest, so the result is
   floor((p + 2^30 - 2^31 [x < 0] + 2^(30+e)) / 2^(31+e)) (h < 0 only if x < 0, and where
   x < 0 and h = 0 both give 0): one SMLAL whose addend holds the 2^(30+e) too, its high
   word shifted by e - 1. */
static inline int32_t q8_requantize(int32_t x, int32_t m, int shift)
{
    if (shift < -1) {
        /* e >= 2: 2^(30+e) + 2^30 - 2^31 [x < 0] is the 64-bit addend of high word
           2^(e-2) - [x < 0] and low word 2^30 + 2^31 [x < 0]: one SMLAL, one shift */
        const uint32_t low = ((uint32_t)x & 0x80000000u) | 0x40000000u;
        const uint32_t high = (1u << (-shift - 2)) + (uint32_t)(x >> 31);
        const int64_t t = (int64_t)x * m + (int64_t)(((uint64_t)high << 32) | low);
        return (int32_t)(t >> 32) >> (-shift - 1);
    }
    if (shift == -1) {
        const uint32_t low = ((uint32_t)x & 0x80000000u) | 0x40000000u;
        const int64_t t = (int64_t)x * m + (int64_t)(((uint64_t)(uint32_t)(x >> 31) << 32) | low);
        return (int32_t)(t >> 32) + (int32_t)((uint32_t)t >> 31);
    }
    return (int32_t)(((int64_t)(int32_t)((uint32_t)x << shift) * m + ((int64_t)1 << 30)) >> 31);
}
)";

// The DSP extension's sign extensions of the weighted kernels, channel_scale and the average.
constexpr const char* kDsp =
    R"(#if BYOM_DSP
/* SXTB16 and SXTAB16 of a word rotated by 8 (its bytes 1 and 3), one instruction each */
static inline int32_t q8_odd(uint32_t v)
{
    int32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(v));
    return r;
}

static inline int32_t q8_odd_add(int32_t a, uint32_t v)
{
    int32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(v));
    return r;
}

/* Both halves -zx: SXTAB16 adds it to two sign-extended inputs */
static inline int16x2_t q8_offset(int32_t zx)
{
    return (int16x2_t)(((uint32_t)(-zx) << 16) | ((uint32_t)(-zx) & 0xFFFFu));
}
#endif
)";

// The DSP extension's requantisation helpers of the weighted kernels and channel_scale.
constexpr const char* kDspRequantize =
    R"(#if BYOM_DSP
/* y[r] for the four rows' sums: requantised, plus zy, clamped (inlined into the kernels' loops,
   so that the sums stay in registers) */
__attribute__((always_inline)) static inline void q8_store4(int8_t *y, const int32_t *acc, const int32_t *m, const int8_t *s,
                      int32_t zy, int32_t lo, int32_t hi)
{
    int r;
    if (lo == -128 && hi == 127) /* the whole int8 range: one SSAT */
        for (r = 0; r < 4; ++r) y[r] = (int8_t)__ssat(zy + q8_requantize(acc[r], m[r], s[r]), 8);
    else
        for (r = 0; r < 4; ++r) y[r] = q8_clamp(zy + q8_requantize(acc[r], m[r], s[r]), lo, hi);
}

/* n <= 4 channels' requantisations worked out once for a loop over positions whose sums x have
   |x| <= |b[r]| + 2^15 taps (taps products of int8 values): zy + requantize(x, m, s) as
   h = SMMLAR(x << (L + 1), m, a), (h + [x < 0 and e >= 1] * -1) >> e, L = max(s, 0),
   e = max(-s, 0), a = 2^(e-1) + zy * 2^e (e >= 1) or zy (e = 0): SMMLAR's rounding of twice
   the product is the high half's (floor((x m + 2^30) / 2^31)), the addend holds the
   second rounding's 2^(e-1) and the zero point, and [x < 0] stands for [h < 0] (they differ
   only where h = 0 rounds to 0 either way). rq: the multipliers, the addends, L + 1, e and
   the masks -[e >= 1]. Returns 1 where every e >= 1, 2 where every e = 0, 3 otherwise, and 0
   where a value could leave int32 (q8_store4 then) */
static inline int q8_prep(const int32_t *m, const int8_t *s, const int32_t *b, int32_t taps,
                          int32_t zy, int32_t *rq, int n)
{
    int r, right = 1, left = 1;
    for (r = 0; r < n; ++r) {
        const int64_t bound = (b[r] < 0 ? -(int64_t)b[r] : (int64_t)b[r]) + ((int64_t)taps << 15);
        const int l = s[r] > 0 ? s[r] : 0, e = s[r] < 0 ? -s[r] : 0;
        const int64_t a = e >= 1 ? ((int64_t)1 << (e - 1)) + (int64_t)zy * ((int64_t)1 << e) : zy;
        if (e > 24 || bound >= ((int64_t)1 << (30 - l)) ||
            (bound << l) + (a < 0 ? -a : a) + 2 >= ((int64_t)1 << 31))
            return 0;
        right = right && e >= 1;
        left = left && e == 0;
        rq[r] = m[r];
        rq[4 + r] = (int32_t)a;
        rq[8 + r] = l + 1;
        rq[12 + r] = e;
        rq[16 + r] = e >= 1 ? -1 : 0;
    }
    return right ? 1 : left ? 2 : 3;
}

/* SMMLAR: a + (x * m + 2^31) / 2^32, rounded down */
static inline int32_t q8_smmlar(int32_t x, int32_t m, int32_t a)
{
    int32_t r;
    __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(x), "r"(m), "r"(a));
    return r;
}

/* clamp(zy + x requantised with q8_prep's rq for channel r), kind q8_prep's 1, 2 or 3 */
__attribute__((always_inline)) static inline int8_t q8_out_prep(int kind, int32_t x, const int32_t *rq, int r,
                          int full, int32_t lo, int32_t hi)
{
    int32_t v;
    if (kind == 1)
        v = (q8_smmlar((int32_t)((uint32_t)x << 1), rq[r], rq[4 + r]) + (x >> 31)) >> rq[12 + r];
    else if (kind == 2)
        v = q8_smmlar((int32_t)((uint32_t)x << rq[8 + r]), rq[r], rq[4 + r]);
    else
        v = (q8_smmlar((int32_t)((uint32_t)x << rq[8 + r]), rq[r], rq[4 + r]) +
             ((x >> 31) & rq[16 + r])) >> rq[12 + r];
    return full ? (int8_t)__ssat(v, 8) : (int8_t)(v < lo ? lo : v > hi ? hi : v);
}
#endif
)";

// dense and conv1d: dot products.
constexpr const char* kDot =
    R"(#if BYOM_DSP
/* The next four inputs: a word loaded with post-increment, its bytes 1 and 3 and its bytes 0
   and 2 sign-extended to pairs of 16-bit values */
#define Q8_LOAD_X \
    "ldr %[xe], [%[x]], #4\n\t" \
    "sxtb16 %[xo], %[xe], ror #8\n\t" \
    "sxtb16 %[xe], %[xe]\n\t"

#define Q8_STEP4W \
    Q8_LOAD_X \
    "ldrd %[va], %[vb], [%[w]], #8\n\t" \
    "smlad %[a0], %[xe], %[va], %[a0]\n\t" \
    "smlad %[a0], %[xo], %[vb], %[a0]\n\t" \
    "ldrd %[va], %[vb], [%[w]], #8\n\t" \
    "smlad %[a1], %[xe], %[va], %[a1]\n\t" \
    "smlad %[a1], %[xo], %[vb], %[a1]\n\t" \
    "ldrd %[va], %[vb], [%[w]], #8\n\t" \
    "smlad %[a2], %[xe], %[va], %[a2]\n\t" \
    "smlad %[a2], %[xo], %[vb], %[a2]\n\t" \
    "ldrd %[va], %[vb], [%[w]], #8\n\t" \
    "smlad %[a3], %[xe], %[va], %[a3]\n\t" \
    "smlad %[a3], %[xo], %[vb], %[a3]\n\t"
#define Q8_STEP4W_OPERANDS                                                                \
    : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x), [w] "+r"(ww), \
      [xe] "=&r"(xe), [xo] "=&r"(xo), [va] "=&r"(va), [vb] "=&r"(vb)                       \
    :                                                                                      \
    : "memory"

/* acc[r] += the sum over i < n (a multiple of 4) of x[i] * w[r * n + i], r < 4, from the rows
   widened once by q8_widen4: a word of inputs sign-extended to two pairs, then each row's two
   pairs loaded by one LDRD and two SMLADs: 15 instructions for 16 multiply-adds */
static inline void q8_dot4_w(const int8_t *x, const int16x2_t *ww, int n, int32_t *acc)
{
    const int8_t *const end = x + n;
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    uint32_t xe, xo, va, vb;
    if ((n & 4) != 0) __asm__(Q8_STEP4W Q8_STEP4W_OPERANDS);
    while (x < end) __asm__(Q8_STEP4W Q8_STEP4W Q8_STEP4W_OPERANDS); /* eight inputs a pass */
#undef Q8_STEP4W
#undef Q8_STEP4W_OPERANDS
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

/* The rows w[r * stride + i] (r < 4, i < n, n a multiple of 4) widened for q8_dot4_w: for each
   four inputs, each row's bytes 0 and 2 and its bytes 1 and 3 as pairs of 16-bit values */
static inline void q8_widen4(const int8_t *w, int n, int stride, int16x2_t *ww)
{
    int i;
    for (i = 0; i < n; i += 4, ww += 8) {
        uint32_t v0, v1, v2, v3;
        memcpy(&v0, w + i, 4);
        memcpy(&v1, w + stride + i, 4);
        memcpy(&v2, w + 2 * stride + i, 4);
        memcpy(&v3, w + 3 * stride + i, 4);
        ww[0] = __sxtb16((int8x4_t)v0);
        ww[1] = q8_odd(v0);
        ww[2] = __sxtb16((int8x4_t)v1);
        ww[3] = q8_odd(v1);
        ww[4] = __sxtb16((int8x4_t)v2);
        ww[5] = q8_odd(v2);
        ww[6] = __sxtb16((int8x4_t)v3);
        ww[7] = q8_odd(v3);
    }
}

/* acc[r] += the sum over i < n of x[i] * w[r * stride + i] for the rows r < 4 (the exporter
   folds the input's zero point into the biases): the inputs sign-extended with SXTB16 alone, the rows reached from two pointers (w and w + 2 * stride)
   loaded with post-increment and at the stride past them, written out so that the sums, the
   pointers and the widened values stay in registers: 22 instructions for 16 multiply-adds,
   eight inputs a pass */
__attribute__((always_inline)) static inline void q8_dot4_z(const int8_t *x, const int8_t *w, int n, int stride, int32_t *acc)
{
    const int8_t *const end = x + (n & ~3), *const last = x + n;
    const int8_t *w2 = w + 2 * stride;
    const int s = stride - 4;
    int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
    uint32_t xe, xo, v, t;
#define Q8_STEP4 \
    Q8_LOAD_X \
    "ldr %[v], [%[w]], #4\n\t" \
    "sxtb16 %[t], %[v]\n\t" \
    "smlad %[a0], %[xe], %[t], %[a0]\n\t" \
    "sxtb16 %[v], %[v], ror #8\n\t" \
    "smlad %[a0], %[xo], %[v], %[a0]\n\t" \
    "ldr %[v], [%[w], %[s]]\n\t" \
    "sxtb16 %[t], %[v]\n\t" \
    "smlad %[a1], %[xe], %[t], %[a1]\n\t" \
    "sxtb16 %[v], %[v], ror #8\n\t" \
    "smlad %[a1], %[xo], %[v], %[a1]\n\t" \
    "ldr %[v], [%[w2]], #4\n\t" \
    "sxtb16 %[t], %[v]\n\t" \
    "smlad %[a2], %[xe], %[t], %[a2]\n\t" \
    "sxtb16 %[v], %[v], ror #8\n\t" \
    "smlad %[a2], %[xo], %[v], %[a2]\n\t" \
    "ldr %[v], [%[w2], %[s]]\n\t" \
    "sxtb16 %[t], %[v]\n\t" \
    "smlad %[a3], %[xe], %[t], %[a3]\n\t" \
    "sxtb16 %[v], %[v], ror #8\n\t" \
    "smlad %[a3], %[xo], %[v], %[a3]\n\t"
#define Q8_STEP4_OPERANDS                                                                 \
    : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x), [w] "+r"(w), \
      [w2] "+r"(w2), [xe] "=&r"(xe), [xo] "=&r"(xo), [v] "=&r"(v), [t] "=&r"(t)            \
    : [s] "r"(s)                                                                          \
    : "memory"
    if ((n & 4) != 0) __asm__(Q8_STEP4 Q8_STEP4_OPERANDS);
    while (x < end) __asm__(Q8_STEP4 Q8_STEP4 Q8_STEP4_OPERANDS); /* eight inputs a pass */
#undef Q8_STEP4
#undef Q8_STEP4_OPERANDS
#undef Q8_LOAD_X
    for (; x < last; ++x, ++w, ++w2) {
        const int32_t xi = *x;
        a0 += xi * (int32_t)w[0];
        a1 += xi * (int32_t)w[stride];
        a2 += xi * (int32_t)w2[0];
        a3 += xi * (int32_t)w2[stride];
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}
#endif

/* acc + the sum over i < n of x[i] * w[i]; with the DSP extension four at a time: the bytes
   sign-extended to pairs of 16-bit values, two SMLADs. */
static int32_t q8_dot(const int8_t *x, const int8_t *w, int n, int32_t acc)
{
    int i = 0;
#if BYOM_DSP
    for (; i + 4 <= n; i += 4) {
        uint32_t xv, wv;
        memcpy(&xv, x + i, 4);
        memcpy(&wv, w + i, 4);
        acc = __smlad(__sxtb16((int8x4_t)xv), __sxtb16((int8x4_t)wv), acc);
        acc = __smlad(q8_odd(xv), q8_odd(wv), acc);
    }
#endif
    for (; i < n; ++i) acc += (int32_t)x[i] * (int32_t)w[i];
    return acc;
}

)";
struct Kernel {
    const char* name;
    bool requantizes;
    bool dot;
    std::string source;
};

// The convolutions' text is CInt8ConvKernels'.
const std::vector<Kernel>& kernels() {
    static const std::vector<Kernel> table = {
        {"quantize", false, false,
         R"(/* round(x / scale) + zp in float (ties away from zero), clamped; NaN: zp. Without a call
   of roundf: x / scale clamped to +-256 first (beyond it, with |zp| <= 128, the result is
   clamped all the same; NaN to 0), truncated to an integer t, and the exact difference
   compared with 0.5. With the Cortex-M4's FPU: VCVT truncates toward zero, saturating (NaN
   to 0), so t = VCVT(v) and, the difference f = v - t exact, VCVT(2f) is the rounding's -1, 0
   or 1 (f + f exact; both saturated where t is); QADD and SSAT clamp. */
#if BYOM_DSP && defined(__ARM_FP)
static int32_t q8_vcvt(float v)
{
    float r;
    int32_t i;
    __asm__("vcvt.s32.f32 %0, %1" : "=t"(r) : "t"(v));
    memcpy(&i, &r, sizeof i);
    return i;
}
#endif

static void q8_quantize(const float *x, int8_t *y, int n, float scale, int32_t zp)
{
    int i;
#if BYOM_DSP && defined(__ARM_FP)
    for (i = 0; i < n; ++i) {
        const float v = x[i] / scale;
        const int32_t t = q8_vcvt(v);
        const float f = v - (float)t;
        y[i] = (int8_t)__ssat(__qadd(__qadd(t, q8_vcvt(f + f)), zp), 8);
    }
    return;
#endif
    for (i = 0; i < n; ++i) {
        const float v = x[i] / scale;
        const float c = v > 256.0f ? 256.0f : v >= -256.0f ? v : v != v ? 0.0f : -256.0f;
        int32_t t = (int32_t)c, q;
        const float f = c - (float)t;
        t += f >= 0.5f ? 1 : f <= -0.5f ? -1 : 0;
        q = t + zp;
        y[i] = v != v ? (int8_t)zp : (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
    }
}
)"},
        {"dequantize", false, false,
         R"(static void q8_dequantize(const int8_t *x, float *y, int n, float scale, int32_t zp)
{
    int i;
    for (i = 0; i < n; ++i) y[i] = scale * (float)((int32_t)x[i] - zp);
}
)"},
        {"dense", true, true,
         R"(/* w: (out, in); y[o] = clamp(zy + requantize(b[o] + sum (x - zx) * w[o]), lo, hi) (the
   exporter folds zx into b and passes 0); with the DSP extension four outputs at a time */
static void q8_dense(const int8_t *x, int8_t *y, const int8_t *w, const int32_t *b,
                     const int32_t *m, const int8_t *s, int in, int out, int32_t zx, int32_t zy,
                     int32_t lo, int32_t hi)
{
    int o;
#if BYOM_DSP
    const int blocks = zx == 0 ? out / 4 * 4 : 0; /* the outputs of the 4-output blocks */
    for (o = 0; o < blocks; o += 4) {
        int32_t acc[4];
        memcpy(acc, b + o, sizeof acc);
        q8_dot4_z(x, w + o * in, in, in, acc);
        q8_store4(y + o, acc, m + o, s + o, zy, lo, hi);
    }
#else
    const int blocks = 0;
#endif
    for (o = blocks; o < out; ++o) {
        int32_t acc = q8_dot(x, w + o * in, in, b[o]);
        int i;
        for (i = 0; zx != 0 && i < in; ++i) acc -= zx * (int32_t)w[o * in + i];
        y[o] = q8_clamp(zy + q8_requantize(acc, m[o], s[o]), lo, hi);
    }
}
)"},
        {"conv1d", true, true, CInt8ConvKernels::conv1d()},
        {"depthwise_conv1d", true, false, CInt8ConvKernels::depthwiseConv1d()},
        {"add", true, false,
         R"(/* TFLite's int8 ADD: each input's (v - z) * 2^20 rescaled, the sum rescaled to y's */
static void q8_add(const int8_t *a, const int8_t *b, int8_t *y, const int32_t *m,
                   const int8_t *s, int n, int32_t za, int32_t zb, int32_t zy, int32_t lo,
                   int32_t hi)
{
    int i;
    for (i = 0; i < n; ++i) {
        const int32_t sa = q8_requantize(((int32_t)a[i] - za) * (1 << 20), m[0], s[0]);
        const int32_t sb = q8_requantize(((int32_t)b[i] - zb) * (1 << 20), m[1], s[1]);
        y[i] = q8_clamp(zy + q8_requantize(sa + sb, m[2], s[2]), lo, hi);
    }
}
)"},
        {"channel_scale", true, false,
         R"(/* TFLite's int8 MUL of x (len, c) by g (c); with the DSP extension and a right shift
   (-23 <= s <= -1), four channels at a time: their 2 (g - zg) widened to 16-bit pairs once,
   2 (x - zx) (g - zg) (|.| < 2^17) by SMULBB/SMULTT (SMLABB/SMLATT of 0), requantised as q8_prep works out */
static void q8_channel_scale(const int8_t *x, const int8_t *g, int8_t *y, const int32_t *m,
                             const int8_t *s, int len, int c, int32_t zx, int32_t zg,
                             int32_t zy, int32_t lo, int32_t hi)
{
    const int32_t m0 = m[0];
    const int s0 = s[0];
    int p, q, i = 0;
#if BYOM_DSP
    if (s0 <= -1 && s0 >= -23) {
        const int e = -s0, full = lo == -128 && hi == 127;
#define Q8_SCALE_OUT(r, product)                                                           \
    do {                                                                                   \
        const int32_t v = product, t = (q8_smmlar(v, m0, a) + (v >> 31)) >> e;             \
        yp[r] = full ? (int8_t)__ssat(t, 8) : (int8_t)(t < lo ? lo : t > hi ? hi : t);     \
    } while (0)
        const int32_t a = (1 << (e - 1)) + zy * (1 << e);
        const int16x2_t offset = q8_offset(zx);
        for (; i + 4 <= c; i += 4) {
            uint32_t gv;
            int16x2_t ge, go;
            memcpy(&gv, g + i, 4);
            ge = __sxtab16(q8_offset(zg), (int8x4_t)gv);
            go = q8_odd_add(q8_offset(zg), gv);
            ge = __sadd16(ge, ge);
            go = __sadd16(go, go);
            for (p = 0; p < len; ++p) {
                const int8_t *const xp = x + p * c + i;
                int8_t *const yp = y + p * c + i;
                uint32_t xv;
                int16x2_t xe, xo;
                memcpy(&xv, xp, 4);
                xe = __sxtab16(offset, (int8x4_t)xv);
                xo = q8_odd_add(offset, xv);
                Q8_SCALE_OUT(0, __smlabb(xe, ge, 0));
                Q8_SCALE_OUT(1, __smlabb(xo, go, 0));
                Q8_SCALE_OUT(2, __smlatt(xe, ge, 0));
                Q8_SCALE_OUT(3, __smlatt(xo, go, 0));
            }
        }
    }
#undef Q8_SCALE_OUT
#endif
    for (p = 0; p < len; ++p, x += c, y += c)
        for (q = i; q < c; ++q) {
            const int32_t v = ((int32_t)x[q] - zx) * ((int32_t)g[q] - zg);
            y[q] = q8_clamp(zy + q8_requantize(v, m0, s0), lo, hi);
        }
}
)"},
        {"lut", false, false,
         R"(/* An element-wise activation: y = table[x + 128]; four inputs a word */
static void q8_lut(const int8_t *x, int8_t *y, const int8_t *table, int n)
{
    const int8_t *const t = table + 128;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        uint32_t v;
        memcpy(&v, x + i, 4);
        y[i] = t[(int8_t)(v & 0xFFu)];
        y[i + 1] = t[(int8_t)((v >> 8) & 0xFFu)];
        y[i + 2] = t[(int8_t)((v >> 16) & 0xFFu)];
        y[i + 3] = t[(int8_t)(v >> 24)];
    }
    for (; i < n; ++i) y[i] = t[x[i]];
}
)"},
        {"softmax", false, false,
         R"(/* Per group: e = table[max - x] (exp in Q20), y = round(e * 256 / sum e) - 128 */
static void q8_softmax(const int8_t *x, int8_t *y, const int32_t *table, int n, int group)
{
    int s, i;
    for (s = 0; s < n; s += group) {
        int32_t m = -128;
        int64_t sum = 0;
        for (i = 0; i < group; ++i) if (x[s + i] > m) m = x[s + i];
        for (i = 0; i < group; ++i) sum += table[m - x[s + i]];
        for (i = 0; i < group; ++i) {
            const int64_t e = table[m - x[s + i]];
            int64_t r = sum > 0 ? (e * 512 + sum) / (2 * sum) : 0;
            if (r > 255) r = 255;
            y[s + i] = q8_clamp((int32_t)r - 128, -128, 127);
        }
    }
}
)"},
        {"max_pool1d", false, false,
         R"(static void q8_max_pool1d(const int8_t *x, int8_t *y, int len, int c, int k, int stride,
                          int pad, int lout)
{
    int o, i, p;
    for (o = 0; o < lout; ++o) {
        const int first = o * stride - pad > 0 ? o * stride - pad : 0;
        const int last = o * stride - pad + k - 1 < len - 1 ? o * stride - pad + k - 1 : len - 1;
        for (i = 0; i < c; ++i) {
            int8_t v = -128;
            for (p = first; p <= last; ++p) if (x[p * c + i] > v) v = x[p * c + i];
            y[o * c + i] = v;
        }
    }
}
)"},
        {"avg_pool1d", false, false,
         R"(/* The mean of the window's positions inside the input, rounded half away from zero */
static void q8_avg_pool1d(const int8_t *x, int8_t *y, int len, int c, int k, int stride,
                          int pad, int lout)
{
    int o, i, p;
    for (o = 0; o < lout; ++o) {
        const int first = o * stride - pad > 0 ? o * stride - pad : 0;
        const int last = o * stride - pad + k - 1 < len - 1 ? o * stride - pad + k - 1 : len - 1;
        const int32_t count = last - first + 1 > 1 ? last - first + 1 : 1;
        for (i = 0; i < c; ++i) {
            int32_t sum = 0;
            for (p = first; p <= last; ++p) sum += x[p * c + i];
            y[o * c + i] = q8_average(sum, count);
        }
    }
}
)"},
        {"global_avg_pool1d", false, false,
         R"(/* With the DSP extension four channels a word: SXTAB16 adds its bytes 0 and 2, and 1 and 3,
   to two pairs of 16-bit sums, which hold 255 positions (255 * 128 < 2^15) */
static void q8_global_avg_pool1d(const int8_t *x, int8_t *y, int len, int c)
{
    int i = 0, p;
#if BYOM_DSP
    for (; i + 4 <= c; i += 4) {
        int32_t sum[4] = {0, 0, 0, 0};
        const int8_t *xp = x + i;
        int r;
        for (p = 0; p < len;) {
            const int end = len - p < 255 ? len : p + 255;
            int16x2_t s02 = 0, s13 = 0;
            for (; p < end; ++p, xp += c) {
                uint32_t v;
                memcpy(&v, xp, 4);
                s02 = __sxtab16(s02, (int8x4_t)v);
                s13 = q8_odd_add(s13, v);
            }
            sum[0] += (int16_t)(s02 & 0xFFFF);
            sum[1] += (int16_t)(s13 & 0xFFFF);
            sum[2] += s02 >> 16;
            sum[3] += s13 >> 16;
        }
        for (r = 0; r < 4; ++r) y[i + r] = q8_average(sum[r], len);
    }
#endif
    for (; i < c; ++i) {
        int32_t sum = 0;
        for (p = 0; p < len; ++p) sum += x[p * c + i];
        y[i] = q8_average(sum, len);
    }
}
)"},
        {"global_max_pool1d", false, false,
         R"(static void q8_global_max_pool1d(const int8_t *x, int8_t *y, int len, int c)
{
    int i, p;
    for (i = 0; i < c; ++i) {
        int8_t v = -128;
        for (p = 0; p < len; ++p) if (x[p * c + i] > v) v = x[p * c + i];
        y[i] = v;
    }
}
)"},
        {"upsampling1d", false, false,
         R"(static void q8_upsampling1d(const int8_t *x, int8_t *y, int len, int c, int size)
{
    int p, r, i;
    for (p = 0; p < len; ++p)
        for (r = 0; r < size; ++r)
            for (i = 0; i < c; ++i) y[(p * size + r) * c + i] = x[p * c + i];
}
)"},
    };
    return table;
}

// The convolutions' taps inside the input, so that their loops hold no test.
constexpr const char* kTaps =
    R"(/* The taps j0 <= j < j1 of a window starting at input position `first` (k taps, `dil`
   apart) that fall inside the input's len positions: the others read the zero point. */
static void q8_taps(int first, int k, int dil, int len, int *j0, int *j1)
{
    *j0 = first < 0 ? (-first + dil - 1) / dil : 0;
    *j1 = first >= len ? 0 : first + (k - 1) * dil < len ? k : (len - 1 - first) / dil + 1;
}
)";

constexpr const char* kAverage =
    R"(/* The mean of count values summing to sum, rounded half away from zero, clamped */
static int8_t q8_average(int32_t sum, int32_t count)
{
    return q8_clamp(sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count, -128, 127);
}
)";

}  // namespace

std::string CInt8Kernels::includes() {
    return kIncludes;
}

std::string CInt8Kernels::source(const std::vector<std::string>& used) {
    const auto uses = [&used](const std::string& k) {
        return std::find(used.begin(), used.end(), k) != used.end();
    };
    for (const std::string& k : used)
        if (k != "float" && std::none_of(kernels().begin(), kernels().end(),
                                         [&k](const Kernel& kernel) { return k == kernel.name; }))
            throw Error("c: no int8 kernel \"" + k + "\"");
    bool requantizes = false, dot = false, clamp = false;
    for (const Kernel& k : kernels())
        if (uses(k.name)) {
            requantizes = requantizes || k.requantizes;
            dot = dot || k.dot;
            clamp = clamp || k.requantizes || std::string(k.name) == "softmax" ||
                    std::string(k.name).find("avg_pool") != std::string::npos;
        }
    std::string out;
    if (clamp) out += std::string(kClamp) + "\n";
    if (requantizes) out += std::string(kRequantize) + "\n";
    const bool dspRequantize = dot || uses("depthwise_conv1d") || uses("channel_scale");
    if (dspRequantize || uses("global_avg_pool1d")) out += std::string(kDsp) + "\n";
    if (dspRequantize) out += std::string(kDspRequantize) + "\n";
    if (dot) out += std::string(kDot) + "\n";
    if (uses("conv1d") || uses("depthwise_conv1d")) out += std::string(kTaps) + "\n";
    if (uses("avg_pool1d") || uses("global_avg_pool1d")) out += std::string(kAverage) + "\n";
    for (const Kernel& k : kernels())
        if (uses(k.name)) out += k.source + "\n";
    return out;
}

}  // namespace byom
