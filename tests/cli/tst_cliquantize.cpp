// byom quantize through the real binary: a run's model quantised on its own training split
// with the report on its validation split (text and JSON), the int8 file predicted and
// evaluated by the integer engine, layers kept in float, and bad requests (an unknown layer,
// a model that is int8 already, data of the wrong shape, no data to calibrate on) refused in
// one line with nothing written.

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "support/cliprocess.h"

class TestCliQuantize : public byom::test::CliTestCase {
    Q_OBJECT

    QString m_model;
    QString m_int8;

    QString path(const char* name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString params =
            write(QStringLiteral("mlp.json"),
                  R"({"name": "mlp", "params": {"layers": [{"units": 16, "activation": "relu"},
               {"units": 16, "activation": "relu"}]}})");
        const Run r = byom(
            {QStringLiteral("train"), QStringLiteral("--params"), params, QStringLiteral("--data"),
             QStringLiteral("csv:" BYOM_TEST_DATA_DIR "/csv/iris.csv"), QStringLiteral("--epochs"),
             QStringLiteral("150"), QStringLiteral("--lr"), QStringLiteral("0.01"),
             QStringLiteral("--batch-size"), QStringLiteral("16"), QStringLiteral("--out"),
             path("run"), QStringLiteral("--quiet")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        m_model = path("run/model.json");
        m_int8 = path("run/model-int8.json");
    }

    /// Without --data: calibrated on the run's training split, reported on its validation.
    void quantisesARun() {
        const Run r = byom({QStringLiteral("quantize"), QStringLiteral("--model"), m_model,
                            QStringLiteral("--out"), m_int8});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("calibrated on 120 rows of the run's training "
                                               "split")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("On 30 rows of the run's validation split")),
                 qPrintable(r.out));
        for (const char* words : {"accuracy  float", "agrees on", "weights", "dense_1", "dB"})
            QVERIFY2(r.out.contains(QLatin1String(words)), qPrintable(r.out));
        const QJsonObject q = readJson(m_int8)[QStringLiteral("quantization")].toObject();
        QCOMPARE(q[QStringLiteral("scheme")].toString(), QStringLiteral("int8"));
        QVERIFY(q[QStringLiteral("graph")].toObject().contains(QStringLiteral("ops")));
        const QJsonObject report = q[QStringLiteral("report")].toObject();
        const double f = report[QStringLiteral("float_accuracy")].toDouble();
        const double i = report[QStringLiteral("int8_accuracy")].toDouble();
        QVERIFY(f >= 0.9);
        QVERIFY(i >= f - 0.01);
        // The float model is untouched.
        QVERIFY(!readJson(m_model).contains(QStringLiteral("quantization")));
    }

    /// Data that shows only some of the model's classes, in another order (virginica first,
    /// no setosa): its labels are numbered as the model's, so the figures are the model's
    /// real accuracy on them; a class the model does not know is refused.
    void dataWithFewerClassesIsMatchedByName() {
        QFile iris(QStringLiteral(BYOM_TEST_DATA_DIR "/csv/iris.csv"));
        QVERIFY(iris.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = iris.readAll().split('\n');
        QByteArray two = lines.first() + '\n';
        for (const char* species : {"virginica", "versicolor"})
            for (const QByteArray& line : lines)
                if (line.trimmed().endsWith(species)) two += line.trimmed() + '\n';
        const QString csv = write(QStringLiteral("two.csv"), two.constData());
        const Run r =
            byom({QStringLiteral("quantize"), QStringLiteral("--model"), m_model,
                  QStringLiteral("--data"), QStringLiteral("csv:") + csv, QStringLiteral("--out"),
                  path("two-int8.json"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject report =
            QJsonDocument::fromJson(r.out.toUtf8()).object()[QStringLiteral("report")].toObject();
        QVERIFY2(report[QStringLiteral("float_accuracy")].toDouble() >= 0.9, qPrintable(r.out));

        const QByteArray unknown =
            lines.first() + "\n5.1,3.5,1.4,0.2,iris-x\n6.3,3.3,6.0,2.5,virginica\n";
        const QString odd = write(QStringLiteral("odd.csv"), unknown);
        const Run bad = byom({QStringLiteral("quantize"), QStringLiteral("--model"), m_model,
                              QStringLiteral("--data"), QStringLiteral("csv:") + odd,
                              QStringLiteral("--out"), path("odd-int8.json")});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains(QStringLiteral("the data has class 'iris-x'")),
                 qPrintable(bad.err));
        QVERIFY(!QFileInfo::exists(path("odd-int8.json")));
    }

    /// predict and evaluate run the integer engine on the int8 file.
    void int8FilesPredictAndEvaluate() {
        const QString data = QStringLiteral("csv:" BYOM_TEST_DATA_DIR "/csv/iris.csv");
        Run r = byom({QStringLiteral("evaluate"), QStringLiteral("--model"), m_int8,
                      QStringLiteral("--data"), data, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject m = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(m[QStringLiteral("engine")].toString(), QStringLiteral("int8"));
        QVERIFY(m[QStringLiteral("accuracy")].toDouble() >= 0.9);
        // The loss is the cross-entropy of the int8 probabilities: near the float model's (their
        // 1/256 steps cost 0.004 on a certain row, and a class given 0 counts as 1e-7).
        const Run fl = byom({QStringLiteral("evaluate"), QStringLiteral("--model"), m_model,
                             QStringLiteral("--data"), data, QStringLiteral("--json")});
        const double floatLoss =
            QJsonDocument::fromJson(fl.out.toUtf8()).object()[QStringLiteral("loss")].toDouble();
        const double int8Loss = m[QStringLiteral("loss")].toDouble();
        QVERIFY2(std::abs(int8Loss - floatLoss) < 0.1,
                 qPrintable(QStringLiteral("%1 vs %2").arg(int8Loss).arg(floatLoss)));
        r = byom({QStringLiteral("predict"), QStringLiteral("--model"), m_int8,
                  QStringLiteral("--data"), data, QStringLiteral("--out"), path("p.csv")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(path("p.csv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 151);
        // Probabilities in 1/256 steps: the softmax's int8 output dequantised.
        const double p = lines[1].split(QLatin1Char(','))[0].toDouble();
        QCOMPARE(std::round(p * 256.0), p * 256.0);
    }

    void keepsLayersInFloatAndReportsJson() {
        const QString out = path("kept.json");
        const Run r = byom({QStringLiteral("quantize"), QStringLiteral("--model"), m_model,
                            QStringLiteral("--out"), out, QStringLiteral("--keep-float"),
                            QStringLiteral("dense, dense_2"), QStringLiteral("--samples"),
                            QStringLiteral("50"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j[QStringLiteral("calibration")].toObject()[QStringLiteral("samples")].toInt(),
                 50);
        QCOMPARE(j[QStringLiteral("keep_float")].toArray().size(), 2);
        int floats = 0;
        for (const QJsonValue& l :
             j[QStringLiteral("report")].toObject()[QStringLiteral("layers")].toArray())
            floats += l.toObject()[QStringLiteral("float")].toBool();
        QCOMPARE(floats, 2);
    }

    void badRequestsAreRefused_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("words");
        const QString iris = QStringLiteral("csv:" BYOM_TEST_DATA_DIR "/csv/iris.csv");
        QTest::newRow("unknown layer")
            << QStringList{QStringLiteral("--keep-float"), QStringLiteral("dense_9")}
            << QStringLiteral("no layer \"dense_9\"");
        QTest::newRow("wrong shape")
            << QStringList{QStringLiteral("--data"), QStringLiteral("synthetic:spirals?n=50")}
            << QStringLiteral("hold 2 values but the model takes 4");
        QTest::newRow("no samples") << QStringList{QStringLiteral("--samples"), QStringLiteral("0")}
                                    << QStringLiteral("--samples");
        Q_UNUSED(iris);
    }

    void badRequestsAreRefused() {
        QFETCH(QStringList, args);
        QFETCH(QString, words);
        const QString out = path("bad.json");
        const Run r = byom(QStringList{QStringLiteral("quantize"), QStringLiteral("--model"),
                                       m_model, QStringLiteral("--out"), out} +
                           args);
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(words), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);  // one line
        QVERIFY(!QFileInfo::exists(out));
    }

    /// Formats that hold float models only do not pass the float model off as the int8 one.
    void floatFormatsRefuseInt8Models() {
        const QString out = path("int8.onnx");
        const Run r = byom({QStringLiteral("export"), QStringLiteral("--model"), m_int8,
                            QStringLiteral("--format"), QStringLiteral("onnx"),
                            QStringLiteral("--out"), out});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is an int8 model")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
    }

    /// An int8 library always normalises inside (in float, as the integer engine does):
    /// --no-normalization is refused, not ignored.
    void int8LibrariesKeepTheirNormalization() {
        const QString out = path("int8-c");
        const Run r = byom({QStringLiteral("export"), QStringLiteral("--model"), m_int8,
                            QStringLiteral("--format"), QStringLiteral("c"),
                            QStringLiteral("--no-normalization"), QStringLiteral("--out"), out});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("without --no-normalization")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
    }

    void int8ModelsAreNotQuantisedAgain() {
        const Run r = byom({QStringLiteral("quantize"), QStringLiteral("--model"), m_int8,
                            QStringLiteral("--out"), path("again.json")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is an int8 model already")), qPrintable(r.err));
    }

    void withoutARunItAsksForData() {
        QFile::copy(m_model, path("alone.json"));
        const Run r = byom({QStringLiteral("quantize"), QStringLiteral("--model"),
                            path("alone.json"), QStringLiteral("--out"), path("alone-q.json")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("give --data SPEC")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliQuantize)
#include "tst_cliquantize.moc"
