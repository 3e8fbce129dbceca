#include "core/data/dataspec.h"

#include <charconv>

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

Dataset loadDataset(const DataSpec& spec, const std::string&) {
    if (spec.kind == "synthetic") {
        checkKnownOptions(spec, {"n", "classes", "noise", "seed"});
        SyntheticOptions opt;
        opt.n = number<Index>(spec, "n", opt.n);
        opt.classes = number<int>(spec, "classes", opt.classes);
        opt.noise = number<double>(spec, "noise", opt.noise);
        opt.seed = number<std::uint64_t>(spec, "seed", opt.seed);
        return makeSynthetic(spec.source, opt);
    }
    throw Error("data spec '" + spec.toString() + "': " + spec.kind +
                " files are not supported by this build yet");
}

}  // namespace byom
