// HeartKit's composer, unext and mobileone keys through the byom command line, run as a real
// process: `byom registry show` lists each with HeartKit's fields and what is refused; the
// composer builds with Keras's counts, while unext and mobileone, which HeartKit itself cannot
// build, are refused by `byom summary` and `byom train` in one line with HeartKit's reason.

#include <QDir>
#include <QtTest>

#include "support/cliprocess.h"

namespace {

QStringList textList(std::initializer_list<const char*> list) {
    QStringList out;
    for (const char* t : list) out << QString::fromUtf8(t);
    return out;
}

}  // namespace

class TestCliHeartKitFamilies : public byom::test::CliTestCase {
    Q_OBJECT

private Q_SLOTS:
    void showListsFieldsAndRefusals_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("texts");
        QTest::newRow("unext") << "unext"
                               << textList({"output_kernel_stride", ".expand_ratio", ".ddepth",
                                            "refused, with the reason",
                                            "unexpected keyword argument 'x'"});
        QTest::newRow("mobileone")
            << "mobileone"
            << textList({"input_filters", "input_strides", "output_activation",
                         "refused, with the reason", "MobileNetV1",
                         "Unrecognized keyword arguments passed to DepthwiseConv2D"});
        QTest::newRow("composer") << "composer"
                                  << textList({".name", ".params", "include_top",
                                               "output_activation", "refused, with the reason",
                                               "cannot load Keras model files"});
    }
    void showListsFieldsAndRefusals() {
        QFETCH(QString, name);
        QFETCH(QStringList, texts);
        const Run show = byom({QStringLiteral("registry"), QStringLiteral("show"), name});
        QVERIFY2(show.code == 0, qPrintable(show.err));
        for (const QString& text : texts) QVERIFY2(show.out.contains(text), qPrintable(text));
        const Run list = byom({QStringLiteral("registry"), QStringLiteral("list")});
        QVERIFY(list.out.contains(name + QStringLiteral("  HeartKit's")));
    }

    void unbuildableFamiliesAreRefused_data() {
        QTest::addColumn<QString>("params");
        QTest::addColumn<QString>("reason");
        QTest::newRow("unext") << R"({"name": "unext", "params": {"blocks": [{"filters": 8}]}})"
                               << "unexpected keyword argument 'x'";
        QTest::newRow("mobileone") << R"({"name": "mobileone", "params": {"input_filters": 8}})"
                                   << "Unrecognized keyword arguments passed to DepthwiseConv2D";
    }
    void unbuildableFamiliesAreRefused() {
        QFETCH(QString, params);
        QFETCH(QString, reason);
        const QString file = write(QStringLiteral("arch.json"), params.toUtf8());
        const Run summary = byom({QStringLiteral("summary"), QStringLiteral("--params"), file,
                                  QStringLiteral("--input-shape"), QStringLiteral("256,1"),
                                  QStringLiteral("--classes"), QStringLiteral("3")});
        QCOMPARE(summary.code, 1);
        QVERIFY2(summary.err.contains(reason) &&
                     summary.err.contains(QStringLiteral("cannot be built, as in HeartKit")),
                 qPrintable(summary.err));
        QCOMPARE(summary.err.trimmed().count(QLatin1Char('\n')), 0);  // one line
        const QString out = m_dir.filePath(QStringLiteral("run"));
        const Run train =
            byom({QStringLiteral("train"), QStringLiteral("--params"), file,
                  QStringLiteral("--data"), QStringLiteral("synthetic:ecg-rhythm?n=16"),
                  QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--out"), out});
        QCOMPARE(train.code, 1);
        QVERIFY2(train.err.contains(reason), qPrintable(train.err));
        QVERIFY(!QDir(out).exists());
    }

    void composerFromTheCommandLine() {
        // Two per-time-step Dense layers and the top on HeartKit's (800, 1) input, 4 classes:
        // 1*32 + 32, 32*16 + 16, 16*4 + 4 = 660 trainable (see tst_composer).
        const QString file = write(QStringLiteral("composer.json"), R"({"name": "composer",
            "params": {"layers": [{"name": "dense", "params": {"units": 32, "activation": "relu6"}},
                                  {"name": "dense", "params": {"units": 16, "activation": "relu6"}}],
                       "output_activation": "softmax", "name": "head"}})");
        Run r = byom({QStringLiteral("summary"), QStringLiteral("--params"), file,
                      QStringLiteral("--input-shape"), QStringLiteral("800,1"),
                      QStringLiteral("--classes"), QStringLiteral("4")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("Trainable params: 660")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("Non-trainable params: 0")));
        QVERIFY2(r.err.contains(QStringLiteral("params.name")), qPrintable(r.err));  // a warning
        // A layer HeartKit cannot build: one line naming the layer and HeartKit's failure.
        const QString broken = write(QStringLiteral("broken.json"), R"({"name": "composer",
            "params": {"layers": [{"name": "relu6"}]}})");
        r = byom({QStringLiteral("summary"), QStringLiteral("--params"), broken,
                  QStringLiteral("--input-shape"), QStringLiteral("800,1")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("params.layers[0].name")) &&
                     r.err.contains(QStringLiteral("TypeError")),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliHeartKitFamilies)
#include "tst_cliheartkitfamilies.moc"
