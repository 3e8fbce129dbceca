// The byom command line, run as a real process: exit codes, one-line errors, files written.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
        const QString path =
            write(QStringLiteral("broken.json"), "{\"name\": \"stack\",\n \"params\": [");
        const Run r = byom({QStringLiteral("train"), QStringLiteral("--params"), path,
                            QStringLiteral("--data"), QStringLiteral("synthetic:spirals"),
                            QStringLiteral("--out"), m_dir.filePath(QStringLiteral("o"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(path + QStringLiteral(":2:")), qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);  // one line
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("o/model.json"))));
    }

    void invalidParamsNameTheField() {
        const QString path = write(
            QStringLiteral("bad.json"),
            R"({"name":"stack","params":{"layers":[{"name":"dense","params":{"units":0}}]}})");
        const Run r = byom({QStringLiteral("summary"), QStringLiteral("--params"), path,
                            QStringLiteral("--input-shape"), QStringLiteral("4")});
        QCOMPARE(r.code, 1);
        QVERIFY2(
            r.err.contains(QStringLiteral("params.layers[0].params.units: must be >= 1, got 0")),
            qPrintable(r.err));
    }

    void usageErrorsAreExit2() {
        QCOMPARE(byom({QStringLiteral("train"), QStringLiteral("--bogus")}).code, 2);
        QCOMPARE(byom({QStringLiteral("trian")}).code, 2);
        QVERIFY(
            byom({QStringLiteral("trian")}).err.contains(QStringLiteral("did you mean 'train'")));
        QCOMPARE(byom({}).code, 2);
        const Run r = byom(
            {QStringLiteral("train"), QStringLiteral("--params"), QStringLiteral("x.json"),
             QStringLiteral("--data"), QStringLiteral("synthetic:spirals"), QStringLiteral("--out"),
             QStringLiteral("o"), QStringLiteral("--epochs"), QStringLiteral("zero")});
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
        const Run r =
            byom({QStringLiteral("train"), QStringLiteral("--params"), params,
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

    void evaluatePredictAndReplay() {
        const QString out = m_dir.filePath(QStringLiteral("eval"));
        const QString project = QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/spirals.byom");
        QCOMPARE(
            byom({QStringLiteral("train"), QStringLiteral("--project"), project,
                  QStringLiteral("--epochs"), QStringLiteral("5"), QStringLiteral("--out"), out})
                .code,
            0);
        const QString model = out + QStringLiteral("/model.json");
        const QString data = QStringLiteral("synthetic:spirals?n=90&seed=3");
        Run r = byom({QStringLiteral("evaluate"), QStringLiteral("--model"), model,
                      QStringLiteral("--data"), data, QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const auto metrics = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(metrics.contains(QStringLiteral("confusion_matrix")));
        QCOMPARE(metrics[QStringLiteral("samples")].toInt(), 90);
        const double accuracy = metrics[QStringLiteral("accuracy")].toDouble();

        const QString preds = m_dir.filePath(QStringLiteral("preds.csv"));
        r = byom({QStringLiteral("predict"), QStringLiteral("--model"), model,
                  QStringLiteral("--data"), data, QStringLiteral("--out"), preds});
        QCOMPARE(r.code, 0);
        QFile f(preds);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 91);
        QCOMPARE(lines[0], QStringLiteral("p_class 0,p_class 1,p_class 2,predicted"));
        // The predicted column agrees with evaluate's accuracy (labels cycle 0,1,2 in spirals).
        int correct = 0;
        for (int i = 1; i < lines.size(); ++i)
            if (lines[i].endsWith(QStringLiteral("class ") + QString::number((i - 1) % 3)))
                ++correct;
        QVERIFY(std::abs(correct / 90.0 - accuracy) < 1e-9);

        // Replaying the manifest gives bit-identical weights.
        const QString again = m_dir.filePath(QStringLiteral("again"));
        r = byom({QStringLiteral("train"), QStringLiteral("--manifest"),
                  out + QStringLiteral("/manifest.json"), QStringLiteral("--out"), again});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto weights = [](const QString& path) -> QByteArray {
            QFile m(path);
            if (!m.open(QIODevice::ReadOnly)) return {};
            const QJsonObject o = QJsonDocument::fromJson(m.readAll()).object();
            return QJsonDocument(o.value(QStringLiteral("weights")).toArray()).toJson();
        };
        QCOMPARE(weights(again + QStringLiteral("/model.json")), weights(model));
    }

    void exampleProjectTrains() {
        const QString out = m_dir.filePath(QStringLiteral("example"));
        const Run r =
            byom({QStringLiteral("train"), QStringLiteral("--project"),
                  QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/spirals.byom"),
                  QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(out + QStringLiteral("/model.json")));
    }

    void registeredArchitectureRoundTripsThroughParams() {
        // A project registers "encoder" and "ecg_small" (which uses encoder as a block).
        // Exporting ecg_small's params and summarising that file alone, without the project,
        // gives the same summary: the params carry the layers in full.
        const QString project = write(QStringLiteral("registry.byom"), R"({
          "format": "byom-project", "version": 2,
          "architectures": [
            {"name": "encoder", "input_shape": [800, 1], "layers": [
              {"name": "conv1d", "params": {"filters": 8, "kernel_size": 7, "strides": 2}},
              {"name": "batch_norm"}, {"name": "activation", "params": {"activation": "relu"}}]},
            {"name": "ecg_small", "input_shape": [800, 1], "num_classes": 4, "layers": [
              {"name": "architecture", "params": {"name": "encoder"}},
              {"name": "max_pool1d", "params": {"pool_size": 4}},
              {"name": "global_avg_pool1d"}]}],
          "stacks": [{"name": "main", "input_shape": [4], "layers": [
              {"name": "dense", "params": {"units": 2}}]}],
          "data": {"spec": "synthetic:spirals"}
        })");
        const Run registered =
            byom({QStringLiteral("summary"), QStringLiteral("--project"), project,
                  QStringLiteral("--arch"), QStringLiteral("ecg_small"), QStringLiteral("--json")});
        QVERIFY2(registered.code == 0, qPrintable(registered.err));
        const QString params = m_dir.filePath(QStringLiteral("ecg_small.json"));
        Run r =
            byom({QStringLiteral("export"), QStringLiteral("--project"), project,
                  QStringLiteral("--arch"), QStringLiteral("ecg_small"), QStringLiteral("--format"),
                  QStringLiteral("params"), QStringLiteral("--out"), params});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(params);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        const QJsonObject named = QJsonDocument::fromJson(text).object();
        QCOMPARE(named[QStringLiteral("name")].toString(), QStringLiteral("ecg_small"));
        QVERIFY(!text.contains("\"architecture\""));  // the encoder block is inlined
        const Run imported = byom({QStringLiteral("summary"), QStringLiteral("--params"), params,
                                   QStringLiteral("--input-shape"), QStringLiteral("800,1"),
                                   QStringLiteral("--json")});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        // Same totals, FLOPs, memory and output; the registered summary shows the encoder as
        // one block row where the imported one lists its three layers.
        auto withoutRows = [](const Run& run) {
            QJsonObject o = QJsonDocument::fromJson(run.out.toUtf8()).object();
            const QJsonArray rows = o.take(QStringLiteral("layers")).toArray();
            o[QStringLiteral("rows")] = rows.size();
            o[QStringLiteral("output")] = rows.last().toObject()[QStringLiteral("output_shape")];
            return o;
        };
        QJsonObject expected = withoutRows(registered);
        expected[QStringLiteral("rows")] = expected[QStringLiteral("rows")].toInt() + 2;
        QCOMPARE(withoutRows(imported), expected);
        QCOMPARE(QJsonDocument::fromJson(registered.out.toUtf8())
                     .object()[QStringLiteral("layers")]
                     .toArray()[0]
                     .toObject()[QStringLiteral("name")]
                     .toString(),
                 QStringLiteral("encoder"));
        // Pasted into a HeartKit task config, it reads the same.
        const QString task = write(QStringLiteral("task.json"),
                                   "{\"name\": \"arrhythmia\", \"num_classes\": 4, \"frame_size\": "
                                   "800, \"architecture\": " +
                                       text + "}");
        r = byom({QStringLiteral("summary"), QStringLiteral("--params"), task,
                  QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.out, imported.out);
        QVERIFY(QJsonDocument::fromJson(registered.out.toUtf8())
                    .object()[QStringLiteral("total_params")]
                    .toInt() > 0);
    }

    void evaluateMatchesClassesByName() {
        // Trained on a file whose classes appear as a, b, c; evaluated on the same rows
        // reversed (c, b, a): the labels are matched by name, not by order of appearance.
        QByteArray train = "x1,x2,label\n";
        QByteArray reversed = "x1,x2,label\n";
        QList<QByteArray> rows;
        for (int i = 0; i < 90; ++i) {
            const int c = i / 30;
            const QByteArray row = QByteArray::number(c * 3 + (i % 5) * 0.1) + "," +
                                   QByteArray::number(-c * 2 + (i % 3) * 0.1) + "," +
                                   QByteArray(1, char('a' + c)) + "\n";
            train += row;
            rows.prepend(row);
        }
        for (const QByteArray& row : rows) reversed += row;
        const QString trainCsv = write(QStringLiteral("abc.csv"), train);
        const QString testCsv = write(QStringLiteral("cba.csv"), reversed);
        const QString params =
            write(QStringLiteral("small.json"),
                  R"({"name": "mlp", "params": {"layers": [{"units": 8, "activation": "relu"}]}})");
        const QString out = m_dir.filePath(QStringLiteral("abc"));
        Run r = byom({QStringLiteral("train"), QStringLiteral("--params"), params,
                      QStringLiteral("--data"), QStringLiteral("csv:") + trainCsv,
                      QStringLiteral("--epochs"), QStringLiteral("60"), QStringLiteral("--lr"),
                      QStringLiteral("0.05"), QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString model = out + QStringLiteral("/model.json");
        auto accuracyOn = [&](const QString& csv) {
            const Run e = byom({QStringLiteral("evaluate"), QStringLiteral("--model"), model,
                                QStringLiteral("--data"), QStringLiteral("csv:") + csv,
                                QStringLiteral("--json")});
            if (e.code != 0) qWarning("%s", qPrintable(e.err));
            return QJsonDocument::fromJson(e.out.toUtf8())
                .object()[QStringLiteral("accuracy")]
                .toDouble(-1);
        };
        const double a = accuracyOn(trainCsv);
        QVERIFY(a > 0.9);
        QCOMPARE(accuracyOn(testCsv), a);

        const QString unknown = write(QStringLiteral("abd.csv"), "x1,x2,label\n0,0,a\n1,1,d\n");
        r = byom({QStringLiteral("evaluate"), QStringLiteral("--model"), model,
                  QStringLiteral("--data"), QStringLiteral("csv:") + unknown});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("class 'd'")), qPrintable(r.err));
    }

    void trainTakesAConfigFileUnderItsFlags() {
        const QString params =
            write(QStringLiteral("cfg-mlp.json"),
                  R"({"name": "mlp", "params": {"layers": [{"units": 8, "activation": "relu"}]}})");
        // Early stopping on the train loss, which stalls long before 400 epochs; --seed and
        // --lr on the command line win over the file's.
        const QString config =
            write(QStringLiteral("training.json"),
                  R"({"epochs": 400, "seed": 5, "learning_rate": 0.5, "val_split": 0,
                "early_stopping": {"enabled": true, "monitor": "loss", "patience": 3,
                                   "min_delta": 0.01, "restore_best": false}})");
        const QString out = m_dir.filePath(QStringLiteral("cfg"));
        Run r = byom({QStringLiteral("train"), QStringLiteral("--params"), params,
                      QStringLiteral("--data"), QStringLiteral("synthetic:blobs?n=200&seed=2"),
                      QStringLiteral("--config"), config, QStringLiteral("--seed"),
                      QStringLiteral("9"), QStringLiteral("--lr"), QStringLiteral("0.01"),
                      QStringLiteral("--out"), out, QStringLiteral("--quiet")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(out + QStringLiteral("/manifest.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject manifest = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonObject used = manifest[QStringLiteral("config")].toObject();
        QCOMPARE(used[QStringLiteral("seed")].toInt(), 9);
        QCOMPARE(used[QStringLiteral("learning_rate")].toDouble(), 0.01);
        QCOMPARE(used[QStringLiteral("epochs")].toInt(), 400);
        const int epochs = manifest[QStringLiteral("history")].toArray().size();
        QVERIFY2(epochs > 3 && epochs < 400, qPrintable(QString::number(epochs)));

        // A bad file names itself and the field; nothing is trained.
        const QString bad = write(QStringLiteral("bad-training.json"), R"({"epoch": 10})");
        r = byom({QStringLiteral("train"), QStringLiteral("--params"), params,
                  QStringLiteral("--data"), QStringLiteral("synthetic:blobs?n=200"),
                  QStringLiteral("--config"), bad, QStringLiteral("--out"),
                  m_dir.filePath(QStringLiteral("bad-cfg"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("bad-training.json")) &&
                     r.err.contains(QStringLiteral("\"epochs\"")),
                 qPrintable(r.err));
        QVERIFY(!QDir(m_dir.filePath(QStringLiteral("bad-cfg"))).exists());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
