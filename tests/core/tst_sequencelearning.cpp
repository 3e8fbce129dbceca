// Learning with outputs that keep the time axis, checked with fixed seeds through the same
// TrainingJob that `byom train` and the GUI use: HeartKit's small segmentation tcn
// (configs/seg-4-tcn-sm.json) labels every time step of ecg-segmentation frames, and its small
// denoising tcn (configs/den-tcn-sm.json, num_classes 1) cleans ecg-denoise frames.
// Sanitizer builds run the same code on a fraction of the work and check that it learns.

#include <QtTest>

#include "core/train/trainingjob.h"
#include "core/util/error.h"
#include "support/sanitizers.h"

using namespace byom;

namespace {

constexpr bool kShort = builtWithSanitizers();

/// HeartKit's tcn params of the shipped configs, as written there: 4 mb blocks, [1, 7]
/// kernels, batch norm, the per-time-step head.
json heartkitTcn(const std::vector<int>& filters, const std::vector<int>& dilations,
                 double dropout) {
    json blocks = json::array();
    for (std::size_t i = 0; i < filters.size(); ++i)
        blocks.push_back({{"depth", 1},
                          {"branch", 1},
                          {"filters", filters[i]},
                          {"kernel", {1, 7}},
                          {"dilation", {1, dilations[i]}},
                          {"dropout", dropout},
                          {"ex_ratio", 1},
                          {"se_ratio", i == 0 ? 0 : 2},
                          {"norm", "batch"}});
    return {{"name", "tcn"},
            {"params",
             {{"input_kernel", {1, 7}},
              {"input_norm", "batch"},
              {"blocks", blocks},
              {"output_kernel", {1, 7}},
              {"include_top", true},
              {"use_logits", true}}}};
}

/// Trains `arch` on `data` (Adam, batch 32, the rate decayed by a cosine over the run, 20%
/// held out) and returns the job after its run.
std::unique_ptr<TrainingJob> train(const json& arch, const std::string& data, int epochs, double lr,
                                   const std::string& loss) {
    TrainingRequest r;
    r.architecture = arch;
    r.dataSpec = data;
    r.config.schedule.kind = "cosine";  // HeartKit decays its rate over the run too
    r.config.schedule.decaySteps = 0;   // over the whole run
    r.config.epochs = epochs;
    r.config.learningRate = lr;
    r.config.batchSize = 32;
    r.config.valSplit = 0.2;
    r.config.loss = loss;
    r.config.seed = 1;
    r.lossGiven = true;
    auto job = std::make_unique<TrainingJob>(std::move(r));
    const TrainResult result = job->run();
    if (result.reason != StopReason::Completed)
        qFatal("run did not complete: %s", result.message.c_str());
    return job;
}

}  // namespace

class TestSequenceLearning : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void segmentation() {
        const json arch = heartkitTcn({16, 24, 32, 48}, {1, 2, 4, 8}, 0.1);
        // Under the sanitizers fewer epochs, enough to learn well past the commonest class.
        auto job = train(arch, "synthetic:ecg-segmentation?n=1000&seed=1", kShort ? 10 : 20, 0.005,
                         "categorical_crossentropy");
        QCOMPARE(job->model().outputShape(), (Shape{256, 4}));
        const json& m = job->trained().metrics;
        QCOMPARE(m["split"], json("validation"));
        QCOMPARE(m["time_steps"].get<Index>(), job->validationSet().size() * 256);
        // The share of the commonest class over the validation time steps: what always
        // answering it scores.
        const std::vector<Index> counts = job->validationSet().classCounts();
        const double prior = double(*std::max_element(counts.begin(), counts.end())) /
                             double(m["time_steps"].get<Index>());
        const double accuracy = m["accuracy"].get<double>();
        qInfo(
            "ecg-segmentation per-time-step validation accuracy %.4f (commonest class %.4f), "
            "macro F1 %.4f, %.1f s",
            accuracy, prior, m["macro_f1"].get<double>(), job->manifest().seconds);
        QVERIFY(accuracy > prior + 0.05);
        if (!kShort) {
            QVERIFY(accuracy >= 0.90);
            QVERIFY(m["macro_f1"].get<double>() >= 0.85);
            // The history counts time steps too: its last validation accuracy is the metric's.
            QVERIFY(std::abs(job->manifest().history.epochs.back().valAccuracy - accuracy) < 1e-9);
        }
    }

    void denoising() {
        const json arch = heartkitTcn({8, 16, 24, 32}, {1, 1, 2, 4}, 0.0);
        auto job =
            train(arch, "synthetic:ecg-denoise?n=1000&seed=1", kShort ? 20 : 30, 0.005, "mse");
        QCOMPARE(job->model().outputShape(), (Shape{256, 1}));
        const json& m = job->trained().metrics;
        const double in = m["snr_in_db"].get<double>();
        const double gain = m["snr_improvement_db"].get<double>();
        qInfo(
            "ecg-denoise validation SNR in %.2f dB, out %.2f dB: improvement %.2f dB, "
            "R^2 %.4f, %.1f s",
            in, m["snr_out_db"].get<double>(), gain, m["r2"].get<double>(),
            job->manifest().seconds);
        QVERIFY(in > -6 && in < 12);            // the set's SNRs: uniform in [-6, 12] dB
        QVERIFY(gain >= (kShort ? 3.0 : 6.0));  // 20 epochs give about +6 dB
    }

    void perSampleTargetsOnAPerStepModelAreRefused() {
        // HeartKit's tcn keeps the time axis: one rhythm class per frame does not fit it.
        TrainingRequest r;
        r.architecture = heartkitTcn({16, 24, 32, 48}, {1, 2, 4, 8}, 0.1);
        r.dataSpec = "synthetic:ecg-rhythm?n=20";
        TrainingJob job(std::move(r));
        try {
            job.prepare();
            QFAIL("trained per-sample classes on a per-time-step model");
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("(800, 4)") != std::string::npos, e.what());
            QVERIFY2(what.find("synthetic:ecg-rhythm?n=20") != std::string::npos, e.what());
            QVERIFY2(what.find("ecg-segmentation") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestSequenceLearning)
#include "tst_sequencelearning.moc"
