#pragma once

#include <QString>

#include "core/model/stackentry.h"
#include "ui/commands/mergeid.h"

namespace byom::ui {

class Document;

/// A ChangeValue target: the header of one stack (name, input shape, classes; never its
/// layers). `field` says in the user's words what is edited ("input shape"), and which edits
/// merge: those of the same field.
struct StackField {
    using Value = StackEntry;  // the header only: no layers
    static constexpr MergeId kMergeId = MergeId::StackField;

    int stack = 0;
    QString field;

    Value get(const Document& document) const;
    void set(Document& document, const Value& value) const;
    /// "Change input shape of spirals", "Rename stack spirals".
    QString text(const Document& document) const;
    static bool same(const Value& a, const Value& b) { return a == b; }
    bool operator==(const StackField& o) const { return stack == o.stack && field == o.field; }
};

}  // namespace byom::ui
