// Learning, checked on real and realistic data with fixed seeds: held-out accuracy (or R^2)
// after a short run of the same TrainingJob that `byom train` and the GUI use.

#include <QtTest>

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
