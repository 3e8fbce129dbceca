#pragma once

#include <string>
#include <vector>

#include "core/data/csvoptions.h"
#include "core/data/dataset.h"

namespace byom {

/// Loads a CSV file into a Dataset: numeric feature columns plus one label column (the last
/// unless CsvOptions::label names another). Streams the file in blocks; features are parsed
/// with std::from_chars straight into float32 row chunks, which are copied into the (F x N)
/// matrix at the end (one sample per column), so peak memory stays near one copy of the data.
/// Text labels become class indices (see CsvOptions::classes for their order). Every problem
/// throws Error with one line naming file:line:column and the fix.
class CsvLoader {
public:
    static Dataset load(const std::string& path, const CsvOptions& options = {});

    /// The header rule of CsvOptions::Header::Auto: the first row is a header when one of its
    /// cells is not a number while the cell below it is (or, with no second row, has text).
    static bool looksLikeHeader(const std::vector<std::string>& first,
                                const std::vector<std::string>* second);
    /// Column names as the loader gives them: the header's cells, and "column N" (1-based) for
    /// every column without a header or with an empty header cell.
    static std::vector<std::string> columnNames(const std::vector<std::string>& first, bool header,
                                                std::size_t columns);
};

}  // namespace byom
