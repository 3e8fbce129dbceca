#include "ui/data/sampleplot.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "ui/training/decisionboundaryview.h"
#include "ui/widgets/niceticks.h"

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
    if (m_points.empty() && m_channels.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         m_message.isEmpty() ? tr("No data") : m_message);
        return;
    }
    // Plain copies, not a structured binding: clang 14 cannot capture those in the lambdas below.
    const auto range = ranges();
    const std::pair<double, double> x = range.first, y = range.second;
    const QList<double> xTicks = niceTicks(x.first, x.second);
    const QList<double> yTicks = niceTicks(y.first, y.second);
    const double xStep = xTicks.size() > 1 ? xTicks[1] - xTicks[0] : 1.0;
    const double yStep = yTicks.size() > 1 ? yTicks[1] - yTicks[0] : 1.0;
    // Room for the y name, the y tick labels, the x tick labels and the x name.
    const QFontMetrics fm(font());
    int labelWidth = 0;
    for (double v : yTicks)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(tickLabel(v, yStep)));
    const bool named = m_channels.empty();
    const double left = (named ? fm.height() + 4 : 4) + labelWidth + 6;
    const QRectF area(left, 6, width() - left - 10, height() - 2 * fm.height() - 16);
    if (area.width() < 20 || area.height() < 20) return;
    auto px = [&](double v) {
        return area.left() + (v - x.first) / (x.second - x.first) * area.width();
    };
    auto py = [&](double v) {
        return area.bottom() - (v - y.first) / (y.second - y.first) * area.height();
    };

    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(area);
    painter.setPen(palette().color(QPalette::Text));
    for (double v : xTicks) {
        const double at = px(v);
        painter.drawLine(QPointF(at, area.bottom()), QPointF(at, area.bottom() + 3));
        painter.drawText(QRectF(at - 40, area.bottom() + 3, 80, fm.height()), Qt::AlignHCenter,
                         tickLabel(v, xStep));
    }
    for (double v : yTicks) {
        const double at = py(v);
        painter.drawLine(QPointF(area.left() - 3, at), QPointF(area.left(), at));
        painter.drawText(
            QRectF(area.left() - labelWidth - 5, at - fm.height() / 2.0, labelWidth, fm.height()),
            Qt::AlignRight | Qt::AlignVCenter, tickLabel(v, yStep));
    }
    const QRectF below(area.left(), area.bottom() + 3 + fm.height(), area.width(), fm.height() + 4);
    if (!named) {
        painter.drawText(below, Qt::AlignHCenter, m_title);
        paintSignal(painter, px, py);
        return;
    }
    painter.drawText(below, Qt::AlignHCenter, m_xName);
    painter.save();
    painter.translate(fm.height() / 2.0 + 2, area.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-area.height() / 2, -fm.height() / 2.0, area.height(), fm.height()),
                     Qt::AlignCenter, m_yName);
    painter.restore();
    painter.setPen(QPen(palette().color(QPalette::Base), 0.6));
    for (std::size_t i = 0; i < m_points.size(); ++i) {
        const QPointF& p = m_points[i];
        painter.setBrush(DecisionBoundaryView::classColor(i < m_labels.size() ? m_labels[i] : 0));
        painter.drawEllipse(QPointF(px(p.x()), py(p.y())), 2.6, 2.6);
    }
}

std::pair<std::pair<double, double>, std::pair<double, double>> SamplePlot::ranges() const {
    Range x, y;
    if (!m_channels.empty()) {
        // A frame: time steps across, values up.
        std::size_t steps = 1;
        bool first = true;
        for (const auto& c : m_channels) {
            steps = std::max(steps, c.size());
            for (float v : c) {
                if (!std::isfinite(v)) continue;
                y.lo = first ? v : std::min(y.lo, double(v));
                y.hi = first ? v : std::max(y.hi, double(v));
                first = false;
            }
        }
        x = {0.0, double(std::max<std::size_t>(1, steps - 1))};
        y.widen();
        return {{x.lo, x.hi}, {y.lo, y.hi}};
    }
    bool first = true;
    for (const QPointF& p : m_points) {
        if (!std::isfinite(p.x()) || !std::isfinite(p.y())) continue;
        x.lo = first ? p.x() : std::min(x.lo, p.x());
        x.hi = first ? p.x() : std::max(x.hi, p.x());
        y.lo = first ? p.y() : std::min(y.lo, p.y());
        y.hi = first ? p.y() : std::max(y.hi, p.y());
        first = false;
    }
    x.widen();
    y.widen();
    return {{x.lo, x.hi}, {y.lo, y.hi}};
}

QStringList SamplePlot::xTickLabels() const {
    const auto x = ranges().first;
    return tickLabels(niceTicks(x.first, x.second));
}

QStringList SamplePlot::yTickLabels() const {
    const auto y = ranges().second;
    return tickLabels(niceTicks(y.first, y.second));
}

void SamplePlot::paintSignal(QPainter& painter, const std::function<double(double)>& px,
                             const std::function<double(double)>& py) {
    for (std::size_t c = 0; c < m_channels.size(); ++c) {
        QPainterPath path;
        const auto& values = m_channels[c];
        for (std::size_t t = 0; t < values.size(); ++t) {
            const QPointF at(px(double(t)), py(values[t]));
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
