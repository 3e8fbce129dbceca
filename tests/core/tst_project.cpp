// Project files: round trips, migration of older versions, refusal of newer or damaged files,
// runs with their models, and atomic saves that never leave a broken file.

#include <QTemporaryDir>
#include <QtTest>

#include "core/data/synthetic.h"
#include "core/io/fileio.h"
#include "core/io/modelfile.h"
#include "core/io/project.h"
#include "core/registry/modelfactory.h"
#include "core/train/manifest.h"

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
        QCOMPARE(back.toJson().dump(), p.toJson().dump());
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
        json v1 = example().toJson();
        v1["version"] = 1;
        v1["data"] = "synthetic:moons";  // version 1 stored the spec as a string
        v1.erase("runs");
        const Project p = Project::fromJson(v1);
        QCOMPARE(p.data, std::string("synthetic:moons"));
        QVERIFY(p.dataHash.empty());
        QCOMPARE(p.toJson()["version"].get<int>(), kProjectFormatVersion);
    }

    void newerVersionIsRefused() {
        json j = example().toJson();
        j["version"] = kProjectFormatVersion + 1;
        QVERIFY(errorOf([&] { Project::fromJson(j); }).contains(QStringLiteral("newer")));
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
