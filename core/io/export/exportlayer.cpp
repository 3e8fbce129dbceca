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

std::vector<std::vector<ExportLayer>> ExportLayer::copies() const {
    if (kind() != "branch_sum") return {children};
    const std::size_t n = param("branches").get<std::size_t>(), k = children.size() / n;
    std::vector<std::vector<ExportLayer>> out;
    for (std::size_t i = 0; i < n; ++i)
        out.emplace_back(children.begin() + static_cast<std::ptrdiff_t>(i * k),
                         children.begin() + static_cast<std::ptrdiff_t>((i + 1) * k));
    return out;
}

std::string ExportLayer::describe() const {
    return path + " (" + spec.kind + " \"" + name + "\")";
}

}  // namespace byom
