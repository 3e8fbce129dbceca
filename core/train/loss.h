#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/layers/activation.h"
#include "core/util/tensor.h"

namespace byom {

/// A loss over a batch: mean over samples (optionally weighted per sample; see
/// losses/lossreduction.h). One class per loss in core/train/losses/.
/// A model whose output keeps the time axis, (T, K), is scored at every time step: the
/// softmax losses take each step's K logits as one distribution and average over the T steps
/// (Keras's loss on a (B, T, K) output); element-wise losses average over every value anyway.
/// compute() returns the loss and writes dL/dlogits, where logits are the model's outputs before
/// its output activation `outAct` and `output` = outAct(logits). Cross-entropy losses work from
/// the logits directly (softmax/sigmoid fused: stable and exact); the others differentiate the
/// output and chain through the activation.
template <typename T>
class Loss {
public:
    virtual ~Loss() = default;
    virtual std::string name() const = 0;
    /// logits, output, target: (outputs x B); weights: (B) or null, or for the softmax losses
    /// of a (T, K) output also (B * T), one per time step (see checkStepWeights).
    virtual T compute(const Mat<T>& logits, const Mat<T>& output, Act outAct, const Mat<T>& target,
                      Mat<T>& gradLogits, const Vec<T>* weights = nullptr) = 0;
    /// Whether targets are class one-hot vectors (classification losses).
    virtual bool classification() const = 0;
    /// Throws an Error when the model's output activation does not suit this loss.
    /// `outputs`: per time step for a (T, K) output.
    virtual void checkOutput(Act outAct, Index outputs) const;
    /// Fits the loss to a model's output: (K) scores each column whole, (T, K) each of the T
    /// runs of K rows (softmax losses); then checkOutput with the outputs per step.
    void setOutput(Act outAct, const Shape& outputShape);
    /// Time steps per column (1 unless setOutput was given a (T, K) output).
    Index steps() const { return m_steps; }

private:
    Index m_steps = 1;
};

/// The names makeLoss accepts (Keras's; "mean_squared_error" and "mean_absolute_error" are
/// also accepted for mse and mae). Drives TrainConfig's schema.
const std::vector<std::string>& lossNames();
template <typename T>
std::unique_ptr<Loss<T>> makeLoss(const std::string& name);

}  // namespace byom
