#include "core/layers/layercatalog.h"

#include <algorithm>

#include "core/layers/activationlayer.h"
#include "core/layers/avgpool1d.h"
#include "core/layers/batchnorm.h"
#include "core/layers/branchsum.h"
#include "core/layers/concatskip.h"
#include "core/layers/conv1d.h"
#include "core/layers/dense.h"
#include "core/layers/depthwiseconv1d.h"
#include "core/layers/dropout.h"
#include "core/layers/flatten.h"
#include "core/layers/globalavgpool1d.h"
#include "core/layers/globalmaxpool1d.h"
#include "core/layers/layernorm.h"
#include "core/layers/maxpool1d.h"
#include "core/layers/reshape.h"
#include "core/layers/residual.h"
#include "core/layers/separableconv1d.h"
#include "core/layers/sequential.h"
#include "core/layers/squeezeexcite.h"
#include "core/layers/upsampling1d.h"
#include "core/util/strings.h"

namespace byom {

LayerCatalog::LayerCatalog() {
    // Palette order: the order users reach for layers in.
    m_layers = {
        Dense<float>::describe(),
        Conv1D<float>::describe(),
        DepthwiseConv1D<float>::describe(),
        SeparableConv1D<float>::describe(),
        ActivationLayer<float>::describe(),
        MaxPool1D<float>::describe(),
        AvgPool1D<float>::describe(),
        GlobalAvgPool1D<float>::describe(),
        GlobalMaxPool1D<float>::describe(),
        BatchNorm<float>::describe(),
        LayerNorm<float>::describe(),
        Dropout<float>::describe(),
        Flatten<float>::describe(),
        Reshape<float>::describe(),
        UpSampling1D<float>::describe(),
        // Category "Blocks".
        Residual<float>::describe(),
        ConcatSkip<float>::describe(),
        BranchSum<float>::describe(),
        SqueezeExcite<float>::describe(),
        Sequential<float>::describeArchitectureBlock(),
    };
}

const LayerCatalog& LayerCatalog::instance() {
    static const LayerCatalog catalog;
    return catalog;
}

const LayerDescriptor* LayerCatalog::find(const std::string& kind) const {
    for (const LayerDescriptor& d : m_layers)
        if (d.kind == kind) return &d;
    return nullptr;
}

const LayerDescriptor& LayerCatalog::get(const std::string& kind) const {
    if (const LayerDescriptor* d = find(kind)) return *d;
    std::string msg = "unknown layer kind \"" + kind + "\"";
    const std::string near = nearest(kind, kinds());
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw Error(msg);
}

std::vector<std::string> LayerCatalog::kinds() const {
    std::vector<std::string> k;
    for (const LayerDescriptor& d : m_layers) k.push_back(d.kind);
    return k;
}

std::vector<std::string> LayerCatalog::categories() const {
    std::vector<std::string> c;
    for (const LayerDescriptor& d : m_layers)
        if (std::find(c.begin(), c.end(), d.category) == c.end()) c.push_back(d.category);
    return c;
}

json LayerCatalog::toJson() const {
    json arr = json::array();
    for (const LayerDescriptor& d : m_layers) arr.push_back(d.toJson());
    return arr;
}

}  // namespace byom
