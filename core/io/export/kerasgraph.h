#pragma once

#include <string>
#include <vector>

#include "core/io/export/exportmodel.h"
#include "core/io/export/kerasnode.h"
#include "core/io/export/kindtable.h"

namespace byom {

/// Translates an ExportModel into a graph of Keras layers, for Keras 3 (`keras-json`) or for
/// TensorFlow.js's Keras-2-style layers (`tfjs`). The two differ where TF.js lacks a layer
/// (DepthwiseConv1D, SeparableConv1D and UpSampling1D become their 2-D forms between
/// Reshapes), in activations (TF.js's hardSigmoid is 0.2x + 0.5, so Keras 3's relu6(x + 3) / 6
/// is written as Rescaling + ReLU(max_value 1)) and in how the input normalisation and the
/// regression targets' scaling are written (Keras 3: a Normalization layer with mean and
/// variance, inverted at the output; TF.js: an inference-mode BatchNormalization).
class KerasGraph {
public:
    enum class Flavor { Keras3, Tfjs };

    /// Throws Error naming the first layer the table below does not write, before building.
    KerasGraph(const ExportModel& model, Flavor flavor);

    /// Writes one layer reading `x`; returns the name of the layer giving its output.
    using Emit = std::string (KerasGraph::*)(const ExportLayer& l, const std::string& x);
    /// What keras-json and tfjs do with each layer kind (one table for both flavours).
    static const KindTable<Emit>& kinds();

    /// The layers in topological order; the first is the InputLayer.
    const std::vector<KerasNode>& nodes() const { return m_nodes; }
    const std::string& output() const { return m_output; }
    /// Whether every layer reads only the one before it (a Sequential model).
    bool isLinear() const;

private:
    std::string add(KerasNode node);
    /// The input normalisation, (x - center) / scale, or with `invert` the targets'
    /// standardisation undone at the output, x * scale + center, on the last axis.
    std::string addScaling(const std::string& x, const Shape& shape,
                           const std::vector<double>& center, const std::vector<double>& scale,
                           bool invert, const std::string& base);
    /// "keras-json" or "tfjs", for messages.
    std::string format() const { return m_flavor == Flavor::Keras3 ? "keras-json" : "tfjs"; }
    std::string emit(const ExportLayer& l, const std::string& x);
    /// A node for `l` under its name (made unique), reading `x`, with its output shape.
    KerasNode node(const ExportLayer& l, const std::string& x, const char* className);
    /// Appends our tensor `ours` of `l` to `n`'s weights as `kerasName`, when the model has it.
    static void weight(KerasNode& n, const ExportLayer& l, const std::string& kerasName,
                       const std::string& ours);
    KerasNode convNode(const ExportLayer& l, const std::string& x, const char* className,
                       bool twoD);
    /// Adds a depthwise or separable node with its activation (TF.js: as its 2-D form).
    std::string depthwiseActivation(KerasNode n, const ExportLayer& l, const std::string& x);
    std::string pool(const ExportLayer& l, const std::string& x, const char* className);
    KerasNode globalAvgPool(const std::string& name, const std::string& x,
                            std::vector<Index> outShape);

    // One function per layer kind, as kinds() lists them.
    std::string dense(const ExportLayer& l, const std::string& x);
    std::string conv1d(const ExportLayer& l, const std::string& x);
    std::string depthwiseConv1d(const ExportLayer& l, const std::string& x);
    std::string separableConv1d(const ExportLayer& l, const std::string& x);
    std::string activation(const ExportLayer& l, const std::string& x);
    std::string maxPool1d(const ExportLayer& l, const std::string& x);
    std::string avgPool1d(const ExportLayer& l, const std::string& x);
    std::string globalAvgPool1d(const ExportLayer& l, const std::string& x);
    std::string globalMaxPool1d(const ExportLayer& l, const std::string& x);
    std::string batchNorm(const ExportLayer& l, const std::string& x);
    std::string layerNorm(const ExportLayer& l, const std::string& x);
    std::string dropout(const ExportLayer& l, const std::string& x);
    std::string flatten(const ExportLayer& l, const std::string& x);
    std::string reshape(const ExportLayer& l, const std::string& x);
    std::string upsampling1d(const ExportLayer& l, const std::string& x);
    std::string residual(const ExportLayer& l, const std::string& x);
    std::string squeezeExcite(const ExportLayer& l, const std::string& x);
    std::string concatSkip(const ExportLayer& l, const std::string& x);
    std::string branchSum(const ExportLayer& l, const std::string& x);
    std::string architecture(const ExportLayer& l, const std::string& x);
    std::string emitSequence(const std::vector<ExportLayer>& layers, std::string x);
    /// Sets config["activation"] of `node` when the flavor has the function as a string, else
    /// "linear" and appends separate layers after it; returns the last layer's name.
    std::string addWithActivation(KerasNode node, Act act, double alpha);
    std::string activationLayers(const std::string& x, const std::vector<Index>& shape, Act act,
                                 double alpha, const std::string& base);
    /// Reshape (L, C) -> (L, 1, C), a 2-D layer, and back: TF.js's route to 1-D layers it lacks.
    std::string via2d(KerasNode node, const ExportLayer& l, const std::string& x);
    bool activationString(Act act, double alpha, std::string& name) const;
    std::string unique(const std::string& base);

    Flavor m_flavor;
    std::vector<KerasNode> m_nodes;
    std::vector<std::string> m_names;
    std::string m_output;
};

}  // namespace byom
