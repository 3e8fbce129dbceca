#pragma once

#include "core/train/loss.h"

namespace byom {

/// Softmax cross-entropy from the logits z, fused with a softmax (or linear) output. Targets are
/// one-hot (or soft) distributions, one per column; "sparse_categorical_crossentropy" is the same
/// loss under Keras's other name (the data loaders already one-hot the labels).
///   l_j = sum(t_j) * logsumexp(z_j) - t_j . z_j   (= -sum_c t_cj log softmax(z_j)_c)
///   dl_j/dz_j = sum(t_j) * softmax(z_j) - t_j
template <typename T>
class CategoricalCrossentropy : public Loss<T> {
public:
    explicit CategoricalCrossentropy(std::string name = "categorical_crossentropy")
        : m_name(std::move(name)) {}
    std::string name() const override { return m_name; }
    bool classification() const override { return true; }
    void checkOutput(Act outAct, Index outputs) const override;
    T compute(const Mat<T>& logits, const Mat<T>& output, Act outAct, const Mat<T>& target,
              Mat<T>& gradLogits, const Vec<T>* weights) override;

private:
    std::string m_name;
};

/// Throws unless the output activation is softmax or linear and there are >= 2 outputs.
void checkSoftmaxOutput(const std::string& loss, Act outAct, Index outputs);

}  // namespace byom
