#include "core/model/datafit.h"

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

}  // namespace byom
