#pragma once

#include <QAbstractItemModel>
#include <memory>
#include <vector>

#include "core/project/project.h"
#include "ui/commands/layerpath.h"

namespace byom::ui {

class Document;

/// The document's current layer stack as a tree (blocks nest their inner layers), one row per
/// layer with columns: name, kind, key parameters, output shape, parameter count. Shapes and
/// counts are recomputed whenever the stack changes; a layer that does not fit is flagged.
/// Edits (label, drops) are pushed to the document's undo stack, never applied directly.
/// Registered architectures used as blocks show their layers as read-only rows.
class StackModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { NameColumn, KindColumn, ParamsColumn, ShapeColumn, CountColumn, ColumnCount };

    /// Layers as JSON ([{"name", "params"}, ...]): what the palette drags and the clipboard holds.
    static inline const QString kLayersMime = QStringLiteral("application/x-byom-layers");
    /// Where dragged rows came from ({"source", "stack", "paths"}), for moves inside a stack.
    static inline const QString kPathsMime = QStringLiteral("application/x-byom-layer-paths");

    /// The first layer that does not fit, or a stack that does not fit the loaded data set:
    /// where, why, and which one-click fix applies.
    struct Issue {
        LayerPath path;
        QString message;
        bool needsFlatten = false;
        bool dataMismatch = false;  // the stack fits together but not the loaded data set
    };

    explicit StackModel(Document* document, QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;

    /// The problem of the first layer that does not fit, or empty.
    QString problem() const { return m_problem; }
    std::optional<Issue> issue() const { return m_issue; }
    qint64 totalParams() const { return m_totalParams; }
    /// The shape the stack outputs (as far as it fits together).
    const Shape& outputShape() const { return m_output; }

    LayerPath pathOf(const QModelIndex& index) const;
    QModelIndex indexOf(const LayerPath& path, int column = 0) const;
    /// Rows inside a registered architecture block mirror the registry and cannot be edited.
    bool isReadOnly(const QModelIndex& index) const;
    /// The layers' JSON and their origin, as dragged or copied.
    static QMimeData* mimeFor(const json& layers);

private:
    struct Node {
        const LayerSpec* spec = nullptr;      // into m_layers or an ancestor's `resolved`
        std::unique_ptr<LayerSpec> resolved;  // an architecture block with its layers filled in
        Node* parent = nullptr;
        int row = 0;
        LayerPath path;
        QString name;  // the label, or kind_N as Keras (and the summary) name layers
        bool readOnly = false;
        bool acceptsDrops = false;  // a residual or squeeze-excite block the user can edit
        std::vector<std::unique_ptr<Node>> children;
        Shape input;
        QString shape;
        qint64 params = -1;
        QString error;
    };

    void rebuild();
    void addChildren(Node* node, const std::vector<LayerSpec>& specs, bool readOnly);
    /// Shape inference through a list of siblings; stops at the first that does not fit.
    /// Returns the shape after the last sibling.
    Shape infer(Node* parent, Shape current);
    void noteProblem(const Node* node);
    Node* nodeOf(const QModelIndex& index) const;
    bool dropTarget(const QModelIndex& parent, int row, LayerPath* to) const;

    Document* m_document;
    // The model's own copy of the stack it shows. Views query the model between a document
    // change and the reset that follows it (selection, flags): the nodes must not point into
    // the document's layers, which that change may have moved.
    std::vector<LayerSpec> m_layers;
    Node m_root;
    QString m_problem;
    std::optional<Issue> m_issue;
    qint64 m_totalParams = 0;
    Shape m_output;
};

}  // namespace byom::ui
