#pragma once

#include <QAbstractItemModel>
#include <vector>

#include "core/io/project.h"

namespace byom::ui {

class Document;

/// The document's current layer stack as a tree (blocks nest their inner layers), one row per
/// layer with columns: name, kind, key parameters, output shape, parameter count. Shapes and
/// counts are recomputed whenever the stack changes; a layer that does not fit is flagged.
class StackModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { NameColumn, KindColumn, ParamsColumn, ShapeColumn, CountColumn, ColumnCount };

    explicit StackModel(Document* document, QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// The problem of the first layer that does not fit, or empty.
    QString problem() const { return m_problem; }
    qint64 totalParams() const { return m_totalParams; }

private:
    struct Node {
        const LayerSpec* spec = nullptr;
        Node* parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
        QString shape;
        qint64 params = -1;
        QString error;
    };

    void rebuild();
    void addChildren(Node* node, const std::vector<LayerSpec>& specs);
    Node* nodeOf(const QModelIndex& index) const;

    Document* m_document;
    Node m_root;
    QString m_problem;
    qint64 m_totalParams = 0;
};

}  // namespace byom::ui
