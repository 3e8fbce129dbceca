#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data/dataset.h"

namespace byom {

/// What `byom data inspect` and the data preview show: size, shape, classes with counts and
/// per-column statistics (per feature for (F) inputs, per channel for (L, C) signals).
struct DatasetSummary {
    struct Column {
        std::string name;
        double min = 0, mean = 0, max = 0;
        Index missing = 0;  // cells the loader filled (missing=mean) or dropped rows for
    };
    struct ClassCount {
        std::string name;
        Index count = 0;
    };

    std::string name;
    Task task = Task::Classification;
    Index rows = 0;
    Index features = 0;  // values per sample
    Shape inputShape;
    Index outputs = 0;
    Shape targetShape;  // (T, K) / (T, C) for targets per time step (counts are of time steps)
    Index droppedRows = 0;
    std::vector<ClassCount> classes;  // classification only
    std::vector<Column> columns;      // features, or channels of a signal
    std::vector<Column> targets;      // regression targets

    static DatasetSummary of(const Dataset& data);
    nlohmann::json toJson() const;
    /// A human-readable report, one table per section.
    std::string toText() const;
};

}  // namespace byom
