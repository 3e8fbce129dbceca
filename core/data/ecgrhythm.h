#pragma once

#include "core/data/dataset.h"
#include "core/data/synthetic.h"

namespace byom {

/// Synthetic single-lead ECG frames at 100 Hz, shape (length, 1), in up to 4 rhythm classes:
/// 0 normal sinus (60-100 bpm), 1 bradycardia (35-55 bpm), 2 tachycardia (105-170 bpm),
/// 3 atrial fibrillation (irregularly irregular R-R intervals, no P waves, fibrillatory
/// f-waves). `classes` (2-4) keeps the first rhythms. Each beat is McSharry et al.'s (2003)
/// sum-of-Gaussians PQRST model in phase, with their heart-rate scaling of wave widths and
/// positions; sinus rhythms get heart-rate variability (respiratory and Mayer-wave modulation),
/// and every frame gets baseline wander and white noise scaled by `noise` (in mV).
Dataset makeEcgRhythm(const SyntheticOptions& opt);

}  // namespace byom
