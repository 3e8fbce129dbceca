#include "core/train/losses/meanabsoluteerror.h"

namespace byom {

template <typename T>
void MeanAbsoluteError<T>::elements(const Mat<T>& output, const Mat<T>& target, Mat<T>& value,
                                    Mat<T>& deriv) const {
    deriv = output - target;
    value = deriv.array().abs().matrix();
    deriv = deriv.array().sign().matrix();
}

template class MeanAbsoluteError<float>;
template class MeanAbsoluteError<double>;

}  // namespace byom
