// NpyLoader and NpyHeader: every supported dtype in both byte orders and both memory orders,
// format versions 1-3, target kinds, and damaged files that must fail before allocating.

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cstring>
#include <fstream>

#include "core/data/npyloader.h"
#include "core/util/error.h"
#include "support/tempfiles.h"

using namespace byom;

namespace {

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

std::string shapeText(const std::vector<std::uint64_t>& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

/// A .npy file as numpy.save writes it: magic, version, little-endian header length, the dict
/// padded with spaces to a multiple of 64 bytes and ended by '\n', then the data.
std::string npyBytes(const std::string& descr, bool fortran,
                     const std::vector<std::uint64_t>& shape, const std::string& data,
                     int major = 1) {
    std::string dict = "{'descr': '" + descr +
                       "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shapeText(shape) + ", }";
    const std::size_t pre = major == 1 ? 10 : 12;
    while ((pre + dict.size() + 1) % 64 != 0) dict += ' ';
    dict += '\n';
    std::string out = "\x93NUMPY";
    out += static_cast<char>(major);
    out += '\0';
    const std::size_t len = dict.size();
    for (std::size_t i = 0; i < (major == 1 ? 2u : 4u); ++i)
        out += static_cast<char>((len >> (8 * i)) & 0xFF);
    return out + dict + data;
}

template <typename T>
void append(std::string& out, T v, bool bigEndian) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    if (bigEndian) std::reverse(b, b + sizeof(T));
    out.append(b, sizeof(T));
}

/// Encodes `values` (C order of `shape`) as `type` in the given byte and memory order.
std::string encode(char kind, int size, bool big, bool fortran,
                   const std::vector<std::uint64_t>& shape, const std::vector<int>& values) {
    std::vector<int> ordered = values;
    if (fortran) {  // element at C index i moves to its Fortran position
        std::vector<std::uint64_t> cStride(shape.size(), 1), fStride(shape.size(), 1);
        for (std::size_t k = shape.size(); k-- > 1;) cStride[k - 1] = cStride[k] * shape[k];
        for (std::size_t k = 1; k < shape.size(); ++k) fStride[k] = fStride[k - 1] * shape[k - 1];
        for (std::size_t i = 0; i < values.size(); ++i) {
            std::uint64_t f = 0;
            for (std::size_t k = 0; k < shape.size(); ++k)
                f += (i / cStride[k] % shape[k]) * fStride[k];
            ordered[f] = values[i];
        }
    }
    std::string out;
    for (int v : ordered) {
        if (kind == 'f' && size == 4)
            append<float>(out, static_cast<float>(v), big);
        else if (kind == 'f')
            append<double>(out, v, big);
        else if (kind == 'b')
            append<std::uint8_t>(out, v != 0, big);
        else if (size == 1)
            append<std::int8_t>(out, static_cast<std::int8_t>(v), big);
        else if (size == 2)
            append<std::int16_t>(out, static_cast<std::int16_t>(v), big);
        else if (size == 4)
            append<std::int32_t>(out, v, big);
        else
            append<std::int64_t>(out, v, big);
    }
    return out;
}

}  // namespace

class TestNpyLoader : public QObject {
    Q_OBJECT

    TempFiles m_files;

    std::string write(const std::string& name, const std::string& bytes) {
        return m_files.write(name, bytes);
    }
    std::string labels(int n, int classes = 3) {
        std::vector<int> y;
        for (int i = 0; i < n; ++i) y.push_back(i % classes);
        return write("y.npy", npyBytes("<i8", false, {std::uint64_t(n)},
                                       encode('i', 8, false, false, {std::uint64_t(n)}, y)));
    }

private Q_SLOTS:
    void roundTrip_data() {
        QTest::addColumn<QString>("descr");
        QTest::addColumn<bool>("fortran");
        QTest::addColumn<int>("version");
        const char* types[] = {"<f4", "<f8", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8",
                               "|b1", ">f4", ">f8", ">i2", ">i4", ">i8", ">u2", ">u4", ">u8"};
        for (const char* t : types)
            for (bool f : {false, true}) {
                const int version = f ? 2 : (t[0] == '>' ? 3 : 1);
                QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(
                    QString::fromLatin1(t), f ? QStringLiteral("F") : QStringLiteral("C"))))
                    << QString::fromLatin1(t) << f << version;
            }
    }
    void roundTrip() {
        QFETCH(QString, descr);
        QFETCH(bool, fortran);
        QFETCH(int, version);
        const std::string d = descr.toStdString();
        const char kind = d[1];
        const int size = d[2] - '0';
        const bool big = d[0] == '>';
        for (const std::vector<std::uint64_t>& shape :
             {std::vector<std::uint64_t>{5, 3}, std::vector<std::uint64_t>{5, 4, 2}}) {
            std::vector<int> values;
            std::uint64_t count = 1;
            for (auto s : shape) count *= s;
            for (std::uint64_t i = 0; i < count; ++i)
                values.push_back(kind == 'b' ? int(i % 2) : int(i % 100));
            const std::string x =
                write("x.npy", npyBytes(d, fortran, shape,
                                        encode(kind, size, big, fortran, shape, values), version));
            const Dataset data = NpyLoader::load(x, labels(5));
            QCOMPARE(data.size(), Index(5));
            QCOMPARE(data.x.rows(), Index(count / 5));
            if (shape.size() == 3)
                QCOMPARE(data.inputShape, (Shape{4, 2}));
            else
                QCOMPARE(data.inputShape, Shape{3});
            for (std::uint64_t i = 0; i < count; ++i) QCOMPARE(data.x.data()[i], float(values[i]));
        }
    }

    void targetKinds() {
        const std::string x = write(
            "x.npy", npyBytes("<f4", false, {4, 2},
                              encode('f', 4, false, false, {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8})));
        // Class indices (N, 1) as uint8.
        const std::string idx = write(
            "yi.npy",
            npyBytes("|u1", false, {4, 1}, encode('u', 1, false, false, {4, 1}, {0, 2, 1, 2})));
        Dataset d = NpyLoader::load(x, idx);
        QCOMPARE(d.task, Task::Classification);
        QCOMPARE(d.classNames, (std::vector<std::string>{"0", "1", "2"}));
        QCOMPARE(d.labels, (std::vector<int>{0, 2, 1, 2}));
        // One-hot (N, K) as float64.
        const std::string oh = write(
            "yo.npy", npyBytes("<f8", false, {4, 2},
                               encode('f', 8, false, false, {4, 2}, {1, 0, 0, 1, 0, 1, 1, 0})));
        d = NpyLoader::load(x, oh);
        QCOMPARE(d.task, Task::Classification);
        QCOMPARE(d.labels, (std::vector<int>{0, 1, 1, 0}));
        QCOMPARE(d.numClasses(), Index(2));
        // Float targets with fractions: regression; forcing regression on indices works too.
        std::string data;
        for (double v : {0.5, -1.25, 3.0, 2.0}) append<double>(data, v, false);
        d = NpyLoader::load(x, write("yr.npy", npyBytes("<f8", false, {4}, data)));
        QCOMPARE(d.task, Task::Regression);
        QCOMPARE(d.y(0, 1), -1.25f);
        QCOMPARE(NpyLoader::load(x, idx, TaskMode::Regression).task, Task::Regression);
    }

    void targetsPerTimeStep() {
        // x (N, T, 1) with T = 3; y (N, T) class indices: one class per time step.
        const std::string x =
            write("xs.npy", npyBytes("<f4", false, {2, 3, 1},
                                     encode('f', 4, false, false, {2, 3, 1}, {1, 2, 3, 4, 5, 6})));
        const std::string idx =
            write("ys.npy", npyBytes("<i8", false, {2, 3},
                                     encode('i', 8, false, false, {2, 3}, {0, 2, 1, 1, 0, 0})));
        Dataset d = NpyLoader::load(x, idx);
        QCOMPARE(d.task, Task::Classification);
        QCOMPARE(d.targetShape, (Shape{3, 3}));
        QCOMPARE(d.steps(), Index(3));
        QCOMPARE(d.labels, (std::vector<int>{0, 2, 1, 1, 0, 0}));
        QCOMPARE(d.y.rows(), Index(9));  // (T * K) one-hot per sample, channels-last
        QCOMPARE(d.y(1 * 3 + 2, 0), 1.0f);
        QCOMPARE(d.y(2 * 3 + 1, 0), 1.0f);
        QCOMPARE(d.y.col(1).sum(), 3.0f);
        QCOMPARE(d.classCounts(), (std::vector<Index>{3, 2, 1}));  // time steps per class
        // A subset keeps each sample's steps together.
        const Dataset second = d.subset({1});
        QCOMPARE(second.labels, (std::vector<int>{1, 0, 0}));
        QCOMPARE(second.y.col(0), d.y.col(1));
        // (N, T, C) values: C regression targets per time step.
        const std::string values =
            write("yv.npy", npyBytes("<f8", false, {2, 3, 2},
                                     encode('f', 8, false, false, {2, 3, 2},
                                            {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13})));
        d = NpyLoader::load(x, values);
        QCOMPARE(d.task, Task::Regression);
        QCOMPARE(d.targetShape, (Shape{3, 2}));
        QCOMPARE(d.y(5, 1), 13.0f);
        // (N, T, K) one-hot rows: classes per time step.
        const std::string oneHot =
            write("yo3.npy", npyBytes("<f4", false, {2, 3, 2},
                                      encode('f', 4, false, false, {2, 3, 2},
                                             {1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0})));
        d = NpyLoader::load(x, oneHot);
        QCOMPARE(d.task, Task::Classification);
        QCOMPARE(d.labels, (std::vector<int>{0, 1, 1, 0, 0, 0}));
        // Forced regression: (N, T) stays T targets per sample, as before.
        d = NpyLoader::load(x, idx, TaskMode::Regression);
        QCOMPARE(d.task, Task::Regression);
        QVERIFY(!d.sequenceTargets());
        QCOMPARE(d.y.rows(), Index(3));
        // (N, T, C) targets whose T is not x's: one clear line naming both files.
        const std::string wrongT =
            write("yw.npy", npyBytes("<f4", false, {2, 2, 1},
                                     encode('f', 4, false, false, {2, 2, 1}, {1, 2, 3, 4})));
        const std::string err = errorOf([&] { NpyLoader::load(x, wrongT); });
        QVERIFY2(err.find("yw.npy (shape (2, 2, 1)): targets per time step need x shaped (N, 2, "
                          "channels)") != std::string::npos,
                 err.c_str());
        QVERIFY2(err.find("xs.npy (shape (2, 3, 1))") != std::string::npos, err.c_str());
        QVERIFY(err.find('\n') == std::string::npos);
    }

    void badInputs_data() {
        QTest::addColumn<QByteArray>("xBytes");
        QTest::addColumn<QByteArray>("yBytes");
        QTest::addColumn<QString>("fragment");
        const std::string y4 =
            npyBytes("<i4", false, {4}, encode('i', 4, false, false, {4}, {0, 1, 0, 1}));
        const std::string x4 = npyBytes(
            "<f4", false, {4, 2}, encode('f', 4, false, false, {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8}));
        auto qb = [](const std::string& s) { return QByteArray(s.data(), qsizetype(s.size())); };
        // A 1 KB file whose header claims 2 GB (and one whose sizes overflow 64 bits).
        std::string huge = npyBytes("<f4", false, {100000, 5000}, std::string(900, '\0'));
        QTest::newRow("2 GB shape in a 1 KB file")
            << qb(huge) << qb(y4)
            << "x.npy: truncated or damaged .npy file: shape (100000, 5000) of <f4 needs "
               "2,000,000,000 bytes of data but the file holds 900";
        QTest::newRow("overflowing shape")
            << qb(npyBytes("<f8", false, {4294967296ull, 4294967296ull}, "")) << qb(y4)
            << "x.npy: shape (4294967296, 4294967296) overflows 64 bits";
        QTest::newRow("truncated data") << qb(x4.substr(0, x4.size() - 3)) << qb(y4)
                                        << "needs 32 bytes of data but the file holds 29";
        QTest::newRow("truncated header")
            << qb(x4.substr(0, 40)) << qb(y4) << "x.npy: truncated .npy file";
        QTest::newRow("trailing bytes")
            << qb(x4 + "junk") << qb(y4) << "x.npy: damaged .npy file: 4 bytes follow the data";
        QTest::newRow("not npy") << QByteArray("a,b\n1,2\n") << qb(y4)
                                 << "x.npy: not a NumPy .npy file";
        QTest::newRow("version 4") << qb("\x93NUMPY\x04" + x4.substr(7)) << qb(y4)
                                   << ".npy format version 4.0 is not supported";
        QTest::newRow("complex dtype") << qb(npyBytes("<c8", false, {4, 2}, std::string(64, '\0')))
                                       << qb(y4) << "x.npy: unsupported dtype '<c8'";
        QTest::newRow("unicode dtype") << qb(npyBytes("<U5", false, {4, 2}, std::string(160, '\0')))
                                       << qb(y4) << "x.npy: unsupported dtype '<U5'";
        QTest::newRow("half float") << qb(npyBytes("<f2", false, {4, 2}, std::string(16, '\0')))
                                    << qb(y4) << "unsupported dtype '<f2'";
        QTest::newRow("structured dtype")
            << qb(npyBytes("<f4", false, {4, 2}, "").replace(10, 17, "{'descr': [('a', ")) << qb(y4)
            << "structured dtype";
        QTest::newRow("row mismatch")
            << qb(x4)
            << qb(npyBytes("<i4", false, {3}, encode('i', 4, false, false, {3}, {0, 1, 0})))
            << "x.npy has 4 samples (shape (4, 2)) but ";
        QTest::newRow("1-D x") << qb(npyBytes("<f4", false, {4},
                                              encode('f', 4, false, false, {4}, {1, 2, 3, 4})))
                               << qb(y4) << "x.npy (shape (4,)): one value per sample";
        QTest::newRow("one class")
            << qb(x4)
            << qb(npyBytes("<i4", false, {4}, encode('i', 4, false, false, {4}, {1, 1, 1, 1})))
            << "y.npy (shape (4,)): every sample has class 1";
        QTest::newRow("negative class")
            << qb(x4)
            << qb(npyBytes("<i4", false, {4}, encode('i', 4, false, false, {4}, {0, 1, -1, 1})))
            << "y.npy: element 2 is -1";
    }
    void badInputs() {
        QFETCH(QByteArray, xBytes);
        QFETCH(QByteArray, yBytes);
        QFETCH(QString, fragment);
        const std::string x = write("x.npy", xBytes.toStdString());
        const std::string y = write("y.npy", yBytes.toStdString());
        const std::string err = errorOf([&] { NpyLoader::load(x, y); });
        QVERIFY2(err.find(fragment.toStdString()) != std::string::npos, err.c_str());
        QVERIFY2(err.find('\n') == std::string::npos, "one line");
    }

    void hugeHeaderIsRefused() {
        // Version 2 headers have a 32-bit length: one claiming 1.5 MiB in a 2 MiB file.
        std::string bytes = std::string("\x93NUMPY\x02\x00", 8);
        const std::uint32_t len = 3u << 19;
        for (int k = 0; k < 4; ++k) bytes += char((len >> (8 * k)) & 0xff);
        bytes.append(std::size_t{2} << 20, ' ');
        const std::string x = write("big-header.npy", bytes);
        const std::string err = errorOf([&] { NpyLoader::load(x, labels(4)); });
        QVERIFY2(err.find("at most 1 MiB") != std::string::npos, err.c_str());
    }

    void progressIsReportedAndCancels() {
        // 600,000 x 8 float32 (19 MB, two 16 MB chunks) and int64 labels (two 1 MB blocks, 4.8 MB).
        const std::uint64_t n = 600000;
        const std::string x =
            write("big.npy", npyBytes("<f4", false, {n, 8}, std::string(n * 8 * 4, '\0')));
        const std::string y = labels(static_cast<int>(n));
        std::vector<double> seen;
        const Dataset d = NpyLoader::load(x, y, TaskMode::Auto, [&](double f) {
            seen.push_back(f);
            return true;
        });
        QCOMPARE(d.size(), Index(n));
        QVERIFY(seen.size() >= 4);
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QVERIFY(seen.front() > 0);
        QCOMPARE(seen.back(), 1.0);
        // Returning false stops the load at the next block with a clear error.
        int calls = 0;
        const std::string err = errorOf(
            [&] { NpyLoader::load(x, y, TaskMode::Auto, [&](double) { return ++calls < 2; }); });
        QCOMPARE(calls, 2);
        QVERIFY2(err.find("big.npy: loading was cancelled") != std::string::npos, err.c_str());
    }

    void directoryInPlaceOfAFile() {
        const std::string dir = m_files.dir();
        const std::string err = errorOf([&] { NpyLoader::load(dir, labels(4)); });
        QVERIFY2(err.find(": is a directory, not a file") != std::string::npos, err.c_str());
        QVERIFY(errorOf([&] {
                    NpyLoader::load(dir + "/missing.npy", labels(4));
                }).find("missing.npy: cannot open") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestNpyLoader)
#include "tst_npyloader.moc"
