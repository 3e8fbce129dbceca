#pragma once

#include <nlohmann/json.hpp>

namespace byom {

using json = nlohmann::json;

}  // namespace byom
