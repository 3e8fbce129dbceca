#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace byom::ui {

/// Round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi], at most about
/// `count` of them, for axes people read: 0, 0.5, 1, 1.5 rather than 0.13, 0.61, 1.09.
QList<double> niceTicks(double lo, double hi, int count = 5);

/// A tick's label with as many decimals as the ticks' step needs ("0.5", "1e+04" when large).
QString tickLabel(double value, double step);

/// The labels of `ticks` (from niceTicks).
QStringList tickLabels(const QList<double>& ticks);

}  // namespace byom::ui
