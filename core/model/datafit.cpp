#include "core/model/datafit.h"

namespace byom {

std::optional<std::string> dataFitProblem(const Shape& input, const Shape& output,
                                          const DataShape& data) {
    if (input != data.input)
        return "the stack takes input " + input.toString() + " but the data set's samples are " +
               data.input.toString() + ": set the input shape to " + data.input.toString();
    if (output.size() == data.outputs) return std::nullopt;
    const std::string n = std::to_string(data.outputs);
    if (data.task == Task::Classification)
        return "the stack outputs " + output.toString() + " but the data set has " + n +
               " classes: end the stack with a Dense(" + n + ", softmax) head";
    return "the stack outputs " + output.toString() + " but the data set has " + n +
           (data.outputs == 1 ? " target" : " targets") + ": end the stack with a Dense(" + n +
           ", linear) head";
}

}  // namespace byom
