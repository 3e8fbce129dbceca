// Regression through the byom command line, run as a real process: a built-in architecture
// on one or several targets, trained, evaluated and predicting in the targets' units.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "support/cliprocess.h"

class TestCliRegression : public byom::test::CliTestCase {
    Q_OBJECT

    /// A regression CSV: features a, b, c and `targets` columns t0, t1, ... in the hundreds,
    /// each a linear function of the features plus a small wobble.
    QString regressionCsv(const QString& name, int targets) {
        QByteArray csv = "a,b,c";
        for (int t = 0; t < targets; ++t) csv += ",t" + QByteArray::number(t);
        csv += "\n";
        for (int i = 0; i < 240; ++i) {
            const double a = (i % 17) / 4.0, b = (i % 11) / 3.0 - 1.0, c = (i % 7) * 0.5;
            csv +=
                QByteArray::number(a) + "," + QByteArray::number(b) + "," + QByteArray::number(c);
            for (int t = 0; t < targets; ++t)
                csv += "," + QByteArray::number(300.0 + 100.0 * t + (40.0 + 10 * t) * a - 25.0 * b +
                                                    12.0 * c + 0.5 * ((i * 7) % 5),
                                                'g', 8);
            csv += "\n";
        }
        return write(name, csv);
    }

    /// Trains mlp [32] on `data` and checks the regression model: as many linear outputs as
    /// targets, the targets' standardisation stored, and predict and evaluate in the target's
    /// units (values in the hundreds, R^2 near 1 on this near-linear data).
    void checkRegressionRun(const QString& data, int targets, const QString& out) {
        const QString params = write(QStringLiteral("mlp32.json"),
                                     R"({"name": "mlp", "params": {"layers": [{"units": 32}]}})");
        Run r = byom({QStringLiteral("train"), QStringLiteral("--params"), params,
                      QStringLiteral("--data"), data, QStringLiteral("--epochs"),
                      QStringLiteral("60"), QStringLiteral("--lr"), QStringLiteral("0.01"),
                      QStringLiteral("--out"), out, QStringLiteral("--quiet")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString model = out + QStringLiteral("/model.json");
        const QJsonObject m = readJson(model);
        QCOMPARE(m[QStringLiteral("task")].toString(), QStringLiteral("regression"));
        const QJsonObject head = m[QStringLiteral("layers")].toArray().last().toObject();
        QCOMPARE(head[QStringLiteral("name")].toString(), QStringLiteral("dense"));
        const QJsonObject headParams = head[QStringLiteral("params")].toObject();
        QCOMPARE(headParams[QStringLiteral("units")].toInt(), targets);
        QCOMPARE(headParams[QStringLiteral("activation")].toString(), QStringLiteral("linear"));
        const QJsonObject scaling = m[QStringLiteral("target_normalization")].toObject();
        QCOMPARE(scaling[QStringLiteral("center")].toArray().size(), targets);
        QVERIFY(scaling[QStringLiteral("center")].toArray()[0].toDouble() > 300);
        QCOMPARE(byom({QStringLiteral("validate"), model}).code, 0);

        r = byom({QStringLiteral("evaluate"), QStringLiteral("--model"), model,
                  QStringLiteral("--data"), data, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject metrics = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY2(metrics[QStringLiteral("r2")].toDouble() > 0.99, qPrintable(r.out));
        QVERIFY2(metrics[QStringLiteral("mae")].toDouble() < 10, qPrintable(r.out));
        QCOMPARE(metrics[QStringLiteral("per_target")].toArray().size(), targets > 1 ? targets : 0);

        const QString preds = out + QStringLiteral("/preds.csv");
        r = byom({QStringLiteral("predict"), QStringLiteral("--model"), model,
                  QStringLiteral("--data"), data, QStringLiteral("--out"), preds});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(preds);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 241);
        QCOMPARE(lines[0].split(QLatin1Char(',')).size(), targets);
        double sum = 0;
        for (int i = 1; i < lines.size(); ++i)
            sum += lines[i].split(QLatin1Char(','))[0].toDouble();
        // Target t0 lies between 300 and 500 (mean about 400): predictions in its units.
        QVERIFY2(sum / 240 > 350 && sum / 240 < 450, qPrintable(QString::number(sum / 240)));
    }

private Q_SLOTS:
    void builtInArchitectureTrainsOnRegressionData() {
        // mlp [32] on one target: the builder adds a linear head of one unit (it used to stop
        // with "the model has 32 outputs but the data has 1 targets").
        const QString csv = regressionCsv(QStringLiteral("price.csv"), 1);
        checkRegressionRun(QStringLiteral("csv:") + csv + QStringLiteral("?label=t0"), 1,
                           m_dir.filePath(QStringLiteral("price")));
    }

    void severalTargetsTrainAtOnce() {
        const QString csv = regressionCsv(QStringLiteral("targets.csv"), 3);
        checkRegressionRun(QStringLiteral("csv:") + csv + QStringLiteral("?label=t0,t1,t2"), 3,
                           m_dir.filePath(QStringLiteral("targets")));
    }
};

QTEST_GUILESS_MAIN(TestCliRegression)
#include "tst_cliregression.moc"
