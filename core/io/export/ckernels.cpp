#include "core/io/export/ckernels.h"

#include <algorithm>
#include <set>

#include "core/util/error.h"

namespace byom {

namespace {

// The activations as the engine computes them (core/layers/activation.cpp), in float. The
// library holds the cases of the activations it uses only, so a kernel gcc keeps generic
// (not inlined with a constant activation) links only the libm functions the model needs.
constexpr const char* kActEnum = R"(enum {
    ACT_LINEAR, ACT_RELU, ACT_RELU6, ACT_LEAKY_RELU, ACT_ELU, ACT_SELU, ACT_GELU, ACT_SWISH,
    ACT_HARD_SWISH, ACT_SIGMOID, ACT_HARD_SIGMOID, ACT_TANH, ACT_SOFTMAX
};
)";

struct ActCase {
    Act act;
    const char* label;  // the enum's name
    const char* value;  // statements setting x[i] from v (the value before)
};

constexpr ActCase kActCases[] = {
    {Act::Relu, "ACT_RELU", "x[i] = v > 0.0f ? v : 0.0f;"},
    {Act::Relu6, "ACT_RELU6", "x[i] = v > 0.0f ? (v < 6.0f ? v : 6.0f) : 0.0f;"},
    {Act::LeakyRelu, "ACT_LEAKY_RELU", "x[i] = v > 0.0f ? v : alpha * v;"},
    {Act::Elu, "ACT_ELU", "x[i] = v > 0.0f ? v : alpha * (expf(v) - 1.0f);"},
    {Act::Selu, "ACT_SELU",
     "x[i] = 1.0507009873554805f * (v > 0.0f ? v : 1.6732632423543772f * (expf(v) - 1.0f));"},
    {Act::Gelu, "ACT_GELU", "x[i] = 0.5f * v * (1.0f + erff(v * 0.70710678118654752f));"},
    {Act::Swish, "ACT_SWISH", "x[i] = v / (1.0f + expf(-v));"},
    {Act::HardSwish, "ACT_HARD_SWISH",
     "const float r = v + 3.0f;\n"
     "            x[i] = v * (r > 0.0f ? (r < 6.0f ? r : 6.0f) : 0.0f) / 6.0f;"},
    {Act::Sigmoid, "ACT_SIGMOID", "x[i] = 1.0f / (1.0f + expf(-v));"},
    {Act::HardSigmoid, "ACT_HARD_SIGMOID",
     "const float r = (v + 3.0f) / 6.0f;\n"
     "            x[i] = r > 0.0f ? (r < 1.0f ? r : 1.0f) : 0.0f;"},
    {Act::Tanh, "ACT_TANH", "x[i] = tanhf(v);"},
};

/// activate(): one loop per activation the library uses (the switch outside the loop, so a
/// host's compiler vectorises the simple ones); softmax runs over each group of `group`
/// consecutive values (the last axis).
std::string activationSource(const std::set<Act>& used) {
    std::string cases;
    for (const ActCase& c : kActCases)
        if (used.count(c.act))
            cases += std::string("    case ") + c.label +
                     ":\n        for (i = 0; i < n; ++i) {\n            const float v = x[i];\n"
                     "            " +
                     c.value + "\n        }\n        return;\n";
    const bool softmax = used.count(Act::Softmax) > 0;
    if (softmax)
        cases += R"(    case ACT_SOFTMAX:
        for (i = 0; i < n; i += group) {
            float *v = x + i, m = v[0], s = 0.0f;
            for (k = 1; k < group; ++k) if (v[k] > m) m = v[k];
            for (k = 0; k < group; ++k) { v[k] = expf(v[k] - m); s += v[k]; }
            for (k = 0; k < group; ++k) v[k] /= s;
        }
        return;
)";
    std::string s = kActEnum;
    s += "\n/* Softmax runs over each group of `group` consecutive values (the last axis). */\n"
         "static void activate(float *x, int n, int act, float alpha, int group)\n{\n";
    if (cases.empty())  // linear only
        return s +
               "    (void)x;\n    (void)n;\n    (void)act;\n    (void)alpha;\n"
               "    (void)group;\n}\n";
    s += softmax ? "    int i, k;\n" : "    int i;\n    (void)group;\n";
    s += "    (void)alpha;\n    switch (act) {\n" + cases + "    default: return;\n    }\n}\n";
    return s;
}

// Whether the compiler has float SIMD to vectorise the products across their outputs (one
// output a lane, each lane's sum in input order): a host, or a Cortex-M with Helium. A
// Cortex-M4 has none; there the kernels keep eight (then four) outputs' sums in registers.
constexpr const char* kSimd = R"(#ifndef BYOM_SIMD
#if defined(__ARM_ARCH) && !defined(__ARM_NEON) && !defined(__ARM_FEATURE_MVE)
#define BYOM_SIMD 0
#else
#define BYOM_SIMD 1
#endif
#endif

/* GCC's (and Clang's) vector types, for sums held in SIMD registers across a kernel's loops. */
#if BYOM_SIMD && defined(__GNUC__)
#define BYOM_VEC 1
typedef float vec16 __attribute__((vector_size(64)));
typedef float vec8 __attribute__((vector_size(32)));
#else
#define BYOM_VEC 0
#endif

/* A register block's sums into y, each plus its bias when there is one (b not null). */
static void store4(float *y, const float *b, float s0, float s1, float s2, float s3)
{
    y[0] = b ? s0 + b[0] : s0;
    y[1] = b ? s1 + b[1] : s1;
    y[2] = b ? s2 + b[2] : s2;
    y[3] = b ? s3 + b[3] : s3;
}
)";

// Dense's and conv1d's blocks of eight (Cortex-M4).
constexpr const char* kStore8 = R"(#if !BYOM_SIMD
static void store8(float *y, const float *b, float s0, float s1, float s2, float s3, float s4,
                   float s5, float s6, float s7)
{
    store4(y, b, s0, s1, s2, s3);
    store4(y + 4, b ? b + 4 : 0, s4, s5, s6, s7);
}
#endif
)";

// The convolutions' taps inside the input, so that their loops hold no test.
constexpr const char* kTaps =
    R"(/* The taps j0 <= j < j1 of a window starting at input position `first` (k taps, `dil`
   apart) that fall inside the input's len positions: the others read zero padding. */
static void taps(int first, int k, int dil, int len, int *j0, int *j1)
{
    *j0 = first < 0 ? (-first + dil - 1) / dil : 0;
    *j1 = first >= len ? 0 : first + (k - 1) * dil < len ? k : (len - 1 - first) / dil + 1;
}
)";

struct Kernel {
    const char* name;
    bool activation;
    const char* source;
};

constexpr Kernel kKernels[] = {
    {"affine", false, R"(/* y = x * a[c] + b[c] per channel c of the last axis */
static void affine(const float *x, float *y, const float *a, const float *b, int n, int c)
{
    int p, i;
    for (p = 0; p < n; ++p)
        for (i = 0; i < c; ++i) y[p * c + i] = x[p * c + i] * a[i] + b[i];
}
)"},
    {"dense", true,
     R"(/* y = act(W x + b), W [n_in][n_out] (outputs fastest). Each output's sum adds its
   inputs in input order, then the bias, on every path. */
static void dense(const float *restrict x, float *restrict y, const float *restrict w,
                  const float *restrict b, int n_in, int n_out, int act, float alpha)
{
    int o = 0, i;
#if BYOM_SIMD
    /* The whole row of sums at once, in y: the compiler vectorises the loop over the
       outputs (one output a SIMD lane). */
    if (n_out >= 8) {
        for (o = 0; o < n_out; ++o) y[o] = 0.0f;
        for (i = 0; i < n_in; ++i) {
            const float xi = x[i], *wi = w + i * n_out;
            for (o = 0; o < n_out; ++o) y[o] += wi[o] * xi;
        }
        if (b)
            for (o = 0; o < n_out; ++o) y[o] += b[o];
        activate(y, n_out, act, alpha, n_out);
        return;
    }
#endif
#if !BYOM_SIMD
    /* Eight outputs at a time in registers (a Cortex-M4 has no float SIMD): eight
       independent sums, each input read once for the eight. */
    for (; o + 8 <= n_out; o += 8) {
        float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f, s4 = 0.0f, s5 = 0.0f, s6 = 0.0f,
              s7 = 0.0f;
        for (i = 0; i < n_in; ++i) {
            const float xi = x[i], *wi = w + i * n_out + o;
            s0 += wi[0] * xi;
            s1 += wi[1] * xi;
            s2 += wi[2] * xi;
            s3 += wi[3] * xi;
            s4 += wi[4] * xi;
            s5 += wi[5] * xi;
            s6 += wi[6] * xi;
            s7 += wi[7] * xi;
        }
        store8(y + o, b ? b + o : 0, s0, s1, s2, s3, s4, s5, s6, s7);
    }
#endif
    /* Four at a time (two inputs a step, each sum still adding them in order), then one. */
    for (; o + 4 <= n_out; o += 4) {
        float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
        const float *wi = w + o;
        for (i = 0; i + 2 <= n_in; i += 2, wi += 2 * n_out) {
            const float x0 = x[i], x1 = x[i + 1], *wn = wi + n_out;
            s0 += wi[0] * x0;
            s1 += wi[1] * x0;
            s2 += wi[2] * x0;
            s3 += wi[3] * x0;
            s0 += wn[0] * x1;
            s1 += wn[1] * x1;
            s2 += wn[2] * x1;
            s3 += wn[3] * x1;
        }
        if (i < n_in) {
            s0 += wi[0] * x[i];
            s1 += wi[1] * x[i];
            s2 += wi[2] * x[i];
            s3 += wi[3] * x[i];
        }
        store4(y + o, b ? b + o : 0, s0, s1, s2, s3);
    }
    for (; o < n_out; ++o) {
        float s = 0.0f;
        for (i = 0; i < n_in; ++i) s += w[i * n_out + o] * x[i];
        y[o] = b ? s + b[o] : s;
    }
    activate(y, n_out, act, alpha, n_out);
}
)"},
    {"conv1d", true,
     R"(/* 1-D convolution of x (len, c) into y (lout, f), W [k][c][f] (filters fastest), zero
   padding. Each output's sum adds its taps in order (kernel position, then channel), then the
   bias, on every path. */
static void conv1d(const float *restrict x, float *restrict y, const float *restrict w,
                   const float *restrict b, int len, int c, int f, int k, int stride, int dil,
                   int pad, int lout, int act, float alpha)
{
    const int cf = c * f;
    int o, fi, j, j0, j1, ci;
#if BYOM_VEC
    /* Blocks of 16, then 8, filters whose sums stay in vector registers (one filter a lane),
       for four output positions at a time where the four read the same taps (each weight
       vector loaded once for the four), else for one. The filters left sum a row in y. */
    if (f >= 8) {
        int np, p, f0, t0, t1;
        for (o = 0; o < lout; o += np) {
            const int first = o * stride - pad, xs = stride * c;
            taps(first, k, dil, len, &j0, &j1);
            np = 1;
            if (o + 4 <= lout) {
                taps(first + 3 * stride, k, dil, len, &t0, &t1);
                if (t0 == j0 && t1 == j1) np = 4;
            }
            f0 = 0;
            if (np == 4) {
                for (; f0 + 16 <= f; f0 += 16) {
                    vec16 s0 = {0.0f}, s1 = {0.0f}, s2 = {0.0f}, s3 = {0.0f}, v;
                    float *yo = y + o * f + f0;
                    for (j = j0; j < j1; ++j) {
                        const float *xp = x + (first + j * dil) * c, *wc = w + j * cf + f0;
                        for (ci = 0; ci < c; ++ci, wc += f) {
                            __builtin_memcpy(&v, wc, sizeof v);
                            s0 += v * xp[ci];
                            s1 += v * xp[xs + ci];
                            s2 += v * xp[2 * xs + ci];
                            s3 += v * xp[3 * xs + ci];
                        }
                    }
                    if (b) {
                        __builtin_memcpy(&v, b + f0, sizeof v);
                        s0 += v;
                        s1 += v;
                        s2 += v;
                        s3 += v;
                    }
                    __builtin_memcpy(yo, &s0, sizeof s0);
                    __builtin_memcpy(yo + f, &s1, sizeof s1);
                    __builtin_memcpy(yo + 2 * f, &s2, sizeof s2);
                    __builtin_memcpy(yo + 3 * f, &s3, sizeof s3);
                }
                for (; f0 + 8 <= f; f0 += 8) {
                    vec8 s0 = {0.0f}, s1 = {0.0f}, s2 = {0.0f}, s3 = {0.0f}, v;
                    float *yo = y + o * f + f0;
                    for (j = j0; j < j1; ++j) {
                        const float *xp = x + (first + j * dil) * c, *wc = w + j * cf + f0;
                        for (ci = 0; ci < c; ++ci, wc += f) {
                            __builtin_memcpy(&v, wc, sizeof v);
                            s0 += v * xp[ci];
                            s1 += v * xp[xs + ci];
                            s2 += v * xp[2 * xs + ci];
                            s3 += v * xp[3 * xs + ci];
                        }
                    }
                    if (b) {
                        __builtin_memcpy(&v, b + f0, sizeof v);
                        s0 += v;
                        s1 += v;
                        s2 += v;
                        s3 += v;
                    }
                    __builtin_memcpy(yo, &s0, sizeof s0);
                    __builtin_memcpy(yo + f, &s1, sizeof s1);
                    __builtin_memcpy(yo + 2 * f, &s2, sizeof s2);
                    __builtin_memcpy(yo + 3 * f, &s3, sizeof s3);
                }
            } else {
                for (; f0 + 16 <= f; f0 += 16) {
                    vec16 s = {0.0f}, v;
                    for (j = j0; j < j1; ++j) {
                        const float *xp = x + (first + j * dil) * c, *wc = w + j * cf + f0;
                        for (ci = 0; ci < c; ++ci, wc += f) {
                            __builtin_memcpy(&v, wc, sizeof v);
                            s += v * xp[ci];
                        }
                    }
                    if (b) {
                        __builtin_memcpy(&v, b + f0, sizeof v);
                        s += v;
                    }
                    __builtin_memcpy(y + o * f + f0, &s, sizeof s);
                }
                for (; f0 + 8 <= f; f0 += 8) {
                    vec8 s = {0.0f}, v;
                    for (j = j0; j < j1; ++j) {
                        const float *xp = x + (first + j * dil) * c, *wc = w + j * cf + f0;
                        for (ci = 0; ci < c; ++ci, wc += f) {
                            __builtin_memcpy(&v, wc, sizeof v);
                            s += v * xp[ci];
                        }
                    }
                    if (b) {
                        __builtin_memcpy(&v, b + f0, sizeof v);
                        s += v;
                    }
                    __builtin_memcpy(y + o * f + f0, &s, sizeof s);
                }
            }
            for (p = 0; p < np && f0 < f; ++p) {
                float *yo = y + (o + p) * f;
                for (fi = f0; fi < f; ++fi) yo[fi] = 0.0f;
                for (j = j0; j < j1; ++j) {
                    const float *xp = x + (first + p * stride + j * dil) * c, *wc = w + j * cf;
                    for (ci = 0; ci < c; ++ci, wc += f) {
                        const float xv = xp[ci];
                        for (fi = f0; fi < f; ++fi) yo[fi] += wc[fi] * xv;
                    }
                }
                if (b)
                    for (fi = f0; fi < f; ++fi) yo[fi] += b[fi];
            }
        }
        activate(y, lout * f, act, alpha, f);
        return;
    }
#endif
    for (o = 0; o < lout; ++o) {
        float *yo = y + o * f;
        const int first = o * stride - pad;
        taps(first, k, dil, len, &j0, &j1);
        fi = 0;
#if BYOM_SIMD
        /* The position's row of sums at once, in y, vectorised over the filters. */
        if (f >= 8) {
            for (fi = 0; fi < f; ++fi) yo[fi] = 0.0f;
            for (j = j0; j < j1; ++j) {
                const float *xp = x + (first + j * dil) * c, *wc = w + j * cf;
                for (ci = 0; ci < c; ++ci, wc += f) {
                    const float xv = xp[ci];
                    for (fi = 0; fi < f; ++fi) yo[fi] += wc[fi] * xv;
                }
            }
            if (b)
                for (fi = 0; fi < f; ++fi) yo[fi] += b[fi];
            continue;
        }
#else
        /* Eight filters at a time in registers, as in dense. */
        for (; fi + 8 <= f; fi += 8) {
            float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f, s4 = 0.0f, s5 = 0.0f, s6 = 0.0f,
                  s7 = 0.0f;
            for (j = j0; j < j1; ++j) {
                const float *xp = x + (first + j * dil) * c, *wc = w + j * cf + fi;
                for (ci = 0; ci < c; ++ci, wc += f) {
                    const float xv = xp[ci];
                    s0 += wc[0] * xv;
                    s1 += wc[1] * xv;
                    s2 += wc[2] * xv;
                    s3 += wc[3] * xv;
                    s4 += wc[4] * xv;
                    s5 += wc[5] * xv;
                    s6 += wc[6] * xv;
                    s7 += wc[7] * xv;
                }
            }
            store8(yo + fi, b ? b + fi : 0, s0, s1, s2, s3, s4, s5, s6, s7);
        }
#endif
        /* Four filters at a time in registers, then one. */
        for (; fi + 4 <= f; fi += 4) {
            float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
            for (j = j0; j < j1; ++j) {
                const float *xp = x + (first + j * dil) * c, *wc = w + j * cf + fi;
                for (ci = 0; ci < c; ++ci, wc += f) {
                    const float xv = xp[ci];
                    s0 += wc[0] * xv;
                    s1 += wc[1] * xv;
                    s2 += wc[2] * xv;
                    s3 += wc[3] * xv;
                }
            }
            store4(yo + fi, b ? b + fi : 0, s0, s1, s2, s3);
        }
        for (; fi < f; ++fi) {
            float s = 0.0f;
            for (j = j0; j < j1; ++j) {
                const float *xp = x + (first + j * dil) * c, *wc = w + j * cf + fi;
                for (ci = 0; ci < c; ++ci, wc += f) s += *wc * xp[ci];
            }
            yo[fi] = b ? s + b[fi] : s;
        }
    }
    activate(y, lout * f, act, alpha, f);
}
)"},
    {"conv1d_few", true,
     R"(/* conv1d with fewer filters than a SIMD row, stride 1 (the lowering picks it when
   c * (16 + (k - 1) * dil) <= 2048). On a host, each block of 16 output positions whose taps
   all lie inside the input is copied channel-major into a local window (a channel's positions
   contiguous), so that the loop over the block's positions vectorises, one position a SIMD
   lane; each output's sum still adds its taps in order (kernel position, then channel), then
   the bias. The edges, and a Cortex-M4, run conv1d. */
static void conv1d_few(const float *restrict x, float *restrict y, const float *restrict w,
                       const float *restrict b, int len, int c, int f, int k, int dil, int pad,
                       int lout, int act, float alpha)
{
#if BYOM_SIMD
    enum { BLOCK = 16 };
    float win[2048], acc[BLOCK];
    /* Two blocks at once (32 positions) where their window fits. */
    const int wide = BYOM_VEC && c * (2 * BLOCK + (k - 1) * dil) <= 2048;
    const int bs = wide ? 2 * BLOCK : BLOCK, span = bs + (k - 1) * dil;
    /* Outputs lo <= o < hi read no padding: o - pad >= 0 and o - pad + (k - 1) * dil < len. */
    const int lo = pad, hi = len + pad - (k - 1) * dil < lout ? len + pad - (k - 1) * dil : lout;
    int o, start, p, ci, fi, j, q, h;
    if (hi - lo < bs) {
        conv1d(x, y, w, b, len, c, f, k, 1, dil, pad, lout, act, alpha);
        return;
    }
    conv1d(x, y, w, b, len, c, f, k, 1, dil, pad, lo, ACT_LINEAR, 0.0f);
    for (o = lo; o < hi; o += bs) {
        /* The last block ends at hi, overlapping the one before it. */
        const float *xs;
        start = o + bs <= hi ? o : hi - bs;
        xs = x + (start - pad) * c;
        for (p = 0; p < span; ++p)
            for (ci = 0; ci < c; ++ci) win[ci * span + p] = xs[p * c + ci];
        fi = 0;
#if BYOM_VEC
        /* Four filters at a time, the sums of their 32 positions in vector registers. */
        if (wide)
            for (; fi + 4 <= f; fi += 4) {
                vec16 s0 = {0.0f}, s1 = {0.0f}, s2 = {0.0f}, s3 = {0.0f}, t0 = {0.0f},
                      t1 = {0.0f}, t2 = {0.0f}, t3 = {0.0f}, u, v;
                for (j = 0; j < k; ++j)
                    for (ci = 0; ci < c; ++ci) {
                        const float *wv = w + (j * c + ci) * f + fi,
                                    *xr = win + ci * span + j * dil;
                        __builtin_memcpy(&u, xr, sizeof u);
                        __builtin_memcpy(&v, xr + BLOCK, sizeof v);
                        s0 += u * wv[0];
                        s1 += u * wv[1];
                        s2 += u * wv[2];
                        s3 += u * wv[3];
                        t0 += v * wv[0];
                        t1 += v * wv[1];
                        t2 += v * wv[2];
                        t3 += v * wv[3];
                    }
                for (q = 0; q < BLOCK; ++q) {
                    float *yq = y + (start + q) * f + fi, *yr = yq + BLOCK * f;
                    yq[0] = b ? s0[q] + b[fi] : s0[q];
                    yq[1] = b ? s1[q] + b[fi + 1] : s1[q];
                    yq[2] = b ? s2[q] + b[fi + 2] : s2[q];
                    yq[3] = b ? s3[q] + b[fi + 3] : s3[q];
                    yr[0] = b ? t0[q] + b[fi] : t0[q];
                    yr[1] = b ? t1[q] + b[fi + 1] : t1[q];
                    yr[2] = b ? t2[q] + b[fi + 2] : t2[q];
                    yr[3] = b ? t3[q] + b[fi + 3] : t3[q];
                }
            }
#endif
        for (; fi < f; ++fi)
            for (h = 0; h < bs; h += BLOCK) {
                for (q = 0; q < BLOCK; ++q) acc[q] = 0.0f;
                for (j = 0; j < k; ++j)
                    for (ci = 0; ci < c; ++ci) {
                        const float wv = w[(j * c + ci) * f + fi],
                                    *xr = win + ci * span + j * dil + h;
                        for (q = 0; q < BLOCK; ++q) acc[q] += wv * xr[q];
                    }
                for (q = 0; q < BLOCK; ++q)
                    y[(start + h + q) * f + fi] = b ? acc[q] + b[fi] : acc[q];
            }
    }
    conv1d(x, y + hi * f, w, b, len, c, f, k, 1, dil, pad - hi, lout - hi, ACT_LINEAR, 0.0f);
    activate(y, lout * f, act, alpha, f);
#else
    conv1d(x, y, w, b, len, c, f, k, 1, dil, pad, lout, act, alpha);
#endif
}
)"},
    {"depthwise_conv1d", true,
     R"(/* Depthwise 1-D convolution: channel ci gives outputs ci * m .. ci * m + m - 1; W [k][c * m].
   Each output starts from its bias and adds its taps in kernel order, on every path. */
static void depthwise_conv1d(const float *restrict x, float *restrict y, const float *restrict w,
                             const float *restrict b, int len, int c, int m, int k, int stride,
                             int dil, int pad, int lout, int act, float alpha)
{
    const int cm = c * m;
#if BYOM_SIMD
    const int blocked = 0;
#else
    /* One output a channel: four channels at a time in registers, the rest in y. */
    const int blocked = m == 1 ? c - c % 4 : 0;
#endif
    int o, q, j, j0, j1, ci, mi;
#if BYOM_SIMD
    /* One channel, stride 1: the positions whose taps all lie inside the input at once,
       vectorised over the positions; the edges as below. */
    if (cm == 1 && stride == 1) {
        const int lo = pad < 0 ? 0 : pad < lout ? pad : lout,
                  hi = len + pad - (k - 1) * dil < lout ? len + pad - (k - 1) * dil : lout;
        if (hi - lo >= 16) {
            depthwise_conv1d(x, y, w, b, len, 1, 1, k, 1, dil, pad, lo, ACT_LINEAR, 0.0f);
            for (o = lo; o < hi; ++o) y[o] = b ? b[0] : 0.0f;
            for (j = 0; j < k; ++j) {
                const float wj = w[j];
                for (o = lo; o < hi; ++o) y[o] += x[o - pad + j * dil] * wj;
            }
            depthwise_conv1d(x, y + hi, w, b, len, 1, 1, k, 1, dil, pad - hi, lout - hi,
                             ACT_LINEAR, 0.0f);
            activate(y, lout, act, alpha, 1);
            return;
        }
    }
#endif
#if BYOM_VEC
    /* One output a channel: blocks of 16, then 8, channels whose sums stay in vector
       registers, for four output positions at a time where the four read the same taps
       (each weight vector loaded once for the four), else for one. */
    if (m == 1 && c >= 8) {
        int t0, t1, p, np;
        for (o = 0; o < lout; o += np) {
            const int first = o * stride - pad, xs = stride * c;
            float *yo = y + o * c;
            taps(first, k, dil, len, &j0, &j1);
            np = 1;
            if (o + 4 <= lout) {
                taps(first + 3 * stride, k, dil, len, &t0, &t1);
                if (t0 == j0 && t1 == j1) np = 4;
            }
            for (q = 0; q + 16 <= c; q += 16) {
                vec16 s0 = {0.0f}, s1, s2, s3, v, u;
                if (b) __builtin_memcpy(&s0, b + q, sizeof s0);
                s1 = s2 = s3 = s0;
                for (j = j0; j < j1; ++j) {
                    const float *xp = x + (first + j * dil) * c + q;
                    __builtin_memcpy(&v, w + j * c + q, sizeof v);
                    __builtin_memcpy(&u, xp, sizeof u);
                    s0 += u * v;
                    if (np == 4) {
                        __builtin_memcpy(&u, xp + xs, sizeof u);
                        s1 += u * v;
                        __builtin_memcpy(&u, xp + 2 * xs, sizeof u);
                        s2 += u * v;
                        __builtin_memcpy(&u, xp + 3 * xs, sizeof u);
                        s3 += u * v;
                    }
                }
                __builtin_memcpy(yo + q, &s0, sizeof s0);
                if (np == 4) {
                    __builtin_memcpy(yo + c + q, &s1, sizeof s1);
                    __builtin_memcpy(yo + 2 * c + q, &s2, sizeof s2);
                    __builtin_memcpy(yo + 3 * c + q, &s3, sizeof s3);
                }
            }
            for (; q + 8 <= c; q += 8) {
                vec8 s0 = {0.0f}, s1, s2, s3, v, u;
                if (b) __builtin_memcpy(&s0, b + q, sizeof s0);
                s1 = s2 = s3 = s0;
                for (j = j0; j < j1; ++j) {
                    const float *xp = x + (first + j * dil) * c + q;
                    __builtin_memcpy(&v, w + j * c + q, sizeof v);
                    __builtin_memcpy(&u, xp, sizeof u);
                    s0 += u * v;
                    if (np == 4) {
                        __builtin_memcpy(&u, xp + xs, sizeof u);
                        s1 += u * v;
                        __builtin_memcpy(&u, xp + 2 * xs, sizeof u);
                        s2 += u * v;
                        __builtin_memcpy(&u, xp + 3 * xs, sizeof u);
                        s3 += u * v;
                    }
                }
                __builtin_memcpy(yo + q, &s0, sizeof s0);
                if (np == 4) {
                    __builtin_memcpy(yo + c + q, &s1, sizeof s1);
                    __builtin_memcpy(yo + 2 * c + q, &s2, sizeof s2);
                    __builtin_memcpy(yo + 3 * c + q, &s3, sizeof s3);
                }
            }
            /* The channels left, summed in y. */
            for (p = 0; p < np && q < c; ++p) {
                float *yp = yo + p * c;
                for (ci = q; ci < c; ++ci) yp[ci] = b ? b[ci] : 0.0f;
                for (j = j0; j < j1; ++j) {
                    const float *xp = x + (first + p * stride + j * dil) * c, *wj = w + j * c;
                    for (ci = q; ci < c; ++ci) yp[ci] += xp[ci] * wj[ci];
                }
            }
        }
        activate(y, lout * c, act, alpha, c);
        return;
    }
#endif
    for (o = 0; o < lout; ++o) {
        float *yo = y + o * cm;
        const int first = o * stride - pad;
        taps(first, k, dil, len, &j0, &j1);
        for (q = 0; q < blocked; q += 4) {
            float s0 = b ? b[q] : 0.0f, s1 = b ? b[q + 1] : 0.0f, s2 = b ? b[q + 2] : 0.0f,
                  s3 = b ? b[q + 3] : 0.0f;
            for (j = j0; j < j1; ++j) {
                const float *xp = x + (first + j * dil) * c + q, *wj = w + j * cm + q;
                s0 += xp[0] * wj[0];
                s1 += xp[1] * wj[1];
                s2 += xp[2] * wj[2];
                s3 += xp[3] * wj[3];
            }
            store4(yo + q, 0, s0, s1, s2, s3);
        }
        /* The outputs left (all of them on a host, where the loops over the channels
           vectorise), summed in y; blocked is 0 unless m is 1. */
        for (ci = blocked; ci < cm; ++ci) yo[ci] = b ? b[ci] : 0.0f;
        for (j = j0; j < j1; ++j) {
            const float *xp = x + (first + j * dil) * c, *wj = w + j * cm;
            if (m == 1)
                for (ci = blocked; ci < c; ++ci) yo[ci] += xp[ci] * wj[ci];
            else
                for (ci = 0; ci < c; ++ci)
                    for (mi = 0; mi < m; ++mi) yo[ci * m + mi] += xp[ci] * wj[ci * m + mi];
        }
    }
    activate(y, lout * cm, act, alpha, cm);
}
)"},
    {"activation", true,
     R"(static void activation(const float *x, float *y, int n, int group, int act, float alpha)
{
    int i;
    for (i = 0; i < n; ++i) y[i] = x[i];
    activate(y, n, act, alpha, group);
}
)"},
    {"max_pool1d", false, R"(/* The largest value of each window's positions inside the input */
static void max_pool1d(const float *x, float *y, int len, int c, int k, int stride, int pad,
                       int lout)
{
    int o, i, pos;
    for (o = 0; o < lout; ++o) {
        int first = o * stride - pad, last = first + k - 1;
        if (first < 0) first = 0;
        if (last > len - 1) last = len - 1;
        for (i = 0; i < c; ++i) {
            float v = x[first * c + i];
            for (pos = first + 1; pos <= last; ++pos)
                if (x[pos * c + i] > v) v = x[pos * c + i];
            y[o * c + i] = v;
        }
    }
}
)"},
    {"avg_pool1d", false,
     R"(/* The mean of each window's positions inside the input (padding is not counted) */
static void avg_pool1d(const float *x, float *y, int len, int c, int k, int stride, int pad,
                       int lout)
{
    int o, i, pos;
    for (o = 0; o < lout; ++o) {
        int first = o * stride - pad, last = first + k - 1;
        float scale;
        if (first < 0) first = 0;
        if (last > len - 1) last = len - 1;
        scale = 1.0f / (float)(last - first + 1);
        for (i = 0; i < c; ++i) {
            float s = 0.0f;
            for (pos = first; pos <= last; ++pos) s += x[pos * c + i];
            y[o * c + i] = s * scale;
        }
    }
}
)"},
    {"global_avg_pool1d", false,
     R"(static void global_avg_pool1d(const float *x, float *y, int len, int c)
{
    int pos, i;
    for (i = 0; i < c; ++i) y[i] = 0.0f;
    for (pos = 0; pos < len; ++pos)
        for (i = 0; i < c; ++i) y[i] += x[pos * c + i];
    for (i = 0; i < c; ++i) y[i] *= 1.0f / (float)len;
}
)"},
    {"global_max_pool1d", false,
     R"(static void global_max_pool1d(const float *x, float *y, int len, int c)
{
    int pos, i;
    for (i = 0; i < c; ++i) y[i] = x[i];
    for (pos = 1; pos < len; ++pos)
        for (i = 0; i < c; ++i)
            if (x[pos * c + i] > y[i]) y[i] = x[pos * c + i];
}
)"},
    {"layer_norm", false,
     R"(/* Each position's c channels: (x - mean) / sqrt(var + eps) * gamma + beta */
static void layer_norm(const float *x, float *y, const float *gamma, const float *beta, int n,
                       int c, float eps)
{
    int p, i;
    for (p = 0; p < n; ++p) {
        const float *xp = x + p * c;
        float *yp = y + p * c, mean = 0.0f, var = 0.0f, inv;
        for (i = 0; i < c; ++i) mean += xp[i];
        mean /= (float)c;
        for (i = 0; i < c; ++i) var += (xp[i] - mean) * (xp[i] - mean);
        inv = 1.0f / sqrtf(var / (float)c + eps);
        for (i = 0; i < c; ++i) yp[i] = (xp[i] - mean) * inv * gamma[i] + beta[i];
    }
}
)"},
    {"upsampling1d", false,
     R"(static void upsampling1d(const float *x, float *y, int len, int c, int size)
{
    int pos, r, i;
    for (pos = 0; pos < len; ++pos)
        for (r = 0; r < size; ++r)
            for (i = 0; i < c; ++i) y[(pos * size + r) * c + i] = x[pos * c + i];
}
)"},
    {"add", true,
     R"(static void add(const float *a, const float *b, float *y, int n, int group, int act,
                float alpha)
{
    int i;
    for (i = 0; i < n; ++i) y[i] = a[i] + b[i];
    activate(y, n, act, alpha, group);
}
)"},
    {"concat", false, R"(/* y (len, ca + cb) = [a (len, ca), b (len, cb)] along the channels */
static void concat(const float *a, const float *b, float *y, int len, int ca, int cb)
{
    int pos, i;
    for (pos = 0; pos < len; ++pos) {
        for (i = 0; i < ca; ++i) y[pos * (ca + cb) + i] = a[pos * ca + i];
        for (i = 0; i < cb; ++i) y[pos * (ca + cb) + ca + i] = b[pos * cb + i];
    }
}
)"},
    {"channel_scale", false, R"(/* y (len, c) = x * g[c] */
static void channel_scale(const float *x, const float *g, float *y, int len, int c)
{
    int pos, i;
    for (pos = 0; pos < len; ++pos)
        for (i = 0; i < c; ++i) y[pos * c + i] = x[pos * c + i] * g[i];
}
)"},
};

const Kernel& find(const std::string& name) {
    for (const Kernel& k : kKernels)
        if (name == k.name) return k;
    throw Error("c: no kernel \"" + name + "\"");
}

}  // namespace

bool CKernels::fewFilters(Index channels, Index filters, Index kernel, Index dilation) {
    // conv1d_few's blocks of 16 positions and its window of 2048 floats.
    return filters < 8 && channels * (16 + (kernel - 1) * dilation) <= 2048;
}

bool CKernels::takesActivation(const std::string& kernel) {
    return find(kernel).activation;
}

std::string CKernels::source(std::vector<std::string> used, const std::set<Act>& activations) {
    // conv1d_few runs conv1d on the edges.
    if (std::find(used.begin(), used.end(), "conv1d_few") != used.end() &&
        std::find(used.begin(), used.end(), "conv1d") == used.end())
        used.push_back("conv1d");
    std::string out;
    const bool activation = std::any_of(used.begin(), used.end(),
                                        [](const std::string& k) { return takesActivation(k); });
    if (activation) out += activationSource(activations) + "\n";
    const auto uses = [&used](const char* k) {
        return std::find(used.begin(), used.end(), k) != used.end();
    };
    if (uses("dense") || uses("conv1d") || uses("depthwise_conv1d"))
        out += std::string(kSimd) + "\n";
    if (uses("dense") || uses("conv1d")) out += std::string(kStore8) + "\n";
    if (uses("conv1d") || uses("depthwise_conv1d")) out += std::string(kTaps) + "\n";
    for (const Kernel& k : kKernels)
        if (std::find(used.begin(), used.end(), k.name) != used.end())
            out += std::string(k.source) + "\n";
    return out;
}

}  // namespace byom
