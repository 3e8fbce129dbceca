// Fuzzes CsvLoader (and CsvReader under it) with arbitrary bytes as a CSV file, under a few
// option sets. Only byom::Error (every problem the loader reports) is expected; any other
// exception, crash or sanitizer report is a finding.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/data/csvloader.h"
#include "core/data/csvreader.h"
#include "core/util/error.h"
#include "fuzz/fuzzfile.h"

namespace {

using byom::CsvOptions;

std::vector<CsvOptions> optionSets() {
    std::vector<CsvOptions> sets(4);
    // sets[0]: the defaults (auto header, task and delimiter; last column is the label).
    sets[1].missing = CsvOptions::Missing::Mean;
    sets[1].classes = CsvOptions::ClassOrder::Sorted;
    sets[1].label = "0";
    sets[2].missing = CsvOptions::Missing::Drop;
    sets[2].header = CsvOptions::Header::No;
    sets[2].task = byom::TaskMode::Regression;
    sets[2].delimiter = ';';
    sets[3].header = CsvOptions::Header::Yes;
    sets[3].task = byom::TaskMode::Classification;
    sets[3].label = "label";
    return sets;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static byom::fuzz::FuzzFile file(".csv");
    static const std::vector<CsvOptions> sets = optionSets();
    const std::string& path = file.write(data, size);

    try {
        byom::CsvReader reader(path);
        std::vector<std::string_view> fields;
        while (reader.next(fields)) {
        }
    } catch (const byom::Error&) {
    }
    for (const CsvOptions& options : sets) {
        try {
            const byom::Dataset d = byom::CsvLoader::load(path, options);
            (void)d;
        } catch (const byom::Error&) {
        }
    }
    return 0;
}
