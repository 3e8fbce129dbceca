#pragma once

#include <QString>
#include <functional>
#include <optional>

class QWidget;

namespace byom::ui {

/// Every question the editor asks the user, as replaceable functions: the defaults show
/// dialogs, tests put answers in their place.
struct Prompter {
    enum class SaveAnswer { Save, Discard, Cancel };

    /// Unsaved changes: save, discard or cancel?
    std::function<SaveAnswer(const QString& text)> askSave;
    /// Yes or no.
    std::function<bool(const QString& title, const QString& text)> confirm;
    /// A line of text; nullopt when cancelled.
    std::function<std::optional<QString>(const QString& title, const QString& label,
                                         const QString& initial)>
        askText;
    /// A file to open or save to; empty when cancelled.
    std::function<QString(const QString& title, const QString& filter)> openFile;
    std::function<QString(const QString& title, const QString& filter)> saveFile;
    /// An error or a notice the user has to see.
    std::function<void(const QString& title, const QString& text)> warn;

    /// Dialog-based answers, parented to `parent`.
    static Prompter dialogs(QWidget* parent);
};

}  // namespace byom::ui
