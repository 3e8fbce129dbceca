#include "core/layers/activation.h"

#include <cmath>

#include "core/util/error.h"
#include "core/util/parallelranges.h"
#include "core/util/strings.h"

namespace byom {

namespace {

struct NamedAct {
    const char* name;
    Act act;
};

constexpr NamedAct kActs[] = {
    {"linear", Act::Linear},   {"relu", Act::Relu},
    {"relu6", Act::Relu6},     {"leaky_relu", Act::LeakyRelu},
    {"elu", Act::Elu},         {"selu", Act::Selu},
    {"gelu", Act::Gelu},       {"swish", Act::Swish},
    {"silu", Act::Swish},      {"hard_swish", Act::HardSwish},
    {"sigmoid", Act::Sigmoid}, {"hard_sigmoid", Act::HardSigmoid},
    {"tanh", Act::Tanh},       {"softmax", Act::Softmax},
};

constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kInvSqrt2 = 0.70710678118654752440084436210485;
constexpr double kInvSqrt2Pi = 0.39894228040143267793994605993438;

template <typename T>
void softmaxForward(const Mat<T>& z, Mat<T>& a, Index group, Index first, Index end) {
    const Index groups = z.rows() / group;
    for (Index col = first; col < end; ++col) {
        for (Index g = 0; g < groups; ++g) {
            auto zs = z.col(col).segment(g * group, group);
            auto as = a.col(col).segment(g * group, group);
            as = (zs.array() - zs.maxCoeff()).exp();
            as /= as.sum();
        }
    }
}

}  // namespace

const std::vector<std::string>& activationNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (const NamedAct& a : kActs) n.emplace_back(a.name);
        return n;
    }();
    return names;
}

Act parseActivation(const std::string& name) {
    for (const NamedAct& a : kActs)
        if (name == a.name) return a.act;
    std::string msg = "unknown activation \"" + name + "\"";
    const std::string near = nearest(name, activationNames());
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw Error(msg + " (known: " + join(activationNames(), ", ") + ")");
}

std::string activationName(Act act) {
    for (const NamedAct& a : kActs)
        if (a.act == act) return a.name;
    return "linear";
}

namespace {

template <typename T>
using Values = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
template <typename T>
using ConstValues = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;

// y = act(x) on a run of values (any activation but softmax); y may be x.
template <typename T>
void forwardValues(Act act, ConstValues<T> x, Values<T> y, const ActParams& p) {
    const T alpha = static_cast<T>(p.leakyAlpha);
    const T eluA = static_cast<T>(p.eluAlpha);
    switch (act) {
        case Act::Linear:
            y = x;
            break;
        case Act::Relu:
            y = x.max(T(0));
            break;
        case Act::Relu6:
            y = x.max(T(0)).min(T(6));
            break;
        case Act::LeakyRelu:
            y = (x > T(0)).select(x, alpha * x);
            break;
        case Act::Elu:
            y = (x > T(0)).select(x, eluA * (x.exp() - T(1)));
            break;
        case Act::Selu:
            y = T(kSeluScale) * (x > T(0)).select(x, T(kSeluAlpha) * (x.exp() - T(1)));
            break;
        case Act::Gelu:
            y = T(0.5) * x * (T(1) + (x * T(kInvSqrt2)).unaryExpr([](T v) { return std::erf(v); }));
            break;
        case Act::Swish:
            y = x / (T(1) + (-x).exp());
            break;
        case Act::HardSwish:
            y = x * (x + T(3)).max(T(0)).min(T(6)) / T(6);
            break;
        case Act::Sigmoid:
            y = T(1) / (T(1) + (-x).exp());
            break;
        case Act::HardSigmoid:
            y = ((x + T(3)) / T(6)).max(T(0)).min(T(1));
            break;
        case Act::Tanh:
            y = x.tanh();
            break;
        case Act::Softmax:
            break;
    }
}

// out = dL/dz from g = dL/da on a run of values (any activation but softmax).
template <typename T>
void backwardValues(Act act, ConstValues<T> x, ConstValues<T> y, ConstValues<T> g, Values<T> out,
                    const ActParams& p) {
    const T alpha = static_cast<T>(p.leakyAlpha);
    const T eluA = static_cast<T>(p.eluAlpha);
    switch (act) {
        case Act::Linear:
            out = g;
            break;
        case Act::Relu:
            out = (x > T(0)).select(g, T(0));
            break;
        case Act::Relu6:
            out = (x > T(0) && x < T(6)).select(g, T(0));
            break;
        case Act::LeakyRelu:
            out = (x > T(0)).select(g, alpha * g);
            break;
        case Act::Elu:
            out = (x > T(0)).select(g, g * eluA * x.exp());
            break;
        case Act::Selu:
            out = T(kSeluScale) * (x > T(0)).select(g, g * T(kSeluAlpha) * x.exp());
            break;
        case Act::Gelu: {
            const auto cdf =
                T(0.5) * (T(1) + (x * T(kInvSqrt2)).unaryExpr([](T v) { return std::erf(v); }));
            const auto pdf = T(kInvSqrt2Pi) * (T(-0.5) * x * x).exp();
            out = g * (cdf + x * pdf);
            break;
        }
        case Act::Swish: {
            const auto s = T(1) / (T(1) + (-x).exp());
            out = g * (s * (T(1) + x * (T(1) - s)));
            break;
        }
        case Act::HardSwish:
            out = (x <= T(-3)).select(T(0), (x >= T(3)).select(g, g * (T(2) * x + T(3)) / T(6)));
            break;
        case Act::Sigmoid:
            out = g * y * (T(1) - y);
            break;
        case Act::HardSigmoid:
            out = (x > T(-3) && x < T(3)).select(g / T(6), T(0));
            break;
        case Act::Tanh:
            out = g * (T(1) - y * y);
            break;
        case Act::Softmax:
            break;
    }
}

}  // namespace

// Element-wise: the values are split between the engine's threads (each value is computed
// alone, so the split changes nothing); softmax: the columns are.
template <typename T>
void activationForward(Act act, const Mat<T>& z, Mat<T>& a, Index group, const ActParams& p) {
    a.resize(z.rows(), z.cols());
    if (act == Act::Softmax) {
        parallelColumns(z.rows(), z.cols(), kMinParallelValues,
                        [&](Index b, Index e) { softmaxForward(z, a, group, b, e); });
        return;
    }
    parallelRanges(z.size(), loopThreads(), kMinParallelValues, [&](Index b, Index e) {
        forwardValues<T>(act, ConstValues<T>(z.data() + b, e - b), Values<T>(a.data() + b, e - b),
                         p);
    });
}

template <typename T>
void activationBackward(Act act, const Mat<T>& z, const Mat<T>& a, const Mat<T>& ga, Mat<T>& gz,
                        Index group, const ActParams& p) {
    gz.resize(ga.rows(), ga.cols());
    if (act == Act::Softmax) {
        const Index groups = ga.rows() / group;
        parallelColumns(ga.rows(), ga.cols(), kMinParallelValues, [&](Index b, Index e) {
            for (Index col = b; col < e; ++col) {
                for (Index k = 0; k < groups; ++k) {
                    const auto as = a.col(col).segment(k * group, group);
                    const auto gs = ga.col(col).segment(k * group, group);
                    const T dot = as.dot(gs);
                    gz.col(col).segment(k * group, group) =
                        (as.array() * (gs.array() - dot)).matrix();
                }
            }
        });
        return;
    }
    parallelRanges(ga.size(), loopThreads(), kMinParallelValues, [&](Index b, Index e) {
        backwardValues<T>(act, ConstValues<T>(z.data() + b, e - b),
                          ConstValues<T>(a.data() + b, e - b), ConstValues<T>(ga.data() + b, e - b),
                          Values<T>(gz.data() + b, e - b), p);
    });
}

template void activationForward<float>(Act, const Mat<float>&, Mat<float>&, Index,
                                       const ActParams&);
template void activationForward<double>(Act, const Mat<double>&, Mat<double>&, Index,
                                        const ActParams&);
template void activationBackward<float>(Act, const Mat<float>&, const Mat<float>&,
                                        const Mat<float>&, Mat<float>&, Index, const ActParams&);
template void activationBackward<double>(Act, const Mat<double>&, const Mat<double>&,
                                         const Mat<double>&, Mat<double>&, Index, const ActParams&);

}  // namespace byom
