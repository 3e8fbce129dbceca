#pragma once

// The models the export tests build (tests/cli/tst_export*.cpp, tst_cexport.cpp): stacks
// written as layer lists, the cases they share, and the model a case stands for with
// non-trivial weights and normalisation.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/model/trainedmodel.h"
#include "core/util/rng.h"

namespace byom::test {

/// A plain layer of a stack, as a project writes it.
inline json layer(const std::string& kind, json params = json::object()) {
    return {{"name", kind}, {"params", std::move(params)}};
}

/// A block layer with its inner layers.
inline json block(const std::string& kind, json params, json layers) {
    return {{"name", kind}, {"params", std::move(params)}, {"layers", std::move(layers)}};
}

/// The specs of a JSON layer list.
inline std::vector<LayerSpec> stack(const json& layers) {
    return LayerSpec::listFromJson(layers, "layers");
}

/// One model an export test builds, exports and checks.
struct ModelCase {
    std::string name;
    Shape input;
    std::vector<LayerSpec> specs;
    /// A regression model with standardised targets: its exports must give the outputs in
    /// the target's units (output * scale + center), as byom predict does.
    bool regression = false;
    /// Trained by `byom train` from a project instead of built from `specs`.
    bool fromProject = false;
};

/// An MLP through every activation (as dense activations and activation layers), with a
/// dropout and a flatten on the way, on 6 features and 3 classes.
inline ModelCase everyActivationMlp(const std::string& name) {
    return {name, Shape{6},
            stack(json::array({layer("dense", {{"units", 16}, {"activation", "relu"}}),
                               layer("dropout", {{"rate", 0.3}}),
                               layer("dense", {{"units", 12}, {"activation", "tanh"}}),
                               layer("activation", {{"activation", "swish"}}),
                               layer("dense", {{"units", 10}, {"activation", "selu"}}),
                               layer("dense", {{"units", 9}, {"activation", "elu"}}),
                               layer("activation", {{"activation", "relu6"}}),
                               layer("dense", {{"units", 8}, {"activation", "hard_swish"}}),
                               layer("flatten"),
                               layer("dense", {{"units", 8}, {"activation", "hard_sigmoid"}}),
                               layer("activation", {{"activation", "leaky_relu"}}),
                               layer("dense", {{"units", 6}, {"activation", "sigmoid"}}),
                               layer("dense", {{"units", 5}, {"activation", "gelu"}}),
                               layer("dense", {{"units", 4}, {"activation", "linear"}}),
                               layer("dense", {{"units", 3}, {"activation", "softmax"}})}))};
}

/// Flatten to a vector, reshape back to a sequence, a convolution and flatten again.
inline ModelCase flattenReshape() {
    return {"flatten-reshape", Shape{10, 2},
            stack(json::array(
                {layer("flatten"), layer("reshape", {{"target_shape", {5, 4}}}),
                 layer("conv1d", {{"filters", 3}, {"kernel_size", 2}, {"activation", "elu"}}),
                 layer("flatten"), layer("dense", {{"units", 2}, {"activation", "sigmoid"}})}))};
}

/// The model of `c` as a trained one would be: weights moved off their initialisation,
/// BatchNorm statistics away from 0 and 1 (inference mode uses them; means in [-0.5, 0.5],
/// or [0.5, 1.5] without `centredMeans`, variances in [0.5, 1.5]), a standard
/// normalisation of the inputs per channel and, for regression, of the targets in the tens
/// (else a class name per output).
inline TrainedModel withRandomWeights(const ModelCase& c, Rng& rng, bool centredMeans = true) {
    TrainedModel m;
    m.model = std::make_unique<Model<float>>(c.specs, c.input);
    m.model->init(11);
    for (Index i = 0; i < m.model->paramCount(); ++i)
        m.model->params()[i] += 0.1f * float(rng.uniform() - 0.5);
    for (Index i = 0; i < m.model->stateCount(); ++i)
        m.model->state()[i] = 0.5f + float(rng.uniform());
    // Moving means around 0 (variances stay in [0.5, 1.5]): with means near 1 a relu6 after a
    // batch norm zeroes small activations, and a deep stack's outputs stop depending on its input.
    for (std::size_t l = 0; centredMeans && l < m.model->layerCount(); ++l)
        for (const TensorInfo& t : m.model->layer(l).tensors())
            if (!t.trainable && t.name.ends_with("moving_mean"))
                for (Index k = 0; k < t.shape[0]; ++k)
                    m.model->state()[m.model->stateOffset(l) + t.offset + k] -= 1.0f;
    m.architecture = {{"name", "stack"}, {"params", {{"layers", LayerSpec::listToJson(c.specs)}}}};
    const Index out = m.model->outputShape().dims.back();
    if (c.regression) {
        m.task = Task::Regression;
        json center = json::array(), scale = json::array();
        for (Index k = 0; k < out; ++k) {
            center.push_back(20.0 + 10.0 * rng.uniform());
            scale.push_back(2.0 + 3.0 * rng.uniform());
        }
        m.targetNormalization = {{"method", "standard"},
                                 {"output_shape", m.model->outputShape().dims},
                                 {"center", center},
                                 {"scale", scale}};
    } else {
        for (Index k = 0; k < out; ++k) m.classNames.push_back("c" + std::to_string(k));
        m.numClasses = static_cast<int>(out);
    }
    json center = json::array(), scale = json::array();
    for (Index g = 0; g < c.input.dims.back(); ++g) {
        center.push_back(rng.uniform() - 0.5);
        scale.push_back(0.5 + rng.uniform());
    }
    m.normalization = {{"method", "standard"},
                       {"input_shape", c.input.dims},
                       {"center", center},
                       {"scale", scale}};
    return m;
}

}  // namespace byom::test
