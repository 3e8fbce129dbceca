#include "core/data/npyloader.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "core/util/error.h"
#include "core/util/hugepages.h"

namespace byom {

namespace {

template <typename Raw>
Raw load(const unsigned char* p, bool swap) {
    unsigned char b[sizeof(Raw)];
    if (swap)
        for (std::size_t i = 0; i < sizeof(Raw); ++i) b[i] = p[sizeof(Raw) - 1 - i];
    else
        std::memcpy(b, p, sizeof(Raw));
    Raw v;
    std::memcpy(&v, b, sizeof(Raw));
    return v;
}

template <typename T>
T element(const NpyHeader& h, const unsigned char* p) {
    const bool s = h.bigEndian;
    switch (h.kind) {
        case 'f':
            return h.itemSize == 4 ? static_cast<T>(load<float>(p, s))
                                   : static_cast<T>(load<double>(p, s));
        case 'b':
            return static_cast<T>(p[0] != 0);
        case 'i':
            switch (h.itemSize) {
                case 1:
                    return static_cast<T>(load<std::int8_t>(p, s));
                case 2:
                    return static_cast<T>(load<std::int16_t>(p, s));
                case 4:
                    return static_cast<T>(load<std::int32_t>(p, s));
                default:
                    return static_cast<T>(load<std::int64_t>(p, s));
            }
        default:
            switch (h.itemSize) {
                case 1:
                    return static_cast<T>(load<std::uint8_t>(p, s));
                case 2:
                    return static_cast<T>(load<std::uint16_t>(p, s));
                case 4:
                    return static_cast<T>(load<std::uint32_t>(p, s));
                default:
                    return static_cast<T>(load<std::uint64_t>(p, s));
            }
    }
}

/// Walks the C-order position of consecutive Fortran-order elements (first index fastest).
class FortranCursor {
public:
    explicit FortranCursor(const std::vector<std::uint64_t>& shape)
        : m_shape(shape), m_index(shape.size(), 0), m_stride(shape.size(), 1) {
        for (std::size_t k = shape.size(); k-- > 1;) m_stride[k - 1] = m_stride[k] * shape[k];
    }
    std::uint64_t position() const { return m_pos; }
    void advance() {
        for (std::size_t k = 0; k < m_shape.size(); ++k) {
            m_pos += m_stride[k];
            if (++m_index[k] < m_shape[k]) return;
            m_pos -= m_stride[k] * m_shape[k];
            m_index[k] = 0;
        }
    }

private:
    std::vector<std::uint64_t> m_shape, m_index, m_stride;
    std::uint64_t m_pos = 0;
};

std::string describe(const std::string& path, const NpyHeader& h) {
    return path + " (shape " + h.shapeString() + ")";
}

/// Regression targets: `k` values per sample, already in the engine's column order.
Dataset finishRegression(Dataset& d, const std::vector<double>& y, Index k, Index n) {
    d.task = Task::Regression;
    d.y.resize(k, n);
    for (std::size_t i = 0; i < y.size(); ++i) d.y.data()[i] = static_cast<float>(y[i]);
    return std::move(d);
}

}  // namespace

template <typename T>
void NpyLoader::readInto(const std::string& path, const NpyHeader& h, T* out,
                         const std::function<bool(std::uint64_t bytes)>& read) {
    auto report = [&](std::uint64_t bytes) {
        if (read && !read(bytes)) throw Error(path + ": loading was cancelled");
    };
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(h.dataOffset));
    const std::size_t item = static_cast<std::size_t>(h.itemSize);
    if (!h.fortranOrder && !h.bigEndian && h.kind == 'f' && item == sizeof(T)) {
        // The file's bytes are already the matrix: read them in place, no conversion.
        constexpr std::uint64_t kChunk = (std::uint64_t{1} << 24) / sizeof(T);
        for (std::uint64_t done = 0; done < h.count; done += kChunk) {
            const std::uint64_t n = std::min<std::uint64_t>(kChunk, h.count - done);
            const auto bytes = static_cast<std::streamsize>(n * sizeof(T));
            in.read(reinterpret_cast<char*>(out + done), bytes);
            if (in.gcount() != bytes)
                throw Error(path + ": read error after " + std::to_string(done) +
                            " elements (file changed?)");
            report(static_cast<std::uint64_t>(bytes));
        }
        return;
    }
    const std::size_t perBlock = (std::size_t{1} << 20) / item;
    std::vector<unsigned char> block(perBlock * item);
    FortranCursor cursor(h.shape);
    std::uint64_t done = 0;
    while (done < h.count) {
        const std::size_t n =
            static_cast<std::size_t>(std::min<std::uint64_t>(perBlock, h.count - done));
        in.read(reinterpret_cast<char*>(block.data()), static_cast<std::streamsize>(n * item));
        if (in.gcount() != static_cast<std::streamsize>(n * item))
            throw Error(path + ": read error after " + std::to_string(done) +
                        " elements (file changed?)");
        if (!h.fortranOrder) {
            for (std::size_t i = 0; i < n; ++i)
                out[done + i] = element<T>(h, block.data() + i * item);
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                out[cursor.position()] = element<T>(h, block.data() + i * item);
                cursor.advance();
            }
        }
        report(n * item);
        done += n;
    }
}

template <typename T>
std::vector<T> NpyLoader::readAll(const std::string& path, NpyHeader* header) {
    const NpyHeader h = NpyHeader::read(path);
    std::vector<T> out(static_cast<std::size_t>(h.count));
    readInto(path, h, out.data());
    if (header) *header = h;
    return out;
}

template void NpyLoader::readInto<float>(const std::string&, const NpyHeader&, float*,
                                         const std::function<bool(std::uint64_t)>&);
template void NpyLoader::readInto<double>(const std::string&, const NpyHeader&, double*,
                                          const std::function<bool(std::uint64_t)>&);
template std::vector<float> NpyLoader::readAll<float>(const std::string&, NpyHeader*);
template std::vector<double> NpyLoader::readAll<double>(const std::string&, NpyHeader*);

Dataset NpyLoader::load(const std::string& xPath, const std::string& yPath, TaskMode task,
                        const Progress& progress) {
    const NpyHeader hx = NpyHeader::read(xPath);
    const NpyHeader hy = NpyHeader::read(yPath);
    if (hx.shape.size() == 1)
        throw Error(describe(xPath, hx) +
                    ": one value per sample; save it as (N, 1), e.g. "
                    "numpy.save(path, x.reshape(-1, 1))");
    if (hx.shape.size() != 2 && hx.shape.size() != 3)
        throw Error(describe(xPath, hx) +
                    ": x must have shape (N, features) or (N, length, channels)");
    if (hy.shape.empty() || hy.shape.size() > 3)
        throw Error(describe(yPath, hy) +
                    ": y must have shape (N,), (N, 1) or (N, K), or (N, T) / (N, T, C) for "
                    "targets per time step");
    if (hy.shape.size() == 3 && (hx.shape.size() != 3 || hx.shape[1] != hy.shape[1]))
        throw Error(describe(yPath, hy) + ": targets per time step need x shaped (N, " +
                    std::to_string(hy.shape[1]) +
                    ", channels), one target row per time step, but " + describe(xPath, hx) +
                    " is not; save x as (N, T, channels) and y as (N, T) "
                    "class indices or (N, T, C) values with the same T");
    if (hx.count == 0 || hx.shape[0] == 0)
        throw Error(describe(xPath, hx) + ": no samples (an empty dimension)");
    if (hx.shape[0] != hy.shape[0])
        throw Error(xPath + " has " + std::to_string(hx.shape[0]) + " samples (shape " +
                    hx.shapeString() + ") but " + yPath + " has " + std::to_string(hy.shape[0]) +
                    " (shape " + hy.shapeString() + "); x and y must match row for row");
    if (hy.count == 0) throw Error(describe(yPath, hy) + ": no targets (an empty dimension)");

    Dataset d;
    d.name = std::filesystem::path(xPath).filename().string();
    const auto n = static_cast<Index>(hx.shape[0]);
    const auto features = static_cast<Index>(hx.count / hx.shape[0]);
    d.inputShape = hx.shape.size() == 2
                       ? Shape{features}
                       : Shape{static_cast<Index>(hx.shape[1]), static_cast<Index>(hx.shape[2])};
    d.x.resize(features, n);
    adviseHugePages(d.x.data(), static_cast<std::size_t>(d.x.size()) * sizeof(float));
    const double total = static_cast<double>(hx.count * hx.itemSize + hy.count * hy.itemSize);
    std::uint64_t bytesRead = 0;
    std::function<bool(std::uint64_t)> read;
    if (progress)
        read = [&](std::uint64_t bytes) {
            bytesRead += bytes;
            return progress(static_cast<double>(bytesRead) / total);
        };
    readInto(xPath, hx, d.x.data(), read);  // C order (N, ...) is exactly (F x N) column-major

    std::vector<double> y(static_cast<std::size_t>(hy.count));
    readInto(yPath, hy, y.data(), read);
    // Per time step: (N, T, C) values or one-hot rows, or (N, T) class indices where T is x's
    // length. Inspected as (N * T) rows of C.
    const bool perStep = hy.shape.size() == 3 || (hx.shape.size() == 3 && hy.shape.size() == 2 &&
                                                  hy.shape[1] == hx.shape[1] && hy.shape[1] > 1 &&
                                                  task != TaskMode::Regression);
    const auto steps = static_cast<Index>(perStep ? hy.shape[1] : 1);
    const auto k = static_cast<Index>(hy.shape.size() == 3   ? hy.shape[2]
                                      : perStep              ? 1
                                      : hy.shape.size() == 2 ? hy.shape[1]
                                                             : 1);
    const Index rows = n * steps;
    const bool integral = hy.kind != 'f';
    bool wholeNumbers = true, oneHot = k > 1;
    double maxValue = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (!std::isfinite(y[i]))
            throw Error(yPath + ": element " + std::to_string(i) + " is not a finite number");
        if (y[i] != std::floor(y[i]) || y[i] < 0) wholeNumbers = false;
        if (y[i] != 0 && y[i] != 1) oneHot = false;
        maxValue = std::max(maxValue, y[i]);
    }
    if (oneHot)
        for (Index j = 0; j < rows && oneHot; ++j) {
            double sum = 0;
            for (Index c = 0; c < k; ++c) sum += y[static_cast<std::size_t>(j * k + c)];
            oneHot = sum == 1;
        }
    if (perStep && hy.shape.size() == 2 && task == TaskMode::Auto && !integral &&
        !(wholeNumbers && maxValue < 20)) {
        // (N, T) floats that are not class indices: T regression targets per sample, as before.
        return finishRegression(d, y, static_cast<Index>(hy.shape[1]), n);
    }
    if (perStep) d.targetShape = Shape{steps, k};
    const bool indices = k == 1 && (integral || (wholeNumbers && maxValue < 20));
    const bool classify =
        task == TaskMode::Classification || (task == TaskMode::Auto && (indices || oneHot));
    if (!classify) return finishRegression(d, y, k * steps, n);
    d.task = Task::Classification;
    d.labels.resize(static_cast<std::size_t>(rows));
    int classes = 0;
    if (k > 1) {
        if (!oneHot)
            throw Error(describe(yPath, hy) +
                        ": task=classification with (N, K) targets needs "
                        "one-hot rows (one 1, the rest 0)");
        classes = static_cast<int>(k);
        for (Index j = 0; j < rows; ++j)
            for (Index c = 0; c < k; ++c)
                if (y[static_cast<std::size_t>(j * k + c)] == 1)
                    d.labels[static_cast<std::size_t>(j)] = static_cast<int>(c);
    } else {
        for (std::size_t i = 0; i < y.size(); ++i)
            if (y[i] != std::floor(y[i]) || y[i] < 0 || y[i] >= 1000)
                throw Error(yPath + ": element " + std::to_string(i) + " is " +
                            std::to_string(y[i]) +
                            "; class indices must be whole numbers 0..999 (use task=regression "
                            "for numeric targets)");
        classes = static_cast<int>(maxValue) + 1;
        for (std::size_t i = 0; i < y.size(); ++i) d.labels[i] = static_cast<int>(y[i]);
    }
    for (int c = 0; c < classes; ++c) d.classNames.push_back(std::to_string(c));
    if (perStep) d.targetShape = Shape{steps, static_cast<Index>(classes)};
    const std::vector<Index> counts = d.classCounts();
    if (std::count_if(counts.begin(), counts.end(), [](Index n) { return n > 0; }) < 2)
        throw Error(describe(yPath, hy) + ": every sample has class " +
                    std::to_string(d.labels.front()) + "; a classifier needs at least 2 classes");
    d.oneHotFromLabels();
    return d;
}

}  // namespace byom
