#include "ui/commands/layerpath.h"

#include <algorithm>

namespace byom::ui {

std::vector<LayerSpec>& siblingsOf(std::vector<LayerSpec>& top, const LayerPath& path) {
    std::vector<LayerSpec>* list = &top;
    for (int i = 0; i + 1 < path.size(); ++i)
        list = &(*list)[static_cast<std::size_t>(path[i])].layers;
    return *list;
}

const LayerSpec* layerAt(const std::vector<LayerSpec>& top, const LayerPath& path) {
    const std::vector<LayerSpec>* list = &top;
    const LayerSpec* spec = nullptr;
    for (int row : path) {
        if (row < 0 || static_cast<std::size_t>(row) >= list->size()) return nullptr;
        spec = &(*list)[static_cast<std::size_t>(row)];
        list = &spec->layers;
    }
    return spec;
}

bool isAncestor(const LayerPath& ancestor, const LayerPath& path) {
    return ancestor.size() < path.size() &&
           std::equal(ancestor.begin(), ancestor.end(), path.begin());
}

QList<LayerPath> normalizedPaths(QList<LayerPath> paths) {
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    QList<LayerPath> out;
    for (const LayerPath& p : paths)
        if (!p.isEmpty() && (out.isEmpty() || !isAncestor(out.back(), p) || out.back() == p))
            out.push_back(p);
    return out;
}

LayerPath adjustedAfterRemoval(LayerPath target, const LayerPath& removed) {
    const int level = static_cast<int>(removed.size()) - 1;
    if (level < 0 || target.size() <= level) return target;
    if (!std::equal(removed.begin(), removed.begin() + level, target.begin())) return target;
    if (removed[level] < target[level]) --target[level];
    return target;
}

LayerPath adjustedAfterInsertion(LayerPath target, const LayerPath& inserted) {
    const int level = static_cast<int>(inserted.size()) - 1;
    if (level < 0 || target.size() <= level) return target;
    if (!std::equal(inserted.begin(), inserted.begin() + level, target.begin())) return target;
    if (inserted[level] <= target[level]) ++target[level];
    return target;
}

LayerPath adjustedAfterMove(LayerPath target, const LayerPath& from, const LayerPath& to) {
    if (target == from || isAncestor(from, target)) return to + target.mid(from.size());
    return adjustedAfterInsertion(adjustedAfterRemoval(std::move(target), from), to);
}

}  // namespace byom::ui
