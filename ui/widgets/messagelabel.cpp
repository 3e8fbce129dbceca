#include "ui/widgets/messagelabel.h"

namespace byom::ui {

MessageLabel::MessageLabel(const QString& text, QWidget* parent) : QLabel(parent) {
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setMessage(text);
}

void MessageLabel::setMessage(const QString& text) {
    m_message = text;
    setText(breakable(text));
}

QString MessageLabel::breakable(const QString& text) {
    constexpr QChar kBreak(0x200B);
    constexpr int kLongest = 12;
    QString out;
    out.reserve(text.size() + text.size() / 8);
    int run = 0;  // characters since the last place a line may break
    for (const QChar c : text) {
        out += c;
        if (c.isSpace()) {
            run = 0;
            continue;
        }
        const bool after = c == QLatin1Char('/') || c == QLatin1Char('\\') ||
                           c == QLatin1Char('_') || c == QLatin1Char('.') ||
                           c == QLatin1Char(',') || c == QLatin1Char(':') ||
                           c == QLatin1Char('=') || c == QLatin1Char('&');
        if (after || ++run >= kLongest) {
            out += kBreak;
            run = 0;
        }
    }
    return out;
}

}  // namespace byom::ui
