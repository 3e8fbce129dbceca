#include "core/layers/initializer.h"

#include <cmath>

#include "core/util/error.h"

namespace byom {

const std::vector<std::string>& initializerNames() {
    static const std::vector<std::string> names = {"glorot_uniform", "glorot_normal", "he_uniform",
                                                   "he_normal",      "zeros",         "ones"};
    return names;
}

Init parseInitializer(const std::string& name) {
    const auto& names = initializerNames();
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<Init>(i);
    throw Error("unknown initializer \"" + name + "\"");
}

template <typename T>
void initialize(Init init, T* data, Index n, Index fanIn, Index fanOut, Rng& rng) {
    const double glorot = 2.0 / static_cast<double>(fanIn + fanOut);
    const double he = 2.0 / static_cast<double>(fanIn);
    auto truncated = [&rng](double stddev) {
        // Keras's TruncatedNormal: redraw outside 2 sigma; stddev corrected for the truncation.
        double v;
        do v = rng.normal();
        while (std::abs(v) > 2.0);
        return v * stddev / 0.87962566103423978;
    };
    for (Index i = 0; i < n; ++i) {
        double v = 0.0;
        switch (init) {
            case Init::GlorotUniform: v = rng.uniform(-1, 1) * std::sqrt(3.0 * glorot); break;
            case Init::GlorotNormal: v = truncated(std::sqrt(glorot)); break;
            case Init::HeUniform: v = rng.uniform(-1, 1) * std::sqrt(3.0 * he); break;
            case Init::HeNormal: v = truncated(std::sqrt(he)); break;
            case Init::Zeros: v = 0.0; break;
            case Init::Ones: v = 1.0; break;
        }
        data[i] = static_cast<T>(v);
    }
}

template void initialize<float>(Init, float*, Index, Index, Index, Rng&);
template void initialize<double>(Init, double*, Index, Index, Index, Rng&);

}  // namespace byom
