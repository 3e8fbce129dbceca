#pragma once

#include <vector>

#include "core/util/tensor.h"

namespace byom {

/// Places tensors in one arena so that tensors never live at the same time share memory: a
/// greedy first-fit over lifetimes, largest tensor first (the planner TFLite Micro uses).
/// Sizes and offsets are in elements.
class ArenaPlanner {
public:
    /// A tensor written by step `first` and last read by step `last` (inclusive).
    struct Buffer {
        Index size = 0;
        int first = 0;
        int last = 0;
    };

    /// Plans `buffers`; offsets() gives each one's place, in the same order.
    explicit ArenaPlanner(std::vector<Buffer> buffers);

    const std::vector<Index>& offsets() const { return m_offsets; }
    /// The arena's size: the end of the highest placed buffer.
    Index planned() const { return m_planned; }
    /// Every buffer in its own memory (what a planner saves is naive() - planned()).
    Index naive() const { return m_naive; }

private:
    std::vector<Buffer> m_buffers;
    std::vector<Index> m_offsets;
    Index m_planned = 0;
    Index m_naive = 0;
};

}  // namespace byom
