#include "core/data/csvloader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include "core/data/csvreader.h"
#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool isMissingToken(std::string_view s) {
    return s.empty() || s == "NA" || s == "N/A" || s == "NaN" || s == "nan" || s == "NAN" ||
           s == "null" || s == "NULL" || s == "None" || s == "?";
}

enum class Cell { Ok, Missing, NotNumber, NotFinite, OutOfRange };

/// Parses a cell as a finite float: from_chars on the raw text first (the common case), then
/// with surrounding blanks and a leading '+' removed.
Cell parseCell(std::string_view text, float& value) {
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty() &&
        std::isfinite(value))
        return Cell::Ok;
    std::string_view s = trim(text);
    if (isMissingToken(s)) return Cell::Missing;
    if (s.size() > 1 && s.front() == '+' && s[1] != '-') s.remove_prefix(1);
    auto [p2, ec2] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec2 == std::errc::result_out_of_range && p2 == s.data() + s.size()) return Cell::OutOfRange;
    if (ec2 != std::errc() || p2 != s.data() + s.size()) return Cell::NotNumber;
    return std::isfinite(value) ? Cell::Ok : Cell::NotFinite;
}

std::string shown(std::string_view s) {
    constexpr std::size_t kMax = 40;
    if (s.size() > kMax) return "'" + printable(s.substr(0, kMax)) + "...'";
    return "'" + printable(s) + "'";
}

std::string formatNumber(float v) {
    char buf[32];
    auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, ptr) : std::to_string(v);
}

/// The feature matrix filled one sample (column) at a time while the file streams. Its
/// capacity is estimated from the file size and grown by 1.5x when short; Eigen resizes the
/// column count with realloc, which large blocks satisfy by remapping pages instead of
/// copying, and untouched capacity costs no memory, so the peak stays near the final matrix.
class RowMatrix {
public:
    RowMatrix(Index width, Index capacity) : m_x(width, std::max<Index>(16, capacity)) {}

    float* append() {
        if (m_rows == m_x.cols()) m_x.conservativeResize(m_x.rows(), m_x.cols() + m_x.cols() / 2);
        return m_x.col(m_rows++).data();
    }
    void dropLast() { --m_rows; }
    Index rows() const { return m_rows; }
    Index capacity() const { return m_x.cols(); }

    void moveInto(Mat<float>& x) {
        m_x.conservativeResize(m_x.rows(), m_rows);
        x.swap(m_x);
    }

private:
    Mat<float> m_x;
    Index m_rows = 0;
};

/// The label column while it streams: numbers until a cell is not one, then class names.
class LabelColumn {
public:
    LabelColumn(const CsvOptions& options, const std::string& file, std::size_t column)
        : m_options(options), m_file(file), m_column(column) {}

    void add(std::string_view text, long long line) {
        if (m_numeric) {
            float v = 0;
            if (parseCell(text, v) == Cell::Ok) {
                m_values.push_back(v);
                if (v != std::floor(v) || std::fabs(v) > 1e7f) m_allIntegers = false;
                if (!m_tooManyValues && (m_values.size() == 1 || v != m_lastValue)) {
                    m_distinct.insert(v);
                    if (m_distinct.size() > CsvOptions::kMaxClasses) m_tooManyValues = true;
                }
                m_lastValue = v;
                return;
            }
            if (m_options.task == TaskMode::Regression)
                throw Error(where(line) + ": " + shown(text) +
                            " is not a number; task=regression needs numeric targets");
            switchToText();
        }
        const std::string_view name = trim(text);
        if (m_indices.empty() || name != m_names[static_cast<std::size_t>(m_lastIndex)]) {
            auto it = m_lookup.find(name);
            if (it == m_lookup.end()) {
                if (m_names.size() >= CsvOptions::kMaxClasses)
                    throw Error(where(line) + ": more than " +
                                std::to_string(CsvOptions::kMaxClasses) +
                                " distinct labels; is the label column right? (label=NAME)");
                it = m_lookup.emplace(std::string(name), static_cast<int>(m_names.size())).first;
                m_names.emplace_back(name);
            }
            m_lastIndex = it->second;
        }
        m_indices.push_back(m_lastIndex);
    }

    void reserve(Index rows) { m_values.reserve(static_cast<std::size_t>(rows)); }

    /// One of several label columns (regression targets, numbers only): its values as row
    /// `row` of the targets.
    void finishTarget(Mat<float>& y, Index row) {
        y.row(row) = Eigen::Map<const Eigen::RowVectorXf>(m_values.data(), y.cols());
        m_values = {};
    }

    /// Sets task, y, labels and class names on `d`.
    void finish(Dataset& d, const std::string& file, const std::string& column) {
        const bool classify =
            !m_numeric || m_options.task == TaskMode::Classification ||
            (m_options.task == TaskMode::Auto && m_allIntegers && !m_tooManyValues &&
             m_distinct.size() <= static_cast<std::size_t>(CsvOptions::kMaxAutoClasses));
        if (!classify) {
            d.task = Task::Regression;
            d.y = Eigen::Map<const Mat<float>>(m_values.data(), 1,
                                               static_cast<Index>(m_values.size()));
            m_values = {};
            return;
        }
        d.task = Task::Classification;
        if (m_numeric) {
            if (m_tooManyValues)
                throw Error(file + ": the label column \"" + column + "\" has more than " +
                            std::to_string(CsvOptions::kMaxClasses) +
                            " distinct values, too many classes; use task=regression");
            const std::vector<float> sorted(m_distinct.begin(), m_distinct.end());
            for (float v : sorted) d.classNames.push_back(formatNumber(v));
            d.labels.reserve(m_values.size());
            for (float v : m_values)
                d.labels.push_back(static_cast<int>(
                    std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin()));
            m_values = {};
        } else {
            d.classNames = m_names;
            d.labels = std::move(m_indices);
            if (m_options.classes == CsvOptions::ClassOrder::Sorted) {
                std::vector<int> order(m_names.size());
                for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
                std::sort(order.begin(), order.end(),
                          [&](int a, int b) { return m_names[a] < m_names[b]; });
                std::vector<int> rank(order.size());
                for (std::size_t k = 0; k < order.size(); ++k) {
                    rank[static_cast<std::size_t>(order[k])] = static_cast<int>(k);
                    d.classNames[k] = m_names[static_cast<std::size_t>(order[k])];
                }
                for (int& l : d.labels) l = rank[static_cast<std::size_t>(l)];
            }
        }
        if (d.classNames.size() < 2)
            throw Error(file + ": the label column \"" + column + "\" has one class only (" +
                        (d.classNames.empty() ? std::string("none") : shown(d.classNames[0])) +
                        "); a classifier needs at least 2 (is label= the right column?)");
        d.oneHotFromLabels();
    }

private:
    // A non-number after numbers: the numbers seen so far become class names too.
    std::string where(long long line) const {
        return m_file + ":" + std::to_string(line) + ":" + std::to_string(m_column + 1);
    }

    void switchToText() {
        m_numeric = false;
        for (float v : m_values) {
            const std::string name = formatNumber(v);
            auto it = m_lookup.find(name);
            if (it == m_lookup.end()) {
                it = m_lookup.emplace(name, static_cast<int>(m_names.size())).first;
                m_names.push_back(name);
            }
            m_indices.push_back(it->second);
        }
        m_values = {};
        m_distinct.clear();
    }

    const CsvOptions& m_options;
    const std::string& m_file;
    std::size_t m_column;
    bool m_numeric = true;
    bool m_allIntegers = true;
    bool m_tooManyValues = false;
    std::vector<float> m_values;
    std::set<float> m_distinct;
    float m_lastValue = 0;
    std::vector<int> m_indices;
    std::vector<std::string> m_names;
    std::map<std::string, int, std::less<>> m_lookup;
    int m_lastIndex = 0;
};

std::size_t labelColumn(const std::string& want, const std::vector<std::string>& names, bool header,
                        const std::string& file) {
    if (want.empty()) return names.size() - 1;
    if (header)
        for (std::size_t c = 0; c < names.size(); ++c)
            if (names[c] == want) return c;
    long long index = 0;
    auto [ptr, ec] = std::from_chars(want.data(), want.data() + want.size(), index);
    const long long n = static_cast<long long>(names.size());
    if (ec == std::errc() && ptr == want.data() + want.size()) {
        if (index < 0) index += n;
        if (index >= 0 && index < n) return static_cast<std::size_t>(index);
        throw Error(file + ": label=" + want + ": the file has " + std::to_string(n) +
                    " columns (indices 0 to " + std::to_string(n - 1) + ", or -1 for the last)");
    }
    std::string msg = file + ":1: label=" + want + ": no such column";
    const std::string near = header ? nearest(want, names) : std::string();
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    if (!header) msg += "; the file has no header row, give label=INDEX (0-based)";
    throw Error(msg + " (columns: " + join(names, ", ") + ")");
}

/// The label columns: label=COL, or several regression targets label=A,B,C (a column whose
/// name holds the commas wins).
std::vector<std::size_t> labelColumns(const CsvOptions& options,
                                      const std::vector<std::string>& names, bool header,
                                      const std::string& file) {
    const std::string& want = options.label;
    if (want.find(',') == std::string::npos ||
        (header && std::find(names.begin(), names.end(), want) != names.end()))
        return {labelColumn(want, names, header, file)};
    if (options.task == TaskMode::Classification)
        throw Error(file + ": label=" + want +
                    ": several label columns are regression targets; a classifier takes one "
                    "label column");
    std::vector<std::size_t> columns;
    for (const std::string& one : split(want, ',')) {
        const std::size_t c = labelColumn(std::string(trim(one)), names, header, file);
        if (std::find(columns.begin(), columns.end(), c) != columns.end())
            throw Error(file + ": label=" + want + ": column \"" + names[c] + "\" is given twice");
        columns.push_back(c);
    }
    if (columns.size() >= names.size())
        throw Error(file + ": label=" + want +
                    ": every column is a label; a CSV needs feature columns too");
    return columns;
}

std::string cellError(Cell cell, std::string_view text, const std::string& column) {
    switch (cell) {
        case Cell::Missing:
            return (trim(text).empty() ? std::string("empty cell")
                                       : shown(trim(text)) + " (a missing value)") +
                   " in column \"" + column +
                   "\"; fill it, or load with missing=drop or missing=mean";
        case Cell::NotFinite:
            return shown(trim(text)) + " is not a finite number in column \"" + column +
                   "\"; fix the cell, or load with missing=drop or missing=mean";
        case Cell::OutOfRange:
            return shown(trim(text)) + " is out of float32 range in column \"" + column + "\"";
        default: {
            std::string msg = shown(text) + " is not a number in column \"" + column + "\"";
            if (text.find(',') != std::string_view::npos)
                msg += " (decimal commas are not supported: write 5.1, not 5,1)";
            return msg + "; fix the cell, or load with missing=drop or missing=mean";
        }
    }
}

}  // namespace

bool CsvLoader::looksLikeHeader(const std::vector<std::string>& first,
                                const std::vector<std::string>* second) {
    float v = 0;
    for (std::size_t c = 0; c < first.size(); ++c) {
        const Cell a = parseCell(first[c], v);
        if (a == Cell::Ok || trim(first[c]).empty()) continue;
        if (!second) return true;
        if (c < second->size() && parseCell((*second)[c], v) == Cell::Ok) return true;
    }
    return false;
}

std::vector<std::string> CsvLoader::columnNames(const std::vector<std::string>& first, bool header,
                                                std::size_t columns) {
    std::vector<std::string> names(columns);
    for (std::size_t c = 0; c < columns; ++c)
        names[c] = header && c < first.size() && !first[c].empty()
                       ? first[c]
                       : "column " + std::to_string(c + 1);
    return names;
}

Dataset CsvLoader::load(const std::string& path, const CsvOptions& options) {
    CsvReader reader(path, options.delimiter);
    std::vector<std::string_view> fields;
    if (!reader.next(fields))
        throw Error(path + ": the file is empty; a CSV needs a header row and data rows");
    const long long firstLine = reader.line();
    const std::uint64_t afterFirst = reader.consumed();
    const std::vector<std::string> first(fields.begin(), fields.end());
    const bool hasSecond = reader.next(fields);
    const std::vector<std::string> second(fields.begin(), fields.end());
    const long long secondLine = reader.line();
    const std::uint64_t afterSecond = reader.consumed();

    const bool header = options.header == CsvOptions::Header::Yes ||
                        (options.header == CsvOptions::Header::Auto &&
                         looksLikeHeader(first, hasSecond ? &second : nullptr));
    const std::size_t ncols = first.size();
    if (ncols < 2) {
        const char d = reader.delimiter();
        throw Error(path + ":" + std::to_string(firstLine) + ": found one column with delimiter " +
                    (d == '\t' ? std::string("tab") : "'" + std::string(1, d) + "'") +
                    "; a CSV needs feature columns and a label column (set delimiter=, ; or tab)");
    }
    std::vector<std::string> names = columnNames(first, header, ncols);
    if (header && !hasSecond)
        throw Error(path + ":" + std::to_string(firstLine) +
                    ": only a header row, no data rows; add rows of numbers below it");
    const std::vector<std::size_t> labelCols = labelColumns(options, names, header, path);
    std::vector<bool> isLabel(ncols, false);
    for (std::size_t c : labelCols) isLabel[c] = true;

    const Index width = static_cast<Index>(ncols - labelCols.size());
    // Rows expected: the file size over the second row's size, with a margin.
    std::error_code sizeError;
    const auto fileSize = std::filesystem::file_size(path, sizeError);
    const double rowBytes =
        static_cast<double>(std::max<std::uint64_t>(1, afterSecond - afterFirst));
    const Index capacity =
        sizeError || !hasSecond
            ? 16
            : static_cast<Index>(1.1 * static_cast<double>(fileSize - afterFirst) / rowBytes);
    RowMatrix rows(width, capacity);
    // Several label columns are regression targets: numbers only.
    CsvOptions targetOptions = options;
    if (labelCols.size() > 1) targetOptions.task = TaskMode::Regression;
    std::vector<LabelColumn> labels;
    labels.reserve(labelCols.size());
    for (std::size_t c : labelCols) {
        labels.emplace_back(targetOptions, path, c);
        labels.back().reserve(capacity);
    }
    std::vector<Index> missing(static_cast<std::size_t>(width), 0);
    Index dropped = 0;
    const bool fill = options.missing == CsvOptions::Missing::Mean;
    const bool drop = options.missing == CsvOptions::Missing::Drop;
    const std::string shapeOrigin = header ? "the header" : "line " + std::to_string(firstLine);

    auto where = [&](long long line, std::size_t col) {
        return path + ":" + std::to_string(line) + ":" + std::to_string(col + 1);
    };
    auto addRow = [&](const auto& cells, long long line) {
        if (cells.size() != ncols)
            throw Error(path + ":" + std::to_string(line) + ": expected " + std::to_string(ncols) +
                        " fields as in " + shapeOrigin + ", got " + std::to_string(cells.size()) +
                        " (quote values that contain the delimiter)");
        float* out = rows.append();
        bool dropRow = false;
        for (std::size_t c = 0, f = 0; c < ncols; ++c) {
            if (isLabel[c]) continue;
            const Cell cell = parseCell(cells[c], out[f]);
            if (cell != Cell::Ok) {
                if (drop) {
                    ++missing[f];
                    dropRow = true;
                } else if (fill) {
                    ++missing[f];
                    out[f] = std::numeric_limits<float>::quiet_NaN();
                } else {
                    throw Error(where(line, c) + ": " + cellError(cell, cells[c], names[c]));
                }
            }
            ++f;
        }
        for (std::size_t c : labelCols) {
            if (dropRow || !isMissingToken(trim(cells[c]))) continue;
            if (!drop)
                throw Error(where(line, c) + ": the label is missing in column \"" + names[c] +
                            "\"; fill it, or load with missing=drop");
            dropRow = true;
        }
        if (dropRow) {
            rows.dropLast();
            ++dropped;
            return;
        }
        for (std::size_t k = 0; k < labelCols.size(); ++k) labels[k].add(cells[labelCols[k]], line);
    };

    if (!header) addRow(first, firstLine);
    if (hasSecond) addRow(second, secondLine);
    for (long long n = 1; reader.next(fields); ++n) {
        addRow(fields, reader.line());
        if (options.progress && n % 4096 == 0 && !options.progress(reader.consumed()))
            throw Error(path + ": loading was cancelled");
    }

    if (rows.rows() == 0)
        throw Error(path + ": every one of the " + std::to_string(dropped) +
                    " data rows had a missing value and was dropped (missing=drop)");

    Dataset d;
    d.name = std::filesystem::path(path).filename().string();
    d.inputShape = Shape{width};
    for (std::size_t c = 0; c < ncols; ++c)
        if (!isLabel[c]) d.featureNames.push_back(names[c]);
    rows.moveInto(d.x);
    if (fill) {
        for (Index f = 0; f < width; ++f) {
            if (missing[static_cast<std::size_t>(f)] == 0) continue;
            double sum = 0;
            Index count = 0;
            for (Index j = 0; j < d.x.cols(); ++j)
                if (!std::isnan(d.x(f, j))) sum += d.x(f, j), ++count;
            if (count == 0)
                throw Error(path + ": column \"" + d.featureNames[static_cast<std::size_t>(f)] +
                            "\" has no numbers at all, so missing=mean has nothing to fill with");
            const float mean = static_cast<float>(sum / static_cast<double>(count));
            for (Index j = 0; j < d.x.cols(); ++j)
                if (std::isnan(d.x(f, j))) d.x(f, j) = mean;
        }
    }
    if (labels.size() == 1) {
        labels[0].finish(d, path, names[labelCols[0]]);
    } else {
        d.task = Task::Regression;
        d.y.resize(static_cast<Index>(labels.size()), d.x.cols());
        for (std::size_t k = 0; k < labels.size(); ++k)
            labels[k].finishTarget(d.y, static_cast<Index>(k));
    }
    d.missing = std::move(missing);
    d.droppedRows = dropped;
    return d;
}

}  // namespace byom
