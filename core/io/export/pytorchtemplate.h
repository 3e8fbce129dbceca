#pragma once

namespace byom {

// The fixed parts of the standalone Python file written by PytorchExporter: the channels-last
// building blocks (before the generated model) and the weight loading, data loading, predict
// and (DistributedDataParallel) training code (after it).
const char* pytorchPrelude();
const char* pytorchMain();

}  // namespace byom
