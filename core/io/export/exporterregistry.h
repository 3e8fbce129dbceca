#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/io/export/exporter.h"

namespace byom {

/// The export formats by name, in the order `byom export` lists them. The ONNX exporter is
/// present only in builds with the ONNX library (CMake option BYOM_ONNX).
class ExporterRegistry {
public:
    static const ExporterRegistry& instance();

    const Exporter* find(const std::string& format) const;
    /// Like find, but throws UsageError listing the known formats and the nearest match.
    const Exporter& get(const std::string& format) const;
    std::vector<std::string> formats() const;

private:
    ExporterRegistry();
    std::vector<std::unique_ptr<Exporter>> m_exporters;
};

}  // namespace byom
