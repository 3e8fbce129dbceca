#pragma once

#include <QDoubleSpinBox>

namespace byom::ui {

/// A spin box for real numbers of any magnitude: values are shown with six significant digits
/// ("0.001", "1e-05", "250000") and typed in plain or exponent notation, so a learning rate of
/// 1e-5 is neither shown nor stored as 0 as with a fixed number of decimals. The arrows step by
/// a tenth of the value's order of magnitude (1e-5 -> 1.1e-5).
class FloatSpinBox : public QDoubleSpinBox {
    Q_OBJECT

public:
    explicit FloatSpinBox(QWidget* parent = nullptr);

    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& text) const override;
    void stepBy(int steps) override;
};

}  // namespace byom::ui
