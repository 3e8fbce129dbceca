#include "ui/deploy/budgetbar.h"

#include <QLocale>
#include <algorithm>
#include <cmath>

namespace byom::ui {

BudgetBar::BudgetBar(QWidget* parent) : QProgressBar(parent) {
    setRange(0, 1000);
    setValue(0);
    setTextVisible(true);
}

QString BudgetBar::bytesText(long long bytes) {
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

void BudgetBar::setUsage(long long used, long long budget) {
    m_used = used;
    m_budget = budget;
    const double fraction = budget > 0 ? double(used) / double(budget) : 1.0;
    setValue(static_cast<int>(std::lround(std::min(1.0, fraction) * 1000.0)));
    setFormat(
        tr("%1 of %2 (%3%)")
            .arg(bytesText(used), bytesText(budget), QLocale().toString(100.0 * fraction, 'f', 1)));
    setToolTip(tr("%L1 of %L2 bytes").arg(used).arg(budget));
    setStyleSheet(isOver() ? QStringLiteral("QProgressBar::chunk { background-color: #d03030; }")
                           : QString());
}

}  // namespace byom::ui
