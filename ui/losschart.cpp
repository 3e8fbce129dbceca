#include "ui/losschart.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>
#include <cmath>

namespace byom::ui {

namespace {

QLineSeries* makeSeries(const QString& name, const QColor& color, bool dashed) {
    auto* s = new QLineSeries;
    s->setName(name);
    QPen pen(color);
    pen.setWidthF(2.0);
    if (dashed) pen.setStyle(Qt::DashLine);
    s->setPen(pen);
    return s;
}

}  // namespace

LossChart::LossChart(QWidget* parent) : QWidget(parent) {
    m_chart = new QChart;
    m_chart->setTitle(tr("Learning curves"));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_lossSeries = makeSeries(tr("loss"), QColor(0x1f, 0x77, 0xb4), false);
    m_valLossSeries = makeSeries(tr("val loss"), QColor(0x1f, 0x77, 0xb4), true);
    m_accSeries = makeSeries(tr("accuracy"), QColor(0xd6, 0x27, 0x28), false);
    m_valAccSeries = makeSeries(tr("val accuracy"), QColor(0xd6, 0x27, 0x28), true);
    m_x = new QValueAxis;
    m_x->setTitleText(tr("epoch"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_yLoss = new QValueAxis;
    m_yLoss->setTitleText(tr("loss"));
    m_yAcc = new QValueAxis;
    m_yAcc->setTitleText(tr("accuracy"));
    m_yAcc->setRange(0.0, 1.0);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_yLoss, Qt::AlignLeft);
    m_chart->addAxis(m_yAcc, Qt::AlignRight);
    for (QLineSeries* s : {m_lossSeries, m_valLossSeries}) {
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_yLoss);
    }
    for (QLineSeries* s : {m_accSeries, m_valAccSeries}) {
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_yAcc);
    }
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_redraw.setSingleShot(true);
    m_redraw.setInterval(50);
    connect(&m_redraw, &QTimer::timeout, this, &LossChart::redraw);
    clear();
}

void LossChart::clear() {
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
    if (!m_redraw.isActive()) m_redraw.start();
}

void LossChart::redraw() {
    // replace() with whole lists is far cheaper than appending point by point.
    m_lossSeries->replace(m_loss);
    m_valLossSeries->replace(m_valLoss);
    m_accSeries->replace(m_acc);
    m_valAccSeries->replace(m_valAcc);
    const int epochs = m_loss.isEmpty() ? 1 : static_cast<int>(m_loss.last().x());
    m_x->setRange(1, std::max(2, epochs));
    double top = 0.0;
    for (const auto* list : {&m_loss, &m_valLoss})
        for (const QPointF& p : *list) top = std::max(top, p.y());
    m_yLoss->setRange(0.0, top > 0.0 ? top * 1.05 : 1.0);
}

}  // namespace byom::ui
