// The stack model: a well-behaved item model whose every edit (drops, labels) is one undo
// step that undo and redo reproduce byte for byte.

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSignalSpy>
#include <QtTest>

#include <memory>
#include <set>
#include "support/paletteindex.h"

#include "core/io/projectfile.h"

#include "ui/commands/changelayer.h"
#include "ui/commands/changestack.h"
#include "ui/commands/insertlayers.h"
#include "ui/commands/movelayers.h"
#include "ui/commands/registerarchitecture.h"
#include "ui/commands/removelayers.h"
#include "ui/commands/renamearchitecture.h"
#include "ui/commands/unregisterarchitecture.h"
#include "ui/designer/palettemodel.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"

using namespace byom;
using namespace byom::ui;
using byom::test::paletteIndex;

namespace {

std::string dump(const Document& d) {
    return projectToJson(d.project()).dump();
}

/// Everything the model shows, row by row (texts, tooltips, flags), to compare a model that
/// followed edits with one built from scratch.
QString snapshot(const QAbstractItemModel& m, const QModelIndex& parent = {}, int depth = 0) {
    QString out;
    for (int r = 0; r < m.rowCount(parent); ++r) {
        for (int c = 0; c < m.columnCount(parent); ++c) {
            const QModelIndex i = m.index(r, c, parent);
            out += QStringLiteral("%1%2 | %3 | %4 | %5\n")
                       .arg(QString(depth * 2, QLatin1Char(' ')), i.data().toString(),
                            i.data(Qt::ToolTipRole).toString(), i.data(Qt::EditRole).toString())
                       .arg(static_cast<int>(m.flags(i)));
        }
        out += snapshot(m, m.index(r, 0, parent), depth + 1);
    }
    return out;
}

/// Empty when `model` shows what a model built now from the document shows.
QString differenceFromRebuilt(const StackModel& model, Document* doc) {
    StackModel fresh(doc);
    if (snapshot(model) == snapshot(fresh) && model.problem() == fresh.problem() &&
        model.totalParams() == fresh.totalParams())
        return {};
    return QStringLiteral("followed:\n%1%2\nrebuilt:\n%3%4")
        .arg(snapshot(model), model.problem(), snapshot(fresh), fresh.problem());
}

Project projectWithABlock() {
    Document doc;
    Project p = doc.project();
    LayerSpec block = LayerSpec::of("residual", {{"projection", "auto"}});
    block.layers = {LayerSpec::of("dense", {{"units", 32}})};
    p.stacks[0].layers.insert(p.stacks[0].layers.begin() + 1, block);
    return p;
}

}  // namespace

class TestStackModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTester() {
        Document doc;
        StackModel model(&doc);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, StackModel::ShapeColumn).data().toString(),
                 QStringLiteral("(32,)"));
        QCOMPARE(model.index(0, StackModel::CountColumn).data().toString(), QStringLiteral("96"));
        // The tester checks every signal along the way.
        PaletteModel palette;
        std::unique_ptr<QMimeData> mime(
            palette.mimeData({paletteIndex(palette, QStringLiteral("dropout"))}));
        QVERIFY(model.dropMimeData(mime.get(), Qt::CopyAction, 1, 0, {}));
        doc.undoStack()->undo();
        doc.undoStack()->redo();
        QCOMPARE(model.rowCount(), 4);
    }

    void paletteDropIsOneUndoStep() {
        Document doc;
        StackModel model(&doc);
        PaletteModel palette;
        const QModelIndex dropout = paletteIndex(palette, QStringLiteral("dropout"));
        QVERIFY(dropout.isValid());
        QVERIFY(!dropout.data(Qt::ToolTipRole).toString().isEmpty());
        std::unique_ptr<QMimeData> mime(palette.mimeData({dropout}));
        QVERIFY(mime && mime->hasFormat(StackModel::kLayersMime));
        const std::string before = dump(doc);
        QVERIFY(model.canDropMimeData(mime.get(), Qt::CopyAction, 1, 0, {}));
        QVERIFY(model.dropMimeData(mime.get(), Qt::CopyAction, 1, 0, {}));
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(doc.currentStack().layers.size(), std::size_t(4));
        QCOMPARE(doc.currentStack().layers[1].kind, std::string("dropout"));
        QCOMPARE(model.index(1, StackModel::ShapeColumn).data().toString(),
                 QStringLiteral("(32,)"));
        const std::string after = dump(doc);
        doc.undoStack()->undo();
        QCOMPARE(dump(doc), before);
        doc.undoStack()->redo();
        QCOMPARE(dump(doc), after);
    }

    void dragMovesLayersWithinTheStack() {
        Document doc;
        StackModel model(&doc);
        const std::string before = dump(doc);
        // Drag the last layer to the top.
        std::unique_ptr<QMimeData> mime(model.mimeData({model.index(2, 0)}));
        QVERIFY(mime->hasFormat(StackModel::kPathsMime));
        QVERIFY(model.dropMimeData(mime.get(), Qt::MoveAction, 0, 0, {}));
        QCOMPARE(doc.currentStack().layers[0].params["units"].get<int>(), 3);
        QCOMPARE(doc.currentStack().layers.size(), std::size_t(3));
        QCOMPARE(doc.undoStack()->index(), 1);
        const std::string after = dump(doc);
        doc.undoStack()->undo();
        QCOMPARE(dump(doc), before);
        doc.undoStack()->redo();
        QCOMPARE(dump(doc), after);
        // Dropping a layer where it already is changes nothing and adds no step.
        std::unique_ptr<QMimeData> same(model.mimeData({model.index(1, 0)}));
        QVERIFY(!model.dropMimeData(same.get(), Qt::MoveAction, 1, 0, {}));
        QCOMPARE(doc.undoStack()->index(), 1);
    }

    void labelEditsAreUndoable() {
        Document doc;
        StackModel model(&doc);
        const std::string before = dump(doc);
        QVERIFY(model.flags(model.index(0, 0)) & Qt::ItemIsEditable);
        QVERIFY(model.setData(model.index(0, 0), QStringLiteral("hidden")));
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("hidden"));
        QCOMPARE(doc.currentStack().layers[0].label, std::string("hidden"));
        doc.undoStack()->undo();
        QCOMPARE(dump(doc), before);
    }

    void flagsAShapeErrorWithItsFix() {
        Document doc;
        Project p = doc.project();
        p.stacks[0].inputShape = Shape{100, 2};
        doc.reset(p);
        StackModel model(&doc);
        QVERIFY(!model.problem().isEmpty());
        QVERIFY(model.issue());
        QCOMPARE(model.issue()->path, LayerPath{0});
        QVERIFY(model.issue()->needsFlatten);
        QVERIFY(model.index(0, StackModel::ShapeColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("flatten")));
    }

    void architectureBlocksShowTheirLayersReadOnly() {
        Document doc;
        doc.undoStack()->push(new RegisterArchitecture(
            &doc, {"body", Shape{2}, std::nullopt, {LayerSpec::of("dense", {{"units", 8}})}}));
        StackModel model(&doc);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::unique_ptr<QMimeData> mime(StackModel::mimeFor(
            json::array({LayerSpec::of("architecture", {{"name", "body"}}).toJson()})));
        QVERIFY(model.dropMimeData(mime.get(), Qt::CopyAction, 0, 0, {}));
        const QModelIndex block = model.index(0, 0);
        QCOMPARE(model.rowCount(block), 1);
        QVERIFY(model.isReadOnly(model.index(0, 0, block)));
        QVERIFY(!(model.flags(model.index(0, 0, block)) & Qt::ItemIsDragEnabled));
        QCOMPARE(model.index(0, StackModel::ShapeColumn).data().toString(), QStringLiteral("(8,)"));
        QCOMPARE(model.index(0, StackModel::CountColumn).data().toString(), QStringLiteral("24"));
        QVERIFY(model.problem().isEmpty());
        // An unknown architecture is flagged at the block.
        std::unique_ptr<QMimeData> bad(StackModel::mimeFor(
            json::array({LayerSpec::of("architecture", {{"name", "nope"}}).toJson()})));
        QVERIFY(model.dropMimeData(bad.get(), Qt::CopyAction, 0, 0, {}));
        QVERIFY(model.problem().contains(QStringLiteral("nope")));
    }

    void blocksNestLikeResidual_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("concatenating skip") << QStringLiteral("concat_skip");
        QTest::newRow("branch sum") << QStringLiteral("branch_sum");
    }

    void blocksNestLikeResidual() {
        // From the palette: a concatenating skip or a branch sum is a block the user drops
        // layers into.
        QFETCH(QString, kind);
        Document doc;
        StackModel model(&doc);
        PaletteModel palette;
        std::unique_ptr<QMimeData> block(palette.mimeData({paletteIndex(palette, kind)}));
        QVERIFY(model.dropMimeData(block.get(), Qt::CopyAction, 0, 0, {}));
        const QModelIndex at = model.index(0, 0);
        QVERIFY(model.flags(at).testFlag(Qt::ItemIsDropEnabled));
        QCOMPARE(model.rowCount(at), 0);
        std::unique_ptr<QMimeData> dense(
            palette.mimeData({paletteIndex(palette, QStringLiteral("dense"))}));
        QVERIFY(model.dropMimeData(dense.get(), Qt::CopyAction, 0, 0, at));
        QCOMPARE(model.rowCount(model.index(0, 0)), 1);
        QCOMPARE(doc.project().stacks[0].layers[0].kind, kind.toStdString());
        QCOMPARE(doc.project().stacks[0].layers[0].layers.at(0).kind, std::string("dense"));
        QCOMPARE(model.problem(), QString());
        QCOMPARE(differenceFromRebuilt(model, &doc), QString());
    }

    void followsEveryEditKindRowByRow() {
        Document doc;
        doc.reset(projectWithABlock());  // dense, residual{dense}, dense, dense
        StackModel model(&doc);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
        QUndoStack* undo = doc.undoStack();
        const int stack = 0;
        QStringList steps;
        auto check = [&](const QString& step) {
            const QString diff = differenceFromRebuilt(model, &doc);
            QVERIFY2(diff.isEmpty(), qPrintable(step + QStringLiteral("\n") + diff));
        };
        auto step = [&](const QString& name) {
            steps << name;
            check(name);
        };
        PaletteModel palette;
        // Insert before everything: every dense layer after it is renamed.
        std::unique_ptr<QMimeData> dense(
            palette.mimeData({paletteIndex(palette, QStringLiteral("dense"))}));
        QVERIFY(model.dropMimeData(dense.get(), Qt::CopyAction, 0, 0, {}));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("dense_1"));
        step(QStringLiteral("insert"));
        // Paste two layers at the end (what the clipboard holds).
        std::unique_ptr<QMimeData> pasted(StackModel::mimeFor(json::array(
            {LayerSpec::of("dropout").toJson(), LayerSpec::of("dense", {{"units", 4}}).toJson()})));
        QVERIFY(model.dropMimeData(pasted.get(), Qt::CopyAction, -1, 0, {}));
        step(QStringLiteral("paste"));
        // Drop into the block.
        std::unique_ptr<QMimeData> dropout(
            palette.mimeData({paletteIndex(palette, QStringLiteral("dropout"))}));
        QVERIFY(model.dropMimeData(dropout.get(), Qt::CopyAction, 0, 0, model.index(2, 0)));
        QCOMPARE(model.rowCount(model.index(2, 0)), 2);
        step(QStringLiteral("drop into a block"));
        // Change a field of a layer inside the block: the block's projection changes.
        undo->push(new ChangeLayer(&doc, json(16), {stack, {2, 1}, "units"}));
        step(QStringLiteral("change a field"));
        // Move two layers: one into the block, the last to the top.
        std::unique_ptr<QMimeData> rows(model.mimeData({model.index(0, 0), model.index(4, 0)}));
        QVERIFY(model.dropMimeData(rows.get(), Qt::MoveAction, 1, 0, model.index(2, 0)));
        step(QStringLiteral("move into a block"));
        undo->push(new MoveLayers(&doc, stack, {{4}, {2}}, {0}));
        step(QStringLiteral("move to the top"));
        // Remove a top layer and one inside the block.
        QCOMPARE(model.rowCount(model.index(3, 0)), 4);  // the block
        undo->push(new RemoveLayers(&doc, stack, {{0}, {3, 0}}, QStringLiteral("Delete")));
        step(QStringLiteral("remove"));
        // Another input shape: every shape changes.
        StackEntry header = doc.currentStack();
        header.layers.clear();
        header.inputShape = Shape{6};
        undo->push(new ChangeStack(&doc, header, {stack, QStringLiteral("input shape")}));
        step(QStringLiteral("input shape"));
        // A registered architecture used as a block, redefined, renamed and unregistered.
        undo->push(new RegisterArchitecture(
            &doc, {"body", Shape{2}, std::nullopt, {LayerSpec::of("dense", {{"units", 8}})}}));
        step(QStringLiteral("register"));
        undo->push(new InsertLayers(&doc, stack, {1},
                                    {LayerSpec::of("architecture", {{"name", "body"}})},
                                    QStringLiteral("Add")));
        QCOMPARE(model.rowCount(model.index(1, 0)), 1);
        step(QStringLiteral("use it as a block"));
        undo->push(new RegisterArchitecture(
            &doc, {"body",
                   Shape{2},
                   std::nullopt,
                   {LayerSpec::of("dense", {{"units", 8}}), LayerSpec::of("dropout")}}));
        QCOMPARE(model.rowCount(model.index(1, 0)), 2);
        step(QStringLiteral("redefine it"));
        undo->push(new RenameArchitecture(&doc, "body", "trunk"));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("trunk"));
        QCOMPARE(model.rowCount(model.index(1, 0)), 2);
        step(QStringLiteral("rename it"));
        undo->push(new UnregisterArchitecture(&doc, doc.architectureIndex("trunk")));
        QCOMPARE(model.rowCount(model.index(1, 0)), 0);
        QVERIFY(model.problem().contains(QStringLiteral("trunk")));
        step(QStringLiteral("unregister it"));
        // Undo and redo every step.
        QCOMPARE(undo->count(), steps.size());
        for (int i = steps.size() - 1; i >= 0; --i) {
            undo->undo();
            check(QStringLiteral("undo ") + steps[i]);
        }
        for (int i = 0; i < steps.size(); ++i) {
            undo->redo();
            check(QStringLiteral("redo ") + steps[i]);
        }
        QCOMPARE(resets.count(), 0);
    }

    void aFieldEditUpdatesOnlyTheRowsItChanges() {
        Document doc;
        Project p;
        p.stacks.push_back({"deep", Shape{8}, std::nullopt, {}});
        for (int i = 0; i < 20; ++i)
            p.stacks[0].layers.push_back(LayerSpec::of("dense", {{"units", 8}}));
        doc.reset(p);
        StackModel model(&doc);
        QSignalSpy resets(&model, &QAbstractItemModel::modelAboutToBeReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        doc.undoStack()->push(new ChangeLayer(&doc, json(9), {0, {10}, "units"}));
        // The edited layer (its parameters and count) and the next (its input, so its count).
        std::set<int> rows;
        for (const QList<QVariant>& args : changed) {
            const auto first = args[0].value<QModelIndex>(), last = args[1].value<QModelIndex>();
            QVERIFY(!first.parent().isValid());
            for (int r = first.row(); r <= last.row(); ++r) rows.insert(r);
        }
        QCOMPARE(rows, (std::set<int>{10, 11}));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(model.index(11, StackModel::CountColumn).data().toString(), QStringLiteral("80"));
        QVERIFY(differenceFromRebuilt(model, &doc).isEmpty());
    }

    void refusesJunk() {
        Document doc;
        StackModel model(&doc);
        QMimeData junk;
        junk.setData(StackModel::kLayersMime, "[{\"name\": \"densse\"}]");
        QVERIFY(!model.dropMimeData(&junk, Qt::CopyAction, 0, 0, {}));
        QCOMPARE(doc.undoStack()->count(), 0);
    }
};

QTEST_MAIN(TestStackModel)
#include "tst_stackmodel.moc"
