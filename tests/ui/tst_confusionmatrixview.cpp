// The confusion matrix shows every class name in full: short names side by side over their
// columns, long ones upright; each name and cell has a tooltip in words.

#include <QToolTip>
#include <QtTest>

#include "ui/training/confusionmatrixview.h"

using byom::ui::ConfusionMatrixView;

class TestConfusionMatrixView : public QObject {
    Q_OBJECT

    static std::vector<std::vector<long long>> counts(int k) {
        std::vector<std::vector<long long>> c(k, std::vector<long long>(k, 1));
        for (int i = 0; i < k; ++i) c[i][i] = 20 + i;
        return c;
    }

    /// Saves the view's picture where BYOM_SCREENSHOTS says, when it is set.
    static void keep(ConfusionMatrixView& view, const QString& name) {
        const QString dir = qEnvironmentVariable("BYOM_SCREENSHOTS");
        if (!dir.isEmpty()) view.grab().save(dir + QLatin1Char('/') + name);
    }

private Q_SLOTS:
    void longNamesAreShownInFull() {
        ConfusionMatrixView view;
        const QStringList names = {
            QStringLiteral("atrial fibrillation"), QStringLiteral("normal sinus rhythm"),
            QStringLiteral("supraventricular tachycardia"), QStringLiteral("other")};
        view.setMatrix(names, counts(4));
        view.resize(420, 360);
        const ConfusionMatrixView::Geometry g = view.geometry();
        QVERIFY(g.upright);
        const QFontMetrics fm(view.font());
        for (int i = 0; i < names.size(); ++i) {
            const QRect header = g.columnHeader(i, fm.height());
            QVERIFY2(header.height() >= fm.horizontalAdvance(names[i]), qPrintable(names[i]));
            QVERIFY(header.bottom() < g.top);
            QVERIFY2(g.rowHeader(i, fm.height()).width() >= fm.horizontalAdvance(names[i]),
                     qPrintable(names[i]));
        }
        // The cells still fit the widget.
        QVERIFY(g.cellRect(3, 3).bottom() < view.height());
        QVERIFY(g.cellRect(3, 3).right() < view.width());
        keep(view, QStringLiteral("confusion-long-names.png"));

        const QPoint header = g.columnHeader(2, fm.height()).center();
        QCOMPARE(view.toolTipAt(header), QStringLiteral("predicted supraventricular tachycardia"));
        QCOMPARE(view.toolTipAt(g.rowHeader(0, fm.height()).center()),
                 QStringLiteral("true atrial fibrillation"));
        QCOMPARE(view.toolTipAt(g.cellRect(1, 2).center()),
                 QStringLiteral("1 of class normal sinus rhythm predicted as supraventricular "
                                "tachycardia"));
        QVERIFY(view.toolTipAt(QPoint(view.width() - 1, view.height() - 1)).isEmpty());
    }

    /// Hovering a name or a cell of the shown view pops its tooltip up (the help event Qt
    /// sends after the mouse rests), and hovering an empty corner hides it.
    void hoveringShowsTheTooltip() {
        ConfusionMatrixView view;
        const QStringList names = {QStringLiteral("atrial fibrillation"),
                                   QStringLiteral("supraventricular tachycardia")};
        view.setMatrix(names, counts(2));
        view.resize(420, 360);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QFontMetrics fm(view.font());
        auto hover = [&view](QPoint pos) {
            QTest::mouseMove(&view, pos);
            QHelpEvent help(QEvent::ToolTip, pos, view.mapToGlobal(pos));
            QCoreApplication::sendEvent(&view, &help);
        };
        hover(view.geometry().columnHeader(1, fm.height()).center());
        QTRY_COMPARE(QToolTip::text(), QStringLiteral("predicted supraventricular tachycardia"));
        hover(view.geometry().cellRect(0, 1).center());
        QTRY_COMPARE(QToolTip::text(),
                     QStringLiteral("1 of class atrial fibrillation predicted as supraventricular "
                                    "tachycardia"));
        hover(QPoint(view.width() - 1, view.height() - 1));
        QTRY_VERIFY(!QToolTip::isVisible());
    }

    void shortNamesStaySideBySide() {
        ConfusionMatrixView view;
        view.setMatrix({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, counts(3));
        view.resize(420, 360);
        QVERIFY(!view.geometry().upright);
        QCOMPARE(view.toolTipAt(view.geometry().cellRect(0, 0).center()),
                 QStringLiteral("20 of class a predicted as a"));
        keep(view, QStringLiteral("confusion-short-names.png"));
    }
};

QTEST_MAIN(TestConfusionMatrixView)
#include "tst_confusionmatrixview.moc"
