// Fuzzes the .npy reader: NpyHeader, NpyLoader::readAll and NpyLoader::load. An input holding a
// second "\x93NUMPY" magic is split there into the x file and the y file; otherwise the one file
// is both. Only byom::Error is expected; anything else is a finding.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/data/npyheader.h"
#include "core/data/npyloader.h"
#include "core/util/error.h"
#include "fuzz/fuzzfile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static byom::fuzz::FuzzFile xFile(".npy");
    static byom::fuzz::FuzzFile yFile(".npy");

    constexpr std::string_view kMagic("\x93NUMPY", 6);
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::size_t split = size > 0 ? bytes.find(kMagic, 1) : std::string_view::npos;
    const std::size_t xSize = split == std::string_view::npos ? size : split;
    const std::string& x = xFile.write(data, xSize);
    const std::string& y =
        split == std::string_view::npos ? x : yFile.write(data + split, size - split);

    try {
        byom::NpyHeader h;
        (void)byom::NpyLoader::readAll<float>(x, &h);
        (void)h.shapeString();
        (void)byom::NpyLoader::readAll<double>(x);
    } catch (const byom::Error&) {
    }
    for (byom::TaskMode task :
         {byom::TaskMode::Auto, byom::TaskMode::Classification, byom::TaskMode::Regression}) {
        try {
            (void)byom::NpyLoader::load(x, y, task);
        } catch (const byom::Error&) {
        }
    }
    return 0;
}
