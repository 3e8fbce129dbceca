#pragma once

#include <string>
#include <vector>

#include "core/graph/arenaplanner.h"
#include "core/layers/activation.h"
#include "core/util/tensor.h"

namespace byom {

/// A model lowered to the C library's kernels: tensors (float buffers) and the kernel calls
/// that fill them, in order. Tensor 0 is the caller's input; flatten, reshape and dropout
/// add no call (their output is their input's buffer).
class CGraph {
public:
    struct Tensor {
        Index size = 0;
        Index channels = 1;   // the last axis (softmax groups, per-channel affine)
        int producer = -1;    // the op writing it; -1: the caller's input
        bool pinned = false;  // read again later (a skip connection): never rewritten
    };
    /// One kernel call: out = kernel(inputs, weights, ints, floats) then the activation.
    /// The arguments are passed in that order; an empty weight is a null pointer.
    struct Op {
        std::string kernel;
        std::vector<int> inputs;
        int output = -1;
        std::vector<std::vector<float>> weights;
        std::vector<Index> ints;
        std::vector<float> floats;
        bool hasActivation = false;
        Act act = Act::Linear;
        float alpha = 0.0f;
        std::string layer;  // the layer it computes, for comments and errors
        /// The model's layer it belongs to (LayerNamer's name) and its kind; empty for the
        /// input normalisation and the regression target scaling, which belong to no layer.
        std::string layerName;
        std::string layerKind;
        long long work = 0;  // inner-loop steps (multiply-adds for the products)
        long long macs = 0;  // multiply-adds
    };

    explicit CGraph(Index inputSize, Index inputChannels);

    const std::vector<Tensor>& tensors() const { return m_tensors; }
    const std::vector<Op>& ops() const { return m_ops; }
    int output() const { return m_output; }
    void setOutput(int tensor) { m_output = tensor; }
    void pin(int tensor) { m_tensors[static_cast<std::size_t>(tensor)].pinned = true; }

    /// Appends `op` writing a new tensor of `size` values (`channels` on the last axis);
    /// returns that tensor.
    int add(Op op, Index size, Index channels);
    /// y = x * scale[c] + shift[c] per channel of the last axis: folded into the op that
    /// wrote x when that op is linear and x is read nowhere else (BatchNorm after a Dense or
    /// a convolution, or right after the input normalisation), else a kernel call of its own.
    int affine(int x, std::vector<double> scale, std::vector<double> shift,
               const std::string& layer, bool mayFold = true);

    /// Gives the ops from `firstOp` on that belong to no layer yet to the layer `name` of
    /// `kind` (a block's inner layers claim theirs first; the block keeps the rest).
    void attribute(std::size_t firstOp, const std::string& name, const std::string& kind);

    /// Multiply-adds of the whole inference.
    long long macs() const;
    /// Bytes of the constant weight arrays.
    long long weightBytes() const;
    /// The arena: every tensor but the input (tensor t is buffer t - 1), alive from the op
    /// writing it to the last op reading it (the output: to the copy after the last op).
    ArenaPlanner planArena() const;

private:
    bool foldable(int tensor) const;
    void fold(Op& op, const std::vector<double>& scale, const std::vector<double>& shift);

    std::vector<Tensor> m_tensors;
    std::vector<Op> m_ops;
    std::vector<int> m_reads;  // per tensor: ops reading it so far
    int m_output = 0;
};

}  // namespace byom
