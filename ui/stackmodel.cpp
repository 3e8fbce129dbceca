#include "ui/stackmodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include "core/layers/layercatalog.h"
#include "ui/document.h"

namespace byom::ui {

StackModel::StackModel(Document* document, QObject* parent)
    : QAbstractItemModel(parent), m_document(document) {
    connect(document, &Document::stackChanged, this, &StackModel::rebuild);
    connect(document, &Document::projectReplaced, this, &StackModel::rebuild);
    rebuild();
}

void StackModel::addChildren(Node* node, const std::vector<LayerSpec>& specs) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
        auto child = std::make_unique<Node>();
        child->spec = &specs[i];
        child->parent = node;
        child->row = static_cast<int>(i);
        addChildren(child.get(), specs[i].layers);
        node->children.push_back(std::move(child));
    }
}

void StackModel::rebuild() {
    beginResetModel();
    m_root.children.clear();
    m_problem.clear();
    m_totalParams = 0;
    const StackEntry& stack = m_document->currentStack();
    addChildren(&m_root, stack.layers);
    // Shape inference layer by layer, so every layer before a bad one still shows its shape.
    Shape current = stack.inputShape;
    for (std::size_t i = 0; i < stack.layers.size(); ++i) {
        Node* node = m_root.children[i].get();
        try {
            // Constructing a layer infers its shape without allocating its parameters.
            const auto layer =
                LayerCatalog::instance().get(stack.layers[i].kind).make<float>(stack.layers[i], current);
            current = layer->outputShape();
            node->shape = QString::fromStdString(current.toString());
            node->params = layer->paramCount() + layer->stateCount();
            m_totalParams += node->params;
        } catch (const std::exception& e) {
            node->error = QString::fromStdString(e.what());
            m_problem = tr("Layer %1 (%2): %3")
                            .arg(i + 1)
                            .arg(QString::fromStdString(stack.layers[i].kind), node->error);
            break;
        }
    }
    endResetModel();
}

StackModel::Node* StackModel::nodeOf(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : const_cast<Node*>(&m_root);
}

QModelIndex StackModel::index(int row, int column, const QModelIndex& parent) const {
    const Node* p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= static_cast<int>(p->children.size()))
        return {};
    return createIndex(row, column, p->children[row].get());
}

QModelIndex StackModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    const Node* p = nodeOf(child)->parent;
    if (p == &m_root) return {};
    return createIndex(p->row, 0, const_cast<Node*>(p));
}

int StackModel::rowCount(const QModelIndex& parent) const {
    if (parent.column() > 0) return 0;
    return static_cast<int>(nodeOf(parent)->children.size());
}

int StackModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant StackModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Node* node = nodeOf(index);
    const LayerSpec& spec = *node->spec;
    const LayerDescriptor* d = LayerCatalog::instance().find(spec.kind);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case NameColumn:
                return spec.label.empty() ? QString::fromStdString(spec.kind) + QLatin1Char(' ') +
                                                QString::number(node->row + 1)
                                          : QString::fromStdString(spec.label);
            case KindColumn: return d ? QString::fromStdString(d->displayName) : QString();
            case ParamsColumn: {
                QStringList parts;
                if (d)
                    for (const std::string& key : d->keyParams)
                        if (spec.params.contains(key) && !spec.params[key].is_null())
                            parts << QString::fromStdString(key + "=" +
                                                            (spec.params[key].is_string()
                                                                 ? spec.params[key].get<std::string>()
                                                                 : spec.params[key].dump()));
                return parts.join(QStringLiteral(", "));
            }
            case ShapeColumn: return node->error.isEmpty() ? node->shape : tr("error");
            case CountColumn: return node->params >= 0 ? QLocale().toString(node->params) : QString();
        }
    }
    if (role == Qt::ToolTipRole) {
        if (!node->error.isEmpty()) return node->error;
        return d ? QString::fromStdString(d->doc) : QString();
    }
    if (role == Qt::ForegroundRole && !node->error.isEmpty()) return QBrush(QColor(0xc0, 0x20, 0x20));
    if (role == Qt::TextAlignmentRole && index.column() == CountColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant StackModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case NameColumn: return tr("Layer");
        case KindColumn: return tr("Kind");
        case ParamsColumn: return tr("Parameters");
        case ShapeColumn: return tr("Output shape");
        case CountColumn: return tr("Param #");
    }
    return {};
}

}  // namespace byom::ui
