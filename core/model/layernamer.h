#pragma once

#include <map>
#include <set>
#include <string>

#include "core/layers/layerspec.h"

namespace byom {

/// The one rule that names layers, used by the editor, the summary, every export and error
/// messages: Keras's. Walk the whole (resolved) tree in order, each block before its inner
/// layers, and number each kind across the whole model: "dense", "dense_1", "conv1d",
/// "dense_2". A block of a registered architecture counts under the architecture's name (as
/// Keras names a nested model); a layer the user labelled is called by its label and does not
/// advance the count.
class LayerNamer {
public:
    /// The name of the next layer of the walk.
    std::string next(const LayerSpec& spec);

    /// The kind a layer is counted under: its kind, or a registered architecture's name.
    static std::string baseName(const LayerSpec& spec);

private:
    std::map<std::string, int> m_counts;
    std::set<std::string> m_used;
};

}  // namespace byom
