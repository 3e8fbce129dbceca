#pragma once

#include "core/train/losses/elementwiseloss.h"

namespace byom {

/// Mean absolute error, Keras's "mae": e = |o - t|, e' = sign(o - t) (0 at 0).
template <typename T>
class MeanAbsoluteError : public ElementwiseLoss<T> {
public:
    std::string name() const override { return "mae"; }

protected:
    void elements(const Mat<T>& output, const Mat<T>& target, Mat<T>& value,
                  Mat<T>& deriv) const override;
};

}  // namespace byom
