#pragma once

#include "core/train/losses/elementwiseloss.h"

namespace byom {

/// Mean squared error, Keras's "mse": e = (o - t)^2, e' = 2 (o - t).
template <typename T>
class MeanSquaredError : public ElementwiseLoss<T> {
public:
    std::string name() const override { return "mse"; }

protected:
    void elements(const Mat<T>& output, const Mat<T>& target, Mat<T>& value,
                  Mat<T>& deriv) const override;
};

}  // namespace byom
