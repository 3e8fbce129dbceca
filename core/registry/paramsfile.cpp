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
        // HKTaskParams.num_classes defaults to 1 (the denoise configs leave it out; their task
        // passes 1 to the builder in any case).
        f.numClasses = 1;
        if (j.contains("num_classes")) {
            if (!j["num_classes"].is_number_integer() || j["num_classes"].get<long long>() < 1)
                throw Error(path + ": num_classes: must be a positive integer, got " +
                            j["num_classes"].dump());
            f.numClasses = j["num_classes"].get<int>();
        }
        // HKTaskParams.frame_size defaults to 1250; every task builds on Input((frame_size, 1)).
        f.inputShape = Shape{1250, 1};
        if (j.contains("frame_size")) {
            if (!j["frame_size"].is_number_integer() || j["frame_size"].get<long long>() < 1)
                throw Error(path + ": frame_size: must be a positive integer, got " +
                            j["frame_size"].dump());
            f.inputShape = Shape{j["frame_size"].get<Index>(), 1};
        }
    }
    return f;
}

}  // namespace byom
