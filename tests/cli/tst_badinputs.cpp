// The bad-input corpus (tests/data/bad/, listed with the expected error in expected.tsv) through
// the real CLI (`byom validate`, or `byom data inspect` for CSV and .npy files): each file gives
// its exit code and a message naming the file and the problem,
// without a crash, a hang or a huge allocation. Also a directory, a FIFO and an unreadable
// file (read as nobody when the test runs as root).

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestBadInputs : public QObject {
    Q_OBJECT

    struct Run {
        int code;
        QString err;
    };

    /// Runs byom; with a `uid` (when this process is root) byom runs as that user and group.
    static Run byom(const QStringList& args, int uid = -1) {
        QProcess p;
        if (uid >= 0)
            p.setChildProcessModifier([uid] {
                if (::setgroups(0, nullptr) != 0 || ::setgid(gid_t(uid)) != 0 ||
                    ::setuid(uid_t(uid)) != 0)
                    ::_exit(125);  // reported as the exit code
            });
        p.start(QStringLiteral(BYOM_CLI_PATH), args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            return {-1, QStringLiteral("timeout")};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2,
                QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void corpus_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("command");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("fragment");
        QFile list(QStringLiteral(BYOM_TEST_DATA_DIR "/bad/expected.tsv"));
        QVERIFY(list.open(QIODevice::ReadOnly));
        int rows = 0;
        for (const QByteArray& line : list.readAll().split('\n')) {
            if (line.isEmpty() || line.startsWith('#')) continue;
            const QList<QByteArray> f = line.split('\t');
            QVERIFY(f.size() == 4 || f.size() == 5);  // a 5th column is for the app (tst_badfiles)
            QTest::newRow(f[0].constData()) << QString::fromUtf8(f[0]) << QString::fromUtf8(f[1])
                                            << f[2].toInt() << QString::fromUtf8(f[3]);
            ++rows;
        }
        QVERIFY(rows >= 40);
    }

    void corpus() {
        QFETCH(QString, file);
        QFETCH(QString, command);
        QFETCH(int, code);
        QFETCH(QString, fragment);
        const QString path = QStringLiteral(BYOM_TEST_DATA_DIR "/bad/") + file;
        // validate: byom validate FILE; inspect: byom data inspect csv:FILE or npy:FILE,Y
        // (with a valid labels file, so that the error is the bad file's).
        QStringList args;
        QString prefix;
        if (command == QStringLiteral("validate")) {
            args = {command, path};
            prefix = QStringLiteral("byom validate: ");
        } else {
            QCOMPARE(command, QStringLiteral("inspect"));
            QString spec = QStringLiteral("csv:") + path;
            if (file.endsWith(QStringLiteral(".npy")))
                spec = QStringLiteral("npy:") + path + QLatin1Char(',') +
                       QStringLiteral(BYOM_TEST_DATA_DIR "/bad/good-y.npy");
            args = {QStringLiteral("data"), QStringLiteral("inspect"), spec};
            prefix = QStringLiteral("byom data: ");
        }
        const Run r = byom(args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(fragment), qPrintable(r.err));
        for (const QString& line : r.err.trimmed().split(QLatin1Char('\n')))
            QVERIFY2(line.startsWith(prefix + path), qPrintable(line));
    }

    void directoryInPlaceOfAFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("looks-like.byom"));
        QVERIFY(QDir().mkpath(path));
        const Run r = byom({QStringLiteral("validate"), path});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(path + QStringLiteral(": is a directory")), qPrintable(r.err));
    }

    void unreadableFile() {
        // A file without read permission, in a directory anyone may enter. Root reads any
        // file, so as root (CI runs as root) byom runs as nobody, like any other user.
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(
            dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                            QFileDevice::ExeGroup | QFileDevice::ExeOther));
        const QString path = dir.filePath(QStringLiteral("secret.byom"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{}");
        f.close();
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
        const Run r = byom({QStringLiteral("validate"), path}, ::geteuid() == 0 ? 65534 : -1);
        QVERIFY2(r.code == 1, qPrintable(QString::number(r.code) + QLatin1Char(' ') + r.err));
        QCOMPARE(r.err, QStringLiteral("byom validate: ") + path +
                            QStringLiteral(": cannot open: Permission denied\n"));
    }

    void fifoInPlaceOfAFile() {
        // A named pipe would block a naive reader forever; it is refused up front.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pipe.byom"));
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0644), 0);
        const Run r = byom({QStringLiteral("validate"), path});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(path + QStringLiteral(": is not a regular file")),
                 qPrintable(r.err));
    }

    void missingFile() {
        const Run r = byom({QStringLiteral("validate"), QStringLiteral("/no/such/file.byom")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("/no/such/file.byom: cannot open: No such file")));
    }
};

QTEST_GUILESS_MAIN(TestBadInputs)
#include "tst_badinputs.moc"
