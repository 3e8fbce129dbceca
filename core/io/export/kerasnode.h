#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/io/export/exporttensor.h"
#include "core/schema/paramspec.h"

namespace byom {

/// One Keras layer of an exported functional graph: class, unique name, config (without the
/// common name/trainable/dtype keys, which the writers add), the layers it reads, its output
/// shape without the batch, and its weights in Keras order with their Keras names.
struct KerasNode {
    std::string className;
    std::string name;
    json config = json::object();
    std::vector<std::string> inbound;
    std::vector<Index> outShape;
    std::vector<std::pair<std::string, ExportTensor>> weights;
};

}  // namespace byom
