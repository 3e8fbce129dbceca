#include "core/io/export/tflitecexporter.h"

#include <cctype>
#include <cstdio>

#include "core/io/export/exportutil.h"
#include "core/io/export/tfliteexporter.h"
#include "core/util/error.h"
#include "core/util/fileio.h"

namespace byom {

std::string TfliteCExporter::header(const std::string& bytes, const std::string& name,
                                    const std::string& kind) {
    const std::string array = name + "_tflite";
    std::string upper = array;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string size = std::to_string(bytes.size());
    std::string out = "/* " + array + ": " + kind + " TFLite model (schema v3) written by BYOM " +
                      "Studio, for TFLite Micro:\n   tflite::GetModel(" + array +
                      "). As xxd -i writes it, the array and its length are\n   defined here: " +
                      "include this header in one C or C++ file. The array is 16-byte\n   " +
                      "aligned, as the flatbuffer needs. */\n";
    out += "#ifndef " + upper + "_H\n#define " + upper + "_H\n\n";
    out += "#define " + upper + "_LEN " + size + "u\n\n";
    out += "#if defined(__GNUC__) || defined(__clang__)\n";
    out += "#define " + upper + "_ALIGN __attribute__((aligned(16)))\n";
    out += "#else\n#define " + upper + "_ALIGN\n#endif\n\n";
    out += "const unsigned char " + array + "[" + upper + "_LEN] " + upper + "_ALIGN = {";
    char hex[8];
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        out += i % 12 == 0 ? "\n  " : " ";
        std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(bytes[i]));
        out += hex;
        if (i + 1 < bytes.size()) out += ",";
    }
    out += "\n};\n";
    out += "const unsigned int " + array + "_len = " + upper + "_LEN;\n";
    out += "\n#endif /* " + upper + "_H */\n";
    return out;
}

void TfliteCExporter::write(const ExportModel& model, const std::string& outPath) const {
    writeWithOptions(model, outPath, ExportOptions{});
}

void TfliteCExporter::writeWithOptions(const ExportModel& model, const std::string& outPath,
                                       const ExportOptions& options) const {
    const std::string name = options.name.empty() ? "model" : options.name;
    if (!isCIdentifier(name))
        throw UsageError("--name \"" + name +
                         "\": the array's name must be a C identifier of at most 40 letters, "
                         "digits and underscores, not starting with a digit (e.g. ecg_model)");
    const bool int8 = model.trained() && model.trained()->quantized;
    writeFileAtomic(outPath, header(TfliteExporter::toBytes(model, options), name,
                                    !int8            ? "a float32"
                                    : options.int8Io ? "a full-integer int8 (int8 input and output)"
                                                     : "an int8 (float input and output)"));
}

KindSupport TfliteCExporter::supports(const std::string& kind) const {
    return TfliteExporter().supports(kind);
}

}  // namespace byom
