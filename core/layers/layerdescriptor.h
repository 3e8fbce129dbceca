#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/layers/layer.h"
#include "core/layers/layerspec.h"
#include "core/schema/schema.h"

namespace byom {

/// Everything the program knows about one kind of layer: its names, category, one-line doc,
/// parameter schema and factories. The palette, property editor, validation and
/// `byom layers` are all generated from these.
struct LayerDescriptor {
    template <typename T>
    using Factory = std::function<std::unique_ptr<Layer<T>>(const LayerSpec&, const Shape&)>;

    std::string kind;         // JSON name, e.g. "conv1d"
    std::string displayName;  // e.g. "Conv1D"
    std::string category;     // palette group, e.g. "Convolution"
    std::string doc;          // one line
    Schema schema;
    bool isBlock = false;  // holds an inner stack
    std::vector<std::string> keyParams;  // shown in the stack editor's row
    Factory<float> makeFloat;
    Factory<double> makeDouble;

    template <typename T>
    std::unique_ptr<Layer<T>> make(const LayerSpec& spec, const Shape& in) const {
        if constexpr (std::is_same_v<T, float>) return makeFloat(spec, in);
        else return makeDouble(spec, in);
    }

    json toJson() const;
};

/// Fills both factories of a descriptor from a layer class template L<T>(spec, inputShape).
template <template <typename> class L>
LayerDescriptor withFactories(LayerDescriptor d) {
    d.makeFloat = [](const LayerSpec& s, const Shape& in) -> std::unique_ptr<Layer<float>> {
        return std::make_unique<L<float>>(s, in);
    };
    d.makeDouble = [](const LayerSpec& s, const Shape& in) -> std::unique_ptr<Layer<double>> {
        return std::make_unique<L<double>>(s, in);
    };
    return d;
}

}  // namespace byom
