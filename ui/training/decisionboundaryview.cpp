#include "ui/training/decisionboundaryview.h"

#include <QPainter>
#include <algorithm>

namespace byom::ui {

DecisionBoundaryView::DecisionBoundaryView(QWidget* parent) : QWidget(parent) {
    setMinimumSize(200, 200);
}

QColor DecisionBoundaryView::classColor(int index) {
    static const QColor colors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                    QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                                    QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                    QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f),
                                    QColor(0xbc, 0xbd, 0x22), QColor(0x17, 0xbe, 0xcf)};
    return colors[std::max(0, index) % 10];
}

void DecisionBoundaryView::setPoints(std::vector<QPointF> points, std::vector<int> labels) {
    m_points = std::move(points);
    m_labels = std::move(labels);
    update();
}

void DecisionBoundaryView::setGrid(const DecisionGrid& grid) {
    m_grid = grid;
    m_regions = QImage(grid.resolution, grid.resolution, QImage::Format_ARGB32);
    for (int r = 0; r < grid.resolution; ++r)
        for (int c = 0; c < grid.resolution; ++c) {
            QColor color = classColor(grid.classAt(c, r));
            const float conf = grid.confidence[static_cast<std::size_t>(r) * grid.resolution + c];
            color.setAlphaF(0.15 + 0.45 * std::clamp((conf - 0.3f) / 0.7f, 0.0f, 1.0f));
            // Image row 0 is the top of the widget: the grid's highest y.
            m_regions.setPixelColor(c, grid.resolution - 1 - r, color);
        }
    update();
}

void DecisionBoundaryView::clear() {
    m_grid = DecisionGrid{};
    m_regions = QImage();
    m_points.clear();
    m_labels.clear();
    update();
}

QPointF DecisionBoundaryView::toWidget(const QPointF& p, const QRectF& area) const {
    const double fx = (p.x() - m_grid.xMin) / (m_grid.xMax - m_grid.xMin);
    const double fy = (p.y() - m_grid.yMin) / (m_grid.yMax - m_grid.yMin);
    return {area.left() + fx * area.width(), area.bottom() - fy * area.height()};
}

void DecisionBoundaryView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    const int side = std::min(width(), height()) - 8;
    const QRectF area((width() - side) / 2.0, (height() - side) / 2.0, side, side);
    if (!hasGrid()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("The decision boundary appears here while a model with two input "
                            "features trains"));
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(area, m_regions);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(palette().color(QPalette::Base), 0.8));
    for (std::size_t i = 0; i < m_points.size(); ++i) {
        painter.setBrush(classColor(i < m_labels.size() ? m_labels[i] : 0));
        painter.drawEllipse(toWidget(m_points[i], area), 3.0, 3.0);
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(area);
}

}  // namespace byom::ui
