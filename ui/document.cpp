#include "ui/document.h"

#include <QFile>
#include <algorithm>

#include "core/io/projectfile.h"
#include "core/model/layernamer.h"
#include "core/registry/modelfactory.h"
#include "core/util/error.h"

namespace byom::ui {

namespace {

/// Removes and returns items[index] (the undo commands put it back with insertAt).
template <typename T>
T takeAt(std::vector<T>& items, int index) {
    T item = std::move(items.at(static_cast<std::size_t>(index)));
    items.erase(items.begin() + index);
    return item;
}

template <typename T>
void insertAt(std::vector<T>& items, int index, T item) {
    items.insert(items.begin() + index, std::move(item));
}

}  // namespace

Document::Document(QObject* parent) : QObject(parent) {
    m_project = exampleProject();
    connect(&m_undoStack, &QUndoStack::cleanChanged, this,
            [this](bool clean) { Q_EMIT modifiedChanged(!clean); });
}

Document::~Document() {
    m_undoStack.blockSignals(true);
}

void Document::setCurrentStackIndex(int index) {
    index = std::clamp(index, 0, static_cast<int>(m_project.stacks.size()) - 1);
    if (index == m_current) return;
    m_current = index;
    Q_EMIT currentStackChanged(index);
}

const StackEntry& Document::stackAt(int index) const {
    return m_project.stacks.at(static_cast<std::size_t>(index));
}

StackEntry& Document::mutableStack(int index) {
    return m_project.stacks.at(static_cast<std::size_t>(index));
}

const LayerSpec* Document::layer(int stack, const LayerPath& path) const {
    if (stack < 0 || stack >= static_cast<int>(m_project.stacks.size())) return nullptr;
    return layerAt(stackAt(stack).layers, path);
}

int Document::architectureIndex(const std::string& name) const {
    for (std::size_t i = 0; i < m_project.architectures.size(); ++i)
        if (m_project.architectures[i].name == name) return static_cast<int>(i);
    return -1;
}

const ModelFactory& Document::factory() const {
    if (!m_factory)
        m_factory =
            std::make_shared<const ModelFactory>(ModelFactory::usable(m_project.architectures));
    return *m_factory;
}

std::string Document::layerName(int stack, const LayerPath& path) const {
    // The walk the stack view and the exports name layers by: each block before its inner
    // layers, a registered architecture's layers as the registry resolves them.
    LayerNamer namer;
    std::string found;
    auto walk = [&](const std::vector<LayerSpec>& layers, const LayerPath& at, bool inside,
                    auto& self) -> bool {
        for (std::size_t i = 0; i < layers.size(); ++i) {
            LayerPath p = at;
            p.push_back(static_cast<int>(i));
            const std::string name = namer.next(layers[i]);
            if (!inside && p == path) {
                found = name;
                return true;
            }
            std::vector<LayerSpec> resolved;
            const bool arch = !inside && layers[i].kind == "architecture";
            if (arch) {
                try {
                    resolved = factory().resolve({layers[i]}).front().layers;
                } catch (const std::exception&) {
                }
            }
            if (self(arch ? resolved : layers[i].layers, p, inside || arch, self)) return true;
        }
        return false;
    };
    if (stack >= 0 && stack < static_cast<int>(m_project.stacks.size()))
        walk(stackAt(stack).layers, {}, false, walk);
    return found;
}

bool Document::load(const QString& path, QString* error) {
    try {
        Project p = loadProject(path.toStdString());
        if (p.stacks.empty()) throw Error(path.toStdString() + ": the project has no layer stack");
        reset(std::move(p), path);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

void Document::reset(Project project, const QString& path) {
    if (project.stacks.empty()) project.stacks.push_back({"stack", Shape{2}, std::nullopt, {}});
    m_project = std::move(project);
    m_factory.reset();
    m_current = 0;
    m_undoStack.clear();
    m_filePath = path;
    m_dataShape.reset();  // the new project's data set loads after this
    Q_EMIT projectReplaced();
    Q_EMIT currentStackChanged(0);
    Q_EMIT dataChanged();
    Q_EMIT trainingChanged();
    Q_EMIT runsChanged();
    Q_EMIT filePathChanged(path);
}

bool Document::save(const QString& path, QString* error) {
    try {
        saveProject(path.toStdString(), m_project);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    m_filePath = path;
    m_undoStack.setClean();
    Q_EMIT filePathChanged(path);
    return true;
}

void Document::insertLayer(int stack, const LayerPath& path, LayerSpec spec) {
    std::vector<LayerSpec>& list = siblingsOf(mutableStack(stack).layers, path);
    list.insert(list.begin() + path.back(), std::move(spec));
    Q_EMIT layerInserted(stack, path);
}

LayerSpec Document::takeLayer(int stack, const LayerPath& path) {
    std::vector<LayerSpec>& list = siblingsOf(mutableStack(stack).layers, path);
    const auto at = static_cast<std::size_t>(path.back());
    if (at >= list.size()) throw Error("no layer at that place");
    Q_EMIT layerAboutToBeRemoved(stack, path);
    LayerSpec spec = std::move(list[at]);
    list.erase(list.begin() + path.back());
    Q_EMIT layerRemoved(stack, path);
    return spec;
}

void Document::moveLayer(int stack, const LayerPath& from, const LayerPath& to) {
    if (from == to) return;
    std::vector<LayerSpec>& top = mutableStack(stack).layers;
    std::vector<LayerSpec>& source = siblingsOf(top, from);
    LayerSpec spec = std::move(source.at(static_cast<std::size_t>(from.back())));
    source.erase(source.begin() + from.back());
    std::vector<LayerSpec>& target = siblingsOf(top, to);
    target.insert(target.begin() + to.back(), std::move(spec));
    Q_EMIT layerMoved(stack, from, to);
}

void Document::setLayerField(int stack, const LayerPath& path, const std::string& key,
                             const std::optional<json>& value) {
    LayerSpec& spec =
        siblingsOf(mutableStack(stack).layers, path).at(static_cast<std::size_t>(path.back()));
    if (key == "label")
        spec.label = value && value->is_string() ? value->get<std::string>() : std::string();
    else if (value)
        spec.params[key] = *value;
    else if (spec.params.is_object())
        spec.params.erase(key);
    Q_EMIT layerChanged(stack, path, QString::fromStdString(key));
}

void Document::setStackHeader(int stack, const StackEntry& header) {
    StackEntry& s = mutableStack(stack);
    const bool renamed = s.name != header.name;
    s.name = header.name;
    s.inputShape = header.inputShape;
    s.numClasses = header.numClasses;
    Q_EMIT stackHeaderChanged(stack);
    if (renamed) Q_EMIT stacksChanged();
}

void Document::insertStack(int index, StackEntry stack) {
    insertAt(m_project.stacks, index, std::move(stack));
    Q_EMIT stacksChanged();
    m_current = -1;
    setCurrentStackIndex(index);
}

StackEntry Document::takeStack(int index) {
    StackEntry s = takeAt(m_project.stacks, index);
    if (m_current >= static_cast<int>(m_project.stacks.size()))
        m_current = static_cast<int>(m_project.stacks.size()) - 1;
    Q_EMIT stacksChanged();
    Q_EMIT currentStackChanged(m_current);
    return s;
}

void Document::architecturesEdited() {
    m_factory.reset();
    Q_EMIT architecturesChanged();
}

void Document::insertArchitecture(int index, StackEntry arch) {
    insertAt(m_project.architectures, index, std::move(arch));
    architecturesEdited();
}

StackEntry Document::takeArchitecture(int index) {
    StackEntry s = takeAt(m_project.architectures, index);
    architecturesEdited();
    return s;
}

void Document::setArchitectures(std::vector<StackEntry> archs) {
    m_project.architectures = std::move(archs);
    architecturesEdited();
}

void Document::announceInserted(int stack, const QList<LayerPath>& paths) {
    Q_EMIT layersInserted(stack, paths);
}

void Document::setData(const std::string& spec, const std::string& hash) {
    m_project.data = spec;
    m_project.dataHash = hash;
    setDataShape(std::nullopt);  // until the new data set has loaded
    Q_EMIT dataChanged();
}

void Document::setTraining(const TrainConfig& config) {
    m_project.training = config;
    Q_EMIT trainingChanged();
}

void Document::insertRun(int index, RunRecord run) {
    insertAt(m_project.runs, index, std::move(run));
    Q_EMIT runsChanged();
}

RunRecord Document::takeRun(int index) {
    RunRecord r = takeAt(m_project.runs, index);
    Q_EMIT runsChanged();
    return r;
}

void Document::setRunName(int index, const std::string& name) {
    m_project.runs.at(static_cast<std::size_t>(index)).name = name;
    Q_EMIT runsChanged();
}

std::string Document::nextRunName() const {
    for (int n = static_cast<int>(m_project.runs.size()) + 1;; ++n) {
        const std::string name = "run " + std::to_string(n);
        const bool taken = std::any_of(m_project.runs.begin(), m_project.runs.end(),
                                       [&](const RunRecord& r) { return r.name == name; });
        if (!taken) return name;
    }
}

void Document::setDataShape(std::optional<DataShape> shape) {
    if (shape == m_dataShape) return;
    m_dataShape = std::move(shape);
    Q_EMIT dataShapeChanged();
}

Project exampleProject() {
    QFile f(QStringLiteral(":/examples/spirals.byom"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("the built-in example project is missing");
    return projectFromJson(json::parse(f.readAll().toStdString()));
}

}  // namespace byom::ui
