#include "ui/designer/parameditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>
#include <climits>

#include "core/schema/schema.h"
#include "ui/widgets/floatspinbox.h"
#include "ui/widgets/intspinbox.h"
#include "ui/widgets/messagelabel.h"

namespace byom::ui {

namespace {

int clampInt(double v) {
    return static_cast<int>(std::clamp(v, double(INT_MIN), double(INT_MAX)));
}

QString compact(const json& v) {
    if (v.is_string()) return QString::fromStdString(v.get<std::string>());
    QString s = QString::fromStdString(v.dump());
    s.replace(QLatin1Char(','), QStringLiteral(", "));
    return s;
}

}  // namespace

ParamEditor::ParamEditor(ParamSpec spec, QWidget* parent)
    : QWidget(parent), m_spec(std::move(spec)), m_errorLabel(new MessageLabel) {
    setObjectName(QString::fromStdString(m_spec.name));
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    switch (m_spec.type) {
        case ParamType::Int: {
            auto* box = new IntSpinBox;
            box->setRange(clampInt(m_spec.min.value_or(-1e9)), clampInt(m_spec.max.value_or(1e9)));
            box->setKeyboardTracking(false);
            watchTyping(box->findChild<QLineEdit*>());
            connect(box, &QSpinBox::valueChanged, this, [this](int v) { submitChange(v); });
            m_input = box;
            break;
        }
        case ParamType::Float: {
            auto* box = new FloatSpinBox;
            box->setRange(m_spec.min.value_or(-1e9), m_spec.max.value_or(1e9));
            box->setKeyboardTracking(false);
            watchTyping(box->findChild<QLineEdit*>());
            connect(box, &QDoubleSpinBox::valueChanged, this,
                    [this](double v) { submitChange(v); });
            m_input = box;
            break;
        }
        case ParamType::Bool: {
            auto* box = new QCheckBox;
            connect(box, &QCheckBox::toggled, this, [this](bool v) { submit(v); });
            m_input = box;
            break;
        }
        case ParamType::Enum: {
            auto* box = new QComboBox;
            for (const std::string& c : m_spec.choices) box->addItem(QString::fromStdString(c));
            connect(box, &QComboBox::currentTextChanged, this,
                    [this](const QString& v) { submit(v.toStdString()); });
            m_input = box;
            break;
        }
        default: {
            // Strings as they are; pairs, lists and objects as JSON ("7" or "[1, 7]").
            auto* edit = new QLineEdit;
            if (m_spec.type == ParamType::IntOrPair)
                edit->setPlaceholderText(QStringLiteral("7 or [1, 7]"));
            connect(edit, &QLineEdit::editingFinished, this,
                    [this, edit] { submitText(edit->text()); });
            m_input = edit;
            break;
        }
    }
    m_input->setToolTip(QString::fromStdString(m_spec.doc));
    m_input->setObjectName(QStringLiteral("input"));
    row->addWidget(m_input, 1);
    if (m_spec.nullable) {
        m_null = new QCheckBox(tr("auto"));
        m_null->setToolTip(tr("Leave unset (null): %1").arg(QString::fromStdString(m_spec.doc)));
        connect(m_null, &QCheckBox::toggled, this, [this](bool isNull) {
            m_input->setEnabled(!isNull);
            if (!m_updating) submit(isNull ? json(nullptr) : current());
        });
        row->addWidget(m_null);
    }
    m_errorLabel->setObjectName(QStringLiteral("error"));
    m_errorLabel->setStyleSheet(QStringLiteral("color: #d03030;"));
    m_errorLabel->setVisible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_errorLabel);
}

void ParamEditor::watchTyping(QLineEdit* line) {
    // Out-of-range text never becomes a value (the spin box keeps its last one): say why while
    // it is typed, instead of silently reverting it.
    connect(line, &QLineEdit::textEdited, this, [this](const QString& text) {
        bool ok = false;
        const json value = m_spec.type == ParamType::Int ? json(text.trimmed().toLongLong(&ok))
                                                         : json(text.trimmed().toDouble(&ok));
        if (!ok) return;
        std::vector<Problem> problems;
        validateValue(m_spec, value, "", problems);
        showError(problems.empty() ? QString() : QString::fromStdString(problems[0].message));
    });
}

json ParamEditor::current() const {
    if (auto* b = qobject_cast<QSpinBox*>(m_input)) return b->value();
    if (auto* b = qobject_cast<QDoubleSpinBox*>(m_input)) return b->value();
    if (auto* b = qobject_cast<QCheckBox*>(m_input)) return b->isChecked();
    if (auto* b = qobject_cast<QComboBox*>(m_input)) return b->currentText().toStdString();
    const QString text = static_cast<QLineEdit*>(m_input)->text();
    if (m_spec.type == ParamType::String) return text.toStdString();
    return json::parse(text.toStdString(), nullptr, false);
}

void ParamEditor::setValue(const json& value) {
    m_updating = true;
    const bool isNull = value.is_null();
    if (m_null) m_null->setChecked(isNull);
    m_input->setEnabled(!isNull);
    const json v = isNull ? m_spec.defaultValue : value;
    if (!v.is_null()) {
        if (auto* b = qobject_cast<QSpinBox*>(m_input))
            b->setValue(v.get<int>());
        else if (auto* b = qobject_cast<QDoubleSpinBox*>(m_input))
            b->setValue(v.get<double>());
        else if (auto* b = qobject_cast<QCheckBox*>(m_input))
            b->setChecked(v.get<bool>());
        else if (auto* b = qobject_cast<QComboBox*>(m_input))
            b->setCurrentText(QString::fromStdString(v.get<std::string>()));
        else
            static_cast<QLineEdit*>(m_input)->setText(compact(v));
    }
    m_updating = false;
    m_shown = value;
    showError({});
}

void ParamEditor::submitText(const QString& text) {
    if (m_updating) return;
    if (m_spec.type == ParamType::String) {
        submit(text.toStdString());
        return;
    }
    json value = json::parse(text.trimmed().toStdString(), nullptr, false);
    if (value.is_discarded()) {
        // "1, 7" is a friendlier way to write the pair [1, 7].
        std::string pair = "[";  // appended: GCC 12 warns falsely on "[" + std::string
        pair += text.trimmed().toStdString();
        pair += "]";
        value = json::parse(pair, nullptr, false);
        if (value.is_discarded() || m_spec.type != ParamType::IntOrPair) {
            showError(
                tr("not valid JSON: write e.g. %1")
                    .arg(compact(m_spec.defaultValue.is_null() ? json(0) : m_spec.defaultValue)));
            return;
        }
    }
    submit(value);
}

void ParamEditor::submitChange(const json& value) {
    // Enter re-announces the spin box's value even when the typed text was refused and the
    // box went back to it: that is no edit, and the refusal's message stays.
    if (value == m_shown) return;
    submit(value);
}

void ParamEditor::submit(const json& value) {
    if (m_updating) return;
    std::vector<Problem> problems;
    validateValue(m_spec, value, "", problems);
    if (!problems.empty()) {
        showError(QString::fromStdString(problems.front().message));
        return;
    }
    showError({});
    m_shown = value;
    Q_EMIT edited(value);
}

void ParamEditor::showError(const QString& message) {
    m_error = message;
    m_errorLabel->setMessage(message);
    m_errorLabel->setVisible(!message.isEmpty());
    m_input->setStyleSheet(message.isEmpty() ? QString()
                                             : QStringLiteral("border: 1px solid #d03030;"));
}

}  // namespace byom::ui
