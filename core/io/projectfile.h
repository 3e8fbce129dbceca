#pragma once

#include <string>

#include "core/project/project.h"

namespace byom {

/// Version 2 added runs and the data set's content hash ("data" became an object); version 3
/// keeps each run's history as columns (a 100,000-epoch run's project: 29.4 MB before, 5.4 MB).
/// Older files are migrated when opened.
inline constexpr int kProjectFormatVersion = 3;

/// The project as `.byom` JSON (docs/formats.md).
json projectToJson(const Project& project);
/// Validates everything and throws ValidationError listing every problem (JSON paths).
/// Older format versions are migrated; newer ones are refused. Takes `j` by value so that
/// a caller handing it over (std::move) does not copy the runs' weights.
Project projectFromJson(json j);
/// Reads a `.byom` project file; errors name the file and the JSON path.
Project loadProject(const std::string& path);
/// Writes the project atomically: a failed write leaves the old file as it was.
void saveProject(const std::string& path, const Project& project);

}  // namespace byom
