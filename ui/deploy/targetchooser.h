#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLineEdit;
QT_END_NAMESPACE

namespace byom::ui {

/// The microcontroller to budget for: one of core's presets, or a custom clock, flash and
/// SRAM. Its value is a target as `byom deploy --target` takes it: a preset's name
/// ("apollo3") or "custom:clock=64MHz,flash=1MB,ram=256KB". The custom fields show the chosen
/// preset's figures and become editable with "Custom"; a bare number in them is MHz or KB.
class TargetChooser : public QWidget {
    Q_OBJECT

public:
    explicit TargetChooser(QWidget* parent = nullptr);

    QString spec() const;
    /// Selects a preset by name or fills the custom fields from a custom spec; an unknown
    /// name selects the first preset. Emits nothing.
    void setSpec(const QString& spec);

    QComboBox* combo() const { return m_combo; }
    QLineEdit* clockField() const { return m_clock; }
    QLineEdit* flashField() const { return m_flash; }
    QLineEdit* ramField() const { return m_ram; }

Q_SIGNALS:
    /// The user chose another preset or confirmed a custom field (Enter or leaving it).
    void targetChanged(const QString& spec);

private:
    bool isCustom() const;
    /// Shows the chosen preset's figures in the fields (read-only unless custom).
    void showPreset();
    void emitIfChanged();

    QComboBox* m_combo;
    QLineEdit* m_clock;
    QLineEdit* m_flash;
    QLineEdit* m_ram;
    QString m_emitted;
};

}  // namespace byom::ui
