// The frames the app's Frames panel shows for a run with outputs per time step: the run's
// validation split normalised as it trained, and one frame's prediction equal to what the
// model outputs for it (argmax per step for a segmenter, values and SNRs for a denoiser).

#include <QtTest>

#include "core/data/ecgdenoise.h"
#include "core/data/ecgsegmentation.h"
#include "core/data/normalizer.h"
#include "core/train/evaluation.h"
#include "core/train/metrics.h"
#include "core/train/runframes.h"
#include "core/util/error.h"
#include "support/smalltcn.h"

using namespace byom;

namespace {

/// A per-time-step model, (128, 1) in, (128, outputs) out, with random weights, and input
/// normalisation fitted on `data`.
TrainedModel tcnModel(const Dataset& data, int outputs) {
    TrainedModel t;
    t.model = smallTcn(128, outputs, {2}, 4, outputs == 1);
    t.task = data.task;
    t.classNames = data.classNames;
    t.normalization = Normalizer::fit(data, Normalizer::Method::Standard).toJson();
    return t;
}

RunManifest manifestFor(const std::string& spec) {
    RunManifest m;
    m.dataSpec = spec;
    m.config.valSplit = 0.25;
    m.config.seed = 9;
    return m;
}

}  // namespace

class TestRunFrames : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void segmenterFrames() {
        SyntheticOptions opt;
        opt.n = 40;
        opt.length = 128;
        const Dataset data = makeEcgSegmentation(opt);
        const TrainedModel model = tcnModel(data, 4);
        const RunManifest manifest = manifestFor("spec");
        // Other data than the run's, or data without targets per time step: no frames.
        QVERIFY(!runFrames(manifest, model, data, "other spec"));
        QVERIFY(!runFrames(manifest, model, makeSpirals({40, 3, 0.1, 1}), "spec"));
        const std::optional<RunFrames> frames = runFrames(manifest, model, data, "spec");
        QVERIFY(frames);
        QVERIFY(frames->validation);
        const Dataset validation = splitDataset(data, 0.25, 9).second;
        QCOMPARE(frames->shown.size(), validation.size());
        QVERIFY(frames->shown.x == validation.x);
        Mat<float> inputs = validation.x;
        Normalizer::fromJson(model.normalization).apply(inputs);
        QVERIFY(frames->inputs == inputs);
        const std::vector<int> all = argmaxSteps(predictAll(*model.model, inputs), 4);
        for (Index i : {Index(0), validation.size() - 1}) {
            const FramePrediction p = predictFrame(model, *frames, i);
            QCOMPARE(p.input.size(), std::size_t(128));
            QCOMPARE(p.input[5], validation.x(5, i));
            const auto first = std::ptrdiff_t(i * 128);
            QVERIFY(std::equal(p.predicted.begin(), p.predicted.end(), all.begin() + first));
            QVERIFY(std::equal(p.truth.begin(), p.truth.end(), validation.labels.begin() + first));
            Index right = 0;
            for (std::size_t s = 0; s < 128; ++s) right += p.truth[s] == p.predicted[s];
            QCOMPARE(p.accuracy, double(right) / 128.0);
            QVERIFY(p.target.empty() && !p.denoiser);
        }
        QVERIFY_THROWS_EXCEPTION(Error, predictFrame(model, *frames, validation.size()));
    }

    void denoiserFrames() {
        SyntheticOptions opt;
        opt.n = 20;
        opt.length = 128;
        opt.noise = 0.2;
        const Dataset data = makeEcgDenoise(opt);
        TrainedModel model = tcnModel(data, 1);
        // Targets standardised: the frame's outputs come back in the target's units.
        const Normalizer targets = Normalizer::fitTargets(data, Shape{128, 1});
        model.targetNormalization = targets.toJson();
        const std::optional<RunFrames> frames = runFrames(manifestFor("d"), model, data, "d");
        QVERIFY(frames);
        const FramePrediction p = predictFrame(model, *frames, 2);
        QVERIFY(p.denoiser);
        Mat<float> out = predictAll(*model.model, frames->inputs.col(2));
        targets.invert(out);
        QCOMPARE(p.output.size(), std::size_t(128));
        for (Index t = 0; t < 128; ++t) {
            QCOMPARE(p.output[std::size_t(t)], out(t, 0));
            QCOMPARE(p.target[std::size_t(t)], frames->shown.y(t, 2));
        }
        const DenoiseMetrics d =
            denoiseMetrics(frames->shown.x.col(2), out, frames->shown.y.col(2));
        QCOMPARE(p.snrInDb, d.snrInDb);
        QCOMPARE(p.snrOutDb, d.snrOutDb);
    }
};

QTEST_MAIN(TestRunFrames)
#include "tst_runframes.moc"
