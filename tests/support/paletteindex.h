#pragma once

// Finding a layer kind's row in the palette, as a test that drags or double-clicks it needs.

#include <QAbstractItemModel>
#include <QString>
#include <QTreeView>

#include "ui/designer/layerpalette.h"
#include "ui/designer/palettemodel.h"

namespace byom::test {

/// The row of `kind` under its category in a palette model (or the view's model over it);
/// invalid when the palette has no such kind.
inline QModelIndex paletteIndex(const QAbstractItemModel& model, const QString& kind) {
    for (int c = 0; c < model.rowCount(); ++c) {
        const QModelIndex category = model.index(c, 0);
        for (int r = 0; r < model.rowCount(category); ++r) {
            const QModelIndex i = model.index(r, 0, category);
            if (i.data(ui::PaletteModel::KindRole).toString() == kind) return i;
        }
    }
    return {};
}

/// The row of `kind` in the palette's view (what a person clicks or drags).
inline QModelIndex paletteIndex(ui::LayerPalette* palette, const QString& kind) {
    return paletteIndex(*palette->view()->model(), kind);
}

}  // namespace byom::test
