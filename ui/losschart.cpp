#include "ui/losschart.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>
#include <limits>

namespace byom::ui {

namespace {

const QColor kLossColor(0x1f, 0x77, 0xb4);
const QColor kAccColor(0xd6, 0x27, 0x28);

/// Colours of compared runs, none of them the live curves' blue or red.
QColor overlayColor(int index) {
    static const QColor colors[] = {QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
                                    QColor(0xff, 0x7f, 0x0e), QColor(0x8c, 0x56, 0x4b),
                                    QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf),
                                    QColor(0xbc, 0xbd, 0x22), QColor(0x7f, 0x7f, 0x7f)};
    return colors[index % 8];
}

}  // namespace

LossChart::LossChart(QWidget* parent) : QWidget(parent) {
    m_chart = new QChart;
    m_chart->setTitle(tr("Learning curves"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_x = new QValueAxis;
    m_x->setTitleText(tr("epoch"));
    m_x->setLabelFormat(QStringLiteral("%d"));
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
    m_valLossSeries = addSeries(tr("val loss"), kLossColor, Qt::DashLine, 2.0, true);
    m_accSeries = addSeries(tr("accuracy"), kAccColor, Qt::SolidLine, 2.0, false);
    m_valAccSeries = addSeries(tr("val accuracy"), kAccColor, Qt::DashLine, 2.0, false);
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
    rebuildOverlaySeries();
    redraw();
}

void LossChart::rebuildOverlaySeries() {
    for (QLineSeries* s : m_overlaySeries) {
        m_chart->removeSeries(s);
        delete s;
    }
    m_overlaySeries.clear();
    for (int i = 0; i < m_overlays.size(); ++i) {
        const Curves& c = m_overlays[i];
        const QColor color = overlayColor(i);
        m_overlaySeries.append(addSeries(c.name + tr(" loss"), color, Qt::SolidLine, 1.2, true));
        m_overlaySeries.append(addSeries(c.name + tr(" val loss"), color, Qt::DashLine, 1.2, true));
        const bool val = !c.valAccuracy.isEmpty();
        m_overlaySeries.append(addSeries(c.name + (val ? tr(" val accuracy") : tr(" accuracy")),
                                         color, Qt::DotLine, 1.2, false));
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
}

QList<QPointF> LossChart::forLossAxis(const QList<QPointF>& points) const {
    if (!m_logScale) return points;
    QList<QPointF> out;
    for (const QPointF& p : points)
        if (p.y() > 0.0) out.append(p);
    return out;
}

void LossChart::redraw() {
    // replace() with whole lists is far cheaper than appending point by point.
    const QList<QPointF> loss = withTip(m_loss, m_liveLoss);
    const QList<QPointF> accuracy = withTip(m_acc, m_liveAcc);
    m_lossSeries->replace(forLossAxis(loss));
    m_valLossSeries->replace(forLossAxis(m_valLoss));
    m_accSeries->replace(accuracy);
    m_valAccSeries->replace(m_valAcc);
    for (int i = 0; i < m_overlays.size() && 3 * i + 2 < m_overlaySeries.size(); ++i) {
        const Curves& c = m_overlays[i];
        m_overlaySeries[3 * i]->replace(forLossAxis(c.loss));
        m_overlaySeries[3 * i + 1]->replace(forLossAxis(c.valLoss));
        m_overlaySeries[3 * i + 2]->replace(c.valAccuracy.isEmpty() ? c.accuracy : c.valAccuracy);
    }
    double first = 1.0;
    double epochs = 1.0;
    double top = 0.0;
    double bottom = std::numeric_limits<double>::infinity();
    auto scan = [&](const QList<QPointF>& list, bool loss) {
        for (const QPointF& p : list) {
            first = std::min(first, p.x());
            epochs = std::max(epochs, p.x());
            if (!loss) continue;
            top = std::max(top, p.y());
            if (p.y() > 0.0) bottom = std::min(bottom, p.y());
        }
    };
    scan(loss, true);
    scan(m_valLoss, true);
    scan(accuracy, false);
    for (const Curves& c : m_overlays) {
        scan(c.loss, true);
        scan(c.valLoss, true);
        scan(c.accuracy, false);
    }
    // The first epoch's curve starts before x = 1 while its batches run.
    m_x->setRange(first < 1.0 ? 0.0 : 1.0, std::max(2.0, epochs));
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

void LossChart::showHover(QLineSeries* series, const QPointF& point, bool state) {
    if (!state) {
        QToolTip::hideText();
        return;
    }
    // Read the stored point nearest to the cursor (whole epochs, or the running tip).
    const QList<QPointF> points = series->points();
    if (points.isEmpty()) return;
    QPointF nearest = points.first();
    for (const QPointF& p : points)
        if (std::abs(p.x() - point.x()) < std::abs(nearest.x() - point.x())) nearest = p;
    const bool whole = nearest.x() == std::round(nearest.x());
    m_hoverText = tr("%1: epoch %2, %3")
                      .arg(series->name(), whole ? QString::number(std::lround(nearest.x()))
                                                 : tr("%1 (running)").arg(nearest.x(), 0, 'f', 2))
                      .arg(nearest.y(), 0, 'g', 5);
    m_readout->setText(m_hoverText);
    QToolTip::showText(QCursor::pos(), m_hoverText, m_view);
}

}  // namespace byom::ui
