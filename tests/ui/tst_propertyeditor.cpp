// The property editor: editors generated from the schema; valid edits are one (merged) undo
// step, invalid ones show the validator's message at the field and change nothing.

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QtTest>

#include "core/io/projectfile.h"

#include "ui/designer/parameditor.h"
#include "ui/designer/propertyeditor.h"
#include "ui/document.h"

using namespace byom;
using namespace byom::ui;

class TestPropertyEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void generatesEditorsFromTheSchema() {
        Document doc;
        PropertyEditor editor(&doc);
        editor.setLayer({0});
        auto* units = qobject_cast<QSpinBox*>(editor.editor(QStringLiteral("units"))->input());
        QVERIFY(units);
        QCOMPARE(units->minimum(), 1);
        QCOMPARE(units->maximum(), 65536);
        QCOMPARE(units->value(), 32);
        auto* activation =
            qobject_cast<QComboBox*>(editor.editor(QStringLiteral("activation"))->input());
        QVERIFY(activation && activation->findText(QStringLiteral("gelu")) >= 0);
        QCOMPARE(activation->currentText(), QStringLiteral("relu"));
        QVERIFY(qobject_cast<QCheckBox*>(editor.editor(QStringLiteral("use_bias"))->input()));
    }

    void validEditsAreOneMergedUndoStep() {
        Document doc;
        PropertyEditor editor(&doc);
        editor.setLayer({1});
        const std::string before = projectToJson(doc.project()).dump();
        auto* units = qobject_cast<QSpinBox*>(editor.editor(QStringLiteral("units"))->input());
        units->setValue(40);
        units->setValue(48);
        units->setValue(64);
        QCOMPARE(doc.currentStack().layers[1].params["units"].get<int>(), 64);
        QCOMPARE(doc.undoStack()->count(), 1);  // three edits of one field merged
        // In the user's words, the layer by the name the stack shows.
        QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Change units of dense_1"));
        auto* activation =
            qobject_cast<QComboBox*>(editor.editor(QStringLiteral("activation"))->input());
        activation->setCurrentText(QStringLiteral("tanh"));
        QCOMPARE(doc.undoStack()->count(), 2);
        QCOMPARE(doc.undoStack()->text(1), QStringLiteral("Change activation of dense_1"));
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(projectToJson(doc.project()).dump(), before);
        // The editor follows undo.
        QCOMPARE(units->value(), 32);
    }

    void invalidValueShowsItsErrorAndIsNotApplied() {
        Document doc;
        PropertyEditor editor(&doc);
        editor.setLayer({0});
        const std::string before = projectToJson(doc.project()).dump();
        ParamEditor* units = editor.editor(QStringLiteral("units"));
        auto* line = units->input()->findChild<QLineEdit*>();
        QVERIFY(line);
        line->selectAll();
        QTest::keyClicks(line, QStringLiteral("0"));
        QVERIFY2(units->error().contains(QStringLiteral(">= 1")), qPrintable(units->error()));
        QVERIFY(units->findChild<QLabel*>(QStringLiteral("error"))->isVisibleTo(&editor));
        QCOMPARE(projectToJson(doc.project()).dump(), before);
        QCOMPARE(doc.undoStack()->count(), 0);
        // A value that reaches the editor whole is checked the same way.
        units->submit(json(100000));
        QVERIFY(units->error().contains(QStringLiteral("<= 65536")));
        units->submit(json("many"));
        QVERIFY(units->error().contains(QStringLiteral("integer")));
        QCOMPARE(projectToJson(doc.project()).dump(), before);
    }

    void pairAndListEditorsParseAndValidate() {
        ParamEditor pair(pairParam("kernel_size", 3, 1, 99, "Kernel length."));
        QList<json> values;
        connect(&pair, &ParamEditor::edited, this, [&](const json& v) { values << v; });
        auto* line = qobject_cast<QLineEdit*>(pair.input());
        QVERIFY(line);
        pair.setValue(json::array({1, 7}));
        QCOMPARE(line->text(), QStringLiteral("[1, 7]"));
        line->setText(QStringLiteral("5"));
        Q_EMIT line->editingFinished();
        line->setText(QStringLiteral("1, 9"));
        Q_EMIT line->editingFinished();
        line->setText(QStringLiteral("0"));
        Q_EMIT line->editingFinished();
        QCOMPARE(values.size(), 2);
        QCOMPARE(values[0], json(5));
        QCOMPARE(values[1], json::array({1, 9}));
        QVERIFY(!pair.error().isEmpty());

        ParamEditor list(listParam("filters", intParam("f", 8, 1, 512, "Filters."),
                                   json::array({8}), 1, 4, "Filters per block."));
        auto* listLine = qobject_cast<QLineEdit*>(list.input());
        listLine->setText(QStringLiteral("[8, 16, 1000]"));
        Q_EMIT listLine->editingFinished();
        QVERIFY2(list.error().contains(QStringLiteral("512")), qPrintable(list.error()));
        listLine->setText(QStringLiteral("[8, 16"));
        Q_EMIT listLine->editingFinished();
        QVERIFY(list.error().contains(QStringLiteral("JSON")));
    }

    void labelIsEditable() {
        Document doc;
        PropertyEditor editor(&doc);
        editor.setLayer({2});
        editor.labelEdit()->setText(QStringLiteral("head"));
        Q_EMIT editor.labelEdit()->editingFinished();
        QCOMPARE(doc.currentStack().layers[2].label, std::string("head"));
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(doc.undoStack()->text(0), QStringLiteral("Rename dense_2"));
    }
};

QTEST_MAIN(TestPropertyEditor)
#include "tst_propertyeditor.moc"
