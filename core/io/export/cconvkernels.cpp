#include "core/io/export/cconvkernels.h"

#include <tuple>
#include <utility>

namespace byom {

namespace {

/// A block written once for vectors of 16 lanes, instantiated for 16 then 8 lanes: $VEC
/// becomes vec16 / vec8, $W the lane count and $Q the first loop's start ("q = 0"; the
/// second goes on from where the first stopped).
std::string perWidth(const std::string& block) {
    std::string out;
    for (const auto& [type, width, start] :
         {std::tuple{"vec16", "16", "q = 0"}, std::tuple{"vec8", "8", ""}}) {
        std::string text = block;
        for (const auto& [from, to] :
             {std::pair{"$VEC", type}, std::pair{"$W", width}, std::pair{"$Q", start}})
            for (std::size_t at = text.find(from); at != std::string::npos;
                 at = text.find(from, at))
                text.replace(at, std::string(from).size(), to);
        out += text;
    }
    return out;
}

}  // namespace

const std::string& CConvKernels::conv1d() {
    static const std::string text =
        std::string(
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
)") + perWidth(R"(                for (; f0 + $W <= f; f0 += $W) {
                    $VEC s0 = {0.0f}, s1 = {0.0f}, s2 = {0.0f}, s3 = {0.0f}, v;
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
)") + std::string(R"(            } else {
)") + perWidth(R"(                for (; f0 + $W <= f; f0 += $W) {
                    $VEC s = {0.0f}, v;
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
)") + std::string(R"(            }
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
)");
    return text;
}

const std::string& CConvKernels::conv1dFew() {
    static const std::string text = std::string(
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
)");
    return text;
}

const std::string& CConvKernels::depthwiseConv1d() {
    static const std::string text =
        std::string(
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
)") + perWidth(R"(            for ($Q; q + $W <= c; q += $W) {
                $VEC s0 = {0.0f}, s1, s2, s3, v, u;
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
)") + std::string(R"(            /* The channels left, summed in y. */
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
)");
    return text;
}

}  // namespace byom
