#include "core/train/loss.h"

#include <algorithm>

#include "core/train/losses/binarycrossentropy.h"
#include "core/train/losses/categoricalcrossentropy.h"
#include "core/train/losses/categoricalfocalcrossentropy.h"
#include "core/train/losses/huber.h"
#include "core/train/losses/meanabsoluteerror.h"
#include "core/train/losses/meansquarederror.h"
#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

template <typename T>
void Loss<T>::checkOutput(Act, Index) const {}

template <typename T>
void Loss<T>::setOutput(Act outAct, const Shape& outputShape) {
    m_steps = outputShape.rank() == 2 ? std::max<Index>(1, outputShape[0]) : 1;
    checkOutput(outAct, outputShape.size() / m_steps);
}

const std::vector<std::string>& lossNames() {
    static const std::vector<std::string> names = {"categorical_crossentropy",
                                                   "sparse_categorical_crossentropy",
                                                   "categorical_focal_crossentropy",
                                                   "binary_crossentropy",
                                                   "mse",
                                                   "mae",
                                                   "huber"};
    return names;
}

template <typename T>
std::unique_ptr<Loss<T>> makeLoss(const std::string& name) {
    if (name == "categorical_crossentropy" || name == "sparse_categorical_crossentropy")
        return std::make_unique<CategoricalCrossentropy<T>>(name);
    if (name == "categorical_focal_crossentropy")
        return std::make_unique<CategoricalFocalCrossentropy<T>>();
    if (name == "binary_crossentropy") return std::make_unique<BinaryCrossentropy<T>>();
    if (name == "mse" || name == "mean_squared_error")
        return std::make_unique<MeanSquaredError<T>>();
    if (name == "mae" || name == "mean_absolute_error")
        return std::make_unique<MeanAbsoluteError<T>>();
    if (name == "huber") return std::make_unique<Huber<T>>();
    std::string msg = "unknown loss \"" + name + "\"";
    const std::string near = nearest(name, lossNames());
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw Error(msg + " (known: " + join(lossNames(), ", ") + ")");
}

template class Loss<float>;
template class Loss<double>;
template std::unique_ptr<Loss<float>> makeLoss<float>(const std::string&);
template std::unique_ptr<Loss<double>> makeLoss<double>(const std::string&);

}  // namespace byom
