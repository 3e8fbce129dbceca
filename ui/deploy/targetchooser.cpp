#include "ui/deploy/targetchooser.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>

#include "core/deploy/target.h"

namespace byom::ui {

namespace {

const QString kCustom = QStringLiteral("custom");

/// A bare number gets the field's unit; anything else goes to core's parser as typed.
QString withUnit(const QString& text, const QString& unit) {
    const QString t = text.trimmed();
    static const QRegularExpression bare(QStringLiteral("^[0-9]*\\.?[0-9]+$"));
    return bare.match(t).hasMatch() ? t + unit : t;
}

QString kib(long long bytes) {
    return bytes % 1024 == 0 ? QString::number(bytes / 1024)
                             : QString::number(bytes) + QStringLiteral("B");
}

QString presetText(const Target& t) {
    return QObject::tr("%1 (%2, %3 MHz)")
        .arg(QString::fromStdString(t.name), QString::fromStdString(t.core),
             QString::number(t.clockHz / 1e6));
}

}  // namespace

TargetChooser::TargetChooser(QWidget* parent)
    : QWidget(parent),
      m_combo(new QComboBox),
      m_clock(new QLineEdit),
      m_flash(new QLineEdit),
      m_ram(new QLineEdit) {
    setObjectName(QStringLiteral("targetChooser"));
    m_combo->setObjectName(QStringLiteral("targetCombo"));
    for (const Target& t : Target::presets()) {
        m_combo->addItem(presetText(t), QString::fromStdString(t.name));
        m_combo->setItemData(m_combo->count() - 1, QString::fromStdString(t.title),
                             Qt::ToolTipRole);
    }
    m_combo->addItem(tr("Custom clock, flash and RAM"), kCustom);
    m_clock->setObjectName(QStringLiteral("customClock"));
    m_flash->setObjectName(QStringLiteral("customFlash"));
    m_ram->setObjectName(QStringLiteral("customRam"));
    m_clock->setToolTip(tr("Clock in MHz (or with a unit: 64MHz, 1.2GHz)"));
    m_flash->setToolTip(tr("Flash in KB (or with a unit: 1MB, 512KB)"));
    m_ram->setToolTip(tr("SRAM in KB (or with a unit: 256KB, 2.75MB)"));
    // One line for the target, one for its figures: the dock shares its column with others.
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    auto* targetLabel = new QLabel(tr("&Target:"));
    targetLabel->setBuddy(m_combo);
    grid->addWidget(targetLabel, 0, 0);
    grid->addWidget(m_combo, 0, 1, 1, 8);
    const QList<QPair<QString, QLineEdit*>> fields = {
        {tr("MHz"), m_clock}, {tr("KB flash"), m_flash}, {tr("KB RAM"), m_ram}};
    for (int i = 0; i < fields.size(); ++i) {
        fields[i].second->setMinimumWidth(40);
        grid->addWidget(fields[i].second, 1, 1 + 2 * i);
        grid->addWidget(new QLabel(fields[i].first), 1, 2 + 2 * i);
        grid->setColumnStretch(1 + 2 * i, 1);
    }
    grid->addWidget(new QLabel(tr("Clock:")), 1, 0);
    connect(m_combo, &QComboBox::currentIndexChanged, this, [this] {
        showPreset();
        emitIfChanged();
    });
    for (QLineEdit* field : {m_clock, m_flash, m_ram})
        connect(field, &QLineEdit::editingFinished, this, [this] {
            if (isCustom()) emitIfChanged();
        });
    showPreset();
    m_emitted = spec();
}

bool TargetChooser::isCustom() const {
    return m_combo->currentData().toString() == kCustom;
}

QString TargetChooser::spec() const {
    if (!isCustom()) return m_combo->currentData().toString();
    return QStringLiteral("custom:clock=%1,flash=%2,ram=%3")
        .arg(withUnit(m_clock->text(), QStringLiteral("MHz")),
             withUnit(m_flash->text(), QStringLiteral("KB")),
             withUnit(m_ram->text(), QStringLiteral("KB")));
}

void TargetChooser::setSpec(const QString& spec) {
    const QSignalBlocker block(m_combo);
    if (spec.startsWith(kCustom + QLatin1Char(':'))) {
        m_combo->setCurrentIndex(m_combo->findData(kCustom));
        const QHash<QString, QLineEdit*> fields = {{QStringLiteral("clock"), m_clock},
                                                   {QStringLiteral("flash"), m_flash},
                                                   {QStringLiteral("ram"), m_ram}};
        for (const QString& part : spec.mid(kCustom.size() + 1).split(QLatin1Char(','))) {
            const QString key = part.section(QLatin1Char('='), 0, 0);
            if (QLineEdit* field = fields.value(key))
                field->setText(part.section(QLatin1Char('='), 1));
        }
    } else {
        const int index = m_combo->findData(spec);
        m_combo->setCurrentIndex(index >= 0 ? index : 0);
    }
    showPreset();
    m_emitted = this->spec();
}

void TargetChooser::showPreset() {
    const bool custom = isCustom();
    for (QLineEdit* field : {m_clock, m_flash, m_ram}) field->setReadOnly(!custom);
    if (custom) return;  // the fields keep the figures they show, to edit from
    const Target t = Target::parse(m_combo->currentData().toString().toStdString());
    m_clock->setText(QString::number(t.clockHz / 1e6));
    m_flash->setText(kib(t.flashBytes));
    m_ram->setText(kib(t.ramBytes));
}

void TargetChooser::emitIfChanged() {
    const QString now = spec();
    if (now == m_emitted) return;
    m_emitted = now;
    Q_EMIT targetChanged(now);
}

}  // namespace byom::ui
