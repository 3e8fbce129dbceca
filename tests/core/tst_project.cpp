// Project files: round trips, migration of older versions, refusal of newer or damaged files,
// runs with their models and their histories (as columns: long ones compact and exact), and
// atomic saves that never leave a broken file.

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstring>
#include <random>

#include "core/data/synthetic.h"
#include "core/io/modelfile.h"
#include "core/io/projectfile.h"
#include "core/registry/modelfactory.h"
#include "core/train/manifest.h"
#include "core/util/fileio.h"

using namespace byom;

namespace {

Project example() {
    Project p;
    StackEntry s;
    s.name = "net";
    s.inputShape = Shape{2};
    s.numClasses = 3;
    s.layers = {LayerSpec::of("dense", {{"units", 8}, {"activation", "relu"}}),
                LayerSpec::of("dense", {{"units", 3}, {"activation", "softmax"}})};
    p.stacks = {s};
    p.data = "synthetic:spirals?n=100";
    p.dataHash = "0123456789abcdef";
    p.training.epochs = 7;
    return p;
}

RunRecord runOf(const Project& p) {
    TrainedModel m;
    m.architecture = {{"name", "stack"},
                      {"params", {{"layers", LayerSpec::listToJson(p.stacks[0].layers)}}}};
    m.classNames = {"a", "b", "c"};
    m.model = std::make_unique<Model<float>>(p.stacks[0].layers, Shape{2});
    m.model->init(3);
    RunManifest man;
    man.dataSpec = p.data;
    man.architecture = m.architecture;
    man.config = p.training;
    return {"run 1", "net", man.toJson(), modelToJson(m)};
}

QString errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void writeText(const std::string& path, const std::string& text) {
    writeFileAtomic(path, text);
}

/// A history as long runs give: every metric a different double at every epoch (a running
/// mean, a share of rows), a decaying learning rate, wall times, no validation accuracy.
History longHistory(int epochs) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> noise(0.0, 1.0);
    History h;
    for (int e = 1; e <= epochs; ++e) {
        EpochRecord r;
        r.epoch = e;
        r.loss = 1.0 / std::sqrt(e) + 0.01 * noise(rng);
        r.accuracy = std::floor(noise(rng) * 79999) / 79999;
        r.valLoss = 1.1 / std::sqrt(e) + 0.01 * noise(rng);
        r.learningRate = 1e-3 * std::pow(0.99999, e);
        r.seconds = 0.003 + 0.001 * noise(rng);
        h.epochs.push_back(r);
    }
    return h;
}

/// Whether two histories hold the same epochs bit for bit (NaN where there is no value).
bool sameHistory(const History& a, const History& b) {
    if (a.epochs.size() != b.epochs.size()) return false;
    auto same = [](double x, double y) {
        return std::isnan(x) ? std::isnan(y) : std::memcmp(&x, &y, sizeof x) == 0;
    };
    for (std::size_t i = 0; i < a.epochs.size(); ++i) {
        const EpochRecord &x = a.epochs[i], &y = b.epochs[i];
        if (x.epoch != y.epoch || !same(x.loss, y.loss) || !same(x.accuracy, y.accuracy) ||
            !same(x.valLoss, y.valLoss) || !same(x.valAccuracy, y.valAccuracy) ||
            !same(x.learningRate, y.learningRate) || !same(x.seconds, y.seconds))
            return false;
    }
    return true;
}

/// The history as files before version 3 held it: one object per epoch.
json historyAsList(const History& h) {
    auto number = [](double v) { return std::isnan(v) ? json(nullptr) : json(v); };
    json list = json::array();
    for (const EpochRecord& r : h.epochs)
        list.push_back({{"epoch", r.epoch},
                        {"loss", number(r.loss)},
                        {"accuracy", number(r.accuracy)},
                        {"val_loss", number(r.valLoss)},
                        {"val_accuracy", number(r.valAccuracy)},
                        {"learning_rate", number(r.learningRate)},
                        {"seconds", r.seconds}});
    return list;
}

}  // namespace

class TestProject : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const char* name) {
        return m_dir.filePath(QString::fromLatin1(name)).toStdString();
    }

private Q_SLOTS:
    void roundTripIsExact() {
        Project p = example();
        p.runs.push_back(runOf(p));
        saveProject(path("a.byom"), p);
        const Project back = loadProject(path("a.byom"));
        QCOMPARE(projectToJson(back).dump(), projectToJson(p).dump());
        // The run's model decodes to the same weights.
        const TrainedModel m = modelFromJson(back.runs[0].model, "run");
        const TrainedModel o = modelFromJson(p.runs[0].model, "run");
        QVERIFY(m.model->params() == o.model->params());
    }

    void trainingNormalizationIsSaved() {
        Project p = example();
        p.training.normalization = "minmax";
        saveProject(path("n.byom"), p);
        QCOMPARE(loadProject(path("n.byom")).training.normalization, std::string("minmax"));
    }

    void version1IsMigrated() {
        json v1 = projectToJson(example());
        v1["version"] = 1;
        v1["data"] = "synthetic:moons";  // version 1 stored the spec as a string
        v1.erase("runs");
        const Project p = projectFromJson(v1);
        QCOMPARE(p.data, std::string("synthetic:moons"));
        QVERIFY(p.dataHash.empty());
        QCOMPARE(projectToJson(p)["version"].get<int>(), kProjectFormatVersion);
    }

    void longHistoryIsCompactAndExact() {
        // A 100,000-epoch run made a 29.4 MB project when each epoch was an object.
        Project p = example();
        p.runs.push_back(runOf(p));
        const History history = longHistory(100000);
        RunManifest man = RunManifest::fromJson(p.runs[0].manifest, "run");
        man.history = history;
        p.runs[0].manifest = man.toJson();
        saveProject(path("long.byom"), p);
        const auto bytes = QFileInfo(QString::fromStdString(path("long.byom"))).size();
        qInfo("a project with a 100,000-epoch history: %.2f MB", double(bytes) / 1e6);
        QVERIFY2(bytes < 6'500'000, qPrintable(QString::number(bytes)));
        const Project back = loadProject(path("long.byom"));
        QVERIFY(sameHistory(RunManifest::fromJson(back.runs[0].manifest, "run").history, history));
        QCOMPARE(projectToJson(back).dump(), projectToJson(p).dump());
    }

    void historyColumnsKeepEveryValue() {
        // Missing values, a constant column, infinities, -0 and epochs that are not 1..N.
        History h;
        for (int e : {3, 4, 7}) h.epochs.push_back({e, 0.5 * e, NAN, -0.0, INFINITY, 1e-3, 0.25});
        h.epochs[1].valLoss = -INFINITY;
        const json j = h.toJson();
        QCOMPARE(j["epochs"], json(3));
        QVERIFY(j["accuracy"].is_null());
        QCOMPARE(j["learning_rate"], json(1e-3));
        QVERIFY(j.contains("epoch"));
        QVERIFY(sameHistory(History::fromJson(parseJsonText(dumpJson(j, 2), "h")), h));
        // Numbered 1..N as runs are, the epochs are not written.
        h.epochs = {{1, 0.5}, {2, 0.25}};
        QVERIFY(!h.toJson().contains("epoch"));
        QVERIFY(sameHistory(History::fromJson(h.toJson()), h));
        QVERIFY(sameHistory(History::fromJson(History().toJson()), History()));
    }

    void version2HistoryIsMigrated() {
        Project p = example();
        p.runs.push_back(runOf(p));
        const History history = longHistory(50);
        json v2 = projectToJson(p);
        v2["version"] = 2;
        v2["runs"][0]["manifest"]["version"] = 1;
        v2["runs"][0]["manifest"]["history"] = historyAsList(history);
        const Project back = projectFromJson(v2);
        const json& manifest = back.runs[0].manifest;
        QVERIFY(manifest["history"].is_object());
        QCOMPARE(manifest["version"], json(kRunManifestVersion));
        QVERIFY(sameHistory(RunManifest::fromJson(manifest, "run").history, history));
        QCOMPARE(projectToJson(back)["version"].get<int>(), kProjectFormatVersion);
        // A version-1 manifest on its own (byom train's manifest.json) reads the same.
        QVERIFY(sameHistory(
            RunManifest::fromJson(v2["runs"][0]["manifest"], "manifest.json").history, history));
    }

    void damagedHistoryNamesTheColumn_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, const char* key, const char* value, const char* expected) {
            QTest::newRow(name) << QString::fromLatin1(key) << QString::fromLatin1(value)
                                << QString::fromLatin1(expected);
        };
        row("not base64", "loss", R"({"dtype": "float64", "data": "%%%"})",
            "history.loss: must be null, a number or");
        row("too few values", "val_loss", R"({"dtype": "float64", "data": "AAAAAAAA8D8="})",
            "history.val_loss: must be");
        row("wrong dtype", "seconds", R"({"dtype": "float32", "data": ""})",
            "history.seconds: must be");
        row("epochs negative", "epochs", "-1", "history.epochs: must be the number of epochs");
        row("epochs beyond the cap", "epochs", "1000001", "history.epochs: must be");
        row("epoch numbers", "epoch", "[1, 2, 3]", "history.epoch: must be");
    }

    void damagedHistoryNamesTheColumn() {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        Project p = example();
        p.runs.push_back(runOf(p));
        RunManifest man = RunManifest::fromJson(p.runs[0].manifest, "run");
        man.history.epochs = {{1, 0.5}, {2, 0.25}, {3, 0.125}};
        json j = projectToJson(p);
        j["runs"][0]["manifest"] = man.toJson();
        j["runs"][0]["manifest"]["history"][key.toStdString()] = json::parse(value.toStdString());
        const QString error = errorOf([&] { projectFromJson(j); });
        QVERIFY2(error.contains(QStringLiteral("runs[0].manifest.") + expected), qPrintable(error));
    }

    void newerVersionIsRefused() {
        json j = projectToJson(example());
        j["version"] = kProjectFormatVersion + 1;
        QVERIFY(errorOf([&] { projectFromJson(j); }).contains(QStringLiteral("newer")));
    }

    void damagedFilesNameTheProblem_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << R"({"format": "byom-project", "version": 2, "stacks": [)"
                                   << "invalid JSON";
        QTest::newRow("empty") << ""
                               << "is empty";
        QTest::newRow("not a project") << R"({"format": "byom-model"})"
                                       << "not a BYOM project";
        QTest::newRow("bad layer")
            << R"({"format":"byom-project","version":2,"stacks":[{"name":"s","input_shape":[2],
            "layers":[{"name":"dense","params":{"units":-1}}]}]})"
            << "stacks[0].layers[0].params.units: must be >= 1";
        QTest::newRow("bad run")
            << R"({"format":"byom-project","version":2,"runs":[{"name":"r","manifest":{},"model":{}}]})"
            << "not a BYOM run manifest";
        QTest::newRow("bad shape")
            << R"({"format":"byom-project","version":2,"stacks":[{"name":"s","input_shape":[0]}]})"
            << "stacks[0].input_shape";
        QTest::newRow("typo key") << R"({"format":"byom-project","version":2,"stack":[]})"
                                  << "did you mean \"stacks\"";
        // Found by fuzz/fuzz_project: these escaped as nlohmann::json exceptions.
        QTest::newRow("format not a string") << R"({"format": [16, 2], "version": 2})"
                                             << "not a BYOM project";
        QTest::newRow("run stack not a string")
            << R"({"format":"byom-project","version":2,"runs":[{"name":"r","stack":5,"manifest":{},"model":{}}]})"
            << "runs[0]: must be";
        QTest::newRow("number too large") << R"({"format":"byom-project","version":1e999})"
                                          << "invalid JSON: number overflow";
    }

    void damagedFilesNameTheProblem() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        writeText(path("bad.byom"), text.toStdString());
        const QString error = errorOf([&] { loadProject(path("bad.byom")); });
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("bad.byom")), qPrintable(error));
    }

    void failedSaveLeavesNothingBehind() {
        // The destination is a non-empty directory: the final rename fails, the error names the
        // file, and neither the directory nor a temporary file is left changed.
        const QString dir = m_dir.filePath(QStringLiteral("target.byom"));
        QVERIFY(QDir().mkpath(dir + QStringLiteral("/inner")));
        const QString error = errorOf([&] { saveProject(dir.toStdString(), example()); });
        QVERIFY2(error.contains(QStringLiteral("target.byom")), qPrintable(error));
        QVERIFY(QFileInfo(dir).isDir());
        QCOMPARE(QDir(m_dir.path())
                     .entryList({QStringLiteral(".target.byom.*")}, QDir::Files | QDir::Hidden)
                     .size(),
                 0);
        // A directory that does not exist is reported, not created.
        const QString missing = m_dir.filePath(QStringLiteral("nowhere/p.byom"));
        QVERIFY(errorOf([&] {
                    saveProject(missing.toStdString(), example());
                }).contains(QStringLiteral("nowhere")));
    }

    void saveLeavesNoTemporaryFiles() {
        const QString dir = m_dir.filePath(QStringLiteral("clean"));
        QDir().mkpath(dir);
        for (int i = 0; i < 5; ++i)
            saveProject(QString(dir + QStringLiteral("/p.byom")).toStdString(), example());
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "tst_project.moc"
