#include "ui/training/confusionmatrixview.h"

#include <QPainter>
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
    int labelWidth = 0;
    for (const QString& n : m_names) labelWidth = std::max(labelWidth, fm.horizontalAdvance(n));
    labelWidth = std::min(labelWidth + 12, width() / 3);
    const int top = fm.height() * 2 + 8;
    const int left = labelWidth + fm.height() + 4;
    const int cell = std::max(8, std::min((width() - left - 8) / k, (height() - top - 8) / k));
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
        const QString name = t < m_names.size() ? m_names[t] : QString::number(t);
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRect(fm.height() + 2, top + t * cell, labelWidth - 6, cell),
                         Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(name, Qt::ElideRight, labelWidth - 6));
        painter.drawText(QRect(left + t * cell, fm.height() + 4, cell, fm.height()),
                         Qt::AlignCenter, fm.elidedText(name, Qt::ElideRight, cell - 2));
        for (int p = 0; p < k; ++p) {
            const double share = rowTotal ? double(m_counts[t][p]) / double(rowTotal) : 0.0;
            QColor c = t == p ? accent : error;
            c.setAlphaF(0.08 + 0.85 * share);
            const QRect r(left + p * cell, top + t * cell, cell - 2, cell - 2);
            painter.fillRect(r, c);
            painter.setPen(share > 0.5 ? pal.color(QPalette::HighlightedText)
                                       : pal.color(QPalette::Text));
            painter.drawText(r, Qt::AlignCenter, QString::number(m_counts[t][p]));
        }
    }
}

}  // namespace byom::ui
