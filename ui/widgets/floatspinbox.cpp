#include "ui/widgets/floatspinbox.h"

#include <QLineEdit>
#include <QRegularExpression>
#include <cmath>

namespace byom::ui {

FloatSpinBox::FloatSpinBox(QWidget* parent) : QDoubleSpinBox(parent) {
    // QDoubleSpinBox rounds every value to decimals(); its maximum keeps small values intact.
    setDecimals(323);
}

QString FloatSpinBox::textFromValue(double value) const {
    return locale().toString(value, 'g', 6);
}

double FloatSpinBox::valueFromText(const QString& text) const {
    return locale().toDouble(text.trimmed());
}

QValidator::State FloatSpinBox::validate(QString& text, int&) const {
    const QString t = text.trimmed();
    bool ok = false;
    const double v = locale().toDouble(t, &ok);
    if (ok && std::isfinite(v))
        return v >= minimum() && v <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
    // What a number looks like while it is being typed: "", "-", "1.", "1e", "1e-".
    static const QRegularExpression partial(QStringLiteral("^[-+]?[0-9]*[.,]?[0-9]*([eE][-+]?)?$"));
    return partial.match(t).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
}

void FloatSpinBox::fixup(QString& text) const {
    text = textFromValue(value());
}

void FloatSpinBox::stepBy(int steps) {
    const double v = value();
    // The step is 10^e, a tenth of the value's order of magnitude; the result is rounded to a
    // multiple of it computed with an exact power of ten, so 0.0011 - 0.0002 gives 0.0009 and
    // not 0.0009000000000000001.
    const int e = v == 0 ? -1 : static_cast<int>(std::floor(std::log10(std::abs(v)))) - 1;
    const double scale = std::pow(10.0, std::abs(e));
    const double next =
        e < 0 ? (std::round(v * scale) + steps) / scale : (std::round(v / scale) + steps) * scale;
    setValue(std::clamp(next, minimum(), maximum()));
    selectAll();
}

}  // namespace byom::ui
