#pragma once

#include <string>
#include <vector>

#include "core/graph/cgraph.h"
#include "core/io/export/exportmodel.h"
#include "core/io/export/kindtable.h"

namespace byom {

/// Turns a trained model into the C library's kernel calls: the input normalisation first,
/// every layer through its entry of one table (layer kind -> lowering, or why the C library
/// cannot express it), the regression targets' scaling last. BatchNorm folds into the
/// layer before it where it can; Dropout, Flatten and Reshape cost nothing.
class CLowering {
public:
    /// Throws Error naming the first layer the C library cannot express, or that lacks
    /// weights.
    static CGraph lower(const ExportModel& model);
    /// What the table does with layers of `kind`.
    static KindSupport supports(const std::string& kind);
};

}  // namespace byom
