#include "core/train/manifest.h"

#include <cstdio>
#include <ctime>

#include "core/util/error.h"

namespace byom {

std::string fnv1aHex(const void* data, std::size_t size, std::uint64_t h) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string datasetHash(const Dataset& data) {
    std::string text = data.inputShape.toString() + (data.task == Task::Classification ? "c" : "r");
    for (const std::string& c : data.classNames) text += "|" + c;
    std::uint64_t h = std::stoull(fnv1aHex(text.data(), text.size()), nullptr, 16);
    h = std::stoull(fnv1aHex(data.x.data(), sizeof(float) * data.x.size(), h), nullptr, 16);
    return fnv1aHex(data.y.data(), sizeof(float) * data.y.size(), h);
}

std::string jsonHash(const json& j) {
    const std::string text = j.dump();  // nlohmann::json objects keep keys sorted
    return fnv1aHex(text.data(), text.size());
}

std::string isoTimestampUtc() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

json RunManifest::toJson() const {
    return {{"format", "byom-run"},
            {"version", kRunManifestVersion},
            {"byom_version", byomVersion},
            {"data", {{"spec", dataSpec}, {"hash", dataHash}}},
            {"architecture", architecture},
            {"architecture_hash", architectureHash},
            {"num_classes", numClasses ? json(*numClasses) : json(nullptr)},
            {"config", config.toJson()},
            {"seed", config.seed},
            {"started_at", startedAt},
            {"seconds", seconds},
            {"outcome", outcome},
            {"message", message},
            {"best_epoch", bestEpoch},
            {"history", history.toJson()},
            {"metrics", metrics}};
}

RunManifest RunManifest::fromJson(const json& j, const std::string& where) {
    if (!j.is_object() || j.value("format", json()) != "byom-run")
        throw Error(where + ": not a BYOM run manifest (expected \"format\": \"byom-run\")");
    RunManifest m;
    const json& data = j.value("data", json());
    if (!data.is_object() || !data.value("spec", json()).is_string())
        throw Error(where + ": data.spec: is missing (the data spec the run was trained on)");
    if (!j.value("architecture", json()).is_object())
        throw Error(where + ": architecture: is missing ({\"name\", \"params\"})");
    try {
        m.byomVersion = j.value("byom_version", "");
        m.dataSpec = data["spec"].get<std::string>();
        m.dataHash = data.value("hash", "");
        m.architecture = j["architecture"];
        m.architectureHash = j.value("architecture_hash", "");
        if (j.contains("num_classes") && j["num_classes"].is_number_integer())
            m.numClasses = j["num_classes"].get<int>();
        m.startedAt = j.value("started_at", "");
        m.seconds = j.value("seconds", 0.0);
        m.outcome = j.value("outcome", "");
        m.message = j.value("message", "");
        m.bestEpoch = j.value("best_epoch", 0);
        m.history = History::fromJson(j.value("history", json::array()), where + ".history");
        m.metrics = j.value("metrics", json::object());
    } catch (const json::exception&) {
        throw Error(where +
                    ": a field has the wrong type (byom_version, started_at, outcome and "
                    "message are strings; seconds, best_epoch numbers; history an object of "
                    "columns or a list)");
    }
    try {
        m.config = TrainConfig::fromJson(j.value("config", json::object()), "config");
    } catch (const ValidationError& e) {
        throw Error(where + ": " + e.problems().front().toString());
    }
    return m;
}

}  // namespace byom
