// The stack editor: selection-based edits (delete, duplicate, cut, copy, paste between
// projects), stacks as tabs, and the one-click fixes of the validation banner.

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTreeView>
#include <QtTest>

#include "core/data/dataspec.h"
#include "core/io/projectfile.h"
#include "support/userinput.h"
#include "ui/commands/changelayer.h"
#include "ui/designer/parameditor.h"
#include "ui/designer/propertyeditor.h"

#include "ui/designer/stackeditor.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"

using namespace byom;
using namespace byom::ui;

namespace {

std::string dump(const Document& d) {
    return projectToJson(d.project()).dump();
}

}  // namespace

class TestStackEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void copyPasteBetweenTwoDocuments() {
        Document a, b;
        StackModel modelA(&a), modelB(&b);
        StackEditor editorA(&a, &modelA), editorB(&b, &modelB);
        Project p = b.project();
        p.stacks[0].layers = {LayerSpec::of("dropout", {{"rate", 0.25}})};
        b.reset(p);
        // Copy two layers of A (a multi-selection).
        LayerSpec labelled = a.currentStack().layers[1];
        editorA.selectPaths({{0}, {1}});
        QCOMPARE(editorA.selectedPaths().size(), 2);
        editorA.copySelected();
        const QMimeData* clip = QApplication::clipboard()->mimeData();
        QVERIFY(clip->hasFormat(StackModel::kLayersMime));
        QVERIFY(clip->hasFormat(QStringLiteral("application/json")));
        QVERIFY(clip->text().contains(QStringLiteral("\"dense\"")));
        // Paste after B's only layer: one undo step.
        const std::string before = dump(b);
        editorB.selectPaths({{0}});
        editorB.paste();
        QCOMPARE(b.currentStack().layers.size(), std::size_t(3));
        QCOMPARE(b.currentStack().layers[1], a.currentStack().layers[0]);
        QCOMPARE(b.currentStack().layers[2], labelled);
        QCOMPARE(b.undoStack()->count(), 1);
        QCOMPARE(editorB.selectedPaths(), (QList<LayerPath>{{1}, {2}}));  // the pasted layers
        b.undoStack()->undo();
        QCOMPARE(dump(b), before);
        // Text written by hand pastes too.
        QApplication::clipboard()->setText(QStringLiteral("{\"name\": \"flatten\"}"));
        editorB.paste();
        QCOMPARE(b.currentStack().layers.back().kind, std::string("flatten"));
    }

    void deleteDuplicateAndCut() {
        Document doc;
        StackModel model(&doc);
        StackEditor editor(&doc, &model);
        const std::string before = dump(doc);
        editor.selectPaths({{0}, {2}});
        editor.deleteSelected();
        QCOMPARE(doc.currentStack().layers.size(), std::size_t(1));
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QCOMPARE(dump(doc), before);
        editor.selectPaths({{1}});
        editor.duplicateSelected();
        QCOMPARE(doc.currentStack().layers.size(), std::size_t(4));
        QCOMPARE(doc.currentStack().layers[2], doc.currentStack().layers[1]);
        doc.undoStack()->undo();
        editor.selectPaths({{2}});
        editor.cutSelected();
        QCOMPARE(doc.currentStack().layers.size(), std::size_t(2));
        editor.selectPaths({{0}});
        editor.paste();
        QCOMPARE(doc.currentStack().layers[1].params["units"].get<int>(), 3);
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(dump(doc), before);
    }

    void addLayerGoesAfterTheSelection() {
        Document doc;
        StackModel model(&doc);
        StackEditor editor(&doc, &model);
        editor.selectPaths({{0}});
        editor.addLayer(QStringLiteral("dropout"));
        QCOMPARE(doc.currentStack().layers[1].kind, std::string("dropout"));
        QCOMPARE(editor.selectedPaths(), QList<LayerPath>{{1}});
        editor.view()->clearSelection();
        editor.addLayer(QStringLiteral("activation"));
        QCOMPARE(doc.currentStack().layers.back().kind, std::string("activation"));
    }

    void flattenFixInsertsBeforeTheDenseLayer() {
        Document doc;
        Project p = doc.project();
        p.stacks[0].inputShape = Shape{100, 2};
        doc.reset(p);
        StackModel model(&doc);
        StackEditor editor(&doc, &model);
        QVERIFY(
            editor.findChild<QWidget*>(QStringLiteral("validationBanner"))->isVisibleTo(&editor));
        editor.insertFlattenFix();
        QCOMPARE(doc.currentStack().layers[0].kind, std::string("flatten"));
        QVERIFY(model.problem().isEmpty());
        QCOMPARE(model.index(0, StackModel::ShapeColumn).data().toString(),
                 QStringLiteral("(200,)"));
        QVERIFY(
            !editor.findChild<QWidget*>(QStringLiteral("validationBanner"))->isVisibleTo(&editor));
        QCOMPARE(doc.undoStack()->count(), 1);
    }

    void dataSetShapesFixInputAndHead() {
        Document doc;
        Project p = doc.project();
        p.stacks[0].inputShape = Shape{5};
        p.stacks[0].numClasses = 7;
        p.stacks[0].layers.back().params["units"] = 7;
        doc.reset(p);
        StackModel model(&doc);
        StackEditor editor(&doc, &model);
        editor.applyDataShapes();  // before the data set has loaded: nothing changes
        QCOMPARE(doc.undoStack()->count(), 0);
        // The data set, once loaded (the Data panel's job), is what the stack must fit.
        doc.setDataShape(DataShape::of(
            loadDataset(DataSpec::parse(doc.project().data), ".")));  // 3-class spirals, (2,)
        QVERIFY(model.problem().contains(QStringLiteral("(2,)")));
        editor.applyDataShapes();
        QVERIFY(model.problem().isEmpty());
        QCOMPARE(doc.currentStack().inputShape, Shape{2});
        QCOMPARE(doc.currentStack().numClasses, std::optional<int>(3));
        QCOMPARE(doc.currentStack().layers.back().params["units"].get<int>(), 3);
        QCOMPARE(doc.undoStack()->count(), 1);  // one macro
        QCOMPARE(doc.currentStack().layers.back().params["activation"], json("softmax"));
        doc.undoStack()->undo();
        QCOMPARE(doc.currentStack().inputShape, Shape{5});
    }

    void dataSetShapesAddAHeadAndFitRegression() {
        Document doc;
        Project p = doc.project();
        // Two Dropout layers: no head at all (used to "finish in 0.1 s" on 3 classes).
        p.stacks[0].layers = {LayerSpec::of("dropout"), LayerSpec::of("dropout")};
        doc.reset(p);
        StackModel model(&doc);
        StackEditor editor(&doc, &model);
        doc.setDataShape(DataShape{Shape{2}, Task::Classification, 3, Shape{}});
        QVERIFY(model.problem().contains(QStringLiteral("3 classes")));
        editor.applyDataShapes();
        QCOMPARE(doc.currentStack().layers.size(), std::size_t(3));
        QCOMPARE(doc.currentStack().layers[2].kind, std::string("dense"));
        QCOMPARE(doc.currentStack().layers[2].params["units"], json(3));
        QCOMPARE(doc.currentStack().layers[2].params["activation"], json("softmax"));
        QVERIFY(model.problem().isEmpty());
        // Regression with two targets: a linear head of two units.
        doc.setDataShape(DataShape{Shape{2}, Task::Regression, 2, Shape{}});
        QVERIFY(model.problem().contains(QStringLiteral("2 targets")));
        editor.applyDataShapes();
        QCOMPARE(doc.currentStack().layers[2].params["units"], json(2));
        QCOMPARE(doc.currentStack().layers[2].params["activation"], json("linear"));
        QVERIFY(!doc.currentStack().numClasses.has_value());
        QVERIFY(model.problem().isEmpty());
    }

    // Targets per time step: a click on "From data" takes the input shape, adds no Dense head
    // (the head must keep the time axis), says what head to end with, and is one undo step.
    void fromDataWithTargetsPerTimeStepAddsNoDenseHead() {
        Document doc;
        StackModel model(&doc);
        StackEditor editor(&doc, &model);
        editor.resize(700, 500);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        const std::vector<LayerSpec> before = doc.currentStack().layers;
        doc.setDataShape(DataShape{Shape{256, 1}, Task::Classification, 4, Shape{256, 4}});
        QSignalSpy messages(&editor, &StackEditor::message);
        QPushButton* fromData = nullptr;
        for (QPushButton* b : editor.findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("From data")) fromData = b;
        QVERIFY(fromData && fromData->isVisible());
        QTest::mouseClick(fromData, Qt::LeftButton);
        QCOMPARE(doc.currentStack().inputShape, (Shape{256, 1}));
        QVERIFY(!doc.currentStack().numClasses.has_value());
        QCOMPARE(doc.currentStack().layers, before);
        QCOMPARE(messages.count(), 1);
        QVERIFY2(messages[0][0].toString().contains(QStringLiteral("Conv1D(4, padding same)")),
                 qPrintable(messages[0][0].toString()));
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QVERIFY(doc.currentStack().inputShape != (Shape{256, 1}));
    }

    void declaredClassesMustMatchTheHead() {
        Document doc;
        Project p = doc.project();
        p.stacks[0].numClasses = 18;  // a 3-unit head
        doc.reset(p);
        StackModel model(&doc);
        QVERIFY2(model.problem().contains(QStringLiteral("declares 18 classes")),
                 qPrintable(model.problem()));
    }

    void pastingTextWithoutLayersSaysSoInPlainWords() {
        Document doc;
        StackModel model(&doc);
        StackEditor editor(&doc, &model);
        QSignalSpy messages(&editor, &StackEditor::message);
        const std::string before = projectToJson(doc.project()).dump();
        for (const QString& text : {QStringLiteral("hello world"), QStringLiteral("{\"a\": ")}) {
            QApplication::clipboard()->setText(text);
            editor.paste();
            QVERIFY(!messages.isEmpty());
            const QString said = messages.takeLast().first().toString();
            QVERIFY2(said.contains(QStringLiteral("the clipboard holds no layers")),
                     qPrintable(said));
            QVERIFY2(!said.contains(QStringLiteral("json.exception")), qPrintable(said));
        }
        // JSON that is not a layer list names the problem in the layers' own terms.
        QApplication::clipboard()->setText(
            QStringLiteral("[{\"name\": \"dense\", \"params\": "
                           "{\"unit\": 3}}]"));
        editor.paste();
        const QString said = messages.takeLast().first().toString();
        QVERIFY2(said.contains(QStringLiteral("\"unit\"")) &&
                     !said.contains(QStringLiteral("json.exception")),
                 qPrintable(said));
        QCOMPARE(projectToJson(doc.project()).dump(), before);
    }

    void anEditKeepsTheSelectionAndWhatIsCollapsed() {
        Document doc;
        Project p = doc.project();
        LayerSpec block = LayerSpec::of("residual", {{"projection", "auto"}});
        block.layers = {LayerSpec::of("dense", {{"units", 32}})};
        p.stacks[0].layers.insert(p.stacks[0].layers.begin() + 1, block);
        doc.reset(p);  // dense, residual{dense}, dense, dense
        StackModel model(&doc);
        StackEditor editor(&doc, &model);
        editor.resize(900, 500);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QTreeView* view = editor.view();
        QVERIFY(view->isExpanded(model.index(1, 0)));
        // Collapse the block with the keyboard, then pick the last layer.
        userinput::clickRow(view, model.index(1, 0));
        QTest::keyClick(view, Qt::Key_Left);
        QVERIFY(!view->isExpanded(model.index(1, 0)));
        userinput::clickRow(view, model.index(3, 0));
        QCOMPARE(editor.selectedPaths(), QList<LayerPath>{{3}});
        // Rename it (as the property editor's Label field does).
        doc.undoStack()->push(new ChangeLayer(&doc, json("head"), {0, {3}, "label"}));
        QCOMPARE(doc.currentStack().layers[3].label, std::string("head"));
        QCOMPARE(model.index(3, 0).data().toString(), QStringLiteral("head"));
        // The block stays as the user left it, the selection where it was.
        QVERIFY(!view->isExpanded(model.index(1, 0)));
        QCOMPARE(editor.selectedPaths(), QList<LayerPath>{{3}});
        QCOMPARE(view->currentIndex().row(), 3);
        doc.undoStack()->undo();
        QVERIFY(!view->isExpanded(model.index(1, 0)));
        QCOMPARE(editor.selectedPaths(), QList<LayerPath>{{3}});
        // A layer dropped into the collapsed block is shown: the block opens on it.
        editor.selectPaths({{1, 0}});
        editor.addLayer(QStringLiteral("dropout"));
        QCOMPARE(editor.selectedPaths(), (QList<LayerPath>{{1, 1}}));
        QVERIFY(view->isExpanded(model.index(1, 0)));
    }

    void theSelectionAndPropertiesFollowTheirLayer() {
        Document doc;  // dense 32, dense 32, dense 3
        StackModel model(&doc);
        // The window before the panels it holds: they are its children once laid out, and
        // must go first (a window destroyed first would delete them, and they live here).
        QWidget window;
        StackEditor editor(&doc, &model);
        PropertyEditor properties(&doc);
        connect(&editor, &StackEditor::currentLayerChanged, &properties,
                [&properties](const LayerPath& path, bool readOnly) {
                    properties.setLayer(path, readOnly);
                });
        auto* layout = new QHBoxLayout(&window);
        layout->addWidget(&editor);
        layout->addWidget(&properties);
        // Edit > Undo and Redo with their keys, as the main window has them.
        QAction* undo = doc.undoStack()->createUndoAction(&window);
        undo->setShortcut(QKeySequence::Undo);
        QAction* redo = doc.undoStack()->createRedoAction(&window);
        redo->setShortcut(QKeySequence::Redo);
        window.addActions({undo, redo});
        window.resize(1100, 500);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTreeView* view = editor.view();
        userinput::clickRow(view, model.index(0, 0));
        editor.addLayer(QStringLiteral("dropout"));  // at 1, selected
        // Pick the head and set its units with the spin box's arrow.
        userinput::clickRow(view, model.index(3, 0));
        QCOMPARE(properties.layerPath(), LayerPath{3});
        auto* units = qobject_cast<QSpinBox*>(properties.editor(QStringLiteral("units"))->input());
        QVERIFY(units);
        QCOMPARE(units->value(), 3);
        userinput::clickArrow(units, true);
        QCOMPARE(doc.currentStack().layers[3].params["units"].get<int>(), 4);
        QCOMPARE(units->value(), 4);
        QCOMPARE(model.index(3, StackModel::ParamsColumn)
                     .data()
                     .toString()
                     .contains(QStringLiteral("units=4")),
                 true);
        // Undo both edits: the dropout goes, the head moves up to row 2 and stays selected,
        // its properties shown.
        QTest::keySequence(view, QKeySequence::Undo);
        QCOMPARE(doc.currentStack().layers[3].params["units"].get<int>(), 3);
        QCOMPARE(properties.layerPath(), LayerPath{3});
        QTest::keySequence(view, QKeySequence::Undo);
        QCOMPARE(doc.currentStack().layers.size(), std::size_t(3));
        QCOMPARE(editor.selectedPaths(), QList<LayerPath>{{2}});
        QCOMPARE(properties.layerPath(), LayerPath{2});
        units = qobject_cast<QSpinBox*>(properties.editor(QStringLiteral("units"))->input());
        QVERIFY(units);
        QCOMPARE(units->value(), 3);
        // Redo puts the dropout back before it, selected as every added layer is.
        QTest::keySequence(view, QKeySequence::Redo);
        QCOMPARE(doc.currentStack().layers.size(), std::size_t(4));
        QCOMPARE(editor.selectedPaths(), QList<LayerPath>{{1}});
        QCOMPARE(properties.layerPath(), LayerPath{1});
        QVERIFY(!properties.editor(QStringLiteral("units")));
    }

    void stacksAreTabs() {
        Document doc;
        StackModel model(&doc);
        StackEditor editor(&doc, &model);
        auto* tabs = editor.findChild<QTabBar*>(QStringLiteral("stackTabs"));
        QCOMPARE(tabs->count(), 1);
        editor.addStack();
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(doc.currentStackIndex(), 1);
        QCOMPARE(model.rowCount(), 0);
        tabs->setCurrentIndex(0);
        QCOMPARE(doc.currentStackIndex(), 0);
        QCOMPARE(model.rowCount(), 3);
        editor.closeStack(1);
        QCOMPARE(tabs->count(), 1);
        doc.undoStack()->undo();
        QCOMPARE(tabs->count(), 2);
    }
};

QTEST_MAIN(TestStackEditor)
#include "tst_stackeditor.moc"
