#include "ui/designer/stackmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QJsonDocument>
#include <QLocale>
#include <QMimeData>
#include <map>

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
    connect(document, &Document::stackChanged, this, [this](int stack) {
        if (stack == m_document->currentStackIndex()) rebuild();
    });
    connect(document, &Document::projectReplaced, this, &StackModel::rebuild);
    connect(document, &Document::currentStackChanged, this, &StackModel::rebuild);
    connect(document, &Document::architecturesChanged, this, &StackModel::rebuild);
    connect(document, &Document::dataShapeChanged, this, &StackModel::rebuild);
    rebuild();
}

void StackModel::addChildren(Node* node, const std::vector<LayerSpec>& specs, bool readOnly) {
    for (std::size_t i = 0; i < specs.size(); ++i) {
        auto child = std::make_unique<Node>();
        child->spec = &specs[i];
        child->parent = node;
        child->row = static_cast<int>(i);
        child->path = node->path;
        child->path.push_back(static_cast<int>(i));
        child->readOnly = readOnly;
        const LayerDescriptor* d = LayerCatalog::instance().find(specs[i].kind);
        child->acceptsDrops = d && d->isBlock && specs[i].kind != "architecture";
        node->children.push_back(std::move(child));
    }
}

void StackModel::noteProblem(const Node* node) {
    if (m_issue) return;
    const LayerSpec& spec = *node->spec;
    QStringList where;
    for (int r : node->path) where << QString::number(r + 1);
    m_problem =
        tr("Layer %1 (%2): %3")
            .arg(where.join(QLatin1Char('.')), QString::fromStdString(spec.kind), node->error);
    Issue issue{node->path, m_problem, false};
    // The one fix that is always right: flatten a (length, channels) input before a dense layer.
    issue.needsFlatten = !node->readOnly && spec.kind == "dense" && node->input.rank() > 1;
    m_issue = issue;
}

Shape StackModel::infer(Node* parent, Shape current) {
    for (auto& child : parent->children) {
        Node* node = child.get();
        node->input = current;
        if (node->error.isEmpty()) {
            try {
                // Inner layers first, so a problem inside a block is flagged at the inner layer.
                if (!node->children.empty()) infer(node, current);
                const LayerSpec& spec = node->resolved ? *node->resolved : *node->spec;
                // Constructing a layer infers its shape without allocating its parameters.
                const auto layer =
                    LayerCatalog::instance().get(spec.kind).make<float>(spec, current);
                current = layer->outputShape();
                node->shape = QString::fromStdString(current.toString());
                node->params = layer->paramCount() + layer->stateCount();
                continue;
            } catch (const std::exception& e) {
                node->error = QString::fromStdString(e.what());
            }
        }
        // An inner problem was already reported at the inner layer; the block only says so.
        bool inner = false;
        for (const auto& c : node->children) inner = inner || !c->error.isEmpty();
        if (!inner) noteProblem(node);
        return current;
    }
    return current;
}

void StackModel::rebuild() {
    beginResetModel();
    m_root.children.clear();
    m_layers = m_document->currentStack().layers;
    m_problem.clear();
    m_issue.reset();
    m_totalParams = 0;
    const StackEntry& stack = m_document->currentStack();
    const ModelFactory factory = ModelFactory::usable(m_document->project().architectures);
    // Build the tree: stored layers, and the registry's layers inside architecture blocks.
    std::vector<Node*> pending = {&m_root};
    addChildren(&m_root, m_layers, false);
    for (std::size_t i = 0; i < pending.size(); ++i) {
        for (auto& child : pending[i]->children) {
            Node* node = child.get();
            if (node->spec->kind == "architecture" && !node->readOnly) {
                try {
                    node->resolved =
                        std::make_unique<LayerSpec>(factory.resolve({*node->spec}).front());
                    addChildren(node, node->resolved->layers, true);
                } catch (const std::exception& e) {
                    node->error = QString::fromStdString(e.what());
                }
            } else {
                addChildren(node, node->spec->layers, node->readOnly);
            }
            pending.push_back(node);
        }
    }
    // Names follow the one rule of the whole model (core's LayerNamer), in tree order.
    LayerNamer namer;
    auto name = [&namer](Node* node, auto& self) -> void {
        for (auto& child : node->children) {
            child->name = QString::fromStdString(namer.next(*child->spec));
            self(child.get(), self);
        }
    };
    name(&m_root, name);
    const Shape output = infer(&m_root, stack.inputShape);
    m_output = output;
    // What trains is the stack as shown: a stack that does not fit the loaded data set, or its
    // own declared classes, is flagged.
    std::optional<std::string> why;
    if (!m_issue && m_document->dataShape())
        why = dataFitProblem(stack.inputShape, output, *m_document->dataShape());
    if (!m_issue && !why && stack.numClasses && output.size() != *stack.numClasses &&
        !m_root.children.empty()) {
        const std::string n = std::to_string(*stack.numClasses);
        why = "the stack declares " + n + " classes but outputs " + output.toString() +
              ": set Classes to " + std::to_string(output.size()) +
              ", or end the stack with a Dense(" + n + ", softmax) head";
    }
    if (why) {
        m_problem = QString::fromStdString(*why);
        m_problem[0] = m_problem[0].toUpper();
        m_issue = Issue{{}, m_problem, false, true};
    }
    for (const auto& child : m_root.children)
        if (child->params > 0) m_totalParams += child->params;
    endResetModel();
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
    return index.isValid() ? nodeOf(index)->path : LayerPath{};
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
    const LayerSpec& spec = *node->spec;
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
    LayerSpec after = *node->spec;
    after.label = value.toString().trimmed().left(256).toStdString();
    if (after == *node->spec) return false;
    m_document->undoStack()->push(new ChangeLayer(m_document, m_document->currentStackIndex(),
                                                  node->path, after, QStringLiteral("label")));
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
        layers.push_back(nodeOf(indexOf(p))->spec->toJson());
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
