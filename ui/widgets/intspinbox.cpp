#include "ui/widgets/intspinbox.h"

#include <QRegularExpression>

namespace byom::ui {

IntSpinBox::IntSpinBox(QWidget* parent) : QSpinBox(parent) {}

QValidator::State IntSpinBox::validate(QString& text, int& pos) const {
    const QValidator::State state = QSpinBox::validate(text, pos);
    if (state != QValidator::Invalid) return state;
    // What an integer looks like while it is typed, in range or not: "", "-", "-3", "+12".
    static const QRegularExpression integer(QStringLiteral("^\\s*[-+]?[0-9]{0,12}\\s*$"));
    return integer.match(text).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
}

}  // namespace byom::ui
