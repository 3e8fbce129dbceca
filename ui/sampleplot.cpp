#include "ui/sampleplot.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "ui/decisionboundaryview.h"

namespace byom::ui {

namespace {

struct Range {
    double lo = 0.0, hi = 1.0;
    void widen() {
        if (!(hi > lo)) {
            lo -= 0.5;
            hi += 0.5;
        }
        const double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
    }
};

}  // namespace

SamplePlot::SamplePlot(QWidget* parent) : QWidget(parent) {
    setMinimumSize(200, 160);
}

void SamplePlot::setScatter(std::vector<QPointF> points, std::vector<int> labels,
                            const QString& xName, const QString& yName) {
    m_channels.clear();
    m_points = std::move(points);
    m_labels = std::move(labels);
    m_xName = xName;
    m_yName = yName;
    m_message.clear();
    update();
}

void SamplePlot::setSignal(std::vector<std::vector<float>> channels, const QString& title) {
    m_points.clear();
    m_labels.clear();
    m_channels = std::move(channels);
    m_title = title;
    m_message.clear();
    update();
}

void SamplePlot::clear(const QString& message) {
    m_points.clear();
    m_labels.clear();
    m_channels.clear();
    m_message = message;
    update();
}

void SamplePlot::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const QFontMetrics fm(font());
    const QRectF area(fm.height() + 8, 6, width() - fm.height() - 14, height() - fm.height() - 14);
    if (m_points.empty() && m_channels.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         m_message.isEmpty() ? tr("No data") : m_message);
        return;
    }
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(area);
    if (m_channels.empty())
        paintScatter(painter, area);
    else
        paintSignal(painter, area);
}

void SamplePlot::paintScatter(QPainter& painter, const QRectF& area) {
    Range x{m_points.front().x(), m_points.front().x()};
    Range y{m_points.front().y(), m_points.front().y()};
    for (const QPointF& p : m_points) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y())) continue;
        x.lo = std::min(x.lo, p.x());
        x.hi = std::max(x.hi, p.x());
        y.lo = std::min(y.lo, p.y());
        y.hi = std::max(y.hi, p.y());
    }
    x.widen();
    y.widen();
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), 20), Qt::AlignHCenter,
                     m_xName);
    painter.save();
    painter.translate(area.left() - 4, area.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-area.height() / 2, -20, area.height(), 18), Qt::AlignCenter, m_yName);
    painter.restore();
    painter.setPen(QPen(palette().color(QPalette::Base), 0.6));
    for (std::size_t i = 0; i < m_points.size(); ++i) {
        const QPointF& p = m_points[i];
        const QPointF at(area.left() + (p.x() - x.lo) / (x.hi - x.lo) * area.width(),
                         area.bottom() - (p.y() - y.lo) / (y.hi - y.lo) * area.height());
        painter.setBrush(DecisionBoundaryView::classColor(i < m_labels.size() ? m_labels[i] : 0));
        painter.drawEllipse(at, 2.6, 2.6);
    }
}

void SamplePlot::paintSignal(QPainter& painter, const QRectF& area) {
    Range y{m_channels.front().empty() ? 0.0 : m_channels.front().front(), 0.0};
    y.hi = y.lo;
    std::size_t steps = 1;
    for (const auto& c : m_channels) {
        steps = std::max(steps, c.size());
        for (float v : c) {
            y.lo = std::min(y.lo, double(v));
            y.hi = std::max(y.hi, double(v));
        }
    }
    y.widen();
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRectF(area.left(), area.bottom() + 2, area.width(), 20), Qt::AlignHCenter,
                     m_title);
    for (std::size_t c = 0; c < m_channels.size(); ++c) {
        QPainterPath path;
        const auto& values = m_channels[c];
        for (std::size_t t = 0; t < values.size(); ++t) {
            const QPointF at(area.left() + double(t) / double(std::max<std::size_t>(1, steps - 1)) *
                                               area.width(),
                             area.bottom() - (values[t] - y.lo) / (y.hi - y.lo) * area.height());
            if (t == 0)
                path.moveTo(at);
            else
                path.lineTo(at);
        }
        painter.setPen(QPen(DecisionBoundaryView::classColor(static_cast<int>(c)), 1.2));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
    }
}

}  // namespace byom::ui
