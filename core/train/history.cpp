#include "core/train/history.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "core/util/base64.h"
#include "core/util/error.h"

namespace byom {

namespace {

std::string field(double v) {
    if (std::isnan(v)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

double fromJsonNumber(const json& j) {
    return j.is_number() ? j.get<double>() : NAN;
}

/// The metric columns of the JSON form, in the order they are written.
struct Column {
    const char* key;
    double EpochRecord::*member;
};
constexpr Column kColumns[] = {{"loss", &EpochRecord::loss},
                               {"accuracy", &EpochRecord::accuracy},
                               {"val_loss", &EpochRecord::valLoss},
                               {"val_accuracy", &EpochRecord::valAccuracy},
                               {"learning_rate", &EpochRecord::learningRate},
                               {"seconds", &EpochRecord::seconds}};

/// The same value for the column: both missing (NaN), or the same bits (so -0 stays -0).
bool sameValue(double a, double b) {
    return std::isnan(a) ? std::isnan(b) : std::memcmp(&a, &b, sizeof a) == 0;
}

json columnToJson(const std::vector<EpochRecord>& epochs, double EpochRecord::*member) {
    const double first = epochs.empty() ? NAN : epochs.front().*member;
    bool same = !std::isinf(first);  // JSON has no infinity: such columns go as bits
    for (const EpochRecord& r : epochs) same = same && sameValue(r.*member, first);
    if (same) return std::isnan(first) ? json(nullptr) : json(first);
    std::vector<double> values;
    values.reserve(epochs.size());
    for (const EpochRecord& r : epochs) values.push_back(r.*member);
    return {{"dtype", "float64"},
            {"data", base64Encode(values.data(), values.size() * sizeof(double))}};
}

/// A column of `n` values of `dtype` as base64 decoded into `out`; false when it is not one.
bool decodeColumn(const json& column, const char* dtype, void* out, std::size_t bytes) {
    if (!column.is_object() || column.value("dtype", json()) != dtype) return false;
    const auto data = column.find("data");
    return data != column.end() && data->is_string() &&
           base64DecodeTo(data->get_ref<const std::string&>(), out, bytes);
}

History historyFromColumns(const json& j, const std::string& where) {
    const json& count = j.value("epochs", json());
    if (!count.is_number_integer() || count.get<long long>() < 0 ||
        count.get<long long>() > kMaxHistoryEpochs)
        throw Error(where + ".epochs: must be the number of epochs, an integer in 0.." +
                    std::to_string(kMaxHistoryEpochs));
    const auto n = static_cast<std::size_t>(count.get<long long>());
    History h;
    h.epochs.resize(n);
    std::vector<std::int32_t> epochNumbers(n);
    if (j.contains("epoch")) {
        if (!decodeColumn(j["epoch"], "int32", epochNumbers.data(), n * sizeof(std::int32_t)))
            throw Error(where + ".epoch: must be {\"dtype\": \"int32\", \"data\": BASE64} of " +
                        std::to_string(n) + " values");
    } else {
        for (std::size_t i = 0; i < n; ++i) epochNumbers[i] = static_cast<std::int32_t>(i + 1);
    }
    for (std::size_t i = 0; i < n; ++i) h.epochs[i].epoch = epochNumbers[i];
    std::vector<double> values(n);
    for (const Column& c : kColumns) {
        // A history without its wall times (none were written before them) has 0 s epochs.
        const json& column = j.value(c.key, c.member == &EpochRecord::seconds ? json(0.0) : json());
        if (column.is_number() || column.is_null())
            std::fill(values.begin(), values.end(), fromJsonNumber(column));
        else if (!decodeColumn(column, "float64", values.data(), n * sizeof(double)))
            throw Error(where + "." + c.key +
                        ": must be null, a number or {\"dtype\": \"float64\", \"data\": BASE64} "
                        "of " +
                        std::to_string(n) + " values");
        for (std::size_t i = 0; i < n; ++i) h.epochs[i].*c.member = values[i];
    }
    return h;
}

}  // namespace

std::string History::toCsv() const {
    std::string csv = "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds\n";
    for (const EpochRecord& r : epochs)
        csv += std::to_string(r.epoch) + "," + field(r.loss) + "," + field(r.accuracy) + "," +
               field(r.valLoss) + "," + field(r.valAccuracy) + "," + field(r.learningRate) + "," +
               field(r.seconds) + "\n";
    return csv;
}

json History::toJson() const {
    json j = {{"epochs", epochs.size()}};
    for (const Column& c : kColumns) j[c.key] = columnToJson(epochs, c.member);
    bool numbered = true;  // 1..N, as every run counts them
    for (std::size_t i = 0; i < epochs.size(); ++i)
        numbered = numbered && epochs[i].epoch == static_cast<int>(i + 1);
    if (!numbered) {
        std::vector<std::int32_t> numbers;
        for (const EpochRecord& r : epochs) numbers.push_back(r.epoch);
        j["epoch"] = {
            {"dtype", "int32"},
            {"data", base64Encode(numbers.data(), numbers.size() * sizeof(std::int32_t))}};
    }
    return j;
}

History History::fromJson(const json& j, const std::string& where) {
    if (j.is_object()) return historyFromColumns(j, where);
    if (!j.is_array())
        throw Error(where + ": must be an object of columns ({\"epochs\": N, \"loss\": ...})");
    // Files written before the columns: a list of {"epoch", "loss", ...} objects.
    History h;
    for (const json& e : j) {
        EpochRecord r;
        r.epoch = e.value("epoch", 0);
        r.loss = fromJsonNumber(e.value("loss", json()));
        r.accuracy = fromJsonNumber(e.value("accuracy", json()));
        r.valLoss = fromJsonNumber(e.value("val_loss", json()));
        r.valAccuracy = fromJsonNumber(e.value("val_accuracy", json()));
        r.learningRate = fromJsonNumber(e.value("learning_rate", json()));
        r.seconds = e.value("seconds", 0.0);
        h.epochs.push_back(r);
    }
    return h;
}

}  // namespace byom
