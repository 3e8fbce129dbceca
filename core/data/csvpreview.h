#pragma once

#include <string>
#include <vector>

#include "core/data/csvoptions.h"

namespace byom {

/// The first rows of a CSV file as CsvLoader would read them: the delimiter it detects (or the
/// one given), whether the first row is a header by the loader's rule, the column names it
/// would use (so a label chosen by name is found), and the data rows' cells as text. Reads only
/// the start of the file; an empty file or a record the reader refuses throws Error.
struct CsvPreview {
    char delimiter = ',';
    bool header = false;
    std::vector<std::string> names;
    std::vector<std::vector<std::string>> rows;  // up to maxRows data rows, header excluded

    static CsvPreview read(const std::string& path, char delimiter = 0,
                           CsvOptions::Header header = CsvOptions::Header::Auto, int maxRows = 20);
};

}  // namespace byom
