#pragma once

#include <string>
#include <vector>

#include "core/util/tensor.h"

namespace byom {

/// Element-wise (and softmax: per-group) activation functions, shared by the Activation layer
/// and by the `activation` parameter of Dense and Conv layers.
enum class Act {
    Linear,
    Relu,
    Relu6,
    LeakyRelu,
    Elu,
    Selu,
    Gelu,
    Swish,
    HardSwish,
    Sigmoid,
    HardSigmoid,
    Tanh,
    Softmax,
};

/// The names accepted in JSON ("swish" and "silu" are the same function).
const std::vector<std::string>& activationNames();
Act parseActivation(const std::string& name);  // throws Error naming the known ones
std::string activationName(Act act);

/// Constants of the parameterised activations (Keras 3 defaults).
struct ActParams {
    double leakyAlpha = 0.2;  // keras.layers.LeakyReLU negative_slope
    double eluAlpha = 1.0;
};

/// a = f(z). z, a: (features x batch). Softmax normalises each run of `group` consecutive
/// rows (the channels of one position), so `group` must divide the row count.
template <typename T>
void activationForward(Act act, const Mat<T>& z, Mat<T>& a, Index group, const ActParams& p = {});

/// gz = ga * f'(z), using z and/or a = f(z) as each function needs (softmax uses the
/// Jacobian-vector product a * (ga - sum(ga * a)) per group).
template <typename T>
void activationBackward(Act act, const Mat<T>& z, const Mat<T>& a, const Mat<T>& ga, Mat<T>& gz,
                        Index group, const ActParams& p = {});

}  // namespace byom
