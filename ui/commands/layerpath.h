#pragma once

#include <QList>
#include <vector>

#include "core/layers/layerspec.h"

namespace byom::ui {

/// Where a layer sits in a stack: the row at each nesting level, outermost first ({2, 0} is
/// the first inner layer of the third layer). Paths are compared lexicographically, which is
/// the order rows appear in the tree.
using LayerPath = QList<int>;

/// The list holding the layer at `path` (the stack's or a block's inner list).
std::vector<LayerSpec>& siblingsOf(std::vector<LayerSpec>& top, const LayerPath& path);
const LayerSpec* layerAt(const std::vector<LayerSpec>& top, const LayerPath& path);
/// True when `ancestor` is a proper prefix of `path`.
bool isAncestor(const LayerPath& ancestor, const LayerPath& path);
/// Sorted, without duplicates and without paths inside another path of the list.
QList<LayerPath> normalizedPaths(QList<LayerPath> paths);
/// `target` as it reads after the layer at `removed` is taken out (both in the same stack).
LayerPath adjustedAfterRemoval(LayerPath target, const LayerPath& removed);
/// `target` as it reads after a layer is inserted at `inserted` (and so the inverse of
/// adjustedAfterRemoval for a path that was not the removed one).
LayerPath adjustedAfterInsertion(LayerPath target, const LayerPath& inserted);
/// `target` as it reads after the layer at `from` moved to `to` (its path after the move): a
/// path in the moved layer moves with it.
LayerPath adjustedAfterMove(LayerPath target, const LayerPath& from, const LayerPath& to);

}  // namespace byom::ui
