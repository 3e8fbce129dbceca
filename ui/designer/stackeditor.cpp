#include "ui/designer/stackeditor.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSpinBox>
#include <QTabBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "core/layers/layercatalog.h"
#include "ui/commands/addstack.h"
#include "ui/commands/changelayer.h"
#include "ui/commands/changestack.h"
#include "ui/commands/insertlayers.h"
#include "ui/commands/removelayers.h"
#include "ui/commands/removestack.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"
#include "ui/widgets/messagelabel.h"
#include "ui/widgets/wrappingdelegate.h"

namespace byom::ui {

StackEditor::StackEditor(Document* document, StackModel* model, QWidget* parent)
    : QWidget(parent), m_document(document), m_model(model) {
    setObjectName(QStringLiteral("stackEditor"));
    m_tabs = new QTabBar;
    m_tabs->setObjectName(QStringLiteral("stackTabs"));
    m_tabs->setExpanding(false);
    m_tabs->setDocumentMode(true);
    auto* newStack = new QToolButton;
    newStack->setText(QStringLiteral("+"));
    newStack->setToolTip(tr("New layer stack"));
    connect(newStack, &QToolButton::clicked, this, &StackEditor::addStack);
    auto* tabRow = new QHBoxLayout;
    tabRow->addWidget(m_tabs, 1);
    tabRow->addWidget(newStack);

    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("stackName"));
    m_input = new QLineEdit;
    m_input->setObjectName(QStringLiteral("inputShape"));
    m_input->setToolTip(
        tr("The shape of one sample: 64 for (features), or 800, 1 for (length, channels)."));
    m_input->setMaximumWidth(110);
    m_classes = new QSpinBox;
    m_classes->setObjectName(QStringLiteral("numClasses"));
    m_classes->setRange(0, 65536);
    m_classes->setSpecialValueText(tr("none"));
    m_classes->setKeyboardTracking(false);
    m_classes->setToolTip(tr("Classes of the head (none for regression or a headless stack)."));
    m_fromData = new QPushButton(tr("From data"));
    m_fromData->setToolTip(tr("Take the input shape and the classes from the project's data set"));
    auto* header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("Name")));
    header->addWidget(m_name, 1);
    header->addWidget(new QLabel(tr("Input")));
    header->addWidget(m_input);
    header->addWidget(new QLabel(tr("Classes")));
    header->addWidget(m_classes);
    header->addWidget(m_fromData);
    connect(m_name, &QLineEdit::editingFinished, this,
            [this] { editHeader(QStringLiteral("name")); });
    connect(m_input, &QLineEdit::editingFinished, this,
            [this] { editHeader(QStringLiteral("input shape")); });
    connect(m_classes, &QSpinBox::valueChanged, this,
            [this] { editHeader(QStringLiteral("classes")); });
    connect(m_fromData, &QPushButton::clicked, this, &StackEditor::applyDataShapes);

    m_view = new QTreeView;
    m_view->setObjectName(QStringLiteral("stackView"));
    m_view->setModel(model);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setDragDropMode(QAbstractItemView::DragDrop);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setDropIndicatorShown(true);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(StackModel::ParamsColumn, QHeaderView::Stretch);
    // A long parameter list wraps onto more lines of its row instead of being cut off; the
    // rows follow the width the column gets.
    m_view->setItemDelegateForColumn(StackModel::ParamsColumn,
                                     new WrappingDelegate(m_view->header(), m_view));
    connect(m_view->header(), &QHeaderView::sectionResized, m_view, [this](int section) {
        if (section == StackModel::ParamsColumn)
            QMetaObject::invokeMethod(m_view, &QTreeView::doItemsLayout, Qt::QueuedConnection);
    });

    m_banner = new QWidget;
    m_banner->setObjectName(QStringLiteral("validationBanner"));
    m_banner->setAutoFillBackground(true);
    QPalette pal = m_banner->palette();
    pal.setColor(QPalette::Window, QColor(0xd0, 0x30, 0x30, 40));
    m_banner->setPalette(pal);
    m_bannerText = new MessageLabel;
    m_flattenFix = new QPushButton(tr("Insert Flatten"));
    m_flattenFix->setObjectName(QStringLiteral("flattenFix"));
    m_dataFix = new QPushButton(tr("Use the data set's shapes"));
    m_dataFix->setObjectName(QStringLiteral("dataFix"));
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_flattenFix);
    bannerLayout->addWidget(m_dataFix);
    connect(m_flattenFix, &QPushButton::clicked, this, &StackEditor::insertFlattenFix);
    connect(m_dataFix, &QPushButton::clicked, this, &StackEditor::applyDataShapes);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(tabRow);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_banner);

    connect(m_tabs, &QTabBar::currentChanged, this, [this](int i) {
        if (i >= 0) m_document->setCurrentStackIndex(i);
    });
    connect(m_tabs, &QTabBar::tabCloseRequested, this, &StackEditor::closeStack);
    connect(document, &Document::stacksChanged, this, &StackEditor::refreshTabs);
    connect(document, &Document::projectReplaced, this, &StackEditor::refreshTabs);
    connect(document, &Document::currentStackChanged, this, &StackEditor::refreshTabs);
    connect(document, &Document::layersInserted, this,
            [this](int stack, const QList<LayerPath>& paths) {
                if (stack == m_document->currentStackIndex()) selectPaths(paths);
            });
    // The model follows each edit row by row, so the view keeps its selection and what is
    // expanded by itself. Blocks that come in show their inner layers; a new project or
    // another stack starts expanded.
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_view->expandAll();
        emitCurrent();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex& parent, int first, int last) {
                for (int r = first; r <= last; ++r)
                    m_view->expandRecursively(m_model->index(r, 0, parent));
                emitCurrent();
            });
    // The current layer's path changes when layers before it come or go.
    connect(model, &QAbstractItemModel::rowsRemoved, this, &StackEditor::emitCurrent);
    connect(model, &QAbstractItemModel::rowsMoved, this, &StackEditor::emitCurrent);
    connect(model, &StackModel::stackUpdated, this, [this] {
        refreshHeader();
        refreshBanner();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        emitCurrent();
        Q_EMIT selectionChanged();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &StackEditor::emitCurrent);
    refreshTabs();
    refreshHeader();
    refreshBanner();
    m_view->expandAll();
}

void StackEditor::refreshTabs() {
    const QSignalBlocker block(m_tabs);
    const auto& stacks = m_document->project().stacks;
    m_tabs->setTabsClosable(stacks.size() > 1);
    while (m_tabs->count() > static_cast<int>(stacks.size()))
        m_tabs->removeTab(m_tabs->count() - 1);
    for (std::size_t i = 0; i < stacks.size(); ++i) {
        const QString name = QString::fromStdString(stacks[i].name);
        if (static_cast<int>(i) >= m_tabs->count())
            m_tabs->addTab(name);
        else
            m_tabs->setTabText(static_cast<int>(i), name);
    }
    m_tabs->setCurrentIndex(m_document->currentStackIndex());
}

void StackEditor::refreshHeader() {
    const StackEntry& s = m_document->currentStack();
    const QSignalBlocker b1(m_name), b2(m_input), b3(m_classes);
    if (!m_name->hasFocus()) m_name->setText(QString::fromStdString(s.name));
    if (!m_input->hasFocus()) {
        QStringList dims;
        for (Index d : s.inputShape.dims) dims << QString::number(d);
        m_input->setText(dims.join(QStringLiteral(", ")));
        m_input->setStyleSheet({});
    }
    m_classes->setValue(s.numClasses.value_or(0));
    m_fromData->setEnabled(!m_document->project().data.empty());
}

void StackEditor::refreshBanner() {
    const auto issue = m_model->issue();
    m_banner->setVisible(issue.has_value());
    if (!issue) return;
    m_bannerText->setMessage(QStringLiteral("\u26a0 ") + issue->message);
    m_flattenFix->setVisible(issue->needsFlatten);
    m_dataFix->setVisible(!m_document->project().data.empty());
}

void StackEditor::editHeader(const QString& field) {
    StackEntry header = m_document->currentStack();
    header.layers.clear();
    if (field == QStringLiteral("name")) {
        const std::string name = m_name->text().trimmed().toStdString();
        if (name.empty() || name.size() > 256) {
            m_name->setText(QString::fromStdString(header.name));
            return;
        }
        header.name = name;
    } else if (field == QStringLiteral("input shape")) {
        try {
            header.inputShape = Shape::parse(m_input->text().toStdString());
            for (Index d : header.inputShape.dims)
                if (d < 1 || d > (Index(1) << 31)) throw Error("each size must be 1 or more");
            if (header.inputShape.rank() < 1 || header.inputShape.rank() > 2)
                throw Error("an input is (features) or (length, channels)");
            m_input->setStyleSheet({});
            m_input->setToolTip(tr(
                "The shape of one sample: 64 for (features), or 800, 1 for (length, channels)."));
        } catch (const std::exception& e) {
            m_input->setStyleSheet(QStringLiteral("border: 1px solid #d03030;"));
            m_input->setToolTip(QString::fromStdString(e.what()));
            Q_EMIT message(tr("Input shape: %1").arg(QString::fromStdString(e.what())));
            return;
        }
    } else {
        header.numClasses =
            m_classes->value() > 0 ? std::optional<int>(m_classes->value()) : std::nullopt;
    }
    const StackEntry& s = m_document->currentStack();
    if (header.name == s.name && header.inputShape == s.inputShape &&
        header.numClasses == s.numClasses)
        return;
    m_document->undoStack()->push(
        new ChangeStack(m_document, header, {m_document->currentStackIndex(), field}));
}

QList<LayerPath> StackEditor::selectedPaths() const {
    QList<LayerPath> paths;
    for (const QModelIndex& i : m_view->selectionModel()->selectedRows())
        if (!m_model->isReadOnly(i)) paths.push_back(m_model->pathOf(i));
    return normalizedPaths(paths);
}

void StackEditor::selectPaths(const QList<LayerPath>& paths) {
    QItemSelection selection;
    for (const LayerPath& p : paths) {
        const QModelIndex i = m_model->indexOf(p);
        if (i.isValid()) selection.select(i, i.siblingAtColumn(StackModel::ColumnCount - 1));
    }
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (!paths.isEmpty()) {
        const QModelIndex last = m_model->indexOf(paths.back());
        if (last.isValid()) {
            m_view->selectionModel()->setCurrentIndex(last, QItemSelectionModel::NoUpdate);
            m_view->scrollTo(last);
        }
    }
}

LayerPath StackEditor::currentPath() const {
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_view->selectionModel()->isSelected(current.siblingAtColumn(0)))
        return {};
    return m_model->pathOf(current);
}

bool StackEditor::currentIsReadOnly() const {
    return m_model->isReadOnly(m_view->currentIndex());
}

void StackEditor::emitCurrent() {
    const LayerPath path = currentPath();
    if (path == m_lastEmitted) return;
    m_lastEmitted = path;
    Q_EMIT currentLayerChanged(path, currentIsReadOnly());
}

LayerPath StackEditor::insertionPoint() const {
    QList<LayerPath> paths;
    for (const QModelIndex& i : m_view->selectionModel()->selectedRows()) {
        LayerPath p = m_model->pathOf(i);
        // Inside a registered architecture nothing can be inserted: go after the block.
        QModelIndex up = i;
        while (up.isValid() && m_model->isReadOnly(up)) up = up.parent();
        paths.push_back(m_model->pathOf(up));
    }
    std::sort(paths.begin(), paths.end());
    if (paths.isEmpty() || paths.back().isEmpty())
        return {static_cast<int>(m_document->currentStack().layers.size())};
    LayerPath at = paths.back();
    at.back() += 1;
    return at;
}

void StackEditor::addLayer(const QString& kind) {
    try {
        std::vector<LayerSpec> specs = {LayerSpec::of(kind.toStdString())};
        m_document->undoStack()->push(new InsertLayers(m_document, m_document->currentStackIndex(),
                                                       insertionPoint(), std::move(specs),
                                                       tr("Add %1").arg(kind)));
    } catch (const std::exception& e) {
        Q_EMIT message(QString::fromStdString(e.what()));
    }
}

void StackEditor::deleteSelected() {
    const QList<LayerPath> paths = selectedPaths();
    if (paths.isEmpty()) return;
    m_document->undoStack()->push(new RemoveLayers(
        m_document, m_document->currentStackIndex(), paths,
        paths.size() == 1 ? tr("Delete layer") : tr("Delete %1 layers").arg(paths.size())));
}

void StackEditor::duplicateSelected() {
    const QList<LayerPath> paths = selectedPaths();
    if (paths.isEmpty()) return;
    // Copies go right after the last selected layer, in order.
    std::vector<LayerSpec> specs;
    for (const LayerPath& p : paths)
        specs.push_back(*m_document->layer(m_document->currentStackIndex(), p));
    LayerPath at = paths.back();
    at.back() += 1;
    m_document->undoStack()->push(new InsertLayers(m_document, m_document->currentStackIndex(), at,
                                                   std::move(specs), tr("Duplicate")));
}

void StackEditor::copySelected() {
    QModelIndexList rows;
    for (const LayerPath& p : selectedPaths()) rows << m_model->indexOf(p);
    if (rows.isEmpty()) return;
    QApplication::clipboard()->setMimeData(m_model->mimeData(rows));
    Q_EMIT message(tr("Copied %n layer(s)", nullptr, static_cast<int>(rows.size())));
}

void StackEditor::cutSelected() {
    copySelected();
    const QList<LayerPath> paths = selectedPaths();
    if (paths.isEmpty()) return;
    m_document->undoStack()->push(
        new RemoveLayers(m_document, m_document->currentStackIndex(), paths, tr("Cut")));
}

void StackEditor::paste() {
    const QMimeData* mime = QApplication::clipboard()->mimeData();
    QByteArray bytes;
    if (mime && mime->hasFormat(StackModel::kLayersMime))
        bytes = mime->data(StackModel::kLayersMime);
    else if (mime && mime->hasFormat(QStringLiteral("application/json")))
        bytes = mime->data(QStringLiteral("application/json"));
    else if (mime && mime->hasText())
        bytes = mime->text().toUtf8();
    json j = json::parse(bytes.toStdString(), nullptr, false);
    if (j.is_discarded() || !(j.is_array() || j.is_object())) {
        Q_EMIT message(
            tr("Nothing to paste: the clipboard holds no layers. Copy layers from a "
               "stack, or JSON such as [{\"name\": \"dense\", \"params\": "
               "{\"units\": 32}}]"));
        return;
    }
    try {
        if (j.is_object() && j.contains("layers") && !j.contains("name")) j = j["layers"];
        if (j.is_object()) j = json::array({j});
        std::vector<LayerSpec> specs = LayerSpec::listFromJson(j, "clipboard");
        if (specs.empty()) return;
        m_document->undoStack()->push(new InsertLayers(m_document, m_document->currentStackIndex(),
                                                       insertionPoint(), std::move(specs),
                                                       tr("Paste")));
    } catch (const std::exception& e) {
        Q_EMIT message(tr("Nothing to paste: %1").arg(QString::fromStdString(e.what())));
    }
}

void StackEditor::insertFlattenFix() {
    const auto issue = m_model->issue();
    if (!issue || !issue->needsFlatten) return;
    m_document->undoStack()->push(new InsertLayers(m_document, m_document->currentStackIndex(),
                                                   issue->path, {LayerSpec::of("flatten")},
                                                   tr("Insert Flatten")));
}

void StackEditor::applyDataShapes() {
    const Project& project = m_document->project();
    if (project.data.empty()) return;
    const std::optional<DataShape>& data = m_document->dataShape();
    if (!data) {
        Q_EMIT message(tr("The data set has not loaded yet (see the Data panel)"));
        return;
    }
    const bool classes = data->task == Task::Classification;
    const int units = static_cast<int>(data->outputs);
    const int stack = m_document->currentStackIndex();
    const StackEntry& s = m_document->currentStack();
    StackEntry header = s;
    header.layers.clear();
    header.inputShape = data->input;
    if (data->target.rank() == 2) {
        // Targets per time step: the head keeps the time axis, so no Dense head is added.
        header.numClasses = std::nullopt;
        if (header.inputShape != s.inputShape || s.numClasses)
            m_document->undoStack()->push(
                new ChangeStack(m_document, header, {stack, QStringLiteral("shapes from data")}));
        Q_EMIT message(tr("Input %1 from %2; its targets are %3 per sample (one per time step): "
                          "end the stack with a Conv1D(%4, padding same) head and no pooling")
                           .arg(QString::fromStdString(data->input.toString()),
                                QString::fromStdString(project.data),
                                QString::fromStdString(data->target.toString()))
                           .arg(data->target[1]));
        return;
    }
    header.numClasses = classes ? std::optional<int>(units) : std::nullopt;
    // The head: one unit per class with softmax, or one per target and linear. A stack that
    // does not end in a Dense layer gets one (after a Flatten when its output has a time axis).
    const json activation = classes ? "softmax" : "linear";
    std::optional<LayerSpec> head;
    std::vector<LayerSpec> added;
    if (!s.layers.empty() && s.layers.back().kind == "dense") {
        LayerSpec last = s.layers.back();
        last.params["units"] = units;
        last.params["activation"] = activation;
        if (last != s.layers.back()) head = last;
    } else {
        if (m_model->outputShape().rank() > 1) added.push_back(LayerSpec::of("flatten"));
        added.push_back(LayerSpec::of("dense", {{"units", units}, {"activation", activation}}));
    }
    if (header.inputShape == s.inputShape && header.numClasses == s.numClasses && !head &&
        added.empty()) {
        Q_EMIT message(tr("The stack already matches the data set"));
        return;
    }
    QUndoStack* undo = m_document->undoStack();
    undo->beginMacro(tr("Use the data set's shapes"));
    undo->push(new ChangeStack(m_document, header, {stack, QStringLiteral("shapes from data")}));
    if (head) {
        const LayerPath last = {static_cast<int>(s.layers.size()) - 1};
        for (const char* key : {"units", "activation"})
            undo->push(new ChangeLayer(m_document, head->params[key], {stack, last, key}));
    }
    if (!added.empty())
        undo->push(new InsertLayers(m_document, stack, {static_cast<int>(s.layers.size())},
                                    std::move(added), tr("Add a head")));
    undo->endMacro();
    const QString what = classes ? tr("%1 classes (softmax head)").arg(units)
                                 : tr("%1 target(s) (linear head)").arg(units);
    Q_EMIT message(tr("Input %1, %2 from %3")
                       .arg(QString::fromStdString(data->input.toString()), what,
                            QString::fromStdString(project.data)));
}

void StackEditor::addStack() {
    const auto& stacks = m_document->project().stacks;
    std::string name = "stack";
    for (int n = 2; std::any_of(stacks.begin(), stacks.end(),
                                [&](const StackEntry& s) { return s.name == name; });
         ++n)
        name = "stack-" + std::to_string(n);
    const StackEntry& current = m_document->currentStack();
    m_document->undoStack()->push(new AddStack(
        m_document, {name, current.inputShape, current.numClasses, {}}, tr("New stack")));
}

void StackEditor::closeStack(int index) {
    if (m_document->project().stacks.size() <= 1) return;
    m_document->undoStack()->push(new RemoveStack(m_document, index));
}

}  // namespace byom::ui
