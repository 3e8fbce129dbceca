// The synthetic data dialog: every generator of core previews (a scatter for 2-D sets and
// sine, one frame for ECG), its spec loads through core, and applying it is one undo step.

#include <QComboBox>
#include <QSpinBox>
#include <QtTest>

#include "core/data/dataspec.h"
#include "core/data/synthetic.h"
#include "core/io/projectfile.h"
#include "ui/data/sampleplot.h"
#include "ui/data/syntheticdialog.h"
#include "ui/document.h"
#include "ui/window/mainwindow.h"

using namespace byom::ui;

class TestSyntheticDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyGeneratorPreviews_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("signal");
        for (const std::string& n : byom::syntheticNames())
            QTest::newRow(n.c_str()) << QString::fromStdString(n) << n.starts_with("ecg-");
    }

    void everyGeneratorPreviews() {
        QFETCH(QString, name);
        QFETCH(bool, signal);
        SyntheticDialog d("synthetic:spirals");
        d.setGenerator(name);
        d.findChild<QSpinBox*>(QStringLiteral("n"))->setValue(200);
        d.refreshPreview();
        QCOMPARE(d.preview()->showsSignal(), signal);
        if (!signal) QCOMPARE(d.preview()->pointCount(), 200);
        const byom::Dataset data = byom::loadDataset(byom::DataSpec::parse(d.spec()));
        QCOMPARE(data.size(), byom::Index(200));
        if (signal) QCOMPARE(data.inputShape.rank(), std::size_t(2));
    }

    void startsFromTheProjectsSpecAndApplies() {
        MainWindow w;
        const std::string before = projectToJson(w.document()->project()).dump();
        SyntheticDialog d(w.document()->project().data);
        QCOMPARE(d.findChild<QComboBox*>(QStringLiteral("generator"))->currentText(),
                 QStringLiteral("spirals"));
        QCOMPARE(d.findChild<QSpinBox*>(QStringLiteral("n"))->value(), 1500);
        d.setGenerator(QStringLiteral("moons"));
        w.applySynthetic(d.spec());
        QVERIFY(w.document()->project().data.rfind("synthetic:moons?", 0) == 0);
        QCOMPARE(w.document()->undoStack()->count(), 1);
        w.document()->undoStack()->undo();
        QCOMPARE(projectToJson(w.document()->project()).dump(), before);
    }
};

QTEST_MAIN(TestSyntheticDialog)
#include "tst_syntheticdialog.moc"
