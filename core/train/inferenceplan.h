#pragma once

#include <memory>
#include <vector>

#include "core/model/model.h"

namespace byom {

/// A model compiled for fast inference, as `byom predict` runs it. The plan works on private
/// copies of the model (one per thread), never on the stored model: BatchNorm is folded into
/// the conv or dense before it and inference-mode Dropout is dropped (Model::prepareInference),
/// a big batch runs in chunks of samples small enough that each layer's output stays in the
/// core's L2 cache, the layers' buffers are reused from call to call, and with several threads
/// (ThreadCount) the chunks run in parallel, each thread on its own copy.
///
/// Outputs equal the model's forward pass in inference mode up to float rounding (the folded
/// weights are rounded once more; about 1e-7 relative): the same for a sample whatever the
/// batch it comes in, and with one thread the same from run to run.
class InferencePlan {
public:
    /// `threads`: the most chunks run at once (ThreadCount::get() by default); `chunk`: the
    /// most samples per chunk (cacheChunk(model) by default).
    explicit InferencePlan(const Model<float>& model, int threads = 0, Index chunk = 0);

    /// The outputs (after the output activation) for x (inputs x N): (outputs x N) in `out`.
    /// Throws Error when x does not have the model's input size.
    void run(const Mat<float>& x, Mat<float>& out);
    Mat<float> run(const Mat<float>& x);

    /// The most samples per chunk of a big batch.
    Index chunk() const { return m_chunk; }
    int threads() const { return static_cast<int>(m_workers.size()); }
    /// The rewritten copy the plan runs (layer counts after folding).
    const Model<float>& model() const { return *m_workers.front(); }

    /// Samples whose activations (outputs and the layers' scratch) fit one core's L2 cache
    /// when `model` runs them as one batch; at least 1, at most 256 (a prepared model gives
    /// the activations it keeps).
    static Index cacheChunk(const Model<float>& model);

private:
    std::vector<std::unique_ptr<Model<float>>> m_workers;
    std::vector<Mat<float>> m_parts;
    Index m_inputs = 0;
    Index m_outputs = 0;
    Index m_chunk = 1;
};

}  // namespace byom
