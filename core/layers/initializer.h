#pragma once

#include <string>
#include <vector>

#include "core/util/rng.h"
#include "core/util/tensor.h"

namespace byom {

/// Weight initialisers as Keras defines them (fan_in/fan_out from the kernel shape).
enum class Init { GlorotUniform, GlorotNormal, HeUniform, HeNormal, Zeros, Ones };

const std::vector<std::string>& initializerNames();
Init parseInitializer(const std::string& name);

/// Fills `n` values at `data`. Normal variants are truncated at 2 sigma, as Keras does.
template <typename T>
void initialize(Init init, T* data, Index n, Index fanIn, Index fanOut, Rng& rng);

}  // namespace byom
