#include "core/io/export/exportlayer.h"

#include "core/util/error.h"

namespace byom {

const ExportTensor& ExportLayer::tensor(const std::string& key) const {
    const auto it = tensors.find(key);
    if (it == tensors.end())
        throw Error(describe() + ": the model holds no tensor \"" + key +
                    "\" for this layer (export from a trained model file)");
    return it->second;
}

std::string ExportLayer::describe() const {
    return path + " (" + spec.kind + " \"" + name + "\")";
}

}  // namespace byom
