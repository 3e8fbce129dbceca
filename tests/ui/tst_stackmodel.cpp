// The stack model: a well-behaved item model whose every edit (drops, labels) is one undo
// step that undo and redo reproduce byte for byte.

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QtTest>
#include <memory>

#include "core/io/projectfile.h"

#include "ui/commands/registerarchitecture.h"
#include "ui/designer/palettemodel.h"
#include "ui/designer/stackmodel.h"
#include "ui/document.h"

using namespace byom;
using namespace byom::ui;

namespace {

std::string dump(const Document& d) {
    return projectToJson(d.project()).dump();
}

QModelIndex paletteIndex(const PaletteModel& palette, const QString& kind) {
    for (int c = 0; c < palette.rowCount(); ++c)
        for (int r = 0; r < palette.rowCount(palette.index(c, 0)); ++r) {
            const QModelIndex i = palette.index(r, 0, palette.index(c, 0));
            if (i.data(PaletteModel::KindRole).toString() == kind) return i;
        }
    return {};
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
        // Edits reset the model; the tester checks every signal along the way.
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
