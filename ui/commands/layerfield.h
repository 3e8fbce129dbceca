#pragma once

#include <QString>
#include <optional>
#include <string>

#include "ui/commands/layerpath.h"
#include "ui/commands/mergeid.h"

namespace byom::ui {

class Document;

/// A ChangeValue target: one field of one layer, its "label" or a parameter (a parameter that
/// is not set reads as nullopt).
struct LayerField {
    using Value = std::optional<json>;
    static constexpr MergeId kMergeId = MergeId::LayerField;

    int stack = 0;
    LayerPath path;
    std::string key;

    Value get(const Document& document) const;
    void set(Document& document, const Value& value) const;
    /// "Change units of dense_1", "Rename dense_1": the layer by its name in the stack.
    QString text(const Document& document) const;
    static bool same(const Value& a, const Value& b) { return a == b; }
    bool operator==(const LayerField& o) const {
        return stack == o.stack && path == o.path && key == o.key;
    }
};

}  // namespace byom::ui
