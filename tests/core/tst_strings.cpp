// The string helpers behind error messages: "did you mean" suggestions, thousands separators
// and the escaping of file text shown in one-line messages.

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
