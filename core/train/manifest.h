#pragma once

#include <cstdint>
#include <string>

#include "core/data/dataset.h"
#include "core/schema/paramspec.h"
#include "core/train/history.h"
#include "core/train/trainconfig.h"

namespace byom {

/// Version 2 keeps the history as columns (History::toJson); version 1's list of per-epoch
/// objects is still read.
inline constexpr int kRunManifestVersion = 2;

/// Everything needed to reproduce a training run and to check a re-run against it: what was
/// trained (architecture, its hash), on what (data spec, content hash), how (config, seed),
/// by which build, and what came out (history, final metrics, timings).
struct RunManifest {
    std::string byomVersion;
    std::string dataSpec;
    std::string dataHash;          // of the samples and targets as loaded (before the split)
    json architecture;             // {"name", "params"}
    std::string architectureHash;  // of the architecture JSON, keys sorted
    std::optional<int> numClasses;
    TrainConfig config;
    std::string startedAt;  // ISO 8601, UTC
    double seconds = 0.0;
    std::string outcome;  // completed, stopped, early_stopped
    std::string message;
    int bestEpoch = 0;
    History history;
    json metrics = json::object();

    json toJson() const;
    static RunManifest fromJson(const json& j, const std::string& where);
};

/// 64-bit FNV-1a over bytes, printed as 16 hex digits.
std::string fnv1aHex(const void* data, std::size_t size,
                     std::uint64_t seed = 0xcbf29ce484222325ULL);
/// Hash of a data set's shape, samples, targets and class names.
std::string datasetHash(const Dataset& data);
/// Hash of a JSON value in its canonical (sorted-key, compact) form.
std::string jsonHash(const json& j);
/// The current time as an ISO 8601 UTC string.
std::string isoTimestampUtc();

}  // namespace byom
