#include "ui/training/losschart.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QCursor>
#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

namespace byom::ui {

namespace {

// The live run: training curves in a dark shade, validation curves (dashed) in a light one,
// so that the legend's swatches tell them apart as well as the lines do.
const QColor kLossColor(0x1f, 0x77, 0xb4);
const QColor kValLossColor(0x5a, 0xa2, 0xdc);
const QColor kAccColor(0xd6, 0x27, 0x28);
const QColor kValAccColor(0xec, 0x6f, 0x6f);

/// Colours of compared runs, none of them the live curves' blue or red.
QColor overlayColor(int index) {
    static const QColor colors[] = {QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                                    QColor(0xff, 0x7f, 0x0e), QColor(0x8c, 0x56, 0x4b),
                                    QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf),
                                    QColor(0xbc, 0xbd, 0x22), QColor(0x7f, 0x7f, 0x7f)};
    return colors[index % 8];
}

/// `color` mixed with white (`share` of white, 0..1): a compared run's lighter shade.
QColor mixedWithWhite(const QColor& color, double share) {
    auto mix = [share](int c) { return static_cast<int>(std::lround(c + (255 - c) * share)); };
    return QColor(mix(color.red()), mix(color.green()), mix(color.blue()));
}

/// At most LossChart::kMaxDrawnPoints of a curve ordered by epoch: its first and last points
/// and, in each stretch of consecutive points between, the lowest and the highest (in their
/// order), so that spikes and the curve's envelope are drawn as they are.
QList<QPointF> decimated(const QList<QPointF>& points) {
    const qsizetype n = points.size();
    if (n <= LossChart::kMaxDrawnPoints) return points;
    const qsizetype stretches = LossChart::kMaxDrawnPoints / 2 - 1;
    QList<QPointF> out;
    out.reserve(LossChart::kMaxDrawnPoints);
    out.append(points.front());
    for (qsizetype k = 0; k < stretches; ++k) {
        const qsizetype begin = 1 + (n - 2) * k / stretches;
        const qsizetype end = 1 + (n - 2) * (k + 1) / stretches;
        if (begin == end) continue;
        qsizetype lo = begin, hi = begin;
        for (qsizetype i = begin + 1; i < end; ++i) {
            if (points[i].y() < points[lo].y()) lo = i;
            if (points[i].y() > points[hi].y()) hi = i;
        }
        out.append(points[std::min(lo, hi)]);
        if (lo != hi) out.append(points[std::max(lo, hi)]);
    }
    out.append(points.back());
    return out;
}

}  // namespace

LossChart::LossChart(QWidget* parent) : QWidget(parent) {
    m_chart = new QChart;
    m_chart->setTitle(tr("Learning curves"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_x = new QValueAxis;
    m_x->setTitleText(tr("epoch"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_x->setRange(0.0, 10.0);
    m_x->setTickInterval(2.0);
    m_x->setTickAnchor(0.0);
    m_x->setTickType(QValueAxis::TicksDynamic);
    auto* yLoss = new QValueAxis;
    yLoss->setTitleText(tr("loss"));
    m_yLoss = yLoss;
    m_yAcc = new QValueAxis;
    m_yAcc->setTitleText(tr("accuracy"));
    m_yAcc->setRange(0.0, 1.0);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_yLoss, Qt::AlignLeft);
    m_chart->addAxis(m_yAcc, Qt::AlignRight);
    m_lossSeries = addSeries(tr("loss"), kLossColor, Qt::SolidLine, 2.0, true);
    m_valLossSeries = addSeries(tr("val loss"), kValLossColor, Qt::DashLine, 1.0, true);
    m_accSeries = addSeries(tr("accuracy"), kAccColor, Qt::SolidLine, 2.0, false);
    m_valAccSeries = addSeries(tr("val accuracy"), kValAccColor, Qt::DashLine, 1.0, false);
    // The legend shows each curve's line (its colour and dashes), not a plain square.
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    connect(m_chart, &QChart::plotAreaChanged, this,
            [this] { setEpochRange(m_x->min(), m_x->max()); });
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);

    auto* log = new QCheckBox(tr("Log scale"));
    log->setObjectName(QStringLiteral("logScaleBox"));
    log->setToolTip(tr("Show the loss on a logarithmic axis"));
    connect(log, &QCheckBox::toggled, this, &LossChart::setLogScale);
    m_readout = new QLabel;
    m_readout->setObjectName(QStringLiteral("chartReadout"));
    m_readout->setText(tr("Hover a curve to read its values"));
    auto* top = new QHBoxLayout;
    top->setContentsMargins(6, 2, 6, 0);
    top->addWidget(log);
    top->addStretch(1);
    top->addWidget(m_readout);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_view);
    m_redraw.setSingleShot(true);
    m_redraw.setInterval(50);
    connect(&m_redraw, &QTimer::timeout, this, &LossChart::redraw);
    clear();
}

QLineSeries* LossChart::addSeries(const QString& name, const QColor& color, Qt::PenStyle style,
                                  qreal width, bool lossAxis) {
    auto* s = new QLineSeries;
    s->setName(name);
    QPen pen(color);
    pen.setWidthF(width);
    pen.setStyle(style);
    s->setPen(pen);
    s->setProperty("lossAxis", lossAxis);
    m_chart->addSeries(s);
    s->attachAxis(m_x);
    s->attachAxis(lossAxis ? m_yLoss : m_yAcc);
    connect(s, &QLineSeries::hovered, this,
            [this, s](const QPointF& p, bool state) { showHover(s, p, state); });
    return s;
}

void LossChart::clear() {
    m_liveLoss = m_liveAcc = QPointF();
    m_loss.clear();
    m_valLoss.clear();
    m_acc.clear();
    m_valAcc.clear();
    redraw();
}

void LossChart::addEpoch(int epoch, double loss, double valLoss, double accuracy,
                         double valAccuracy) {
    auto add = [epoch](QList<QPointF>& list, double v) {
        if (std::isfinite(v)) list.append(QPointF(epoch, v));
    };
    add(m_loss, loss);
    add(m_valLoss, valLoss);
    add(m_acc, accuracy);
    add(m_valAcc, valAccuracy);
    m_liveLoss = m_liveAcc = QPointF();
    if (!m_redraw.isActive()) m_redraw.start();
}

void LossChart::addBatch(double position, double loss, double accuracy) {
    m_liveLoss = std::isfinite(loss) ? QPointF(position, loss) : QPointF();
    m_liveAcc = std::isfinite(accuracy) ? QPointF(position, accuracy) : QPointF();
    if (!m_redraw.isActive()) m_redraw.start();
}

QList<QPointF> LossChart::withTip(const QList<QPointF>& points, const QPointF& tip) {
    if (tip.isNull() || (!points.isEmpty() && tip.x() <= points.back().x())) return points;
    QList<QPointF> out = points;
    out.append(tip);
    return out;
}

void LossChart::setOverlays(const QList<Curves>& runs) {
    m_overlays = runs;
    m_overlayExtent = Extent();
    for (const Curves& c : m_overlays) {
        m_overlayExtent.add(c.loss, true);
        m_overlayExtent.add(c.valLoss, true);
        m_overlayExtent.add(c.accuracy, false);
    }
    // The axes first, then the points: each change of an axis recomputes every curve drawn.
    rebuildOverlaySeries();
    redraw();
    showOverlays();
}

void LossChart::rebuildOverlaySeries() {
    for (QLineSeries* s : m_overlaySeries) {
        m_shown.remove(s);
        m_chart->removeSeries(s);
        delete s;
    }
    m_overlaySeries.clear();
    for (int i = 0; i < m_overlays.size(); ++i) {
        const Curves& c = m_overlays[i];
        // The run's colour; each curve its own shade and line.
        const QColor color = overlayColor(i);
        m_overlaySeries.append(
            addSeries(c.name + tr(" loss"), color.darker(130), Qt::SolidLine, 1.0, true));
        m_overlaySeries.append(addSeries(c.name + tr(" val loss"), mixedWithWhite(color, 0.45),
                                         Qt::DashLine, 1.0, true));
        const bool val = !c.valAccuracy.isEmpty();
        m_overlaySeries.append(addSeries(c.name + (val ? tr(" val accuracy") : tr(" accuracy")),
                                         color, Qt::DotLine, 1.0, false));
    }
    // The legend names the live curves only; hovering a compared run's curve names it.
    for (QLineSeries* s : m_overlaySeries)
        for (QLegendMarker* marker : m_chart->legend()->markers(s)) marker->setVisible(false);
}

void LossChart::setLogScale(bool on) {
    if (on == m_logScale) return;
    m_logScale = on;
    QAbstractAxis* old = m_yLoss;
    if (on) {
        auto* axis = new QLogValueAxis;
        axis->setBase(10.0);
        axis->setLabelFormat(QStringLiteral("%g"));
        m_yLoss = axis;
    } else {
        m_yLoss = new QValueAxis;
    }
    m_yLoss->setTitleText(tr("loss"));
    m_chart->addAxis(m_yLoss, Qt::AlignLeft);
    for (QAbstractSeries* s : m_chart->series()) {
        if (!s->property("lossAxis").toBool()) continue;
        s->detachAxis(old);
        s->attachAxis(m_yLoss);
    }
    m_chart->removeAxis(old);
    delete old;
    if (auto* box = findChild<QCheckBox*>(QStringLiteral("logScaleBox"))) {
        const QSignalBlocker block(box);
        box->setChecked(on);
    }
    redraw();
    showOverlays();
}

QList<QPointF> LossChart::forLossAxis(const QList<QPointF>& points) const {
    if (!m_logScale) return points;
    QList<QPointF> out;
    for (const QPointF& p : points)
        if (p.y() > 0.0) out.append(p);
    return out;
}

void LossChart::Extent::add(const QList<QPointF>& points, bool loss) {
    if (points.isEmpty()) return;
    first = std::min(first, points.front().x());  // points are in epoch order
    last = std::max(last, points.back().x());
    if (!loss) return;
    for (const QPointF& p : points) {
        top = std::max(top, p.y());
        if (p.y() > 0.0) bottom = std::min(bottom, p.y());
    }
}

void LossChart::draw(QLineSeries* series, const QList<QPointF>& points) {
    m_shown.insert(series, points);
    // replace() with whole lists is far cheaper than appending point by point.
    series->replace(decimated(points));
}

void LossChart::showOverlays() {
    for (int i = 0; i < m_overlays.size() && 3 * i + 2 < m_overlaySeries.size(); ++i) {
        const Curves& c = m_overlays[i];
        draw(m_overlaySeries[3 * i], forLossAxis(c.loss));
        draw(m_overlaySeries[3 * i + 1], forLossAxis(c.valLoss));
        draw(m_overlaySeries[3 * i + 2], c.valAccuracy.isEmpty() ? c.accuracy : c.valAccuracy);
    }
}

void LossChart::redraw() {
    const QList<QPointF> loss = withTip(m_loss, m_liveLoss);
    const QList<QPointF> accuracy = withTip(m_acc, m_liveAcc);
    draw(m_lossSeries, forLossAxis(loss));
    draw(m_valLossSeries, forLossAxis(m_valLoss));
    draw(m_accSeries, accuracy);
    draw(m_valAccSeries, m_valAcc);
    Extent e = m_overlayExtent;
    e.add(loss, true);
    e.add(m_valLoss, true);
    e.add(accuracy, false);
    // Before the first point: ten epochs. The first epoch's curve starts before x = 1 while its
    // batches run.
    if (e.first > e.last)
        setEpochRange(0.0, 10.0);
    else
        setEpochRange(e.first < 1.0 ? 0.0 : 1.0, std::max(2.0, e.last));
    double top = e.top;
    double bottom = e.bottom;
    if (m_logScale) {
        if (!std::isfinite(bottom) || top <= 0.0) {
            bottom = 0.01;
            top = 1.0;
        }
        m_yLoss->setRange(bottom * 0.8, top * 1.25);
    } else {
        m_yLoss->setRange(0.0, top > 0.0 ? top * 1.05 : 1.0);
    }
}

double LossChart::epochStep(double lo, double hi) const {
    // As many labels as fit the plot's width with room between them, at most 8 steps.
    const QString widest = QString::number(std::lround(hi));
    const double labelWidth = QFontMetricsF(m_x->labelsFont()).horizontalAdvance(widest) + 24.0;
    const double width = m_chart->plotArea().width();
    const double steps = std::clamp(width > 0.0 ? std::floor(width / labelWidth) : 8.0, 1.0, 8.0);
    double step = 1.0;  // 1, 2 or 5 times a power of ten, never below one epoch
    for (double magnitude = 1.0; (hi - lo) / step > steps; magnitude *= 10.0)
        for (const double m : {1.0, 2.0, 5.0}) {
            step = m * magnitude;
            if ((hi - lo) / step <= steps) break;
        }
    return step;
}

void LossChart::setEpochRange(double lo, double hi) {
    // The axis makes a label for every step of its range at once: a range of 100,000 epochs
    // must never meet a step of one, so a longer step is set before the range that needs it.
    const double step = epochStep(lo, hi);
    if (step > m_x->tickInterval()) m_x->setTickInterval(step);
    m_x->setRange(lo, hi);
    if (step != m_x->tickInterval()) m_x->setTickInterval(step);
}

void LossChart::showHover(QLineSeries* series, const QPointF& point, bool state) {
    if (!state) {
        QToolTip::hideText();
        return;
    }
    // Read the point nearest to the cursor of every point the curve holds (whole epochs, or the
    // running tip), not only of those drawn.
    const QList<QPointF> points = m_shown.value(series);
    if (points.isEmpty()) return;
    const auto after = std::lower_bound(
        points.begin(), points.end(), point.x(),
        [](const QPointF& p, double x) { return p.x() < x; });  // points are in epoch order
    QPointF nearest = after == points.end() ? points.back() : *after;
    if (after != points.begin() &&
        std::abs((after - 1)->x() - point.x()) <= std::abs(nearest.x() - point.x()))
        nearest = *(after - 1);
    const bool whole = nearest.x() == std::round(nearest.x());
    m_hoverText = tr("%1: epoch %2, %3")
                      .arg(series->name(), whole ? QString::number(std::lround(nearest.x()))
                                                 : tr("%1 (running)").arg(nearest.x(), 0, 'f', 2))
                      .arg(nearest.y(), 0, 'g', 5);
    m_readout->setText(m_hoverText);
    QToolTip::showText(QCursor::pos(), m_hoverText, m_view);
}

}  // namespace byom::ui
