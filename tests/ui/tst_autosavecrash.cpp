// Autosave under crashes: a child process writes the recovery file over and over (two
// documents with different unsaved edits, alternately) and is killed with SIGKILL at random
// moments; after every kill the recovery file is exactly one of the two versions and the next
// start would offer it (Autosaver::pending reads it back), never a truncated or mixed file.

#include <QFile>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "core/io/projectfile.h"
#include "core/util/rng.h"
#include "support/killedchild.h"
#include "ui/commands/addstack.h"
#include "ui/document.h"
#include "ui/window/autosaver.h"

using namespace byom;
using namespace byom::ui;

namespace {

/// An unsaved edit: a stack of `layers` dense layers added to the example project.
void editWith(Document& doc, int layers) {
    StackEntry s{"edited", Shape{16}, 3, {}};
    for (int i = 0; i < layers; ++i) s.layers.push_back(LayerSpec::of("dense", {{"units", 8 + i}}));
    doc.undoStack()->push(new AddStack(&doc, s, QStringLiteral("Add stack")));
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestAutosaveCrash : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sigkillDuringAutosavesLeavesARecoverableFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("recovery.byom-recovery"));
        Document a, b;
        editWith(a, 20);
        editWith(b, 300);
        Autosaver saverA(&a, path), saverB(&b, path);
        QVERIFY(saverA.saveNow());
        const QByteArray textA = readAll(path);
        QVERIFY(saverB.saveNow());
        const QByteArray textB = readAll(path);
        QVERIFY(textA.size() * 4 < textB.size());
        const std::string projectA = projectToJson(a.project()).dump();
        const std::string projectB = projectToJson(b.project()).dump();

        Rng rng(7);
        int kills = 0;
        for (int round = 0; round < 100; ++round) {
            if (runAndKill(rng, [&] {
                    for (;;) {
                        saverA.saveNow();
                        saverB.saveNow();
                    }
                }))
                ++kills;
            const QByteArray now = readAll(path);
            QVERIFY2(now == textA || now == textB,
                     qPrintable(QStringLiteral("round %1: %2 bytes, neither version")
                                    .arg(round)
                                    .arg(now.size())));
            const auto recovery = Autosaver::pending(path);
            QVERIFY(recovery);
            const std::string recovered = projectToJson(recovery->project).dump();
            QVERIFY(recovered == projectA || recovered == projectB);
        }
        QCOMPARE(kills, 100);
    }
};

QTEST_MAIN(TestAutosaveCrash)
#include "tst_autosavecrash.moc"
