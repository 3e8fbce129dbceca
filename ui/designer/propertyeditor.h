#pragma once

#include <QWidget>
#include <map>
#include <string>

#include "ui/commands/layerpath.h"

QT_BEGIN_NAMESPACE
class QFormLayout;
class QLabel;
class QLineEdit;
QT_END_NAMESPACE

namespace byom::ui {

class Document;
class ParamEditor;

/// Edits the selected layer: its label and one editor per parameter, generated from the
/// layer kind's schema. Valid edits are pushed as undo commands; invalid ones stay at the
/// field with the validator's message.
class PropertyEditor : public QWidget {
    Q_OBJECT

public:
    explicit PropertyEditor(Document* document, QWidget* parent = nullptr);

    /// Shows the layer at `path` of the current stack (an empty path shows nothing).
    void setLayer(const LayerPath& path, bool readOnly = false);
    LayerPath layerPath() const { return m_path; }
    ParamEditor* editor(const QString& param) const;
    QLineEdit* labelEdit() const { return m_label; }

private:
    void rebuild();
    void refresh();
    void applyParam(const std::string& name, const json& value);

    Document* m_document;
    LayerPath m_path;
    bool m_readOnly = false;
    std::string m_kind;  // of the layer the editors were built for
    QLabel* m_title;
    QLabel* m_doc;
    QWidget* m_form;
    QFormLayout* m_formLayout;
    QLineEdit* m_label = nullptr;
    std::map<std::string, ParamEditor*> m_editors;
};

}  // namespace byom::ui
