#include "core/train/history.h"

#include <cstdio>

namespace byom {

namespace {

std::string field(double v) {
    if (std::isnan(v)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

json jsonNumber(double v) { return std::isnan(v) ? json(nullptr) : json(v); }
double fromJsonNumber(const json& j) { return j.is_number() ? j.get<double>() : NAN; }

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
    json arr = json::array();
    for (const EpochRecord& r : epochs)
        arr.push_back({{"epoch", r.epoch},
                       {"loss", jsonNumber(r.loss)},
                       {"accuracy", jsonNumber(r.accuracy)},
                       {"val_loss", jsonNumber(r.valLoss)},
                       {"val_accuracy", jsonNumber(r.valAccuracy)},
                       {"learning_rate", jsonNumber(r.learningRate)},
                       {"seconds", r.seconds}});
    return arr;
}

History History::fromJson(const json& j) {
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
