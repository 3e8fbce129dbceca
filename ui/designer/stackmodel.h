#pragma once

#include <QAbstractItemModel>
#include <memory>
#include <vector>

#include "core/project/project.h"
#include "ui/commands/layerpath.h"

namespace byom::ui {

class Document;

/// The document's current layer stack as a tree (blocks nest their inner layers), one row per
/// layer with columns: name, kind, key parameters, output shape, parameter count. It follows
/// the document's changes row by row (inserted, removed, moved, a field changed); shapes and
/// counts are inferred again from the changed layer on (a layer whose spec and input are
/// unchanged keeps them), names follow core's LayerNamer, and every row whose text changed
/// gets dataChanged. Only a new project or another current stack resets it. A layer that
/// does not fit is flagged. Edits (label, drops) are pushed to the document's undo stack,
/// never applied directly. Registered architectures used as blocks show their layers as
/// read-only rows.
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

Q_SIGNALS:
    /// The totals, the output shape or the issue may have changed (after every update).
    void stackUpdated();

private:
    struct Node {
        // The model's own copy of the layer (with its inner layers): views query the model
        // while the document changes under it.
        LayerSpec spec;
        std::unique_ptr<LayerSpec> resolved;  // an architecture block with its layers filled in
        QString resolveError;
        Node* parent = nullptr;
        int row = 0;
        QString name;  // the label, or kind_N as Keras (and the summary) name layers
        bool readOnly = false;
        bool acceptsDrops = false;  // a residual or squeeze-excite block the user can edit
        std::vector<std::unique_ptr<Node>> children;
        // Inference: what the layer was last built with, and what that gave.
        bool dirty = true;  // the spec changed since
        bool reached = false;
        Shape input;
        Shape output;
        QString shape;
        qint64 params = -1;
        QString error;
    };
    using Nodes = std::vector<std::unique_ptr<Node>>;

    /// Starts over from the document's current stack (a new project, another stack).
    void reload();
    /// Names, shapes and the issue again; dataChanged for each row whose text changed and for
    /// `edited`.
    void update(Node* edited = nullptr);
    bool isCurrent(int stack) const;
    void onInserted(const LayerPath& path);
    void onAboutToBeRemoved(const LayerPath& path);
    void onRemoved(const LayerPath& path);
    void onMoved(const LayerPath& from, const LayerPath& to);
    void onChanged(const LayerPath& path);
    void onArchitecturesChanged();

    std::unique_ptr<Node> makeNode(const LayerSpec& spec, Node* parent, bool readOnly);
    /// The inner rows of a node: its inner layers, or a registered architecture's (resolved).
    Nodes childrenOf(Node* node);
    /// Puts new inner rows under an architecture block whose definition changed.
    void replaceChildren(Node* node);
    /// An edit below these nodes: their copies of the layer and their inference are stale.
    void touch(Node* node);
    static void renumber(Node* node);
    Node* nodeAt(const LayerPath& path);
    LayerPath pathOf(const Node* node) const;
    QModelIndex indexOfNode(Node* node) const;
    /// Shape inference through a list of siblings; stops at the first that does not fit.
    /// Returns the shape after the last sibling. Layers whose spec and input are unchanged
    /// keep what they had; `changed` collects the rows whose text changes.
    Shape infer(Node* parent, Shape current, std::vector<Node*>& changed);
    void unreach(Node* node, std::vector<Node*>& changed);
    bool findIssue(const Node* parent);
    void noteProblem(const Node* node);
    Node* nodeOf(const QModelIndex& index) const;
    bool dropTarget(const QModelIndex& parent, int row, LayerPath* to) const;

    Document* m_document;
    Node m_root;
    bool m_resetting = false;
    QString m_problem;
    std::optional<Issue> m_issue;
    qint64 m_totalParams = 0;
    Shape m_output;
};

}  // namespace byom::ui
