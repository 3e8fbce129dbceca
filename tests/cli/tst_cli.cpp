// The byom command line, run as a real process: exit codes, one-line errors, files written.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestCli : public QObject {
    Q_OBJECT

    struct Run {
        int code;
        QString out;
        QString err;
    };

    Run byom(const QStringList& args) {
        QProcess p;
        p.start(QStringLiteral(BYOM_CLI_PATH), args);
        if (!p.waitForFinished(120000)) return {-1, {}, QStringLiteral("timeout")};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    QString write(const QString& name, const QByteArray& contents) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(contents);
        return path;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void malformedParamsFileIsExit1NamingTheFile() {
        const QString path = write(QStringLiteral("broken.json"), "{\"name\": \"stack\",\n \"params\": [");
        const Run r = byom({QStringLiteral("train"), QStringLiteral("--params"), path,
                            QStringLiteral("--data"), QStringLiteral("synthetic:spirals"),
                            QStringLiteral("--out"), m_dir.filePath(QStringLiteral("o"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(path + QStringLiteral(":2:")), qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);  // one line
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("o/model.json"))));
    }

    void invalidParamsNameTheField() {
        const QString path = write(QStringLiteral("bad.json"),
                                   R"({"name":"stack","params":{"layers":[{"name":"dense","params":{"units":0}}]}})");
        const Run r = byom({QStringLiteral("summary"), QStringLiteral("--params"), path,
                            QStringLiteral("--input-shape"), QStringLiteral("4")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("params.layers[0].params.units: must be >= 1, got 0")),
                 qPrintable(r.err));
    }

    void usageErrorsAreExit2() {
        QCOMPARE(byom({QStringLiteral("train"), QStringLiteral("--bogus")}).code, 2);
        QCOMPARE(byom({QStringLiteral("trian")}).code, 2);
        QVERIFY(byom({QStringLiteral("trian")}).err.contains(QStringLiteral("did you mean 'train'")));
        QCOMPARE(byom({}).code, 2);
        const Run r = byom({QStringLiteral("train"), QStringLiteral("--params"), QStringLiteral("x.json"),
                            QStringLiteral("--data"), QStringLiteral("synthetic:spirals"),
                            QStringLiteral("--out"), QStringLiteral("o"), QStringLiteral("--epochs"),
                            QStringLiteral("zero")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QStringLiteral("--epochs")));
    }

    void missingFileIsNamed() {
        const Run r = byom({QStringLiteral("summary"), QStringLiteral("--params"),
                            QStringLiteral("/nonexistent/p.json"), QStringLiteral("--input-shape"),
                            QStringLiteral("2")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("/nonexistent/p.json: cannot open")));
    }

    void trainWritesModelParamsAndHistory() {
        const QString params = write(
            QStringLiteral("p.json"),
            R"({"name":"stack","params":{"layers":[{"name":"dense","params":{"units":16,"activation":"relu"}}]}})");
        const QString out = m_dir.filePath(QStringLiteral("run"));
        const Run r = byom({QStringLiteral("train"), QStringLiteral("--params"), params,
                            QStringLiteral("--data"), QStringLiteral("synthetic:spirals?n=300&seed=2"),
                            QStringLiteral("--epochs"), QStringLiteral("4"), QStringLiteral("--out"), out});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.err.count(QStringLiteral("epoch ")), 4);  // one line per epoch off a terminal
        QVERIFY(QFile::exists(out + QStringLiteral("/model.json")));
        QVERIFY(QFile::exists(out + QStringLiteral("/params.json")));
        QFile history(out + QStringLiteral("/history.csv"));
        QVERIFY(history.open(QIODevice::ReadOnly));
        QCOMPARE(history.readAll().count('\n'), 5);  // header + 4 epochs
        QCOMPARE(byom({QStringLiteral("validate"), out + QStringLiteral("/model.json")}).code, 0);
    }

    void exampleProjectTrains() {
        const QString out = m_dir.filePath(QStringLiteral("example"));
        const Run r = byom({QStringLiteral("train"), QStringLiteral("--project"),
                            QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/spirals.byom"),
                            QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(out + QStringLiteral("/model.json")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
