// parseJsonText and dumpJson: files with long base64 strings (a model's weights) parse and
// serialise exactly as nlohmann's parser and dump() do, through the fast paths that keep those
// strings away from the character-by-character code, and the parser's checks (duplicate keys,
// nesting, syntax errors with their true positions) hold with or without them.

#include <QtTest>
#include <algorithm>
#include <string>
#include <vector>

#include "core/util/base64.h"
#include "core/util/fileio.h"
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

    void dumpsAsNlohmannDoes() {
        const std::string a = weights(200000, 5), b = weights(100000, 6);
        std::vector<json> docs = {
            {{"format", "byom-model"},
             {"weights", {{{"layer", 0}, {"data", a}}, {{"layer", 1}, {"data", b}}}},
             {"short", weights(10, 7)}},
            json::array({a, json::array({b, a}), "end", 1.5, nullptr}),
            {{"k", a + "\"\n"}, {"j", b}},  // a long string to escape
            {{"k", a},
             {"nul", std::string("x\"\0"
                                 "1",
                                 4)}},                             // '\0' in another string
            {{"k", a}, {std::string(1, '\0') + "0", 1}},           // ... or in a key
            {{"k", a}, {"literal", "\\u00000 and \"\\u00001\""}},  // marker-like text
            {{"k", "short"}},
        };
        for (const json& j : docs)
            for (int indent : {-1, 0, 1, 2}) QVERIFY(dumpJson(j, indent) == j.dump(indent));
        // And back: the fast paths both ways give the original values.
        QVERIFY(parseJsonText(dumpJson(docs[0], 2), "f.json") == docs[0]);
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
