#include "ui/designer/stackmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QJsonDocument>
#include <QLocale>
#include <QMimeData>
#include <algorithm>

#include "core/layers/layercatalog.h"
#include "core/model/datafit.h"
#include "core/model/layernamer.h"
#include "core/registry/modelfactory.h"
#include "ui/commands/changelayer.h"
#include "ui/commands/insertlayers.h"
#include "ui/commands/movelayers.h"
#include "ui/document.h"

namespace byom::ui {

StackModel::StackModel(Document* document, QObject* parent)
    : QAbstractItemModel(parent), m_document(document) {
    connect(document, &Document::projectReplaced, this, &StackModel::reload);
    connect(document, &Document::currentStackChanged, this, &StackModel::reload);
    connect(document, &Document::layerInserted, this, [this](int stack, const LayerPath& path) {
        if (isCurrent(stack)) onInserted(path);
    });
    connect(document, &Document::layerAboutToBeRemoved, this,
            [this](int stack, const LayerPath& path) {
                if (isCurrent(stack)) onAboutToBeRemoved(path);
            });
    connect(document, &Document::layerRemoved, this, [this](int stack, const LayerPath& path) {
        if (isCurrent(stack)) onRemoved(path);
    });
    connect(document, &Document::layerMoved, this,
            [this](int stack, const LayerPath& from, const LayerPath& to) {
                if (isCurrent(stack)) onMoved(from, to);
            });
    connect(document, &Document::layerChanged, this, [this](int stack, const LayerPath& path) {
        if (isCurrent(stack)) onChanged(path);
    });
    connect(document, &Document::stackHeaderChanged, this, [this](int stack) {
        if (isCurrent(stack)) update();
    });
    connect(document, &Document::architecturesChanged, this, &StackModel::onArchitecturesChanged);
    connect(document, &Document::dataShapeChanged, this, [this] { update(); });
    reload();
}

bool StackModel::isCurrent(int stack) const {
    return stack == m_document->currentStackIndex();
}

std::unique_ptr<StackModel::Node> StackModel::makeNode(const LayerSpec& spec, Node* parent,
                                                       bool readOnly) {
    auto node = std::make_unique<Node>();
    node->spec = spec;
    node->parent = parent;
    node->readOnly = readOnly;
    const LayerDescriptor* d = LayerCatalog::instance().find(spec.kind);
    node->acceptsDrops = !readOnly && d && d->isBlock && spec.kind != "architecture";
    node->children = childrenOf(node.get());
    return node;
}

StackModel::Nodes StackModel::childrenOf(Node* node) {
    node->resolved.reset();
    node->resolveError.clear();
    const std::vector<LayerSpec>* inner = &node->spec.layers;
    bool readOnly = node->readOnly;
    if (node->spec.kind == "architecture" && !node->readOnly) {
        // The registry's layers, shown read-only inside the block.
        try {
            node->resolved =
                std::make_unique<LayerSpec>(m_document->factory().resolve({node->spec}).front());
            inner = &node->resolved->layers;
            readOnly = true;
        } catch (const std::exception& e) {
            node->resolveError = QString::fromStdString(e.what());
            return {};
        }
    }
    Nodes children;
    for (const LayerSpec& spec : *inner) children.push_back(makeNode(spec, node, readOnly));
    for (std::size_t i = 0; i < children.size(); ++i) children[i]->row = static_cast<int>(i);
    return children;
}

void StackModel::renumber(Node* node) {
    for (std::size_t i = 0; i < node->children.size(); ++i)
        node->children[i]->row = static_cast<int>(i);
}

StackModel::Node* StackModel::nodeAt(const LayerPath& path) {
    Node* node = &m_root;
    for (int row : path) {
        if (row < 0 || row >= static_cast<int>(node->children.size())) return nullptr;
        node = node->children[static_cast<std::size_t>(row)].get();
    }
    return node;
}

LayerPath StackModel::pathOf(const Node* node) const {
    LayerPath path;
    for (; node && node != &m_root; node = node->parent) path.prepend(node->row);
    return path;
}

QModelIndex StackModel::indexOfNode(Node* node) const {
    return node == &m_root ? QModelIndex() : createIndex(node->row, 0, node);
}

void StackModel::touch(Node* node) {
    const int stack = m_document->currentStackIndex();
    for (Node* n = node; n && n != &m_root; n = n->parent) {
        n->dirty = true;
        if (const LayerSpec* spec = m_document->layer(stack, pathOf(n))) n->spec = *spec;
    }
}

void StackModel::reload() {
    beginResetModel();
    m_root.children.clear();
    for (const LayerSpec& spec : m_document->currentStack().layers)
        m_root.children.push_back(makeNode(spec, &m_root, false));
    renumber(&m_root);
    m_resetting = true;
    update();
    m_resetting = false;
    endResetModel();
    Q_EMIT stackUpdated();
}

void StackModel::onInserted(const LayerPath& path) {
    Node* parent = nodeAt(path.mid(0, path.size() - 1));
    const LayerSpec* spec = m_document->layer(m_document->currentStackIndex(), path);
    if (!parent || !spec) return reload();
    const int row = path.back();
    beginInsertRows(indexOfNode(parent), row, row);
    parent->children.insert(parent->children.begin() + row, makeNode(*spec, parent, false));
    renumber(parent);
    endInsertRows();
    touch(parent->children[static_cast<std::size_t>(row)].get());
    update();
}

void StackModel::onAboutToBeRemoved(const LayerPath& path) {
    const Node* node = nodeAt(path);
    if (!node) return;
    beginRemoveRows(indexOfNode(node->parent), node->row, node->row);
}

void StackModel::onRemoved(const LayerPath& path) {
    Node* parent = nodeAt(path.mid(0, path.size() - 1));
    if (!parent || path.back() >= static_cast<int>(parent->children.size())) return reload();
    parent->children.erase(parent->children.begin() + path.back());
    renumber(parent);
    endRemoveRows();
    touch(parent);
    update();
}

void StackModel::onMoved(const LayerPath& from, const LayerPath& to) {
    Node* node = nodeAt(from);
    // The destination's list as read before the move.
    Node* target = nodeAt(adjustedAfterInsertion(to.mid(0, to.size() - 1), from));
    if (!node || !target) return reload();
    Node* source = node->parent;
    const int row = node->row;
    const int before = to.back() + (target == source && to.back() >= row ? 1 : 0);
    if (!beginMoveRows(indexOfNode(source), row, row, indexOfNode(target), before)) return;
    std::unique_ptr<Node> moved = std::move(source->children[static_cast<std::size_t>(row)]);
    source->children.erase(source->children.begin() + row);
    moved->parent = target;
    target->children.insert(target->children.begin() + to.back(), std::move(moved));
    renumber(source);
    renumber(target);
    endMoveRows();
    touch(source);
    touch(node);
    update();
}

void StackModel::onChanged(const LayerPath& path) {
    Node* node = nodeAt(path);
    const LayerSpec* spec = m_document->layer(m_document->currentStackIndex(), path);
    if (!node || !spec) return reload();
    const std::string kind = node->spec.kind;
    node->spec = *spec;
    if (spec->kind == "architecture" || kind == "architecture")
        replaceChildren(node);  // another architecture, or its params
    touch(node);
    update(node);
}

void StackModel::replaceChildren(Node* node) {
    const QModelIndex index = indexOfNode(node);
    if (!node->children.empty()) {
        beginRemoveRows(index, 0, static_cast<int>(node->children.size()) - 1);
        node->children.clear();
        endRemoveRows();
    }
    Nodes children = childrenOf(node);
    if (children.empty()) return;
    beginInsertRows(index, 0, static_cast<int>(children.size()) - 1);
    node->children = std::move(children);
    endInsertRows();
}

void StackModel::onArchitecturesChanged() {
    // Only the blocks whose architecture now reads differently change.
    auto visit = [this](Node* parent, auto& self) -> void {
        for (std::size_t i = 0; i < parent->children.size(); ++i) {
            Node* node = parent->children[i].get();
            if (node->readOnly) continue;
            if (node->spec.kind != "architecture") {
                self(node, self);
                continue;
            }
            std::optional<LayerSpec> resolved;
            QString error;
            try {
                resolved = m_document->factory().resolve({node->spec}).front();
            } catch (const std::exception& e) {
                error = QString::fromStdString(e.what());
            }
            const bool same = error == node->resolveError &&
                              resolved.has_value() == (node->resolved != nullptr) &&
                              (!resolved || *resolved == *node->resolved);
            if (same) continue;
            replaceChildren(node);
            touch(node);
        }
    };
    visit(&m_root, visit);
    update();
}

void StackModel::noteProblem(const Node* node) {
    if (m_issue) return;
    const LayerSpec& spec = node->spec;
    QStringList where;
    for (int r : pathOf(node)) where << QString::number(r + 1);
    m_problem =
        tr("Layer %1 (%2): %3")
            .arg(where.join(QLatin1Char('.')), QString::fromStdString(spec.kind), node->error);
    Issue issue{pathOf(node), m_problem, false};
    // The one fix that is always right: flatten a (length, channels) input before a dense layer.
    issue.needsFlatten = !node->readOnly && spec.kind == "dense" && node->input.rank() > 1;
    m_issue = issue;
}

void StackModel::unreach(Node* node, std::vector<Node*>& changed) {
    if (node->reached || !node->error.isEmpty() || !node->shape.isEmpty() || node->params >= 0)
        changed.push_back(node);
    node->reached = false;
    node->shape.clear();
    node->params = -1;
    node->error.clear();
    for (auto& c : node->children) unreach(c.get(), changed);
}

Shape StackModel::infer(Node* parent, Shape current, std::vector<Node*>& changed) {
    for (std::size_t i = 0; i < parent->children.size(); ++i) {
        Node* node = parent->children[i].get();
        // Built with this spec and this input before: the same shape, count and error.
        const bool same = !node->dirty && node->reached && node->input == current;
        if (!same) {
            const QString shape = node->shape, error = node->error;
            const qint64 params = node->params;
            node->input = current;
            node->reached = true;
            node->dirty = false;
            node->shape.clear();
            node->params = -1;
            node->error = node->resolveError;
            node->output = Shape{};
            if (node->error.isEmpty()) {
                try {
                    // Inner layers first, so a problem inside a block is flagged at the inner
                    // layer.
                    if (!node->children.empty()) infer(node, current, changed);
                    const LayerSpec& spec = node->resolved ? *node->resolved : node->spec;
                    // Constructing a layer infers its shape without allocating its parameters.
                    const auto layer =
                        LayerCatalog::instance().get(spec.kind).make<float>(spec, current);
                    node->output = layer->outputShape();
                    node->shape = QString::fromStdString(node->output.toString());
                    node->params = layer->paramCount() + layer->stateCount();
                } catch (const std::exception& e) {
                    node->error = QString::fromStdString(e.what());
                }
            } else {
                for (auto& c : node->children) unreach(c.get(), changed);
            }
            if (shape != node->shape || error != node->error || params != node->params)
                changed.push_back(node);
        }
        if (!node->error.isEmpty()) {
            for (std::size_t j = i + 1; j < parent->children.size(); ++j)
                unreach(parent->children[j].get(), changed);
            return current;
        }
        current = node->output;
    }
    return current;
}

bool StackModel::findIssue(const Node* parent) {
    // The first layer that does not fit, in the order inference meets them: a problem inside
    // a block is reported at the inner layer, the block only says so.
    for (const auto& child : parent->children) {
        if (findIssue(child.get())) return true;
        if (!child->error.isEmpty()) {
            noteProblem(child.get());
            return true;
        }
    }
    return false;
}

void StackModel::update(Node* edited) {
    std::vector<Node*> changed;
    if (edited) changed.push_back(edited);
    // Names follow the one rule of the whole model (core's LayerNamer), in tree order: an
    // insert renames the layers of its kind after it.
    LayerNamer namer;
    auto name = [&namer, &changed](Node* node, auto& self) -> void {
        for (auto& child : node->children) {
            const QString n = QString::fromStdString(namer.next(child->spec));
            if (n != child->name) {
                child->name = n;
                changed.push_back(child.get());
            }
            self(child.get(), self);
        }
    };
    name(&m_root, name);
    const StackEntry& stack = m_document->currentStack();
    m_output = infer(&m_root, stack.inputShape, changed);
    m_problem.clear();
    m_issue.reset();
    findIssue(&m_root);
    // What trains is the stack as shown: a stack that does not fit the loaded data set, or its
    // own declared classes, is flagged.
    std::optional<std::string> why;
    if (!m_issue && m_document->dataShape())
        why = dataFitProblem(stack.inputShape, m_output, *m_document->dataShape());
    if (!m_issue && !why && stack.numClasses && m_output.size() != *stack.numClasses &&
        !m_root.children.empty()) {
        const std::string n = std::to_string(*stack.numClasses);
        why = "the stack declares " + n + " classes but outputs " + m_output.toString() +
              ": set Classes to " + std::to_string(m_output.size()) +
              ", or end the stack with a Dense(" + n + ", softmax) head";
    }
    if (why) {
        m_problem = QString::fromStdString(*why);
        m_problem[0] = m_problem[0].toUpper();
        m_issue = Issue{{}, m_problem, false, true};
    }
    m_totalParams = 0;
    for (const auto& child : m_root.children)
        if (child->params > 0) m_totalParams += child->params;
    // Inside a reset, the views read everything anew.
    if (m_resetting) return;
    std::sort(changed.begin(), changed.end());
    changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    for (Node* node : changed) {
        const QModelIndex first = indexOfNode(node);
        Q_EMIT dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
    }
    Q_EMIT stackUpdated();
}

StackModel::Node* StackModel::nodeOf(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer())
                           : const_cast<Node*>(&m_root);
}

QModelIndex StackModel::index(int row, int column, const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != 0) return {};
    const Node* p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount ||
        row >= static_cast<int>(p->children.size()))
        return {};
    return createIndex(row, column, p->children[static_cast<std::size_t>(row)].get());
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

int StackModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

LayerPath StackModel::pathOf(const QModelIndex& index) const {
    return index.isValid() ? pathOf(nodeOf(index)) : LayerPath{};
}

QModelIndex StackModel::indexOf(const LayerPath& path, int column) const {
    QModelIndex idx;
    for (int row : path) {
        idx = index(row, 0, idx);
        if (!idx.isValid()) return {};
    }
    return idx.isValid() ? idx.siblingAtColumn(column) : idx;
}

bool StackModel::isReadOnly(const QModelIndex& index) const {
    return index.isValid() && nodeOf(index)->readOnly;
}

QVariant StackModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const Node* node = nodeOf(index);
    const LayerSpec& spec = node->spec;
    const LayerDescriptor* d = LayerCatalog::instance().find(spec.kind);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case NameColumn:
                return node->name;
            case KindColumn:
                return d ? QString::fromStdString(d->displayName) : QString();
            case ParamsColumn: {
                QStringList parts;
                if (d)
                    for (const std::string& key : d->keyParams)
                        if (spec.params.contains(key) && !spec.params[key].is_null())
                            parts << QString::fromStdString(
                                key + "=" +
                                (spec.params[key].is_string() ? spec.params[key].get<std::string>()
                                                              : spec.params[key].dump()));
                return parts.join(QStringLiteral(", "));
            }
            case ShapeColumn:
                if (node->error.isEmpty() && node->shape.isEmpty())
                    return QStringLiteral("\u2013");  // not reached: an earlier layer does not fit
                return node->error.isEmpty() ? node->shape
                                             : QStringLiteral("\u26a0 ") + tr("error");
            case CountColumn:
                return node->params >= 0 ? QLocale().toString(node->params) : QString();
        }
    }
    if (role == Qt::EditRole && index.column() == NameColumn)
        return QString::fromStdString(spec.label);
    if (role == Qt::ToolTipRole) {
        if (!node->error.isEmpty()) return node->error;
        if (node->shape.isEmpty() && index.column() == ShapeColumn)
            return tr("Not computed: a layer before this one does not fit");
        QString tip = d ? QString::fromStdString(d->doc) : QString();
        if (node->readOnly)
            tip += tr("\n(part of a registered architecture: edit it in the registry)");
        return tip;
    }
    if (role == Qt::ForegroundRole) {
        if (!node->error.isEmpty()) return QBrush(QColor(0xd0, 0x30, 0x30));
        if (node->readOnly) return QBrush(QColor(0x80, 0x80, 0x80));
    }
    if (role == Qt::FontRole && node->readOnly) {
        QFont f;
        f.setItalic(true);
        return f;
    }
    if (role == Qt::TextAlignmentRole && index.column() == CountColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

bool StackModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || role != Qt::EditRole || index.column() != NameColumn ||
        isReadOnly(index))
        return false;
    const Node* node = nodeOf(index);
    const std::string label = value.toString().trimmed().left(256).toStdString();
    if (label == node->spec.label) return false;
    m_document->undoStack()->push(new ChangeLayer(
        m_document, json(label), {m_document->currentStackIndex(), pathOf(index), "label"}));
    return true;
}

QVariant StackModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case NameColumn:
            return tr("Layer");
        case KindColumn:
            return tr("Kind");
        case ParamsColumn:
            return tr("Parameters");
        case ShapeColumn:
            return tr("Output shape");
        case CountColumn:
            return tr("Param #");
    }
    return {};
}

Qt::ItemFlags StackModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::ItemIsDropEnabled;
    const Node* node = nodeOf(index);
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    if (node->readOnly) return f;
    f |= Qt::ItemIsDragEnabled;
    if (index.column() == NameColumn) f |= Qt::ItemIsEditable;
    if (node->acceptsDrops) f |= Qt::ItemIsDropEnabled;
    return f;
}

QStringList StackModel::mimeTypes() const {
    return {kLayersMime, QStringLiteral("application/json")};
}

QMimeData* StackModel::mimeFor(const json& layers) {
    auto* mime = new QMimeData;
    const QByteArray bytes = QByteArray::fromStdString(layers.dump(2));
    mime->setData(kLayersMime, bytes);
    mime->setData(QStringLiteral("application/json"), bytes);
    mime->setText(QString::fromUtf8(bytes));
    return mime;
}

QMimeData* StackModel::mimeData(const QModelIndexList& indexes) const {
    QList<LayerPath> paths;
    for (const QModelIndex& i : indexes)
        if (i.isValid() && !isReadOnly(i)) paths.push_back(pathOf(i));
    paths = normalizedPaths(paths);
    if (paths.isEmpty()) return nullptr;
    json layers = json::array();
    json origin = {{"source", reinterpret_cast<quintptr>(m_document)},
                   {"stack", m_document->currentStackIndex()},
                   {"paths", json::array()}};
    for (const LayerPath& p : paths) {
        layers.push_back(nodeOf(indexOf(p))->spec.toJson());
        origin["paths"].push_back(json(std::vector<int>(p.begin(), p.end())));
    }
    QMimeData* mime = mimeFor(layers);
    mime->setData(kPathsMime, QByteArray::fromStdString(origin.dump()));
    return mime;
}

bool StackModel::dropTarget(const QModelIndex& parent, int row, LayerPath* to) const {
    LayerPath p = pathOf(parent);
    if (parent.isValid() && !(flags(parent) & Qt::ItemIsDropEnabled)) {
        // Dropped onto a plain layer: insert after it.
        if (isReadOnly(parent)) return false;
        row = p.back() + 1;
        p.pop_back();
    }
    if (row < 0) row = rowCount(parent.isValid() ? indexOf(p) : QModelIndex());
    p.push_back(row);
    *to = p;
    return true;
}

bool StackModel::canDropMimeData(const QMimeData* data, Qt::DropAction, int row, int,
                                 const QModelIndex& parent) const {
    LayerPath to;
    return data &&
           (data->hasFormat(kLayersMime) || data->hasFormat(QStringLiteral("application/json"))) &&
           dropTarget(parent, row, &to);
}

bool StackModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int,
                              const QModelIndex& parent) {
    LayerPath to;
    if (!data || !dropTarget(parent, row, &to)) return false;
    const int stack = m_document->currentStackIndex();
    // A move inside this stack.
    if (action == Qt::MoveAction && data->hasFormat(kPathsMime)) {
        const json origin = json::parse(data->data(kPathsMime).toStdString(), nullptr, false);
        if (origin.is_object() &&
            origin.value("source", quintptr(0)) == reinterpret_cast<quintptr>(m_document) &&
            origin.value("stack", -1) == stack) {
            QList<LayerPath> paths;
            for (const json& p : origin.value("paths", json::array()))
                paths.push_back(LayerPath(p.begin(), p.end()));
            if (!MoveLayers::canMove(paths, to)) return false;
            auto* cmd = new MoveLayers(m_document, stack, paths, to);
            if (cmd->isNoOp()) {
                delete cmd;
                return false;
            }
            m_document->undoStack()->push(cmd);
            return true;
        }
    }
    // Anything else is a copy of layers given as JSON (the palette, another project, a text).
    const QByteArray bytes = data->hasFormat(kLayersMime)
                                 ? data->data(kLayersMime)
                                 : data->data(QStringLiteral("application/json"));
    try {
        json j = json::parse(bytes.toStdString());
        if (j.is_object()) j = json::array({j});
        std::vector<LayerSpec> specs = LayerSpec::listFromJson(j, "layers");
        if (specs.empty()) return false;
        const QString text = specs.size() == 1
                                 ? tr("Add %1").arg(QString::fromStdString(specs.front().kind))
                                 : tr("Add %1 layers").arg(specs.size());
        m_document->undoStack()->push(
            new InsertLayers(m_document, stack, to, std::move(specs), text));
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

Qt::DropActions StackModel::supportedDropActions() const {
    return Qt::CopyAction | Qt::MoveAction;
}
Qt::DropActions StackModel::supportedDragActions() const {
    return Qt::CopyAction | Qt::MoveAction;
}

}  // namespace byom::ui
