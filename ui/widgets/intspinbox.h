#pragma once

#include <QSpinBox>

namespace byom::ui {

/// A spin box for integers that lets any integer be typed, in range or not ("-3" for a size
/// of at least 1), so the editor can say why it is refused instead of silently dropping the
/// minus sign: out-of-range text is Intermediate and never becomes the value.
class IntSpinBox : public QSpinBox {
    Q_OBJECT

public:
    explicit IntSpinBox(QWidget* parent = nullptr);

    QValidator::State validate(QString& text, int& pos) const override;
};

}  // namespace byom::ui
