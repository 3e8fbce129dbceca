// The string helpers behind messages: "did you mean" suggestions, thousands separators, the
// escaping of file text shown in one-line messages, and durations ("84 ms", "12.3 s").

#include <QtTest>

#include "core/util/strings.h"

using namespace byom;

class TestStrings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nearestSuggestsOnlyPlausibleNames() {
        QCOMPARE(editDistance("unit", "units"), std::size_t(1));
        QCOMPARE(nearest("unit", {"units", "activation", "use_bias"}), std::string("units"));
        QCOMPARE(nearest("zzzzzz", {"units", "activation"}), std::string());
    }

    void thousands() {
        QCOMPARE(withThousands(8709), std::string("8,709"));
        QCOMPARE(withThousands(-1234567), std::string("-1,234,567"));
        QCOMPARE(withThousands(999), std::string("999"));
    }

    void durationsOfFastRunsShowMilliseconds_data() {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << 0.0 << QStringLiteral("0 ms");
        QTest::newRow("negative") << -1.0 << QStringLiteral("0 ms");
        QTest::newRow("NaN") << double(NAN) << QStringLiteral("0 ms");
        QTest::newRow("42 us") << 0.000042 << QStringLiteral("0.042 ms");
        QTest::newRow("0.4 ms") << 0.0004 << QStringLiteral("0.4 ms");
        QTest::newRow("3 ms") << 0.003 << QStringLiteral("3 ms");
        QTest::newRow("84 ms") << 0.0842 << QStringLiteral("84 ms");
        QTest::newRow("999 ms") << 0.999 << QStringLiteral("999 ms");
        QTest::newRow("rounds to a second") << 0.9996 << QStringLiteral("1.0 s");
        QTest::newRow("1.25 s") << 1.26 << QStringLiteral("1.3 s");
        QTest::newRow("12.3 s") << 12.34 << QStringLiteral("12.3 s");
        QTest::newRow("rounds to a minute") << 59.96 << QStringLiteral("1 min 0 s");
        QTest::newRow("2 min") << 125.3 << QStringLiteral("2 min 5 s");
        QTest::newRow("1 h") << 3725.0 << QStringLiteral("1 h 2 min");
    }

    void durationsOfFastRunsShowMilliseconds() {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatDuration(seconds)), text);
    }

    void printableKeepsUtf8AndEscapesTheRest() {
        QCOMPARE(printable("plain text"), std::string("plain text"));
        QCOMPARE(printable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\x93"),
                 std::string("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\x93"));
        QCOMPARE(printable("caf\xe9"), std::string("caf\\xe9"));                // Latin-1
        QCOMPARE(printable("\xff\xfe"), std::string("\\xff\\xfe"));             // a BOM of UTF-16
        QCOMPARE(printable("a\nb\tc\x7f"), std::string("a\\x0ab\\x09c\\x7f"));  // controls
        QCOMPARE(printable("\xc0\xaf"), std::string("\\xc0\\xaf"));             // overlong '/'
        QCOMPARE(printable("\xed\xa0\x80"), std::string("\\xed\\xa0\\x80"));    // a surrogate
        QCOMPARE(printable("\xe2\x82"), std::string("\\xe2\\x82"));             // cut short
        QCOMPARE(printable(std::string_view("a\0b", 3)), std::string("a\\x00b"));
    }
};

QTEST_GUILESS_MAIN(TestStrings)
#include "tst_strings.moc"
