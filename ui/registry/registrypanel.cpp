#include "ui/registry/registrypanel.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/registry/architecturejson.h"
#include "core/registry/architecturerefs.h"
#include "core/registry/modelfactory.h"
#include "ui/commands/addstack.h"
#include "ui/commands/insertlayers.h"
#include "ui/commands/registerarchitecture.h"
#include "ui/commands/renamearchitecture.h"
#include "ui/commands/unregisterarchitecture.h"
#include "ui/document.h"
#include "ui/registry/schemafieldsview.h"
#include "ui/widgets/prompter.h"

namespace byom::ui {

RegistryPanel::RegistryPanel(Document* document, Prompter* prompter, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_prompter(prompter),
      m_list(new QTreeWidget),
      m_details(new QTabWidget),
      m_fields(new SchemaFieldsView),
      m_refusals(new QLabel),
      m_params(new QPlainTextEdit) {
    setObjectName(QStringLiteral("registryPanel"));
    m_list->setObjectName(QStringLiteral("registryList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Architecture"), tr("Kind"), tr("Description")});
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_params->setReadOnly(true);
    m_params->setObjectName(QStringLiteral("registryParams"));
    m_params->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_params->setMaximumBlockCount(2000);
    auto button = [](const QString& text, const QString& tip) {
        auto* b = new QPushButton(text);
        b->setToolTip(tip);
        return b;
    };
    auto* registerButton =
        button(tr("Register stack..."), tr("Register the current stack under a name"));
    m_rename = button(tr("Rename..."), tr("Rename this architecture and the blocks using it"));
    m_delete = button(tr("Delete"), tr("Remove this architecture from the project"));
    m_open = button(tr("Open as stack"), tr("Open a copy as a new layer stack"));
    m_open->setObjectName(QStringLiteral("registryOpen"));
    m_insert =
        button(tr("Insert as block"), tr("Insert into the current stack after the selection"));
    m_insert->setObjectName(QStringLiteral("registryInsert"));
    m_copy = button(tr("Copy params"), tr("Copy {\"name\", \"params\"} as JSON"));
    auto* buttons = new QGridLayout;
    buttons->addWidget(registerButton, 0, 0);
    buttons->addWidget(m_rename, 0, 1);
    buttons->addWidget(m_delete, 0, 2);
    buttons->addWidget(m_open, 1, 0);
    buttons->addWidget(m_insert, 1, 1);
    buttons->addWidget(m_copy, 1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    auto* fieldsPage = new QWidget;
    auto* fieldsLayout = new QVBoxLayout(fieldsPage);
    fieldsLayout->setContentsMargins(0, 0, 0, 0);
    fieldsLayout->addWidget(m_fields, 1);
    m_refusals->setObjectName(QStringLiteral("registryRefusals"));
    m_refusals->setWordWrap(true);
    m_refusals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    fieldsLayout->addWidget(m_refusals);
    m_details->setObjectName(QStringLiteral("registryDetails"));
    m_details->addTab(fieldsPage, tr("Fields"));
    m_details->addTab(m_params, tr("Params JSON"));
    layout->addWidget(m_details, 2);
    // The params of a family are a screenful of JSON: show a good part of them.
    m_params->setMinimumHeight(8 * m_params->fontMetrics().lineSpacing() +
                               2 * m_params->frameWidth() + 8);
    connect(registerButton, &QPushButton::clicked, this, [this] { registerCurrent(); });
    connect(m_rename, &QPushButton::clicked, this, [this] { rename(selectedName()); });
    connect(m_delete, &QPushButton::clicked, this, [this] { unregister(selectedName()); });
    connect(m_open, &QPushButton::clicked, this, [this] { openAsStack(selectedName()); });
    connect(m_insert, &QPushButton::clicked, this, [this] { insertAsBlock(selectedName()); });
    connect(m_copy, &QPushButton::clicked, this, [this] { copyParams(selectedName()); });
    connect(m_list, &QTreeWidget::currentItemChanged, this, &RegistryPanel::showSelected);
    connect(document, &Document::architecturesChanged, this, &RegistryPanel::refresh);
    connect(document, &Document::projectReplaced, this, &RegistryPanel::refresh);
    refresh();
}

void RegistryPanel::refresh() {
    const QString current = selectedName();
    m_list->clear();
    const ModelFactory factory = ModelFactory::withBuiltins();
    for (const std::string& name : factory.list())
        m_list->addTopLevelItem(
            new QTreeWidgetItem({QString::fromStdString(name), tr("built-in"),
                                 QString::fromStdString(factory.get(name).doc)}));
    for (const StackEntry& s : m_document->project().architectures)
        m_list->addTopLevelItem(new QTreeWidgetItem(
            {QString::fromStdString(s.name), tr("user"),
             tr("%n layer(s), input %1", nullptr, static_cast<int>(s.layers.size()))
                 .arg(QString::fromStdString(s.inputShape.toString()))}));
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        m_list->topLevelItem(i)->setToolTip(2, m_list->topLevelItem(i)->text(2));
    select(current);
    showSelected();
}

QString RegistryPanel::selectedName() const {
    return m_list->currentItem() ? m_list->currentItem()->text(0) : QString();
}

void RegistryPanel::select(const QString& name) {
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        if (m_list->topLevelItem(i)->text(0) == name)
            m_list->setCurrentItem(m_list->topLevelItem(i));
}

bool RegistryPanel::isUser(const QString& name) const {
    return m_document->architectureIndex(name.toStdString()) >= 0;
}

void RegistryPanel::showSelected() {
    const QString name = selectedName();
    m_params->setPlainText(name.isEmpty() ? QString()
                                          : QString::fromStdString(paramsOf(name).dump(2)));
    showFields(name);
    const bool user = isUser(name);
    m_rename->setEnabled(user);
    m_delete->setEnabled(user);
    // A family HeartKit itself cannot build (unext, mobileone) has nothing to open or insert.
    const ModelFactory builtins = ModelFactory::withBuiltins();
    const bool buildable =
        !name.isEmpty() && (user || !builtins.has(name.toStdString()) ||
                            builtins.get(name.toStdString()).unbuildable.empty());
    m_open->setEnabled(buildable);
    m_insert->setEnabled(buildable);
    m_copy->setEnabled(!name.isEmpty());
}

void RegistryPanel::showFields(const QString& name) {
    m_fields->clear();
    m_refusals->clear();
    m_refusals->hide();
    if (name.isEmpty()) return;
    try {
        const ModelFactory factory = ModelFactory::usable(m_document->project().architectures);
        const Architecture& a = factory.get(name.toStdString());
        m_fields->showSchema(a.schema);
        if (a.refusals.empty()) return;
        QStringList lines;
        for (const std::string& r : a.refusals)
            lines << QStringLiteral("\u2022 ") + QString::fromStdString(r).toHtmlEscaped();
        m_refusals->setText(tr("<b>Refused, with the reason</b> (the builder it follows fails "
                               "there):<br>%1")
                                .arg(lines.join(QStringLiteral("<br>"))));
        m_refusals->show();
    } catch (const std::exception& e) {
        m_refusals->setText(QString::fromStdString(e.what()).toHtmlEscaped());
        m_refusals->show();
    }
}

json RegistryPanel::paramsOf(const QString& name) const {
    const int user = m_document->architectureIndex(name.toStdString());
    if (user >= 0)
        return architectureJson(
            m_document->project().architectures[static_cast<std::size_t>(user)].layers,
            name.toStdString());
    const ModelFactory factory = ModelFactory::withBuiltins();
    if (!factory.has(name.toStdString())) return json::object();
    return {{"name", name.toStdString()}, {"params", factory.get(name.toStdString()).example}};
}

bool RegistryPanel::registerCurrent(QString name) {
    const StackEntry& stack = m_document->currentStack();
    if (name.isEmpty()) {
        const auto answer = m_prompter->askText(tr("Register architecture"),
                                                tr("Name (letters, digits, '-', '_', '.'):"),
                                                QString::fromStdString(stack.name));
        if (!answer || answer->trimmed().isEmpty()) return false;
        name = answer->trimmed();
    }
    StackEntry arch = stack;
    arch.name = name.toStdString();
    try {
        ModelFactory::checkName(arch.name);
        if (ModelFactory::withBuiltins().has(arch.name))
            throw Error("\"" + arch.name + "\" is a built-in architecture; choose another name");
        const bool taken = isUser(name);
        if (taken && !m_prompter->confirm(tr("Replace architecture"),
                                          tr("An architecture named \"%1\" is already registered. "
                                             "Replace it with the current stack?")
                                              .arg(name)))
            return false;
        ModelFactory trial = ModelFactory::usable(m_document->project().architectures);
        trial.addStack(arch, taken);  // refuses cycles, naming them
    } catch (const std::exception& e) {
        m_prompter->warn(tr("Cannot register"), QString::fromStdString(e.what()));
        return false;
    }
    m_document->undoStack()->push(new RegisterArchitecture(m_document, arch));
    select(name);
    return true;
}

bool RegistryPanel::rename(const QString& from, QString to) {
    if (!isUser(from)) return false;
    if (to.isEmpty()) {
        const auto answer = m_prompter->askText(tr("Rename architecture"), tr("New name:"), from);
        if (!answer || answer->trimmed().isEmpty() || answer->trimmed() == from) return false;
        to = answer->trimmed();
    }
    try {
        ModelFactory::checkName(to.toStdString());
        if (isUser(to) || ModelFactory::withBuiltins().has(to.toStdString()))
            throw Error("an architecture named \"" + to.toStdString() + "\" already exists");
    } catch (const std::exception& e) {
        m_prompter->warn(tr("Cannot rename"), QString::fromStdString(e.what()));
        return false;
    }
    m_document->undoStack()->push(
        new RenameArchitecture(m_document, from.toStdString(), to.toStdString()));
    select(to);
    return true;
}

bool RegistryPanel::unregister(const QString& name) {
    const int index = m_document->architectureIndex(name.toStdString());
    if (index < 0) return false;
    QStringList users;
    for (const StackEntry& a : m_document->project().architectures)
        if (a.name != name.toStdString() && usesArchitecture(a.layers, name.toStdString()))
            users << tr("architecture %1").arg(QString::fromStdString(a.name));
    for (const StackEntry& s : m_document->project().stacks)
        if (usesArchitecture(s.layers, name.toStdString()))
            users << tr("stack %1").arg(QString::fromStdString(s.name));
    const QString text =
        users.isEmpty()
            ? tr("Delete the architecture \"%1\" from the project?").arg(name)
            : tr("\"%1\" is used as a block in %2. Delete it anyway? Those blocks will be "
                 "marked as errors until you remove them or register it again.")
                  .arg(name, users.join(QStringLiteral(", ")));
    if (!m_prompter->confirm(tr("Delete architecture"), text)) return false;
    m_document->undoStack()->push(new UnregisterArchitecture(m_document, index));
    return true;
}

bool RegistryPanel::openAsStack(const QString& name) {
    StackEntry stack;
    const int user = m_document->architectureIndex(name.toStdString());
    try {
        if (user >= 0) {
            stack = m_document->project().architectures[static_cast<std::size_t>(user)];
        } else {
            const StackEntry& current = m_document->currentStack();
            const ModelFactory factory = ModelFactory::withBuiltins();
            stack = {name.toStdString(), current.inputShape, current.numClasses,
                     factory.expand(name.toStdString(), current.inputShape,
                                    factory.get(name.toStdString()).example, current.numClasses)};
        }
    } catch (const std::exception& e) {
        m_prompter->warn(tr("Cannot open"), QString::fromStdString(e.what()));
        return false;
    }
    // Stack names are unique within the project.
    const std::string base = stack.name;
    for (int n = 2;; ++n) {
        const auto& stacks = m_document->project().stacks;
        if (std::none_of(stacks.begin(), stacks.end(),
                         [&](const StackEntry& s) { return s.name == stack.name; }))
            break;
        stack.name = base + "-" + std::to_string(n);
    }
    m_document->undoStack()->push(
        new AddStack(m_document, stack, tr("Open %1 as a stack").arg(name)));
    return true;
}

bool RegistryPanel::insertAsBlock(const QString& name) {
    std::vector<LayerSpec> specs;
    try {
        if (isUser(name)) {
            specs.push_back(LayerSpec::of("architecture", {{"name", name.toStdString()}}));
        } else {
            // Built-ins have no block form: insert their layers.
            const StackEntry& current = m_document->currentStack();
            const ModelFactory factory = ModelFactory::withBuiltins();
            specs = factory.expand(name.toStdString(), current.inputShape,
                                   factory.get(name.toStdString()).example, std::nullopt);
        }
    } catch (const std::exception& e) {
        m_prompter->warn(tr("Cannot insert"), QString::fromStdString(e.what()));
        return false;
    }
    LayerPath at = m_insertionPoint ? m_insertionPoint() : LayerPath{};
    if (at.isEmpty()) at = {static_cast<int>(m_document->currentStack().layers.size())};
    m_document->undoStack()->push(new InsertLayers(m_document, m_document->currentStackIndex(), at,
                                                   std::move(specs), tr("Insert %1").arg(name)));
    return true;
}

void RegistryPanel::copyParams(const QString& name) const {
    QApplication::clipboard()->setText(QString::fromStdString(paramsOf(name).dump(2)));
}

}  // namespace byom::ui
