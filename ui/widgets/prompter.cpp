#include "ui/widgets/prompter.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>

namespace byom::ui {

Prompter Prompter::dialogs(QWidget* parent) {
    Prompter p;
    p.askSave = [parent](const QString& text) {
        const auto answer =
            QMessageBox::warning(parent, QObject::tr("Unsaved changes"), text,
                                 QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Save) return SaveAnswer::Save;
        return answer == QMessageBox::Discard ? SaveAnswer::Discard : SaveAnswer::Cancel;
    };
    p.confirm = [parent](const QString& title, const QString& text) {
        return QMessageBox::question(parent, title, text) == QMessageBox::Yes;
    };
    p.askText = [parent](const QString& title, const QString& label,
                         const QString& initial) -> std::optional<QString> {
        bool ok = false;
        const QString text =
            QInputDialog::getText(parent, title, label, QLineEdit::Normal, initial, &ok);
        if (!ok) return std::nullopt;
        return text;
    };
    p.openFile = [parent](const QString& title, const QString& filter) {
        return QFileDialog::getOpenFileName(parent, title, QString(), filter);
    };
    p.saveFile = [parent](const QString& title, const QString& filter) {
        return QFileDialog::getSaveFileName(parent, title, QString(), filter);
    };
    p.warn = [parent](const QString& title, const QString& text) {
        QMessageBox::warning(parent, title, text);
    };
    return p;
}

}  // namespace byom::ui
