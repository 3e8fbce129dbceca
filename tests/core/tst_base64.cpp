// base64 as the model and project files store weights: RFC 4648's test vectors, round trips
// of every length around the padding cases and of a large buffer, and refusal of anything
// that is not padded base64.

#include <QtTest>
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/util/base64.h"
#include "core/util/rng.h"

using namespace byom;

namespace {

std::vector<std::uint8_t> bytesOf(const std::string& s) {
    return {s.begin(), s.end()};
}

std::vector<std::uint8_t> randomBytes(std::size_t n, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<std::uint8_t> v(n);
    for (auto& b : v) b = static_cast<std::uint8_t>(rng.below(256));
    return v;
}

}  // namespace

class TestBase64 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rfc4648Vectors_data() {
        QTest::addColumn<QByteArray>("plain");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("f") << QByteArray("f") << QByteArray("Zg==");
        QTest::newRow("fo") << QByteArray("fo") << QByteArray("Zm8=");
        QTest::newRow("foo") << QByteArray("foo") << QByteArray("Zm9v");
        QTest::newRow("foob") << QByteArray("foob") << QByteArray("Zm9vYg==");
        QTest::newRow("fooba") << QByteArray("fooba") << QByteArray("Zm9vYmE=");
        QTest::newRow("foobar") << QByteArray("foobar") << QByteArray("Zm9vYmFy");
    }

    void rfc4648Vectors() {
        QFETCH(QByteArray, plain);
        QFETCH(QByteArray, encoded);
        const std::string text =
            base64Encode(plain.constData(), static_cast<std::size_t>(plain.size()));
        QCOMPARE(text, encoded.toStdString());
        std::vector<std::uint8_t> out{1, 2, 3};  // replaced, not appended to
        QVERIFY(base64Decode(text, out));
        QVERIFY(out == bytesOf(plain.toStdString()));
    }

    void roundTrips() {
        std::vector<std::uint8_t> out;
        for (std::size_t n = 0; n <= 70; ++n) {
            const auto bytes = randomBytes(n, n + 1);
            const std::string text = base64Encode(bytes.data(), n);
            QCOMPARE(text.size(), (n + 2) / 3 * 4);
            QVERIFY2(base64Decode(text, out) && out == bytes, qPrintable(QString::number(n)));
        }
        const auto big = randomBytes(3 * 1000 * 1000 + 1, 7);
        QVERIFY(base64Decode(base64Encode(big.data(), big.size()), out));
        QVERIFY(out == big);
        // Every byte value, through every position of a quad.
        std::vector<std::uint8_t> all(256 * 3);
        for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i / 3 + i);
        QVERIFY(base64Decode(base64Encode(all.data(), all.size()), out) && out == all);
    }

    void decodesIntoABuffer() {
        // base64DecodeTo fills a model's weights in place: exactly `size` bytes or false.
        for (std::size_t n : {0, 1, 2, 3, 4, 5, 6, 40, 41, 42}) {
            const auto bytes = randomBytes(n, 100 + n);
            const std::string text = base64Encode(bytes.data(), n);
            std::vector<std::uint8_t> buffer(n + 3, 0xAB);
            QVERIFY(base64DecodeTo(text, buffer.data(), n));
            QVERIFY(std::equal(bytes.begin(), bytes.end(), buffer.begin()));
            QVERIFY(buffer[n] == 0xAB && buffer[n + 1] == 0xAB && buffer[n + 2] == 0xAB);
            QVERIFY(!base64DecodeTo(text, buffer.data(), n + 1));
            if (n > 0) QVERIFY(!base64DecodeTo(text, buffer.data(), n - 1));
        }
        std::uint8_t buffer[8];
        for (const char* bad : {"Zm9", "Zg=a", "Z===", "Zm9*", "Zg==Zm9v", "===="})
            for (std::size_t size : {0, 1, 2, 3, 6})
                QVERIFY2(!base64DecodeTo(bad, buffer, size), bad);
    }

    void refusesWhatIsNotBase64_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("length not a multiple of 4") << QByteArray("Zm9");
        QTest::newRow("missing padding") << QByteArray("Zg");
        QTest::newRow("short padding") << QByteArray("Zg=");
        QTest::newRow("padding too early") << QByteArray("Z===");
        QTest::newRow("data after padding") << QByteArray("Zg=a");
        QTest::newRow("padding in the middle") << QByteArray("Zg==Zm9v");
        QTest::newRow("padding in a full quad") << QByteArray("Zm9vYm=y");
        QTest::newRow("not in the alphabet") << QByteArray("Zm9*");
        QTest::newRow("url-safe alphabet") << QByteArray("Zm9-");
        QTest::newRow("whitespace") << QByteArray("Zm9 Zm9v");
        QTest::newRow("line break") << QByteArray("Zm9\nZm9v");
        QTest::newRow("non-ASCII") << QByteArray("Zm9\xc3");
    }

    void refusesWhatIsNotBase64() {
        QFETCH(QByteArray, text);
        std::vector<std::uint8_t> out;
        QVERIFY(!base64Decode(text.toStdString(), out));
        std::uint8_t buffer[8];
        for (std::size_t size = 0; size <= 6; ++size)
            QVERIFY(!base64DecodeTo(text.toStdString(), buffer, size));
    }
};

QTEST_GUILESS_MAIN(TestBase64)
#include "tst_base64.moc"
