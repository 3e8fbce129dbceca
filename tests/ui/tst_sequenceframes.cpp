// The frames view of a model with outputs per time step, in a shown main window: a tiny
// segmenter and a tiny denoiser trained from the window with a seed, their validation frames
// picked with the spin box's arrow and the keyboard; the chart holds the frame's data and
// exactly what the trained model predicts for it (its argmax per time step, its outputs).

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QLineSeries>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "core/data/normalizer.h"
#include "core/io/modelfile.h"
#include "core/train/manifest.h"
#include "core/train/metrics.h"
#include "support/smallrun.h"
#include "support/userinput.h"
#include "ui/data/dataview.h"
#include "ui/document.h"
#include "ui/training/sequenceframesview.h"
#include "ui/window/mainwindow.h"

using namespace byom;
using namespace byom::ui;

namespace {

LayerSpec conv(int filters, const char* activation, int dilation = 1) {
    return LayerSpec::of("conv1d", {{"filters", filters},
                                    {"kernel_size", 7},
                                    {"dilation_rate", dilation},
                                    {"padding", "same"},
                                    {"activation", activation}});
}

/// The window's project set to train a small dilated Conv1D stack with `outputs` channels per
/// time step (its head `head`) on `data`.
void useSequenceRun(MainWindow& w, const std::string& data, int outputs, const char* head,
                    const std::string& loss, int epochs) {
    Project p = w.document()->project();
    StackEntry stack;
    stack.name = "frames";
    stack.inputShape = Shape{256, 1};
    stack.layers = {conv(16, "relu"), conv(16, "relu", 2), conv(16, "relu", 4),
                    conv(outputs, head)};
    p.stacks = {stack};
    p.data = data;
    p.training.epochs = epochs;
    p.training.loss = loss;
    p.training.learningRate = 0.01;
    p.training.batchSize = 16;
    p.training.seed = 7;
    p.runs.clear();
    w.document()->reset(p);
}

/// Trains from the shown window and waits for the frames view to show the run's frames.
bool trainAndShowFrames(MainWindow& w) {
    w.resize(1400, 900);
    w.show();
    if (!QTest::qWaitForWindowExposed(&w)) return false;
    if (!trainToEnd(w)) return false;
    return QTest::qWaitFor([&] { return w.framesView()->frameCount() > 0; }, 60000);
}

/// The kept run's model and validation split, read back independently of the view.
struct Reference {
    TrainedModel model;
    Dataset validation;
    /// The model's outputs for validation frame `index`, in the target's units.
    Mat<float> outputs(Index index) const {
        Mat<float> x = validation.x.col(index);
        if (!model.normalization.is_null()) Normalizer::fromJson(model.normalization).apply(x);
        Mat<float> out = model.model->forward(x, false);
        if (!model.targetNormalization.is_null())
            Normalizer::fromTargetJson(model.targetNormalization).invert(out);
        return out;
    }
};

Reference reference(MainWindow& w) {
    const RunRecord& run = w.document()->project().runs.back();
    const RunManifest manifest = RunManifest::fromJson(run.manifest, run.name);
    Reference r{modelFromJson(run.model, run.name), {}};
    r.validation =
        splitDataset(*w.dataView()->dataset(), manifest.config.valSplit, manifest.config.seed)
            .second;
    return r;
}

/// The class each time step of a strip shows: the one area of the strip raised there.
std::vector<int> stripClasses(const QList<QAreaSeries*>& strip, Index steps) {
    std::vector<int> classes(static_cast<std::size_t>(steps), -1);
    for (int c = 0; c < strip.size(); ++c) {
        const QList<QPointF> upper = strip[c]->upperSeries()->points();
        const double bottom = strip[c]->lowerSeries()->points().front().y();
        if (upper.size() != 2 * steps) return {};
        for (Index t = 0; t < steps; ++t)
            if (upper[2 * t].y() > bottom) {
                if (classes[std::size_t(t)] != -1) return {};  // two classes at one step
                classes[std::size_t(t)] = c;
            }
    }
    return classes;
}

void checkInputLine(QLineSeries* series, const Dataset& validation, Index index) {
    QVERIFY(series);
    const QList<QPointF> points = series->points();
    QCOMPARE(points.size(), qsizetype(256));
    for (Index t = 0; t < 256; ++t) {
        QCOMPARE(points[t].x(), double(t));
        QCOMPARE(float(points[t].y()), validation.x(t, index));
    }
}

/// The segmenter's chart at frame `index`: the input, the true segments, and the model's
/// argmax at every time step (a step whose two best outputs tie within rounding is skipped).
void checkSegmentationFrame(SequenceFramesView* view, const Reference& r, Index index) {
    QCOMPARE(view->frame(), int(index));
    checkInputLine(view->inputSeries(), r.validation, index);
    const std::vector<int> shownTruth = stripClasses(view->segmentSeries(false), 256);
    const std::vector<int> shownPredicted = stripClasses(view->segmentSeries(true), 256);
    QCOMPARE(shownTruth.size(), std::size_t(256));
    QCOMPARE(shownPredicted.size(), std::size_t(256));
    const Mat<float> out = r.outputs(index);
    const std::vector<int> argmax = argmaxSteps(out, 4);
    Index right = 0;
    for (Index t = 0; t < 256; ++t) {
        const std::size_t s = std::size_t(t);
        QCOMPARE(shownTruth[s], r.validation.labels[std::size_t(index * 256 + t)]);
        Eigen::VectorXf step = out.col(0).segment(t * 4, 4);
        std::sort(step.data(), step.data() + 4);
        if (step(3) - step(2) > 1e-5f) QCOMPARE(shownPredicted[s], argmax[s]);
        right += shownPredicted[s] == shownTruth[s];
    }
    const QString accuracy = QString::number(100.0 * double(right) / 256.0, 'f', 1);
    QVERIFY2(view->summary().startsWith(accuracy + QStringLiteral("% of the frame's 256")),
             qPrintable(view->summary()));
}

/// Saves the frames view's picture, in its dock floated at 900x520, where BYOM_SCREENSHOTS says.
void keep(MainWindow& w, const QString& name) {
    SequenceFramesView* view = w.framesView();
    view->frameBox()->clearFocus();
    w.dock(QStringLiteral("framesDock"))->setFloating(true);
    w.dock(QStringLiteral("framesDock"))->resize(900, 520);
    QTest::qWait(300);
    view->grab().save(qEnvironmentVariable("BYOM_SCREENSHOTS") + QLatin1Char('/') + name);
}

}  // namespace

class TestSequenceFrames : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void segmenterFramesShowTrueAndPredictedSegments() {
        MainWindow w;
        // More frames and epochs for the README's picture: its segments should look learnt.
        const bool picture = !qEnvironmentVariableIsEmpty("BYOM_SCREENSHOTS");
        useSequenceRun(w,
                       picture ? "synthetic:ecg-segmentation?n=600&seed=2"
                               : "synthetic:ecg-segmentation?n=50&seed=2",
                       4, "softmax", "categorical_crossentropy", picture ? 12 : 2);
        QVERIFY(w.framesView()->frameCount() == 0);
        QVERIFY(w.dock(QStringLiteral("framesDock"))->isHidden());  // until there are frames
        QVERIFY(trainAndShowFrames(w));
        SequenceFramesView* view = w.framesView();
        QVERIFY(w.dock(QStringLiteral("framesDock"))->isVisible());  // raised when shown
        const Reference r = reference(w);
        QCOMPARE(view->frameCount(), int(r.validation.size()));
        QCOMPARE(view->segmentSeries(false).size(), qsizetype(4));
        // The legend names the classes once (the true strip's areas), and the input line.
        QCOMPARE(view->segmentSeries(false)[2]->name(), QStringLiteral("qrs"));
        checkSegmentationFrame(view, r, 0);

        // The spin box's up arrow, clicked: the next frame.
        userinput::clickArrow(view->frameBox(), true);
        QCOMPARE(view->frame(), 1);
        checkSegmentationFrame(view, r, 1);
        // The keyboard: two steps up, one down.
        view->frameBox()->setFocus();
        QTest::keyClick(view->frameBox(), Qt::Key_Up);
        QTest::keyClick(view->frameBox(), Qt::Key_Up);
        QTest::keyClick(view->frameBox(), Qt::Key_Down);
        checkSegmentationFrame(view, r, 2);
        QCOMPARE(view->prediction()->truth.size(), std::size_t(256));
        if (picture) {
            view->setFrame(3);
            keep(w, QStringLiteral("sequence-frames.png"));
        }
    }

    void denoiserFramesShowNoisyCleanAndDenoised() {
        MainWindow w;
        const bool picture = !qEnvironmentVariableIsEmpty("BYOM_SCREENSHOTS");
        useSequenceRun(
            w, picture ? "synthetic:ecg-denoise?n=600&seed=2" : "synthetic:ecg-denoise?n=40&seed=2",
            1, "linear", "mse", picture ? 12 : 2);
        QVERIFY(trainAndShowFrames(w));
        SequenceFramesView* view = w.framesView();
        const Reference r = reference(w);
        QCOMPARE(view->frameCount(), int(r.validation.size()));
        QVERIFY(view->segmentSeries(false).isEmpty());
        view->frameBox()->setFocus();
        QTest::keyClick(view->frameBox(), Qt::Key_Up);
        QTest::keyClick(view->frameBox(), Qt::Key_Up);
        const Index index = view->frame();
        QCOMPARE(index, Index(2));
        checkInputLine(view->inputSeries(), r.validation, index);
        const Mat<float> out = r.outputs(index);
        const QList<QPointF> clean = view->targetSeries()->points();
        const QList<QPointF> denoised = view->outputSeries()->points();
        QCOMPARE(clean.size(), qsizetype(256));
        QCOMPARE(denoised.size(), qsizetype(256));
        for (Index t = 0; t < 256; ++t) {
            QCOMPARE(float(clean[t].y()), r.validation.y(t, index));
            QVERIFY2(std::abs(denoised[t].y() - out(t, 0)) <= 1e-4 * (1 + std::abs(out(t, 0))),
                     qPrintable(QStringLiteral("step %1: %2 vs %3")
                                    .arg(t)
                                    .arg(denoised[t].y())
                                    .arg(out(t, 0))));
        }
        const DenoiseMetrics d =
            denoiseMetrics(r.validation.x.col(index), out, r.validation.y.col(index));
        QCOMPARE(d.frames, Index(1));
        const QString expected = QStringLiteral("SNR in %1 dB, out %2 dB")
                                     .arg(d.snrInDb, 0, 'f', 1)
                                     .arg(d.snrOutDb, 0, 'f', 1);
        QVERIFY2(view->summary().startsWith(expected),
                 qPrintable(view->summary() + QStringLiteral(" / ") + expected));
        if (picture) keep(w, QStringLiteral("sequence-denoise.png"));
    }

    void anOpenedProjectShowsItsLatestRunsFrames() {
        // Saved, then opened in another window: once the data set has loaded, the latest
        // run's frames show, with the kept model's predictions.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("frames.byom"));
        {
            MainWindow w;
            useSequenceRun(w, "synthetic:ecg-segmentation?n=50&seed=3", 4, "softmax",
                           "categorical_crossentropy", 1);
            QVERIFY(trainAndShowFrames(w));
            QVERIFY(w.saveTo(path));
        }
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProject(path));
        QTRY_VERIFY_WITH_TIMEOUT(w.framesView()->frameCount() > 0, 60000);
        QVERIFY(w.dock(QStringLiteral("framesDock"))->isVisible());
        const Reference r = reference(w);
        QCOMPARE(w.framesView()->frameCount(), int(r.validation.size()));
        checkSegmentationFrame(w.framesView(), r, 0);
        userinput::clickArrow(w.framesView()->frameBox(), true);
        checkSegmentationFrame(w.framesView(), r, 1);
    }

    void otherModelsShowThePlaceholder() {
        // A classifier of two features has no frames: the view stays a placeholder.
        MainWindow w;
        useSmallRun(w, 1);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(trainToEnd(w));
        QTest::qWait(200);
        QCOMPARE(w.framesView()->frameCount(), 0);
        QVERIFY(w.dock(QStringLiteral("framesDock"))->isHidden());  // hidden for other data
        QVERIFY(!w.framesView()->findChild<QChartView*>()->isVisible());
    }
};

QTEST_MAIN(TestSequenceFrames)
#include "tst_sequenceframes.moc"
