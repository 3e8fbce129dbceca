#include "core/io/projectfile.h"

#include "core/io/modelfile.h"
#include "core/registry/modelfactory.h"
#include "core/train/manifest.h"
#include "core/util/error.h"
#include "core/util/fileio.h"
#include "core/util/strings.h"

namespace byom {

namespace {

json stacksToJson(const std::vector<StackEntry>& stacks) {
    json arr = json::array();
    for (const StackEntry& s : stacks) {
        json sj = {{"name", s.name},
                   {"input_shape", s.inputShape.dims},
                   {"layers", LayerSpec::listToJson(s.layers)}};
        sj["num_classes"] = s.numClasses ? json(*s.numClasses) : json(nullptr);
        arr.push_back(sj);
    }
    return arr;
}

void stacksFromJson(const json& stacks, const std::string& key, std::vector<StackEntry>& out,
                    std::vector<Problem>& problems) {
    if (!stacks.is_array()) {
        problems.push_back({key, "must be a list"});
        return;
    }
    for (std::size_t i = 0; i < stacks.size(); ++i) {
        const std::string path = key + "[" + std::to_string(i) + "]";
        const json& s = stacks[i];
        if (!s.is_object()) {
            problems.push_back({path, "must be an object"});
            continue;
        }
        StackEntry e;
        const json& name = s.value("name", json());
        if (!name.is_string() || name.get_ref<const std::string&>().empty() ||
            name.get_ref<const std::string&>().size() > 256)
            problems.push_back(
                {path + ".name", "must be a non-empty string of at most 256 characters"});
        else
            e.name = name.get<std::string>();
        const json& shape = s.value("input_shape", json());
        bool shapeOk = shape.is_array() && !shape.empty() && shape.size() <= 2;
        for (const json& d : shapeOk ? shape : json::array())
            shapeOk = shapeOk && d.is_number_integer() && d.get<long long>() >= 1 &&
                      d.get<long long>() <= (1LL << 31);
        if (!shapeOk)
            problems.push_back({path + ".input_shape", "must be [features] or [length, channels]"});
        else
            for (const json& d : shape) e.inputShape.dims.push_back(d.get<Index>());
        const json& nc = s.value("num_classes", json());
        if (nc.is_number_integer() && nc.get<long long>() >= 1 && nc.get<long long>() <= 65536)
            e.numClasses = nc.get<int>();
        else if (!nc.is_null())
            problems.push_back({path + ".num_classes", "must be null or an integer in 1..65536"});
        LayerSpec::listFromJson(s.value("layers", json::array()), path + ".layers", e.layers,
                                problems);
        out.push_back(std::move(e));
    }
}

/// Registers the project's architectures (names, duplicates, cycles) and resolves every
/// architecture block the stacks use, reporting what does not fit.
void checkArchitectures(const Project& p, std::vector<Problem>& problems) {
    ModelFactory factory = ModelFactory::withBuiltins();
    for (std::size_t i = 0; i < p.architectures.size(); ++i) {
        try {
            factory.addStack(p.architectures[i], false, false);
        } catch (const Error& e) {
            problems.push_back({"architectures[" + std::to_string(i) + "]", e.what()});
        }
    }
    if (!problems.empty()) return;
    try {
        factory.checkAll();
    } catch (const Error& e) {
        problems.push_back({"architectures", e.what()});
        return;
    }
    for (std::size_t i = 0; i < p.stacks.size(); ++i) {
        try {
            factory.resolve(p.stacks[i].layers);
        } catch (const Error& e) {
            problems.push_back({"stacks[" + std::to_string(i) + "].layers", e.what()});
        }
    }
}

}  // namespace

json projectToJson(const Project& project) {
    json runsJson = json::array();
    for (const RunRecord& r : project.runs)
        runsJson.push_back(
            {{"name", r.name}, {"stack", r.stack}, {"manifest", r.manifest}, {"model", r.model}});
    return {{"format", "byom-project"},
            {"version", kProjectFormatVersion},
            {"stacks", stacksToJson(project.stacks)},
            {"architectures", stacksToJson(project.architectures)},
            {"data", {{"spec", project.data}, {"hash", project.dataHash}}},
            {"training", project.training.toJson()},
            {"runs", runsJson}};
}

Project projectFromJson(json j) {
    std::vector<Problem> problems;
    if (!j.is_object() || j.value("format", json()) != "byom-project")
        throw ValidationError(std::vector<Problem>{
            {"format", "not a BYOM project (expected \"format\": \"byom-project\")"}});
    const json& version = j.value("version", json());
    if (!version.is_number_integer() || version.get<long long>() < 1)
        throw ValidationError(std::vector<Problem>{{"version", "must be a positive integer"}});
    if (version.get<long long>() > kProjectFormatVersion)
        throw ValidationError(
            {{"version", "written by a newer BYOM (format version " + version.dump() +
                             "); this build opens versions up to " +
                             std::to_string(kProjectFormatVersion)}});
    for (auto it = j.begin(); it != j.end(); ++it) {
        static const std::vector<std::string> keys = {
            "format", "version", "stacks", "architectures", "data", "training", "runs"};
        if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
            std::string msg = "is not a key of a project";
            const std::string near = nearest(it.key(), keys);
            if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
            problems.push_back({it.key(), msg});
        }
    }
    Project p;
    stacksFromJson(j.value("stacks", json::array()), "stacks", p.stacks, problems);
    stacksFromJson(j.value("architectures", json::array()), "architectures", p.architectures,
                   problems);
    // Version 1 stored the data spec as a plain string; version 2 as {"spec", "hash"}.
    const json& data = j.value("data", json(""));
    if (data.is_string()) {
        p.data = data.get<std::string>();
    } else if (data.is_object() && data.value("spec", json("")).is_string() &&
               data.value("hash", json("")).is_string()) {
        p.data = data.value("spec", "");
        p.dataHash = data.value("hash", "");
    } else {
        problems.push_back({"data", "must be {\"spec\": DATA_SPEC, \"hash\": HASH}"});
    }
    // Runs hold the weights (tens of megabytes of base64): they are moved, never copied.
    json noRuns = json::array();
    const auto runsIt = j.find("runs");
    json& runs = runsIt == j.end() ? noRuns : *runsIt;
    if (!runs.is_array()) problems.push_back({"runs", "must be a list"});
    for (std::size_t i = 0; runs.is_array() && i < runs.size(); ++i) {
        const std::string path = "runs[" + std::to_string(i) + "]";
        json& r = runs[i];
        if (!r.is_object() || !r.value("name", json()).is_string() ||
            !r.value("stack", json("")).is_string() || !r.contains("manifest") ||
            !r.contains("model")) {
            problems.push_back({path, "must be {\"name\", \"stack\", \"manifest\", \"model\"}"});
            continue;
        }
        try {
            const RunManifest manifest = RunManifest::fromJson(r["manifest"], path + ".manifest");
            modelFromJson(r["model"], path + ".model");
            // Versions 1 and 2 kept the history as a list of per-epoch objects: now columns.
            if (r["manifest"].value("history", json()).is_array()) {
                r["manifest"]["history"] = manifest.history.toJson();
                r["manifest"]["version"] = kRunManifestVersion;
            }
        } catch (const std::exception& e) {
            problems.push_back({"", e.what()});  // the message starts with the run's path
            continue;
        }
        p.runs.push_back({r["name"].get<std::string>(), r.value("stack", ""),
                          std::move(r["manifest"]), std::move(r["model"])});
    }
    try {
        p.training = TrainConfig::fromJson(j.value("training", json::object()), "training");
    } catch (const ValidationError& e) {
        problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
    if (problems.empty()) checkArchitectures(p, problems);
    if (!problems.empty()) throw ValidationError(std::move(problems));
    return p;
}

Project loadProject(const std::string& path) {
    try {
        return projectFromJson(readJsonFile(path));
    } catch (const Error&) {
        rethrowNamingFile(path);
    }
}

void saveProject(const std::string& path, const Project& project) {
    std::string text = dumpJson(projectToJson(project), 2);
    text += '\n';
    writeFileAtomic(path, text);
}

}  // namespace byom
