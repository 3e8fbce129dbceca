#pragma once

#include <QWidget>
#include <optional>

#include "core/util/tensor.h"
#include "ui/commands/layerpath.h"

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabBar;
class QTreeView;
QT_END_NAMESPACE

namespace byom::ui {

class MessageLabel;

class Document;
class StackModel;

/// The layer stack editor: tabs for the project's stacks, the stack's name, input shape and
/// classes, the layer tree (drag to reorder and into blocks, multi-select) and a banner that
/// names the first problem with its one-click fixes. Every edit is an undo command.
class StackEditor : public QWidget {
    Q_OBJECT

public:
    StackEditor(Document* document, StackModel* model, QWidget* parent = nullptr);

    QTreeView* view() const { return m_view; }
    QList<LayerPath> selectedPaths() const;
    void selectPaths(const QList<LayerPath>& paths);
    /// Where new layers go: after the selected layer, or at the end of the stack.
    LayerPath insertionPoint() const;
    /// The first selected layer and whether it can be edited.
    LayerPath currentPath() const;
    bool currentIsReadOnly() const;

public Q_SLOTS:
    void addLayer(const QString& kind);
    void deleteSelected();
    void duplicateSelected();
    void copySelected();
    void cutSelected();
    /// Pastes layers from the clipboard (JSON, as copied here or written by hand).
    void paste();
    void insertFlattenFix();
    /// Sets the input shape and classes (and the head's units) from the project's data set.
    void applyDataShapes();
    void addStack();
    void closeStack(int index);

Q_SIGNALS:
    /// The selected layer changed (for the property editor).
    void currentLayerChanged(const byom::ui::LayerPath& path, bool readOnly);
    void selectionChanged();
    void message(const QString& text);

private:
    void refreshTabs();
    void refreshHeader();
    void refreshBanner();
    void emitCurrent();
    void editHeader(const QString& field);

    Document* m_document;
    StackModel* m_model;
    QTabBar* m_tabs;
    QLineEdit* m_name;
    QLineEdit* m_input;
    QSpinBox* m_classes;
    QPushButton* m_fromData;
    QTreeView* m_view;
    QWidget* m_banner;
    MessageLabel* m_bannerText;
    QPushButton* m_flattenFix;
    QPushButton* m_dataFix;
    LayerPath m_lastEmitted{-1};
};

}  // namespace byom::ui
