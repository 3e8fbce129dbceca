#pragma once

#include <QWidget>

#include "core/schema/paramspec.h"

QT_BEGIN_NAMESPACE
class QCheckBox;
class QLabel;
class QLineEdit;
QT_END_NAMESPACE

namespace byom::ui {

class MessageLabel;

/// The editor of one parameter, chosen from its spec: a spin box limited to the schema's
/// range, a combo box of the enum's choices, a check box, or a JSON line for pairs, lists and
/// objects. A value the validator refuses is shown with its message under the field and never
/// reported; nullable parameters get an "automatic" check box.
class ParamEditor : public QWidget {
    Q_OBJECT

public:
    explicit ParamEditor(ParamSpec spec, QWidget* parent = nullptr);

    const ParamSpec& spec() const { return m_spec; }
    /// Shows `value` without reporting it as an edit.
    void setValue(const json& value);
    /// The validator's message for what is in the field, or empty.
    QString error() const { return m_error; }
    QWidget* input() const { return m_input; }
    /// Checks `value` (a whole edit); reports it when valid, shows the message otherwise.
    void submit(const json& value);
    /// Shows a message that came from validating the whole layer (or clears it).
    void showError(const QString& message);

Q_SIGNALS:
    /// A valid value was entered.
    void edited(const byom::json& value);

private:
    void submitText(const QString& text);
    /// A spin box's new value: submitted unless it is the value already shown.
    void submitChange(const json& value);
    void watchTyping(QLineEdit* line);
    json current() const;

    ParamSpec m_spec;
    QWidget* m_input = nullptr;
    QCheckBox* m_null = nullptr;
    MessageLabel* m_errorLabel;
    QString m_error;
    bool m_updating = false;
    json m_shown;  // the value last shown or reported
};

}  // namespace byom::ui
