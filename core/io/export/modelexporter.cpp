#include "core/io/export/modelexporter.h"

#include "core/io/modelfile.h"
#include "core/util/error.h"

namespace byom {

void ModelExporter::write(const ExportModel& model, const std::string& outPath) const {
    if (!model.trained()) throw Error("--format model needs a trained model (--model M.json)");
    saveModelFile(outPath, *model.trained());
}

}  // namespace byom
