#pragma once

#include <string>

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
};

}  // namespace byom
