// parseJsonText: files with long base64 strings (a model's weights) parse to exactly what
// nlohmann's parser gives, through the fast path that takes those strings out of the text,
// and its checks (duplicate keys, nesting, syntax errors with their true positions) hold
// with or without them.

#include <QtTest>
#include <algorithm>
#include <string>

#include "core/io/base64.h"
#include "core/io/fileio.h"
#include "core/util/rng.h"

using namespace byom;

namespace {

/// base64 of `bytes` pseudo-random bytes: longer than the fast path's threshold when large.
std::string weights(std::size_t bytes, std::uint64_t seed) {
    Rng rng(seed);
    std::string raw(bytes, '\0');
    for (char& c : raw) c = static_cast<char>(rng.below(256));
    return base64Encode(raw.data(), raw.size());
}

QString errorOf(const std::string& text) {
    try {
        parseJsonText(text, "f.json");
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestFileIo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void longStringsParseAsNlohmannDoes_data() {
        // Written with `'` for `"` to keep the JSON readable.
        const std::string a = weights(200000, 1), b = weights(100000, 2), c = weights(3, 3);
        QTest::addColumn<QByteArray>("text");
        auto row = [](const char* name, std::string text) {
            std::replace(text.begin(), text.end(), '\'', '"');
            QTest::newRow(name) << QByteArray::fromStdString(text);
        };
        row("model", "{'format': 'byom-model', 'weights': [{'layer': 0, 'data': '" + a +
                         "'}, {'layer': 1, 'data': '" + b + "', 'name': 'bias'}], 'x': '" + c +
                         "'}");
        row("nested arrays", "[['" + a + "'], ['" + a + "', '" + b + "'], 'end']");
        row("a long key", "{'" + a + "' : '" + b + "', 'k': 1}");
        row("a long value at the end", "{'k': '" + b + "'}  ");
        row("escapes in a long string", "{'k': '" + a + "\\n\\'', 'j': '" + b + "'}");
        row("non-base64 characters", "['\xc3\xa9" + a + "', '" + b + " ']");
        row("strings like the markers",
            "{'a': '\\u00000', 'b': '" + a + "', 'c': '\\u00001', 'd': '\\u000099'}");
        row("a marker-like string only", "{'a': '" + b + "', 'b': '\\u0000x'}");
        row("a plain string", "{'a': '\\u00000', 'b': 'short'}");
    }

    void longStringsParseAsNlohmannDoes() {
        QFETCH(QByteArray, text);
        const std::string s = text.toStdString();
        const json expected = json::parse(s);
        const json parsed = parseJsonText(s, "f.json");
        QVERIFY(parsed == expected);
    }

    void checksHoldWithLongStrings() {
        const std::string a = weights(100000, 4);
        const std::string head = "{\"w\": \"" + a + "\"";
        const QString duplicate = errorOf(head + ", \"w\": 1}");
        QVERIFY(duplicate.contains(QStringLiteral("duplicate key \"w\"")));
        std::string deep = head + ", \"d\": ";
        for (int i = 0; i < kMaxJsonDepth + 1; ++i) deep += "[";
        QVERIFY(errorOf(deep).contains(QStringLiteral("nested deeper than")));
        // A syntax error after a long string is reported where it is in the file.
        const QString syntax = errorOf(head + ",\n  \"x\": tru}");
        QVERIFY2(syntax.startsWith(QStringLiteral("f.json:2:")), qPrintable(syntax.left(200)));
        QVERIFY(syntax.contains(QStringLiteral("invalid JSON")));
        const QString unterminated = errorOf("{\"w\": \"" + a);
        QVERIFY(unterminated.startsWith(QStringLiteral("f.json:1:")));
        const QString missingComma = errorOf(head + " \"x\": 1}");
        QVERIFY(missingComma.contains(QStringLiteral("invalid JSON")));
    }
};

QTEST_GUILESS_MAIN(TestFileIo)
#include "tst_fileio.moc"
