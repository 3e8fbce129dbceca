#pragma once

#include <cmath>

#include <atomic>

#include "core/train/history.h"

namespace byom {

/// Progress within an epoch.
struct BatchEvent {
    int epoch = 0;  // 1-based
    int epochs = 0;
    int batch = 0;  // 1-based
    int batches = 0;
    double loss = 0.0;      // running mean over the epoch so far
    double accuracy = NAN;  // running accuracy over the epoch so far (classification)
};

/// Receives a trainer's events; the CLI prints them, the GUI forwards them as queued signals.
/// Called on the training thread.
class TrainObserver {
public:
    virtual ~TrainObserver() = default;
    virtual void onBatchEnd(const BatchEvent&) {}
    virtual void onEpochEnd(const EpochRecord&, int /*epochs*/) {}
    /// The trainer has stopped after a batch to wait for resume (called once per pause).
    virtual void onPause(const BatchEvent&) {}
};

/// Requests from another thread, checked by the trainer after every batch.
struct TrainControl {
    std::atomic<bool> stop{false};
    std::atomic<bool> pause{false};
};

}  // namespace byom
