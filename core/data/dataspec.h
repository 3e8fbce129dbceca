#pragma once

#include <map>
#include <string>

#include "core/data/dataset.h"

namespace byom {

/// A parsed data spec string: `KIND:SOURCE[?key=value&...]`, e.g.
/// `synthetic:spirals?n=1000&classes=3&noise=0.1&seed=1`, `csv:data/iris.csv?label=species`,
/// `npy:x.npy,y.npy`.
struct DataSpec {
    std::string kind;    // synthetic, csv, npy
    std::string source;  // generator name or path(s)
    std::map<std::string, std::string> options;

    static DataSpec parse(const std::string& text);  // throws UsageError
    std::string toString() const;
};

/// Loads the data a spec names; relative paths are resolved against `baseDir`.
Dataset loadDataset(const DataSpec& spec, const std::string& baseDir = ".");

}  // namespace byom
