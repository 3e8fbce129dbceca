#pragma once

#include <chrono>
#include <ostream>

#include "core/train/trainobserver.h"

namespace byom {

/// Prints training progress: a redrawn bar with epoch, batch, loss and ETA on a terminal,
/// or one line per epoch when the stream is not a terminal (logs, CI).
class ProgressPrinter : public TrainObserver {
public:
    ProgressPrinter(std::ostream& out, bool terminal);

    void onBatchEnd(const BatchEvent& e) override;
    void onEpochEnd(const EpochRecord& r, int epochs) override;

private:
    std::ostream& m_out;
    bool m_terminal;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
};

}  // namespace byom
