#pragma once

#include <QLabel>

namespace byom::ui {

/// A label for messages of any length (errors with file paths, run outcomes): it wraps, also
/// inside long words such as paths, so a message never widens the panel or the window it is
/// in. Plain text only.
class MessageLabel : public QLabel {
    Q_OBJECT

public:
    explicit MessageLabel(const QString& text = {}, QWidget* parent = nullptr);

    void setMessage(const QString& text);
    /// The message as given (text() holds it with the break opportunities added).
    QString message() const { return m_message; }

    /// `text` with a zero-width space after path separators and punctuation, and every 12
    /// characters of a longer run without one, so word wrapping can break there.
    static QString breakable(const QString& text);

private:
    QString m_message;
};

}  // namespace byom::ui
