#include "ui/widgets/niceticks.h"

#include <algorithm>
#include <cmath>

namespace byom::ui {

QList<double> niceTicks(double lo, double hi, int count) {
    QList<double> ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo) || count < 1) return ticks;
    const double raw = (hi - lo) / count;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude;
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        step = m * magnitude;
        if (step >= raw) break;
    }
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
        ticks.append(std::abs(v) < step * 1e-9 ? 0.0 : v);  // no "-0"
    return ticks;
}

QString tickLabel(double value, double step) {
    if (std::abs(value) >= 1e5 || (value != 0.0 && std::abs(value) < 1e-4))
        return QString::number(value, 'g', 3);
    const int decimals =
        step >= 1.0 ? 0 : std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
    return QString::number(value, 'f', decimals);
}

QStringList tickLabels(const QList<double>& ticks) {
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
    QStringList labels;
    for (double v : ticks) labels << tickLabel(v, step);
    return labels;
}

}  // namespace byom::ui
