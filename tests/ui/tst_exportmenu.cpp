// File > Export and File > Import: every export format reachable from the menu for the
// current stack and for a trained run, files that their readers accept, and a byom-model
// import that brings the weights back as a run (one undo step, nothing changed on a bad file).

#include <QAction>
#include <QSignalSpy>
#include <QtTest>

#include "core/io/export/exporterregistry.h"
#include "core/io/modelfile.h"
#include "core/io/projectfile.h"
#include "core/util/fileio.h"
#include "support/smallrun.h"
#include "ui/document.h"
#include "ui/training/runspanel.h"
#include "ui/training/trainingcontroller.h"
#include "ui/window/exportmenu.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;
using byom::json;

namespace {

/// Trains the example stack briefly on a few spiral points; the run is kept in the project.
bool trainSmallRun(MainWindow& w) {
    useSmallRun(w, 3);
    return trainToEnd(w) && w.document()->project().runs.size() == 1;
}

QAction* action(const ExportMenu* menu, const QString& name) {
    return menu->findChild<QAction*>(name);
}

/// The model's outputs on a few fixed inputs.
std::vector<float> outputs(const byom::TrainedModel& m) {
    byom::Mat<float> x(m.model->inputShape().size(), 5);
    for (byom::Index i = 0; i < x.size(); ++i)
        x.data()[i] = 0.37f * static_cast<float>(i % 7) - 1.f;
    const byom::Mat<float>& y = m.model->forward(x, false);
    return {y.data(), y.data() + y.size()};
}

}  // namespace

class TestExportMenu : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyFormatIsInTheMenu() {
        MainWindow w;
        ExportMenu* menu = w.exportMenu();
        for (const std::string& f : byom::ExporterRegistry::instance().formats()) {
            const QString format = QString::fromStdString(f);
            QAction* run = action(menu, QStringLiteral("exportRun_") + format);
            QVERIFY2(run, qPrintable(format));
            QAction* stack = action(menu, QStringLiteral("exportStack_") + format);
            const bool weights = byom::ExporterRegistry::instance().get(f).needsWeights();
            QCOMPARE(stack != nullptr, !weights);
            // Without a run there is nothing trained to export.
            Q_EMIT menu->aboutToShow();
            QVERIFY(!run->isEnabled());
        }
        QCOMPARE(menu->runToExport(), -1);
    }

    void currentStackExportsWithoutWeights() {
        MainWindow w;
        QTemporaryDir dir;
        QStringList warnings;
        w.prompter().warn = [&](const QString&, const QString& text) { warnings << text; };
        // Through the menu: the chosen name gets the format's extension.
        w.prompter().saveFile = [&](const QString&, const QString&) {
            return dir.filePath(QStringLiteral("arch"));
        };
        action(w.exportMenu(), QStringLiteral("exportStack_keras-json"))->trigger();
        const json keras =
            byom::readJsonFile(dir.filePath(QStringLiteral("arch.json")).toStdString());
        QCOMPARE(keras["class_name"], json("Sequential"));
        QVERIFY(w.exportMenu()->exportStack(QStringLiteral("params"),
                                            dir.filePath(QStringLiteral("params.json"))));
        const json params =
            byom::readJsonFile(dir.filePath(QStringLiteral("params.json")).toStdString());
        QCOMPARE(params["params"]["layers"].size(), w.document()->currentStack().layers.size());
        QVERIFY(w.exportMenu()->exportStack(QStringLiteral("pytorch"),
                                            dir.filePath(QStringLiteral("model.py"))));
        QFile py(dir.filePath(QStringLiteral("model.py")));
        QVERIFY(py.open(QIODevice::ReadOnly));
        QVERIFY(py.readAll().contains("class ExportedModel(nn.Module)"));
        QVERIFY(warnings.isEmpty());
        // A weights format needs a trained model: refused, nothing written.
        const QString onnx = dir.filePath(QStringLiteral("stack.onnx"));
        QVERIFY(!w.exportMenu()->exportStack(QStringLiteral("onnx"), onnx));
        QVERIFY(warnings.last().contains(QStringLiteral("train the stack first")));
        QVERIFY(!QFile::exists(onnx));
    }

    void aTrainedRunExportsInEveryFormat() {
        MainWindow w;
        QVERIFY(trainSmallRun(w));
        QCOMPARE(w.exportMenu()->runToExport(), 0);
        Q_EMIT w.exportMenu()->aboutToShow();
        QVERIFY(action(w.exportMenu(), QStringLiteral("exportRun_onnx"))->isEnabled());
        QStringList warnings;
        w.prompter().warn = [&](const QString&, const QString& text) { warnings << text; };
        QTemporaryDir dir;
        for (const std::string& f : byom::ExporterRegistry::instance().formats()) {
            const QString format = QString::fromStdString(f);
            const QString ext =
                QString::fromStdString(byom::ExporterRegistry::instance().get(f).extension());
            const QString path = dir.filePath(QStringLiteral("out_") + format + ext);
            QVERIFY2(w.exportMenu()->exportRun(0, format, path),
                     qPrintable(warnings.join(QLatin1Char('\n'))));
            // A directory: TF.js's model.json, or the C library's model.h.
            QVERIFY2(QFileInfo(path).isDir()
                         ? QFile::exists(path + QStringLiteral("/model.json")) ||
                               QFile::exists(path + QStringLiteral("/model.h"))
                         : QFileInfo(path).size() > 0,
                     qPrintable(path));
        }
        // The C library's self-test runs on the run's validation split.
        QFile test(dir.filePath(QStringLiteral("out_c/model_test.c")));
        QVERIFY(test.open(QIODevice::ReadOnly));
        QVERIFY(test.readAll().contains("validation split"));
        // The byom-model export predicts exactly what the kept run does.
        const byom::TrainedModel kept =
            byom::modelFromJson(w.document()->project().runs[0].model, "run");
        const byom::TrainedModel exported =
            byom::loadModelFile(dir.filePath(QStringLiteral("out_model.json")).toStdString());
        QCOMPARE(outputs(exported), outputs(kept));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out_tfjs/weights.bin"))));
    }

    void importedModelBecomesARun() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("spirals-model.json"));
        std::vector<float> expected;
        {
            MainWindow trainer;
            QVERIFY(trainSmallRun(trainer));
            QVERIFY(trainer.exportMenu()->exportRun(0, QStringLiteral("model"), path));
            expected = outputs(byom::loadModelFile(path.toStdString()));
        }
        MainWindow w;
        const std::string before = projectToJson(w.document()->project()).dump();
        const std::size_t stacks = w.document()->project().stacks.size();
        QVERIFY(w.importFile(path));
        const byom::Project& p = w.document()->project();
        QCOMPARE(p.stacks.size(), stacks + 1);
        QCOMPARE(p.runs.size(), std::size_t(1));
        QCOMPARE(p.runs[0].stack, p.stacks.back().name);
        QCOMPARE(p.runs[0].manifest["outcome"], json("imported"));
        QCOMPARE(outputs(byom::modelFromJson(p.runs[0].model, "run")), expected);
        // The project with the imported run saves and reopens.
        QVERIFY(byom::projectFromJson(projectToJson(p)).runs.size() == 1);
        // It exports again, like a trained run.
        QVERIFY(w.exportMenu()->exportRun(0, QStringLiteral("onnx"),
                                          dir.filePath(QStringLiteral("again.onnx"))));
        // One undo step takes the stack and the run away.
        w.document()->undoStack()->undo();
        QCOMPARE(projectToJson(w.document()->project()).dump(), before);

        // A damaged model file is reported and changes nothing.
        QStringList warnings;
        w.prompter().warn = [&](const QString&, const QString& text) { warnings << text; };
        QFile bad(dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        QFile good(path);
        QVERIFY(good.open(QIODevice::ReadOnly));
        bad.write(good.readAll().left(400));
        bad.close();
        QVERIFY(!w.importFile(bad.fileName()));
        QVERIFY(warnings.last().contains(QStringLiteral("bad.json")));
        QCOMPARE(projectToJson(w.document()->project()).dump(), before);
    }
};

QTEST_MAIN(TestExportMenu)
#include "tst_exportmenu.moc"
