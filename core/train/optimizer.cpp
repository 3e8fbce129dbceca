#include "core/train/optimizer.h"

#include <cmath>

#include "core/train/optimizers/adam.h"
#include "core/train/optimizers/adamw.h"
#include "core/train/optimizers/rmsprop.h"
#include "core/train/optimizers/sgd.h"
#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

Optimizer::Optimizer(double lr, OptimizerOptions options) : m_lr(lr), m_options(options) {
    if (m_options.clipNorm < 0.0) throw Error("clipnorm must be >= 0");
    if (m_options.momentum < 0.0 || m_options.momentum >= 1.0)
        throw Error("momentum must be in [0, 1)");
}

void Optimizer::step(Vec<float>& params, const Vec<float>& grads) {
    if (params.size() != grads.size())
        throw Error("the optimizer got " + std::to_string(grads.size()) + " gradients for " +
                    std::to_string(params.size()) + " parameters");
    float scale = 1.0f;
    if (m_options.clipNorm > 0.0) {
        const double norm = std::sqrt(static_cast<double>(grads.squaredNorm()));
        if (norm > m_options.clipNorm) scale = static_cast<float>(m_options.clipNorm / norm);
    }
    ++m_t;
    const float decay = static_cast<float>(1.0 - m_lr * weightDecay());
    update(params.data(), grads.data(), params.size(), scale, static_cast<float>(m_options.l2),
           decay);
}

const std::vector<std::string>& optimizerNames() {
    static const std::vector<std::string> names = {"adam", "adamw", "sgd", "rmsprop"};
    return names;
}

std::unique_ptr<Optimizer> makeOptimizer(const std::string& name, double lr,
                                         const OptimizerOptions& options) {
    if (name == "adam") return std::make_unique<Adam>(lr, options);
    if (name == "adamw") return std::make_unique<AdamW>(lr, options);
    if (name == "sgd") return std::make_unique<Sgd>(lr, options);
    if (name == "rmsprop") return std::make_unique<RmsProp>(lr, options);
    std::string msg = "unknown optimizer \"" + name + "\"";
    const std::string near = nearest(name, optimizerNames());
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw Error(msg + " (known: " + join(optimizerNames(), ", ") + ")");
}

}  // namespace byom
