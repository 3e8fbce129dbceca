// The bad-input corpus (tests/data/bad/, expected.tsv) through the window's own open paths:
// File > Open for projects, File > Import for model and params files, the data dialog for CSV
// and .npy files. Each gives one message naming the problem, and the open project, its file
// path and its undo history stay exactly as they were.

#include <QComboBox>
#include <QFile>
#include <QUndoStack>
#include <QtTest>

#include "core/io/projectfile.h"

#include "ui/data/datadialog.h"
#include "ui/document.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;

class TestBadFiles : public QObject {
    Q_OBJECT

    static QString corpus(const QString& file) {
        return QStringLiteral(BYOM_TEST_DATA_DIR "/bad/") + file;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void opens_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("fragment");
        QFile list(corpus(QStringLiteral("expected.tsv")));
        QVERIFY(list.open(QIODevice::ReadOnly));
        int rows = 0;
        for (const QByteArray& line : list.readAll().split('\n')) {
            if (line.isEmpty() || line.startsWith('#')) continue;
            const QList<QByteArray> f = line.split('\t');
            QVERIFY(f.size() == 4 || f.size() == 5);
            // The app's message, when it differs from `byom validate`'s: the app knows what
            // kind of file it opens, validate has to guess.
            QTest::newRow(f[0].constData())
                << QString::fromUtf8(f[0]) << QString::fromUtf8(f.size() == 5 ? f[4] : f[3]);
            ++rows;
        }
        QVERIFY(rows >= 40);
    }

    void opens() {
        QFETCH(QString, file);
        QFETCH(QString, fragment);
        const QString path = corpus(file);
        MainWindow w;
        Document* doc = w.document();
        const std::string before = projectToJson(doc->project()).dump();
        const int undoSteps = doc->undoStack()->count();
        QStringList warnings;
        w.prompter().warn = [&](const QString&, const QString& text) { warnings << text; };

        if (file.startsWith(QStringLiteral("project-"))) {
            QVERIFY(!w.openProject(path));
        } else if (file.startsWith(QStringLiteral("model-")) ||
                   file.startsWith(QStringLiteral("params-"))) {
            QVERIFY(!w.importFile(path));
        } else {
            // Data files: the dialog shows the problem and cannot be accepted.
            std::unique_ptr<DataDialog> d(w.createDataDialog());
            d->setPath(path);
            if (file.endsWith(QStringLiteral(".npy")))
                d->setLabelsPath(corpus(QStringLiteral("good-y.npy")));
            QTRY_VERIFY_WITH_TIMEOUT(!d->isLoading(), 20000);
            QVERIFY(!d->isReady());
            warnings << d->problem();
            d->accept();
            QCOMPARE(d->result(), int(QDialog::Rejected));
        }
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().contains(fragment), qPrintable(warnings.first()));
        QCOMPARE(projectToJson(doc->project()).dump(), before);
        QVERIFY(doc->filePath().isEmpty());
        QCOMPARE(doc->undoStack()->count(), undoSteps);
    }
};

QTEST_MAIN(TestBadFiles)
#include "tst_badfiles.moc"
