#include "core/layers/concatskip.h"

namespace byom {

template <typename T>
ConcatSkip<T>::ConcatSkip(const LayerSpec& spec, const Shape& in)
    : Layer<T>(in, in), m_inner(std::make_unique<Sequential<T>>(spec.layers, in)) {
    const Shape& inner = m_inner->outputShape();
    if (in.rank() != inner.rank() || in.rank() > 2)
        throw Error("the inner stack turns " + in.toString() + " into " + inner.toString() +
                    "; a concatenating skip needs (L, C) or (F) inputs and outputs of the same "
                    "rank");
    if (in.rank() == 2 && inner[0] != in[0])
        throw Error("the inner stack turns length " + std::to_string(in[0]) + " into " +
                    std::to_string(inner[0]) +
                    "; a concatenating skip needs the inner stack to keep the length (upsample "
                    "what it pools)");
    m_len = in.rank() == 2 ? in[0] : 1;
    m_innerC = inner.dims.back();
    m_skipC = in.dims.back();
    this->m_out = in.rank() == 2 ? Shape{m_len, m_innerC + m_skipC} : Shape{m_innerC + m_skipC};
}

template <typename T>
void ConcatSkip<T>::forward(const Mat<T>& in, Mat<T>& out, bool training) {
    m_inner->forward(in, m_innerOut, training);
    const Index c = m_innerC + m_skipC;
    out.resize(m_len * c, in.cols());
    for (Index b = 0; b < in.cols(); ++b) {
        for (Index l = 0; l < m_len; ++l) {
            out.col(b).segment(l * c, m_innerC) = m_innerOut.col(b).segment(l * m_innerC, m_innerC);
            out.col(b).segment(l * c + m_innerC, m_skipC) = in.col(b).segment(l * m_skipC, m_skipC);
        }
    }
}

template <typename T>
void ConcatSkip<T>::backward(const Mat<T>& in, const Mat<T>&, const Mat<T>& gradOut,
                             Mat<T>& gradIn) {
    const Index c = m_innerC + m_skipC;
    const Index batch = gradOut.cols();
    m_gInnerOut.resize(m_len * m_innerC, batch);
    for (Index b = 0; b < batch; ++b)
        for (Index l = 0; l < m_len; ++l)
            m_gInnerOut.col(b).segment(l * m_innerC, m_innerC) =
                gradOut.col(b).segment(l * c, m_innerC);
    const bool needIn = this->m_needInputGrad;
    m_inner->setNeedsInputGrad(needIn);
    m_inner->backward(in, m_innerOut, m_gInnerOut, m_gInner);
    if (!needIn) return;
    gradIn = m_gInner;
    for (Index b = 0; b < batch; ++b)
        for (Index l = 0; l < m_len; ++l)
            gradIn.col(b).segment(l * m_skipC, m_skipC) +=
                gradOut.col(b).segment(l * c + m_innerC, m_skipC);
}

template <typename T>
LayerDescriptor ConcatSkip<T>::describe() {
    LayerDescriptor d;
    d.kind = "concat_skip";
    d.displayName = "Concatenating skip block";
    d.category = "Blocks";
    d.doc =
        "Concatenates the output of its inner layers with the block's input along the channels "
        "(inner channels first), as a U-Net skip connection; the inner layers must keep the "
        "length.";
    d.schema = Schema{};
    d.isBlock = true;
    return withFactories<ConcatSkip>(d);
}

template class ConcatSkip<float>;
template class ConcatSkip<double>;

}  // namespace byom
