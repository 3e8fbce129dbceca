#pragma once

#include <string>

#include "core/model/trainedmodel.h"

namespace byom {

/// `byom-model` JSON: architecture, input shape, layers, class names, normalisation and
/// named weight tensors (little-endian float32, base64). See docs/formats.md.
inline constexpr int kModelFormatVersion = 1;

json modelToJson(const TrainedModel& m);
/// Reads a model; `where` names the source in errors (a file path).
TrainedModel modelFromJson(const json& j, const std::string& where);

void saveModelFile(const std::string& path, const TrainedModel& m);
/// Writes modelToJson()'s form as saveModelFile does (atomically: a good file is never left
/// half-written).
void saveModelJson(const std::string& path, const json& model);
TrainedModel loadModelFile(const std::string& path);

}  // namespace byom
