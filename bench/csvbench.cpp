// Times CsvLoader on one file in a fresh process and reports its peak memory, so the
// benchmark script can compare it with pandas.read_csv side by side.
//   csvbench load FILE                  -> one JSON line: rows, features, seconds, peak RSS
//   csvbench generate ROWS COLS FILE    -> a numeric CSV with COLS features and a class label
//   csvbench npy X.npy Y.npy            -> the same JSON line for NpyLoader

#include <sys/resource.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "core/data/csvloader.h"
#include "core/data/npyloader.h"
#include "core/util/error.h"
#include "core/util/rng.h"

namespace {

long peakRssKb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // kilobytes on Linux
}

int generate(long rows, int cols, const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) {
        std::cerr << path << ": cannot create\n";
        return 1;
    }
    std::string line;
    for (int c = 0; c < cols; ++c) line += "f" + std::to_string(c) + ",";
    line += "label\n";
    std::fputs(line.c_str(), f);
    byom::Rng rng(42);
    char buf[32];
    for (long r = 0; r < rows; ++r) {
        line.clear();
        for (int c = 0; c < cols; ++c) {
            const double v = rng.normal(0.0, 10.0);
            auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 7);
            line.append(buf, ptr);
            line += ',';
        }
        line += std::to_string(rng.below(4));
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), f);
    }
    return std::fclose(f) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "generate" && argc == 5)
        return generate(std::stol(argv[2]), std::stoi(argv[3]), argv[4]);
    const bool npy = mode == "npy" && argc == 4;
    if (!npy && (mode != "load" || argc != 3)) {
        std::cerr << "usage: csvbench load FILE | csvbench npy X.npy Y.npy | "
                     "csvbench generate ROWS COLS FILE\n";
        return 2;
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        const byom::Dataset d =
            npy ? byom::NpyLoader::load(argv[2], argv[3]) : byom::CsvLoader::load(argv[2]);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const long long xBytes = static_cast<long long>(d.x.size()) * 4;
        const long long yBytes =
            static_cast<long long>(d.y.size()) * 4 + static_cast<long long>(d.labels.size()) * 4;
        std::cout << "{\"rows\": " << d.size() << ", \"features\": " << d.x.rows()
                  << ", \"classes\": " << d.numClasses() << ", \"seconds\": " << seconds
                  << ", \"peak_rss_kb\": " << peakRssKb() << ", \"x_bytes\": " << xBytes
                  << ", \"y_bytes\": " << yBytes << "}\n";
    } catch (const byom::Error& e) {
        std::cerr << "csvbench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
