// Learning, checked on real and realistic data with fixed seeds: held-out accuracy (or R^2)
// after a short run of the same TrainingJob that `byom train` and the GUI use.

#include <QTemporaryDir>
#include <QtTest>

#include "core/data/dataspec.h"
#include "core/train/evaluation.h"
#include "core/train/trainingjob.h"

using namespace byom;

namespace {

json mlp(std::initializer_list<int> units, const char* act = "relu", int outputs = 0) {
    json layers = json::array();
    for (int u : units) layers.push_back({{"units", u}, {"activation", act}});
    // A regression stack ends in its own linear output; classifiers get the softmax head.
    if (outputs > 0) layers.push_back({{"units", outputs}, {"activation", "linear"}});
    return {{"name", "mlp"}, {"params", {{"layers", layers}}}};
}

json metricsOf(const json& arch, const std::string& data, int epochs, double lr, int batch = 32,
               const std::string& loss = "categorical_crossentropy") {
    TrainingRequest r;
    r.architecture = arch;
    r.dataSpec = data;
    r.config.epochs = epochs;
    r.config.learningRate = lr;
    r.config.batchSize = batch;
    r.config.valSplit = 0.2;  // the held-out test split (not used to pick weights)
    r.config.loss = loss;
    r.lossGiven = true;
    TrainingJob job(std::move(r));
    const TrainResult result = job.run();
    if (result.reason != StopReason::Completed) qFatal("run did not complete: %s", result.message.c_str());
    return job.trained().metrics;
}

const std::string kData = BYOM_TEST_DATA_DIR "/csv/";

/// BYOM's defaults: the mlp's default layers (64-32 relu) with its linear head, Adam at 1e-3,
/// 20 epochs of batch 32, standardised inputs and targets.
const json kDefaultMlp = {{"name", "mlp"}, {"params", json::object()}};

/// Trains with every default but `valSplit` on `data`; the job after its run.
std::unique_ptr<TrainingJob> trainWithDefaults(const json& arch, const std::string& data,
                                               double valSplit) {
    TrainingRequest r;
    r.architecture = arch;
    r.dataSpec = data;
    r.config.valSplit = valSplit;
    auto job = std::make_unique<TrainingJob>(std::move(r));
    const TrainResult result = job->run();
    if (result.reason != StopReason::Completed)
        qFatal("run did not complete: %s", result.message.c_str());
    return job;
}

/// The metrics of a trained model on a held-out file, in the target's units, as `byom
/// evaluate` computes them.
json heldOutMetrics(TrainingJob& job, const std::string& test) {
    TrainedModel& m = job.trained();
    Dataset data = loadDataset(DataSpec::parse(test));
    Normalizer::fromJson(m.normalization).apply(data);
    const Normalizer targets = Normalizer::fromTargetJson(m.targetNormalization);
    return evaluateModel(*m.model, data, job.config().loss, &targets);
}

}  // namespace

class TestLearning : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void iris() {
        const json m = metricsOf(mlp({16, 16}), "csv:" + kData + "iris.csv", 150, 0.01, 16);
        qInfo("iris test accuracy %.4f", m["accuracy"].get<double>());
        QVERIFY(m["accuracy"].get<double>() >= 0.95);
    }

    void breastCancer() {
        const json m = metricsOf(mlp({32, 16}), "csv:" + kData + "breast_cancer.csv?label=diagnosis", 60, 0.003);
        qInfo("breast cancer test accuracy %.4f", m["accuracy"].get<double>());
        QVERIFY(m["accuracy"].get<double>() >= 0.95);
    }

    void sineRegression() {
        const json m = metricsOf(mlp({32, 32}, "tanh", 1), "synthetic:sine?n=2000&noise=0.05&seed=1", 120, 0.01,
                                 32, "mse");
        qInfo("sine test R^2 %.4f", m["r2"].get<double>());
        QVERIFY(m["r2"].get<double>() >= 0.98);
    }

    void friedman1() {
        // scikit-learn's make_friedman1 (n_samples 1000, noise 1.0, random_state 0;
        // bench/regression_data.py): y = 10 sin(pi x0 x1) + 20 (x2 - 0.5)^2 + 10 x3 + 5 x4 +
        // noise, five more features that do not matter. BYOM's defaults (val_split 0 so that it
        // trains on the same 800 rows) against scikit-learn's StandardScaler + MLPRegressor()
        // with its defaults (random_state 0), which reaches R^2 0.7542 on the 200 held-out
        // rows (LinearRegression 0.7401; bench/regression.py).
        auto job = trainWithDefaults(kDefaultMlp, "csv:" + kData + "friedman1-train.csv", 0.0);
        const json m = heldOutMetrics(*job, "csv:" + kData + "friedman1-test.csv");
        qInfo("friedman1 held-out R^2 %.4f, MAE %.4f", m["r2"].get<double>(),
              m["mae"].get<double>());
        QVERIFY(m["r2"].get<double>() >= 0.7542);
    }

    void linnerudThreeTargets() {
        // scikit-learn's linnerud (tests/data/csv/linnerud.csv): 20 men, three exercises
        // (Chins, Situps, Jumps) and three targets at once (Weight, Waist, Pulse). 20 rows
        // cannot show generalisation: held out one at a time (bench/regression.py), BYOM's
        // defaults beat the training mean on Weight and Waist (R^2 -0.075 and 0.115 against
        // -0.108; MAE 18.6 and 1.98 against 20.0 and 2.36) and not on Pulse (R^2 -0.253), and
        // LinearRegression and MLPRegressor do worse still. So this checks what 20 rows allow:
        // the defaults on all of them give three outputs in the targets' units, each fitting
        // its target better than the training mean does (R^2 > 0 on those rows).
        auto job = trainWithDefaults(kDefaultMlp,
                                     "csv:" + kData + "linnerud.csv?label=Weight,Waist,Pulse", 0.0);
        QCOMPARE(job->model().outputShape(), Shape{3});
        const json& m = job->trained().metrics;
        QCOMPARE(m["split"], json("train"));
        QCOMPARE(m["per_target"].size(), std::size_t(3));
        for (std::size_t k = 0; k < 3; ++k) {
            const json& t = m["per_target"][k];
            qInfo("target %zu: R^2 %.4f, MAE %.4f", k, t["r2"].get<double>(),
                  t["mae"].get<double>());
            for (const char* key : {"r2", "mae", "rmse"})
                QVERIFY(std::isfinite(t[key].get<double>()));
            QVERIFY(t["r2"].get<double>() > 0);
        }
        // In the targets' units: Weight's errors are pounds (MAE 16), not standard deviations.
        QVERIFY(m["per_target"][0]["mae"].get<double>() > 5);
    }

    void targetUnitsDoNotMatter() {
        // The same data with the target in other units (y * 25 + 400: hundreds): standardised
        // targets make it the same problem, so R^2 is the same and the errors scale by 25.
        // (Without the standardisation, normalization "none", the scaled targets reach R^2 0.19
        // in the default 20 epochs, 0.76 in 200.)
        QTemporaryDir dir;
        QFile in(QString::fromStdString(kData + "friedman1-train.csv"));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray scaled = in.readLine();
        while (!in.atEnd()) {
            const QByteArray line = in.readLine().trimmed();
            const qsizetype comma = line.lastIndexOf(',');
            scaled += line.left(comma + 1) +
                      QByteArray::number(line.mid(comma + 1).toDouble() * 25 + 400, 'g', 9) + "\n";
        }
        const QString path = dir.filePath(QStringLiteral("scaled.csv"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(scaled);
        out.close();
        const json a = trainWithDefaults(kDefaultMlp, "csv:" + kData + "friedman1-train.csv", 0.2)
                           ->trained()
                           .metrics;
        const json b =
            trainWithDefaults(kDefaultMlp, "csv:" + path.toStdString(), 0.2)->trained().metrics;
        qInfo("R^2 %.6f and %.6f, MAE %.6f and %.6f", a["r2"].get<double>(), b["r2"].get<double>(),
              a["mae"].get<double>(), b["mae"].get<double>());
        QVERIFY(a["r2"].get<double>() > 0.7);
        QVERIFY(std::abs(a["r2"].get<double>() - b["r2"].get<double>()) < 1e-3);
        QVERIFY(std::abs(b["mae"].get<double>() / a["mae"].get<double>() - 25) < 0.1);
    }

    void ecgRhythm() {
        const json layers = {
            {{"name", "conv1d"}, {"params", {{"filters", 8}, {"kernel_size", 7}, {"strides", 2}, {"activation", "relu"}}}},
            {{"name", "max_pool1d"}, {"params", {{"pool_size", 2}}}},
            {{"name", "conv1d"}, {"params", {{"filters", 16}, {"kernel_size", 5}, {"strides", 2}, {"activation", "relu"}}}},
            {{"name", "max_pool1d"}, {"params", {{"pool_size", 2}}}},
            {{"name", "conv1d"}, {"params", {{"filters", 16}, {"kernel_size", 5}, {"activation", "relu"}}}},
            {{"name", "global_avg_pool1d"}}};
        const json m = metricsOf({{"name", "stack"}, {"params", {{"layers", layers}}}},
                                 "synthetic:ecg-rhythm?n=800&seed=1", 25, 0.005);
        qInfo("ecg-rhythm test accuracy %.4f", m["accuracy"].get<double>());
        QVERIFY(m["accuracy"].get<double>() >= 0.95);
    }
};

QTEST_GUILESS_MAIN(TestLearning)
#include "tst_learning.moc"
