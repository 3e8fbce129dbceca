#include "core/io/export/exporterregistry.h"

#include "core/io/export/cexporter.h"
#include "core/io/export/kerasjsonexporter.h"
#include "core/io/export/modelexporter.h"
#include "core/io/export/paramsexporter.h"
#include "core/io/export/pytorchexporter.h"
#include "core/io/export/tfjsexporter.h"
#include "core/util/error.h"
#include "core/util/strings.h"
#ifdef BYOM_HAVE_ONNX
#include "core/io/export/onnxexporter.h"
#endif

namespace byom {

ExporterRegistry::ExporterRegistry() {
    m_exporters.push_back(std::make_unique<ParamsExporter>());
    m_exporters.push_back(std::make_unique<ModelExporter>());
#ifdef BYOM_HAVE_ONNX
    m_exporters.push_back(std::make_unique<OnnxExporter>());
#endif
    m_exporters.push_back(std::make_unique<TfjsExporter>());
    m_exporters.push_back(std::make_unique<KerasJsonExporter>());
    m_exporters.push_back(std::make_unique<PytorchExporter>());
    m_exporters.push_back(std::make_unique<CExporter>());
}

const ExporterRegistry& ExporterRegistry::instance() {
    static const ExporterRegistry registry;
    return registry;
}

const Exporter* ExporterRegistry::find(const std::string& format) const {
    for (const auto& e : m_exporters)
        if (e->format() == format) return e.get();
    return nullptr;
}

const Exporter& ExporterRegistry::get(const std::string& format) const {
    if (const Exporter* e = find(format)) return *e;
#ifndef BYOM_HAVE_ONNX
    if (format == "onnx")
        throw UsageError(
            "this build of byom has no ONNX support (it was built without the ONNX "
            "library: install libonnx-dev and rebuild with -DBYOM_ONNX=ON)");
#endif
    std::string msg = "unknown export format \"" + format + "\"";
    const std::string near = nearest(format, formats());
    if (!near.empty()) msg += "; did you mean \"" + near + "\"?";
    throw UsageError(msg + " (formats: " + join(formats(), ", ") + ")");
}

std::vector<std::string> ExporterRegistry::formats() const {
    std::vector<std::string> names;
    for (const auto& e : m_exporters) names.push_back(e->format());
    return names;
}

}  // namespace byom
