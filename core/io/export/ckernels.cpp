#include "core/io/export/ckernels.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/io/export/cconvkernels.h"
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
    std::string source;
};

// The kernels in dependency order (conv1d_few calls conv1d); the convolutions' text is
// CConvKernels'.
const std::vector<Kernel>& kernels() {
    static const std::vector<Kernel> table = {
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
        {"conv1d", true, CConvKernels::conv1d()},
        {"conv1d_few", true, CConvKernels::conv1dFew()},
        {"depthwise_conv1d", true, CConvKernels::depthwiseConv1d()},
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
    return table;
}

const Kernel& find(const std::string& name) {
    for (const Kernel& k : kernels())
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
    for (const Kernel& k : kernels())
        if (std::find(used.begin(), used.end(), k.name) != used.end()) out += k.source + "\n";
    return out;
}

}  // namespace byom
