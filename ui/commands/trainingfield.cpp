#include "ui/commands/trainingfield.h"

#include <QObject>

#include "ui/document.h"

namespace byom::ui {

TrainingField::Value TrainingField::get(const Document& document) const {
    return document.project().training;
}

void TrainingField::set(Document& document, const Value& value) const {
    document.setTraining(value);
}

QString TrainingField::text(const Document&) const {
    // The option as the panel labels it: "early_stopping.patience" is "early stopping
    // patience", the kind of a schedule is "schedule".
    QString words = path;
    if (words.endsWith(QStringLiteral(".kind"))) words.chop(5);
    words.replace(QLatin1Char('.'), QLatin1Char(' ')).replace(QLatin1Char('_'), QLatin1Char(' '));
    return QObject::tr("Change %1").arg(words);
}

}  // namespace byom::ui
