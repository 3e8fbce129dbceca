#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/io/export/exportlayer.h"
#include "core/model/trainedmodel.h"

namespace byom {

/// What every exporter reads: the layer tree with shapes, unique names and (when exporting a
/// trained model) weights, plus the input normalisation to fold in and the class names.
///
/// Built either from a trained model (weights copied out of the flat parameter and state
/// vectors through each layer's tensors()) or from an architecture alone (no weights: only
/// the formats that make sense without them accept it).
class ExportModel {
public:
    /// `withNormalization`: fold the model's stored input normalisation into the export (the
    /// default: exported models take the same raw inputs as `byom predict`). A regression
    /// model's target standardisation is always undone at the output (targetScale()).
    static ExportModel fromTrained(const TrainedModel& trained, bool withNormalization = true);
    static ExportModel fromArchitecture(const std::vector<LayerSpec>& specs, const Shape& input,
                                        const json& architecture, std::optional<int> numClasses);

    bool hasWeights() const { return m_trained != nullptr; }
    const TrainedModel* trained() const { return m_trained; }
    const std::vector<ExportLayer>& layers() const { return m_layers; }
    /// The layer specs with every "architecture" block resolved (holding its layers).
    const std::vector<LayerSpec>& specs() const { return m_specs; }
    const Shape& inputShape() const { return m_input; }
    const Shape& outputShape() const { return m_output; }
    const json& architecture() const { return m_architecture; }
    std::optional<int> numClasses() const { return m_numClasses; }
    const std::vector<std::string>& classNames() const { return m_classNames; }
    bool isClassifier() const { return m_task == Task::Classification; }

    /// Input normalisation x' = (x - center) / scale, one value per feature of a (F) input or
    /// per channel of a (L, C) input; empty when there is none (or it is not folded in).
    bool hasNormalization() const { return !m_normCenter.empty(); }
    const std::vector<double>& normCenter() const { return m_normCenter; }
    const std::vector<double>& normScale() const { return m_normScale; }
    /// A regression model's outputs in the target's units: y = output * scale + center after
    /// the last layer, one value per output of a (F) output or per channel of a (L, C) output
    /// (the targets' standardisation of training, undone); empty when the model has none.
    /// Always part of a trained model's export, whatever withNormalization says.
    bool hasTargetScaling() const { return !m_targetCenter.empty(); }
    const std::vector<double>& targetCenter() const { return m_targetCenter; }
    const std::vector<double>& targetScale() const { return m_targetScale; }

    /// A name for the model in the exported files ("byom_model" or the architecture's name).
    std::string name() const;
    /// Visits every layer, blocks' inner layers after the block itself.
    template <typename F>
    void forEachLayer(F&& f) const {
        for (const ExportLayer& l : m_layers) visit(l, f);
    }

private:
    template <typename F>
    static void visit(const ExportLayer& l, F& f) {
        f(l);
        for (const ExportLayer& c : l.children) visit(c, f);
    }
    void buildLayers(const std::vector<LayerSpec>& specs, const Model<float>* model);
    void readNormalization(const json& j);

    const TrainedModel* m_trained = nullptr;
    std::vector<ExportLayer> m_layers;
    std::vector<LayerSpec> m_specs;
    Shape m_input;
    Shape m_output;
    json m_architecture;
    std::optional<int> m_numClasses;
    std::vector<std::string> m_classNames;
    Task m_task = Task::Classification;
    std::vector<double> m_normCenter;
    std::vector<double> m_normScale;
    std::vector<double> m_targetCenter;
    std::vector<double> m_targetScale;
};

}  // namespace byom
