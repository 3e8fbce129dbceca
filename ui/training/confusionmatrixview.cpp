#include "ui/training/confusionmatrixview.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace byom::ui {

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
    setMinimumSize(200, 120);  // shares its dock with the per-class table
}

void ConfusionMatrixView::setMatrix(const QStringList& classNames,
                                    const std::vector<std::vector<long long>>& counts) {
    m_names = classNames;
    m_counts = counts;
    update();
}

void ConfusionMatrixView::clear() {
    m_names.clear();
    m_counts.clear();
    update();
}

long long ConfusionMatrixView::count(int t, int p) const {
    if (t < 0 || p < 0 || t >= int(m_counts.size()) || p >= int(m_counts[t].size())) return 0;
    return m_counts[t][p];
}

QString ConfusionMatrixView::className(int index) const {
    return index < m_names.size() ? m_names[index] : QString::number(index);
}

QRect ConfusionMatrixView::Geometry::columnHeader(int column, int lineHeight) const {
    // Below the "predicted" title, above the cells.
    const int y = lineHeight + 4;
    return QRect(left + column * cell, y, cell, top - y - 4);
}

QRect ConfusionMatrixView::Geometry::rowHeader(int row, int lineHeight) const {
    return QRect(lineHeight + 2, top + row * cell, labelWidth - 6, cell);
}

QRect ConfusionMatrixView::Geometry::cellRect(int row, int column) const {
    return QRect(left + column * cell, top + row * cell, cell - 2, cell - 2);
}

ConfusionMatrixView::Geometry ConfusionMatrixView::geometry() const {
    Geometry g;
    const int k = static_cast<int>(m_counts.size());
    if (k == 0) return g;
    const QFontMetrics fm(font());
    int widest = 0;
    for (int i = 0; i < k; ++i) widest = std::max(widest, fm.horizontalAdvance(className(i)));
    g.labelWidth = std::min(widest + 12, width() * 9 / 20);
    g.left = g.labelWidth + fm.height() + 4;
    const auto cellFor = [&](int top) {
        return std::max(8, std::min((width() - g.left - 8) / k, (height() - top - 8) / k));
    };
    // Names side by side when each fits its column; otherwise upright, as tall as the
    // longest name (up to half the height).
    g.top = fm.height() * 2 + 8;
    g.cell = cellFor(g.top);
    if (widest > g.cell - 4) {
        g.upright = true;
        g.top = fm.height() + 4 + std::min(widest + 8, height() / 2) + 4;
        g.cell = cellFor(g.top);
    }
    return g;
}

QString ConfusionMatrixView::toolTipAt(const QPoint& pos) const {
    const int k = static_cast<int>(m_counts.size());
    const Geometry g = geometry();
    const int line = QFontMetrics(font()).height();
    for (int i = 0; i < k; ++i) {
        if (g.columnHeader(i, line).contains(pos)) return tr("predicted %1").arg(className(i));
        if (g.rowHeader(i, line).contains(pos)) return tr("true %1").arg(className(i));
        for (int p = 0; p < k; ++p)
            if (g.cellRect(i, p).contains(pos))
                return tr("%1 of class %2 predicted as %3")
                    .arg(count(i, p))
                    .arg(className(i), className(p));
    }
    return {};
}

bool ConfusionMatrixView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString tip = toolTipAt(help->pos());
        if (tip.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), tip, this);
        }
        return true;
    }
    return QWidget::event(event);
}

void ConfusionMatrixView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    painter.fillRect(rect(), pal.base());
    const int k = static_cast<int>(m_counts.size());
    if (k == 0) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter,
                         tr("Train a classifier to see its confusion matrix"));
        return;
    }
    const QFontMetrics fm(font());
    const Geometry g = geometry();
    const int cell = g.cell, top = g.top, left = g.left;
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRect(left, 0, cell * k, fm.height()), Qt::AlignCenter, tr("predicted"));
    painter.save();
    painter.translate(fm.height() - 2, top + cell * k / 2);
    painter.rotate(-90);
    painter.drawText(QRect(-cell * k / 2, -fm.height(), cell * k, fm.height()), Qt::AlignCenter,
                     tr("true"));
    painter.restore();
    const QColor accent = pal.color(QPalette::Highlight);
    const QColor error(0xd6, 0x27, 0x28);
    for (int t = 0; t < k; ++t) {
        long long rowTotal = 0;
        for (long long v : m_counts[t]) rowTotal += v;
        const QString name = className(t);
        painter.setPen(pal.color(QPalette::Text));
        const QRect row = g.rowHeader(t, fm.height());
        painter.drawText(row, Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(name, Qt::ElideRight, row.width()));
        const QRect column = g.columnHeader(t, fm.height());
        if (g.upright) {
            // Reading upwards, ending just above the column's cells.
            painter.save();
            painter.translate(column.left() + column.width() / 2, column.bottom());
            painter.rotate(-90);
            const QRect text(0, -fm.height() / 2, column.height(), fm.height());
            painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                             fm.elidedText(name, Qt::ElideRight, column.height()));
            painter.restore();
        } else {
            painter.drawText(column, Qt::AlignHCenter | Qt::AlignBottom, name);
        }
        for (int p = 0; p < k; ++p) {
            const double share = rowTotal ? double(m_counts[t][p]) / double(rowTotal) : 0.0;
            QColor c = t == p ? accent : error;
            c.setAlphaF(0.08 + 0.85 * share);
            const QRect r = g.cellRect(t, p);
            painter.fillRect(r, c);
            painter.setPen(share > 0.5 ? pal.color(QPalette::HighlightedText)
                                       : pal.color(QPalette::Text));
            painter.drawText(r, Qt::AlignCenter, QString::number(m_counts[t][p]));
        }
    }
}

}  // namespace byom::ui
