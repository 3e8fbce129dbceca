// Crash-safe saves: a child process saves a project over and over (alternating between two
// versions) and is killed with SIGKILL at random moments; after every kill the file on disk
// must be exactly one of the two versions, never truncated or mixed.

#include <QTemporaryDir>
#include <QtTest>

#include "core/io/projectfile.h"
#include "core/util/fileio.h"
#include "core/util/rng.h"
#include "support/killedchild.h"

using namespace byom;

namespace {

Project projectWith(int epochs, int layers) {
    Project p;
    StackEntry s;
    s.name = "net";
    s.inputShape = Shape{16};
    for (int i = 0; i < layers; ++i) s.layers.push_back(LayerSpec::of("dense", {{"units", 8 + i}}));
    p.stacks = {s};
    p.training.epochs = epochs;
    return p;
}

}  // namespace

class TestCrashSafeSave : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sigkillDuringSavesNeverTruncates() {
        QTemporaryDir dir;
        const std::string file = dir.filePath(QStringLiteral("p.byom")).toStdString();
        // Two versions of clearly different sizes, so a partial write would be detectable.
        const Project a = projectWith(11, 50);
        const Project b = projectWith(22, 400);
        saveProject(file, a);
        const std::string textA = readFile(file);
        saveProject(file, b);
        const std::string textB = readFile(file);
        QVERIFY(textA != textB);

        Rng rng(2026);
        int kills = 0;
        for (int round = 0; round < 100; ++round) {
            if (runAndKill(rng, [&] {
                    for (int i = 0;; ++i) saveProject(file, i % 2 ? a : b);
                }))
                ++kills;
            const std::string now = readFile(file);
            QVERIFY2(now == textA || now == textB,
                     qPrintable(QStringLiteral("round %1: the file has %2 bytes, neither version")
                                    .arg(round)
                                    .arg(now.size())));
            loadProject(file);  // and it opens
        }
        QCOMPARE(kills, 100);
        // Temporary files of killed saves may remain (named .p.byom.XXXXXX), never the project.
        for (const QString& name : QDir(dir.path()).entryList(QDir::Files | QDir::Hidden))
            QVERIFY(name == QStringLiteral("p.byom") ||
                    name.startsWith(QStringLiteral(".p.byom.")));
    }
};

QTEST_GUILESS_MAIN(TestCrashSafeSave)
#include "tst_crashsafesave.moc"
