#include "core/graph/arenaplanner.h"

#include <algorithm>
#include <numeric>

namespace byom {

ArenaPlanner::ArenaPlanner(std::vector<Buffer> buffers)
    : m_buffers(std::move(buffers)), m_offsets(m_buffers.size(), 0) {
    std::vector<std::size_t> order(m_buffers.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Largest first; ties by first use, so the plan does not depend on the sort's whims.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return m_buffers[a].size > m_buffers[b].size;
    });
    std::vector<std::size_t> placed;
    for (const std::size_t i : order) {
        const Buffer& b = m_buffers[i];
        m_naive += b.size;
        // The placed buffers alive at the same time, by offset: take the first gap that fits.
        std::vector<std::size_t> live;
        for (const std::size_t j : placed)
            if (m_buffers[j].first <= b.last && b.first <= m_buffers[j].last) live.push_back(j);
        std::sort(live.begin(), live.end(),
                  [&](std::size_t x, std::size_t y) { return m_offsets[x] < m_offsets[y]; });
        Index offset = 0;
        for (const std::size_t j : live) {
            if (m_offsets[j] >= offset + b.size) break;
            offset = std::max(offset, m_offsets[j] + m_buffers[j].size);
        }
        m_offsets[i] = offset;
        m_planned = std::max(m_planned, offset + b.size);
        placed.push_back(i);
    }
}

}  // namespace byom
