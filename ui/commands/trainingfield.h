#pragma once

#include <QString>
#include <utility>

#include "core/train/trainconfig.h"
#include "ui/commands/mergeid.h"

namespace byom::ui {

class Document;

/// A ChangeValue target: one option of the project's training config, by its path in the
/// config's JSON ("learning_rate", "schedule.kind"). The value is the whole config, which is
/// validated as one (custom class weights need their values).
struct TrainingField {
    using Value = TrainConfig;
    static constexpr MergeId kMergeId = MergeId::TrainingField;

    /// Implicit: a path names the field.
    TrainingField(QString path) : path(std::move(path)) {}

    QString path;

    Value get(const Document& document) const;
    void set(Document& document, const Value& value) const;
    /// "Change learning rate", "Change schedule".
    QString text(const Document& document) const;
    static bool same(const Value& a, const Value& b) { return a.toJson() == b.toJson(); }
    bool operator==(const TrainingField& o) const { return path == o.path; }
};

}  // namespace byom::ui
