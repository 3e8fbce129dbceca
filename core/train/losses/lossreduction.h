#pragma once

#include "core/util/tensor.h"

namespace byom {

/// The reduction every loss shares, Keras's "sum_over_batch_size": the loss of a batch is
/// (1/B) * sum_j w_j * l_j, where l_j is sample j's loss (for element-wise losses, the mean
/// over its k outputs) and w_j its weight (1 when no weights are given). Zero weights count
/// in B, as in Keras, so class weights scale the loss without renormalising it.
template <typename T>
inline T sampleWeight(const Vec<T>* weights, Index j) {
    return weights ? (*weights)(j) : T(1);
}

/// Throws an Error unless `weights` is null or holds one weight per column of `target`.
template <typename T>
void checkWeights(const Vec<T>* weights, const Mat<T>& target);

/// The softmax losses also take a weight per time step of a (T, K) output: `weights` of
/// (B * steps), sample j's steps at [j * steps, (j + 1) * steps) (class weights of targets
/// per time step). Throws an Error unless `weights` is null, (B) or (B * steps).
template <typename T>
void checkStepWeights(const Vec<T>* weights, const Mat<T>& target, Index steps);

/// The weight of time step s of sample j among `samples`: its sample's when `weights` holds
/// one per sample, its own when one per time step, 1 when there are none.
template <typename T>
inline T stepWeight(const Vec<T>* weights, Index samples, Index steps, Index j, Index s) {
    if (!weights) return T(1);
    return weights->size() == samples ? (*weights)(j) : (*weights)(j * steps + s);
}

}  // namespace byom
