#include "core/train/losses/meansquarederror.h"

namespace byom {

template <typename T>
void MeanSquaredError<T>::elements(const Mat<T>& output, const Mat<T>& target, Mat<T>& value,
                                   Mat<T>& deriv) const {
    deriv = output - target;
    value = deriv.array().square().matrix();
    deriv *= T(2);
}

template class MeanSquaredError<float>;
template class MeanSquaredError<double>;

}  // namespace byom
