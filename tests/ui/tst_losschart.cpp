// The learning-curves chart as a user sees it in a shown window: the epoch axis's labels (empty,
// short and long runs), legend swatches that tell the validation curves from the training ones,
// compared runs whose curves differ by colour and line, and long runs drawn from a bounded
// number of points while hovering still reads every epoch.

#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <QtTest>
#include <algorithm>
#include <cmath>

#include "ui/training/losschart.h"

using namespace byom::ui;

namespace {

/// The texts of the labels under the plot area (the epoch axis's tick labels), left to right.
QStringList xAxisLabels(const LossChart& chart) {
    const QRectF plot = chart.chart()->plotArea();
    const QString title = chart.chart()->axes(Qt::Horizontal).front()->titleText();
    QList<QGraphicsTextItem*> items;
    for (QGraphicsItem* item : chart.chart()->scene()->items()) {
        auto* text = dynamic_cast<QGraphicsTextItem*>(item);
        if (!text || !text->isVisible() || text->toPlainText().isEmpty()) continue;
        const QRectF r = text->sceneBoundingRect();
        // Tick labels sit just below the plot area; the axis title and legend further down.
        if (r.top() < plot.bottom() - 1 || r.top() > plot.bottom() + r.height()) continue;
        if (text->toPlainText() == title) continue;
        items.append(text);
    }
    std::sort(items.begin(), items.end(), [](QGraphicsTextItem* a, QGraphicsTextItem* b) {
        return a->sceneBoundingRect().center().x() < b->sceneBoundingRect().center().x();
    });
    QStringList out;
    for (QGraphicsTextItem* t : items) out << t->toPlainText();
    return out;
}

/// Labels that are distinct integers a round step (1, 2 or 5 times a power of ten) apart.
QString roundTicksProblem(const QStringList& labels) {
    if (labels.size() < 2) return QStringLiteral("fewer than two labels: ") + labels.join(u' ');
    QList<long long> values;
    for (const QString& l : labels) {
        bool ok = false;
        values.append(l.toLongLong(&ok));
        if (!ok) return QStringLiteral("not an integer: ") + l;
    }
    const long long step = values[1] - values[0];
    if (step <= 0) return QStringLiteral("not increasing: ") + labels.join(u' ');
    for (int i = 1; i < values.size(); ++i)
        if (values[i] - values[i - 1] != step)
            return QStringLiteral("uneven steps: ") + labels.join(u' ');
    long long mantissa = step;
    while (mantissa % 10 == 0) mantissa /= 10;
    if (mantissa != 1 && mantissa != 2 && mantissa != 5)
        return QStringLiteral("step %1 is not round: ").arg(step) + labels.join(u' ');
    if (values[0] % step != 0)
        return QStringLiteral("labels are not multiples of %1: ").arg(step) + labels.join(u' ');
    return {};
}

QLineSeries* seriesNamed(const LossChart& chart, const QString& name) {
    for (QAbstractSeries* s : chart.chart()->series())
        if (s->name() == name) return static_cast<QLineSeries*>(s);
    return nullptr;
}

/// A long run's curves: noisy, with one spike in the loss at `spikeEpoch`.
LossChart::Curves longRun(const QString& name, int epochs, int spikeEpoch) {
    LossChart::Curves c;
    c.name = name;
    for (int e = 1; e <= epochs; ++e) {
        const double wobble = 0.01 * std::sin(e * 0.7);
        c.loss.append(QPointF(e, (e == spikeEpoch ? 5.0 : 1.0 / std::sqrt(e)) + wobble));
        c.valLoss.append(QPointF(e, 1.1 / std::sqrt(e) + wobble));
        c.accuracy.append(QPointF(e, 1.0 - 0.5 / std::sqrt(e)));
        c.valAccuracy.append(QPointF(e, 0.95 - 0.5 / std::sqrt(e) + wobble));
    }
    return c;
}

}  // namespace

class TestLossChart : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptyChartHasDistinctEpochLabels() {
        LossChart w;
        w.resize(800, 500);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QStringList labels = xAxisLabels(w);
        const QString problem = roundTicksProblem(labels);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QStringList distinct = labels;
        QCOMPARE(distinct.removeDuplicates(), qsizetype(0));
    }

    void epochLabelsAreRoundNumbers_data() {
        QTest::addColumn<int>("epochs");
        QTest::newRow("1") << 1;
        QTest::newRow("6") << 6;
        QTest::newRow("37") << 37;
        QTest::newRow("1000") << 1000;
        QTest::newRow("89479") << 89479;  // gave 17896, 35791, ...
        QTest::newRow("100000") << 100000;
    }

    void epochLabelsAreRoundNumbers() {
        QFETCH(int, epochs);
        LossChart w;
        w.resize(800, 500);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        for (int e = 1; e <= epochs; ++e) w.addEpoch(e, 1.0 / e, 1.2 / e, 0.5, 0.4);
        QTRY_COMPARE(w.pointCount(), epochs);
        QTRY_VERIFY(seriesNamed(w, QStringLiteral("loss"))->count() > 0);
        QTest::qWait(100);  // the axes are laid out again after the redraw
        const QStringList labels = xAxisLabels(w);
        const QString problem = roundTicksProblem(labels);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY2(labels.size() <= 11, qPrintable(labels.join(u' ')));
        QVERIFY2(labels.last().toLongLong() <= epochs + 1, qPrintable(labels.join(u' ')));
    }

    void legendSwatchesTellValidationApart() {
        LossChart w;
        w.resize(800, 500);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.addEpoch(1, 1.0, 1.2, 0.5, 0.4);
        w.addEpoch(2, 0.8, 0.9, 0.6, 0.5);
        QTRY_COMPARE(w.pointCount(), 2);
        auto swatch = [&](const char* name) {
            QLineSeries* s = seriesNamed(w, QLatin1String(name));
            const QList<QLegendMarker*> markers = w.chart()->legend()->markers(s);
            return markers.isEmpty() ? QColor() : markers.front()->brush().color();
        };
        const QColor loss = swatch("loss"), valLoss = swatch("val loss");
        const QColor accuracy = swatch("accuracy"), valAccuracy = swatch("val accuracy");
        QVERIFY(loss.isValid() && valLoss.isValid() && accuracy.isValid() && valAccuracy.isValid());
        QVERIFY2(loss != valLoss, qPrintable(loss.name()));
        QVERIFY2(accuracy != valAccuracy, qPrintable(accuracy.name()));
        QVERIFY(loss != accuracy && valLoss != valAccuracy);
        // The swatch has the curve's colour, so the legend matches what is drawn.
        QCOMPARE(valLoss, seriesNamed(w, QStringLiteral("val loss"))->pen().color());
    }

    void comparedRunsHaveDistinctCurves() {
        LossChart w;
        w.resize(800, 500);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.setOverlays(
            {longRun(QStringLiteral("run 1"), 20, 0), longRun(QStringLiteral("run 2"), 30, 0)});
        QList<QPen> pens;
        for (const char* run : {"run 1", "run 2"}) {
            QList<QPen> own;
            for (const char* curve : {" loss", " val loss", " val accuracy"}) {
                QLineSeries* s = seriesNamed(w, QLatin1String(run) + QLatin1String(curve));
                QVERIFY2(s, curve);
                own.append(s->pen());
            }
            // Within a run: each curve its own shade, validation dashed, accuracy dotted.
            QVERIFY(own[0].color() != own[1].color() && own[0].color() != own[2].color() &&
                    own[1].color() != own[2].color());
            QCOMPARE(own[0].style(), Qt::SolidLine);
            QCOMPARE(own[1].style(), Qt::DashLine);
            QCOMPARE(own[2].style(), Qt::DotLine);
            pens += own;
        }
        // Across runs: no colour shared.
        for (int i = 0; i < 3; ++i)
            for (int j = 3; j < 6; ++j) QVERIFY(pens[i].color() != pens[j].color());
    }

    void longRunsAreDrawnFromFewerPoints() {
        LossChart w;
        w.resize(1000, 600);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const int epochs = 100000;
        const QList<LossChart::Curves> runs = {longRun(QStringLiteral("run 1"), epochs, 31337),
                                               longRun(QStringLiteral("run 2"), epochs, 777)};
        QElapsedTimer timer;
        timer.start();
        w.setOverlays(runs);
        QCoreApplication::processEvents();
        const QPixmap shown = w.grab();  // draws every curve once
        const qint64 ms = timer.elapsed();
        QVERIFY(!shown.isNull());
        qInfo("two overlaid runs of %d epochs shown in %lld ms", epochs, ms);
        // Every point drawn, this took 16-18 s on a busy 2-core machine; now well under 0.1 s.
        QVERIFY2(ms < 5000, qPrintable(QString::number(ms)));
        QLineSeries* loss = seriesNamed(w, QStringLiteral("run 1 loss"));
        QVERIFY(loss);
        QVERIFY2(loss->count() <= 2100, qPrintable(QString::number(loss->count())));
        // Decimation keeps the first and last epochs and the extremes: the spike is drawn.
        QCOMPARE(loss->at(0), runs[0].loss.front());
        QCOMPARE(loss->at(loss->count() - 1), runs[0].loss.back());
        const QList<QPointF> drawn = loss->points();
        QVERIFY(std::any_of(drawn.begin(), drawn.end(),
                            [](const QPointF& p) { return p.x() == 31337 && p.y() > 4.0; }));
        // Hovering reads the run's own epoch, whether it was drawn or not.
        for (const int epoch : {2, 12345, 99999}) {
            Q_EMIT loss->hovered(QPointF(epoch + 0.2, 0.1), true);
            QCOMPARE(w.hoverText(), QStringLiteral("run 1 loss: epoch %1, %2")
                                        .arg(epoch)
                                        .arg(runs[0].loss[epoch - 1].y(), 0, 'g', 5));
        }
    }

    void liveLongRunIsDrawnFromFewerPoints() {
        LossChart w;
        w.resize(800, 500);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        for (int e = 1; e <= 50000; ++e) w.addEpoch(e, 1.0 / e, 1.2 / e, 0.5, 0.4);
        w.addBatch(50000.5, 0.25, 0.5);
        QLineSeries* loss = seriesNamed(w, QStringLiteral("loss"));
        QTRY_VERIFY(loss->count() > 0);
        QVERIFY2(loss->count() <= 2100, qPrintable(QString::number(loss->count())));
        // The running tip stays the last point drawn.
        QCOMPARE(loss->at(loss->count() - 1), QPointF(50000.5, 0.25));
        QCOMPARE(w.pointCount(), 50000);
    }
};

QTEST_MAIN(TestLossChart)
#include "tst_losschart.moc"
