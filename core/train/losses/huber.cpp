#include "core/train/losses/huber.h"

#include "core/util/error.h"

namespace byom {

template <typename T>
Huber<T>::Huber(double delta) : m_delta(delta) {
    if (!(delta > 0.0)) throw Error("huber needs a positive delta");
}

template <typename T>
void Huber<T>::elements(const Mat<T>& output, const Mat<T>& target, Mat<T>& value,
                        Mat<T>& deriv) const {
    const T delta = static_cast<T>(m_delta);
    deriv = output - target;
    const auto d = deriv.array();
    value = (d.abs() <= delta).select(T(0.5) * d.square(), delta * (d.abs() - T(0.5) * delta));
    deriv = d.max(-delta).min(delta).matrix();
}

template class Huber<float>;
template class Huber<double>;

}  // namespace byom
