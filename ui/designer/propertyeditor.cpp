#include "ui/designer/propertyeditor.h"

#include <QApplication>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QVBoxLayout>

#include "core/layers/layercatalog.h"
#include "ui/commands/changelayer.h"
#include "ui/designer/parameditor.h"
#include "ui/document.h"

namespace byom::ui {

PropertyEditor::PropertyEditor(Document* document, QWidget* parent)
    : QWidget(parent), m_document(document), m_title(new QLabel), m_doc(new QLabel) {
    setObjectName(QStringLiteral("propertyEditor"));
    m_doc->setWordWrap(true);
    m_form = new QWidget;
    m_formLayout = new QFormLayout(m_form);
    m_formLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* inner = new QWidget;
    auto* innerLayout = new QVBoxLayout(inner);
    innerLayout->addWidget(m_title);
    innerLayout->addWidget(m_doc);
    innerLayout->addWidget(m_form);
    innerLayout->addStretch(1);
    scroll->setWidget(inner);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    // Which layer shows follows the stack editor's selection (setLayer), also when layers
    // before it come, go or move; here only its own fields.
    connect(document, &Document::layerChanged, this, [this](int stack, const LayerPath& p) {
        if (stack == m_document->currentStackIndex() && (p == m_path || isAncestor(p, m_path)))
            refresh();
    });
    connect(document, &Document::currentStackChanged, this, [this] { setLayer({}); });
    connect(document, &Document::projectReplaced, this, [this] { setLayer({}); });
    rebuild();
}

ParamEditor* PropertyEditor::editor(const QString& param) const {
    const auto it = m_editors.find(param.toStdString());
    return it == m_editors.end() ? nullptr : it->second;
}

void PropertyEditor::setLayer(const LayerPath& path, bool readOnly) {
    const LayerSpec* spec =
        path.isEmpty() ? nullptr : m_document->layer(m_document->currentStackIndex(), path);
    const bool sameEditors =
        path == m_path && readOnly == m_readOnly && spec && spec->kind == m_kind && !m_kind.empty();
    m_path = path;
    m_readOnly = readOnly;
    // The same layer again (the stack view re-selects it after every edit): update the editors
    // in place, so the widget delivering the edit lives on and keeps its focus.
    if (sameEditors)
        refresh();
    else
        rebuild();
}

void PropertyEditor::rebuild() {
    // The editors may be delivering the event that led here (a click on a spin box's arrow that
    // changed the stack): they are cut off from this panel now and deleted once it returns.
    while (m_formLayout->rowCount() > 0) {
        const QFormLayout::TakeRowResult row = m_formLayout->takeRow(0);
        for (QLayoutItem* item : {row.labelItem, row.fieldItem}) {
            if (!item) continue;
            if (QWidget* w = item->widget()) {
                w->disconnect(this);
                w->hide();
                w->deleteLater();
            }
            delete item;
        }
    }
    m_editors.clear();
    m_label = nullptr;
    const int stack = m_document->currentStackIndex();
    const LayerSpec* spec = m_path.isEmpty() ? nullptr : m_document->layer(stack, m_path);
    const LayerDescriptor* d = spec ? LayerCatalog::instance().find(spec->kind) : nullptr;
    m_kind = d ? spec->kind : std::string();
    if (!d) {
        m_title->setText(tr("<b>No layer selected</b>"));
        m_doc->setText(tr("Select a layer in the stack to edit its parameters."));
        return;
    }
    m_title->setText(QStringLiteral("<b>%1</b>").arg(QString::fromStdString(d->displayName)));
    m_doc->setText(
        QString::fromStdString(d->doc) +
        (m_readOnly ? tr("<br><i>Part of a registered architecture (read-only).</i>") : QString()));
    m_label = new QLineEdit;
    m_label->setObjectName(QStringLiteral("label"));
    m_label->setPlaceholderText(tr("automatic"));
    m_label->setToolTip(tr("Your name for this layer (shown in the stack and the summary)."));
    m_label->setEnabled(!m_readOnly);
    connect(m_label, &QLineEdit::editingFinished, this, [this] {
        const LayerSpec* s = m_document->layer(m_document->currentStackIndex(), m_path);
        if (!s || m_readOnly) return;
        const std::string label = m_label->text().trimmed().left(256).toStdString();
        if (label == s->label) return;
        m_document->undoStack()->push(new ChangeLayer(
            m_document, json(label), {m_document->currentStackIndex(), m_path, "label"}));
    });
    m_formLayout->addRow(tr("Label"), m_label);
    for (const ParamSpec& p : d->schema.params()) {
        auto* editor = new ParamEditor(p);
        editor->setEnabled(!m_readOnly);
        const std::string name = p.name;
        connect(editor, &ParamEditor::edited, this,
                [this, name](const json& value) { applyParam(name, value); });
        auto* label = new QLabel(QString::fromStdString(p.name));
        label->setToolTip(QString::fromStdString(p.doc));
        m_formLayout->addRow(label, editor);
        m_editors[p.name] = editor;
    }
    refresh();
}

void PropertyEditor::refresh() {
    const LayerSpec* spec =
        m_path.isEmpty() ? nullptr : m_document->layer(m_document->currentStackIndex(), m_path);
    if (!spec || spec->kind != m_kind) {
        if (!m_kind.empty() || spec) {
            // The layer went away or changed kind (undo, delete): start over.
            if (!spec) m_path.clear();
            rebuild();
        }
        return;
    }
    if (m_label && !m_label->hasFocus()) m_label->setText(QString::fromStdString(spec->label));
    for (auto& [name, editor] : m_editors) {
        if (editor->isAncestorOf(QApplication::focusWidget()) && !editor->error().isEmpty())
            continue;  // keep what the user is typing and its message
        editor->setValue(spec->params.value(name, json()));
    }
}

void PropertyEditor::applyParam(const std::string& name, const json& value) {
    const int stack = m_document->currentStackIndex();
    const LayerSpec* spec = m_document->layer(stack, m_path);
    if (!spec || m_readOnly) return;
    LayerSpec after = *spec;
    after.params[name] = value;
    if (after == *spec) return;
    // The whole layer must still validate (a parameter may constrain another).
    std::vector<Problem> problems;
    LayerCatalog::instance()
        .get(after.kind)
        .schema.validate(after.params, "", after.kind, problems);
    if (!problems.empty()) {
        m_editors[name]->showError(QString::fromStdString(problems.front().message));
        return;
    }
    m_document->undoStack()->push(new ChangeLayer(m_document, value, {stack, m_path, name}));
}

}  // namespace byom::ui
