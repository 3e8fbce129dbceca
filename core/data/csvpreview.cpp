#include "core/data/csvpreview.h"

#include <algorithm>

#include "core/data/csvloader.h"
#include "core/data/csvreader.h"
#include "core/util/error.h"

namespace byom {

CsvPreview CsvPreview::read(const std::string& path, char delimiter, CsvOptions::Header header,
                            int maxRows) {
    CsvReader reader(path, delimiter);
    std::vector<std::vector<std::string>> records;
    std::vector<std::string_view> fields;
    while (static_cast<int>(records.size()) <= maxRows && reader.next(fields))
        records.emplace_back(fields.begin(), fields.end());
    if (records.empty())
        throw Error(path + ": the file is empty; a CSV needs a header row and data rows");
    CsvPreview p;
    p.delimiter = reader.delimiter();
    p.header = header == CsvOptions::Header::Yes ||
               (header == CsvOptions::Header::Auto &&
                CsvLoader::looksLikeHeader(records[0], records.size() > 1 ? &records[1] : nullptr));
    std::size_t columns = 0;
    for (const auto& r : records) columns = std::max(columns, r.size());
    p.names = CsvLoader::columnNames(records[0], p.header, columns);
    p.rows.assign(std::make_move_iterator(records.begin() + (p.header ? 1 : 0)),
                  std::make_move_iterator(records.end()));
    if (static_cast<int>(p.rows.size()) > maxRows) p.rows.resize(static_cast<std::size_t>(maxRows));
    return p;
}

}  // namespace byom
