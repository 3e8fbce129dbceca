#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "core/schema/paramspec.h"

namespace byom {

/// Metrics at the end of one epoch. Validation values are NaN when there is no validation set;
/// accuracy is NaN for regression.
struct EpochRecord {
    int epoch = 0;  // 1-based
    double loss = NAN;
    double accuracy = NAN;
    double valLoss = NAN;
    double valAccuracy = NAN;
    double learningRate = NAN;
    double seconds = 0.0;  // wall time of the epoch
};

/// Most epochs a history read from a file may hold (a training config allows 100,000).
inline constexpr long long kMaxHistoryEpochs = 1000000;

/// The per-epoch record of a run.
struct History {
    std::vector<EpochRecord> epochs;

    std::string toCsv() const;
    /// One column per metric: {"epochs": N, "loss": COLUMN, ...}, where a column is null (no
    /// value at any epoch), a number (the same at every epoch) or {"dtype": "float64", "data":
    /// BASE64} (N little-endian doubles, NaN where there is no value). "epoch" is written only
    /// when the epochs are not 1..N, as {"dtype": "int32", "data": BASE64}. A 100,000-epoch
    /// history is about 5 MB instead of the 29 MB of an object per epoch, and reads back bit
    /// for bit.
    json toJson() const;
    /// Reads the columns of toJson() or the list of per-epoch objects older files hold
    /// ([{"epoch", "loss", ...}, ...]). Throws Error naming `where` and the column when a
    /// column is damaged.
    static History fromJson(const json& j, const std::string& where = "history");
};

}  // namespace byom
