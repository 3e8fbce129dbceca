#include "core/model/datafit.h"

#include <algorithm>

#include "core/util/error.h"

namespace byom {

namespace {

std::string targetsText(const DataShape& data) {
    const std::string n = std::to_string(data.outputs);
    if (data.task == Task::Classification) return n + " classes";
    return n + (data.outputs == 1 ? " target" : " targets");
}

/// A model whose output keeps a time axis of more than one step.
bool perTimeStep(const Shape& output) {
    return output.rank() == 2 && output[0] > 1;
}

}  // namespace

std::optional<std::string> dataFitProblem(const Shape& input, const Shape& output,
                                          const DataShape& data) {
    if (input != data.input)
        return "the stack takes input " + input.toString() + " but the data set's samples are " +
               data.input.toString() + ": set the input shape to " + data.input.toString();
    if (data.target.rank() == 2) {
        if (output == data.target) return std::nullopt;
        return "the stack outputs " + output.toString() + " but the data set's targets are " +
               data.target.toString() +
               " per sample (one per time step): end the stack with a Conv1D(" +
               std::to_string(data.target[1]) +
               ", padding same) head and keep the time length (no pooling, flatten or dense)";
    }
    if (output.size() == data.outputs) return std::nullopt;
    const std::string n = std::to_string(data.outputs);
    if (data.task == Task::Classification)
        return "the stack outputs " + output.toString() + " but the data set has " +
               targetsText(data) + ": end the stack with a Dense(" + n + ", softmax) head";
    return "the stack outputs " + output.toString() + " but the data set has " + targetsText(data) +
           ": end the stack with a Dense(" + n + ", linear) head";
}

std::optional<std::string> outputFitProblem(const Shape& output, const Dataset& data,
                                            const std::string& source) {
    const DataShape shape = DataShape::of(data);
    const std::string name = source.empty() ? data.name : source;
    if (data.sequenceTargets()) {
        if (output == data.targetShape) return std::nullopt;
        return "the model outputs " + output.toString() + " per sample but the targets of " + name +
               " are " + data.targetShape.toString() +
               " (one per time step): use a model that keeps the time axis, such as tcn, with " +
               std::to_string(data.targetShape[1]) + " output channels";
    }
    if (output.size() == data.outputs()) return std::nullopt;
    std::string why = "the model outputs " + output.toString() + " per sample (" +
                      std::to_string(output.size()) + " outputs) but " + name + " has " +
                      targetsText(shape);
    if (perTimeStep(output))
        return why +
               " per sample: this model predicts every time step, so train it on targets "
               "per time step (e.g. synthetic:ecg-segmentation, or npy targets shaped "
               "(N, " +
               std::to_string(output[0]) +
               ")), or pick a model with a pooled head for one class per frame";
    return why + ": give the model " + std::to_string(data.outputs()) + " outputs";
}

void fitDataToModel(const TrainedModel& m, Dataset& data) {
    if (data.x.rows() != m.model->inputShape().size())
        throw Error("the data's samples are " + data.inputShape.toString() + " and hold " +
                    std::to_string(data.x.rows()) + " values but the model takes " +
                    std::to_string(m.model->inputShape().size()) + " " +
                    m.model->inputShape().toString());
    if (data.task != m.task)
        throw Error(
            std::string("the model is a ") +
            (m.task == Task::Classification ? "classifier" : "regressor") + " but the data is " +
            (data.task == Task::Classification ? "labelled with classes" : "regression targets"));
    if (m.task != Task::Classification || m.classNames.empty() || data.classNames == m.classNames)
        return;
    std::vector<int> toModel(data.classNames.size());
    for (std::size_t c = 0; c < data.classNames.size(); ++c) {
        const auto it = std::find(m.classNames.begin(), m.classNames.end(), data.classNames[c]);
        if (it == m.classNames.end())
            throw Error("the data has class '" + data.classNames[c] +
                        "', which the model does not know (its classes: " +
                        json(m.classNames).dump() + ")");
        toModel[c] = static_cast<int>(it - m.classNames.begin());
    }
    for (int& label : data.labels) label = toModel[static_cast<std::size_t>(label)];
    data.classNames = m.classNames;
    data.oneHotFromLabels();
}

}  // namespace byom
