#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/layers/layerspec.h"

namespace byom {

/// The one walk over a stack's "architecture" blocks (a registered architecture used as a
/// layer), at any depth: the registry, the registry panel, renaming and the params export
/// all find the blocks through it.

/// The name of the architecture a block refers to ("" for any other kind of layer).
std::string referencedArchitecture(const LayerSpec& layer);

/// Calls `visit` for every "architecture" block in `layers` and in the layers they hold,
/// depth first in order.
void forEachArchitectureBlock(const std::vector<LayerSpec>& layers,
                              const std::function<void(const LayerSpec&)>& visit);
void forEachArchitectureBlock(std::vector<LayerSpec>& layers,
                              const std::function<void(LayerSpec&)>& visit);

/// Whether a block of `layers` (at any depth) uses the architecture `name`.
bool usesArchitecture(const std::vector<LayerSpec>& layers, const std::string& name);

/// Points every block using `from` at `to` instead.
void renameArchitecture(std::vector<LayerSpec>& layers, const std::string& from,
                        const std::string& to);

/// Where each block using the architecture `name` sits in `layers`: the row at each nesting
/// level, outermost first, depth first in order.
std::vector<std::vector<int>> architectureBlockPaths(const std::vector<LayerSpec>& layers,
                                                     const std::string& name);

/// `layers` (resolved: each block holds its architecture's layers, see ModelFactory::resolve)
/// with every "architecture" block replaced by the layers it holds, so that it stands alone.
std::vector<LayerSpec> inlineArchitectureBlocks(const std::vector<LayerSpec>& layers);

}  // namespace byom
