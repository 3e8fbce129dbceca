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
    const char* source;  // the switch's case
};

constexpr ActCase kActCases[] = {
    {Act::Relu, "    case ACT_RELU: return x > 0.0f ? x : 0.0f;\n"},
    {Act::Relu6, "    case ACT_RELU6: return x > 0.0f ? (x < 6.0f ? x : 6.0f) : 0.0f;\n"},
    {Act::LeakyRelu, "    case ACT_LEAKY_RELU: return x > 0.0f ? x : alpha * x;\n"},
    {Act::Elu, "    case ACT_ELU: return x > 0.0f ? x : alpha * (expf(x) - 1.0f);\n"},
    {Act::Selu,
     "    case ACT_SELU:\n"
     "        return 1.0507009873554805f * (x > 0.0f ? x : 1.6732632423543772f * (expf(x) - "
     "1.0f));\n"},
    {Act::Gelu, "    case ACT_GELU: return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f));\n"},
    {Act::Swish, "    case ACT_SWISH: return x / (1.0f + expf(-x));\n"},
    {Act::HardSwish,
     "    case ACT_HARD_SWISH:\n"
     "        r = x + 3.0f;\n"
     "        r = r > 0.0f ? (r < 6.0f ? r : 6.0f) : 0.0f;\n"
     "        return x * r / 6.0f;\n"},
    {Act::Sigmoid, "    case ACT_SIGMOID: return 1.0f / (1.0f + expf(-x));\n"},
    {Act::HardSigmoid,
     "    case ACT_HARD_SIGMOID:\n"
     "        r = (x + 3.0f) / 6.0f;\n"
     "        return r > 0.0f ? (r < 1.0f ? r : 1.0f) : 0.0f;\n"},
    {Act::Tanh, "    case ACT_TANH: return tanhf(x);\n"},
};

std::string activationSource(const std::set<Act>& used) {
    std::string s = kActEnum;
    s += "\nstatic float act_one(float x, int act, float alpha)\n{\n";
    const bool usesR = used.count(Act::HardSwish) || used.count(Act::HardSigmoid);
    s += usesR ? "    float r;\n" : "";
    s += "    (void)alpha;\n    switch (act) {\n";
    for (const ActCase& c : kActCases)
        if (used.count(c.act)) s += c.source;
    s += "    default: return x;\n    }\n}\n\n";
    s += "/* Softmax runs over each group of `group` consecutive values (the last axis). */\n"
         "static void activate(float *x, int n, int act, float alpha, int group)\n{\n";
    if (used.count(Act::Softmax)) {
        s += R"(    int i, k;
    if (act == ACT_LINEAR) return;
    if (act != ACT_SOFTMAX) {
        for (i = 0; i < n; ++i) x[i] = act_one(x[i], act, alpha);
        return;
    }
    for (i = 0; i < n; i += group) {
        float *v = x + i, m = v[0], s = 0.0f;
        for (k = 1; k < group; ++k) if (v[k] > m) m = v[k];
        for (k = 0; k < group; ++k) { v[k] = expf(v[k] - m); s += v[k]; }
        for (k = 0; k < group; ++k) v[k] /= s;
    }
}
)";
    } else {
        s += R"(    int i;
    (void)group;
    if (act == ACT_LINEAR) return;
    for (i = 0; i < n; ++i) x[i] = act_one(x[i], act, alpha);
}
)";
    }
    return s;
}

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
    {"dense", true, R"(/* y = act(W x + b), W [n_out][n_in] */
static void dense(const float *x, float *y, const float *w, const float *b, int n_in, int n_out,
                  int act, float alpha)
{
    int o = 0, i, r;
    /* Four outputs at a time: four independent sums (each still adds in input order), and
       each input read once for the four. */
    for (; o + 4 <= n_out; o += 4) {
        const float *w0 = w + o * n_in, *w1 = w0 + n_in, *w2 = w1 + n_in, *w3 = w2 + n_in;
        float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
        for (i = 0; i < n_in; ++i) {
            const float xi = x[i];
            s0 += w0[i] * xi;
            s1 += w1[i] * xi;
            s2 += w2[i] * xi;
            s3 += w3[i] * xi;
        }
        y[o] = b ? s0 + b[o] : s0;
        y[o + 1] = b ? s1 + b[o + 1] : s1;
        y[o + 2] = b ? s2 + b[o + 2] : s2;
        y[o + 3] = b ? s3 + b[o + 3] : s3;
    }
    for (r = n_out % 4; r > 0; --r, ++o) {
        const float *wo = w + o * n_in;
        float s = 0.0f;
        for (i = 0; i < n_in; ++i) s += wo[i] * x[i];
        y[o] = b ? s + b[o] : s;
    }
    activate(y, n_out, act, alpha, n_out);
}
)"},
    {"conv1d", true,
     R"(/* 1-D convolution of x (len, c) into y (lout, f), W [f][k][c], zero padding */
static void conv1d(const float *x, float *y, const float *w, const float *b, int len, int c,
                   int f, int k, int stride, int dil, int pad, int lout, int act, float alpha)
{
    const int kc = k * c;
    int o, fi, j, ci, r;
    for (o = 0; o < lout; ++o) {
        float *yo = y + o * f;
        /* Four filters at a time, as in dense: independent sums, each input read once. */
        for (fi = 0; fi + 4 <= f; fi += 4) {
            float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
            for (j = 0; j < k; ++j) {
                const int pos = o * stride - pad + j * dil;
                const float *xp, *w0, *w1, *w2, *w3;
                if (pos < 0 || pos >= len) continue;
                xp = x + pos * c;
                w0 = w + fi * kc + j * c;
                w1 = w0 + kc;
                w2 = w1 + kc;
                w3 = w2 + kc;
                for (ci = 0; ci < c; ++ci) {
                    const float xv = xp[ci];
                    s0 += w0[ci] * xv;
                    s1 += w1[ci] * xv;
                    s2 += w2[ci] * xv;
                    s3 += w3[ci] * xv;
                }
            }
            yo[fi] = b ? s0 + b[fi] : s0;
            yo[fi + 1] = b ? s1 + b[fi + 1] : s1;
            yo[fi + 2] = b ? s2 + b[fi + 2] : s2;
            yo[fi + 3] = b ? s3 + b[fi + 3] : s3;
        }
        for (r = f % 4; r > 0; --r, ++fi) {
            const float *wf = w + fi * kc;
            float s = 0.0f;
            for (j = 0; j < k; ++j) {
                const int pos = o * stride - pad + j * dil;
                const float *xp, *wj;
                if (pos < 0 || pos >= len) continue;
                xp = x + pos * c;
                wj = wf + j * c;
                for (ci = 0; ci < c; ++ci) s += wj[ci] * xp[ci];
            }
            yo[fi] = b ? s + b[fi] : s;
        }
    }
    activate(y, lout * f, act, alpha, f);
}
)"},
    {"depthwise_conv1d", true,
     R"(/* Depthwise 1-D convolution: channel ci gives outputs ci * m .. ci * m + m - 1; W [k][c * m] */
static void depthwise_conv1d(const float *x, float *y, const float *w, const float *b, int len,
                             int c, int m, int k, int stride, int dil, int pad, int lout, int act,
                             float alpha)
{
    const int cm = c * m;
    int o, q, j, ci, mi;
    for (o = 0; o < lout; ++o) {
        float *yo = y + o * cm;
        for (q = 0; q < cm; ++q) yo[q] = b ? b[q] : 0.0f;
        for (j = 0; j < k; ++j) {
            const int pos = o * stride - pad + j * dil;
            const float *xp, *wj;
            if (pos < 0 || pos >= len) continue;
            xp = x + pos * c;
            wj = w + j * cm;
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

bool CKernels::takesActivation(const std::string& kernel) {
    return find(kernel).activation;
}

std::string CKernels::source(const std::vector<std::string>& used,
                             const std::set<Act>& activations) {
    std::string out;
    const bool activation = std::any_of(used.begin(), used.end(),
                                        [](const std::string& k) { return takesActivation(k); });
    if (activation) out += activationSource(activations) + "\n";
    for (const Kernel& k : kKernels)
        if (std::find(used.begin(), used.end(), k.name) != used.end())
            out += std::string(k.source) + "\n";
    return out;
}

}  // namespace byom
