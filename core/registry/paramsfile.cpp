#include "core/registry/paramsfile.h"

#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

ParamsFile ParamsFile::read(const std::string& path) {
    return fromJson(readJsonFile(path), path);
}

ParamsFile ParamsFile::fromJson(const json& j, const std::string& path) {
    if (!j.is_object()) throw Error(path + ": expected an object {\"name\": ..., \"params\": ...}");
    const bool taskConfig = j.contains("architecture");
    const json& arch = taskConfig ? j["architecture"] : j;
    const std::string where = path + ": " + (taskConfig ? "architecture." : "");
    if (!arch.is_object() || !arch.contains("name") || !arch["name"].is_string())
        throw Error(where +
                    "name: is required (an architecture name such as \"mlp\" or \"stack\")");
    for (auto it = arch.begin(); it != arch.end(); ++it)
        if (it.key() != "name" && it.key() != "params")
            throw Error(where + it.key() +
                        ": is not a key of architecture params (use name and params)");
    ParamsFile f;
    f.name = arch["name"].get<std::string>();
    if (arch.contains("params")) {
        if (!arch["params"].is_object())
            throw Error(where + "params: must be an object, got " + arch["params"].dump());
        f.params = arch["params"];
    }
    if (taskConfig) {
        if (j.contains("num_classes") && j["num_classes"].is_number_integer())
            f.numClasses = j["num_classes"].get<int>();
        if (j.contains("frame_size") && j["frame_size"].is_number_integer())
            f.inputShape = Shape{j["frame_size"].get<Index>(), 1};
    }
    return f;
}

}  // namespace byom
