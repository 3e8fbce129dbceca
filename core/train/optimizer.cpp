#include "core/train/optimizer.h"

#include <cmath>

#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

void Adam::step(Vec<float>& params, const Vec<float>& grads) {
    if (m_m.size() != params.size()) {
        m_m = Vec<float>::Zero(params.size());
        m_v = Vec<float>::Zero(params.size());
    }
    ++m_t;
    const float b1 = static_cast<float>(m_b1);
    const float b2 = static_cast<float>(m_b2);
    const float c1 = static_cast<float>(1.0 - std::pow(m_b1, static_cast<double>(m_t)));
    const float c2 = static_cast<float>(1.0 - std::pow(m_b2, static_cast<double>(m_t)));
    const float lr = static_cast<float>(m_lr);
    const float eps = static_cast<float>(m_eps);
    m_m.array() = b1 * m_m.array() + (1.0f - b1) * grads.array();
    m_v.array() = b2 * m_v.array() + (1.0f - b2) * grads.array().square();
    params.array() -= lr * (m_m.array() / c1) / ((m_v.array() / c2).sqrt() + eps);
}

void Sgd::step(Vec<float>& params, const Vec<float>& grads) {
    const float lr = static_cast<float>(m_lr);
    if (m_mu == 0.0) {
        params.noalias() -= lr * grads;
        return;
    }
    if (m_velocity.size() != params.size()) m_velocity = Vec<float>::Zero(params.size());
    m_velocity = static_cast<float>(m_mu) * m_velocity - lr * grads;
    params += m_velocity;
}

const std::vector<std::string>& optimizerNames() {
    static const std::vector<std::string> names = {"adam", "sgd"};
    return names;
}

std::unique_ptr<Optimizer> makeOptimizer(const std::string& name, double lr) {
    if (name == "adam") return std::make_unique<Adam>(lr);
    if (name == "sgd") return std::make_unique<Sgd>(lr);
    std::string msg = "unknown optimizer \"" + name + "\"";
    const std::string near = nearest(name, optimizerNames());
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw Error(msg + " (known: " + join(optimizerNames(), ", ") + ")");
}

}  // namespace byom
