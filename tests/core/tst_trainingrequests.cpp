// The requests both front ends train from: a project's stack (exactly as designed, with the
// project's architectures, config and data) and a re-run of a kept run (the run's stack,
// config and data, for the input its model took); the walk over architecture blocks; a kept
// run's decision boundary.

#include <QtTest>

#include "core/io/modelfile.h"
#include "core/project/trainingrequests.h"
#include "core/registry/architecturejson.h"
#include "core/registry/architecturerefs.h"
#include "core/train/runboundary.h"
#include "core/util/error.h"

using namespace byom;

namespace {

LayerSpec dense(int units, const char* activation = "relu") {
    return LayerSpec::of("dense", {{"units", units}, {"activation", activation}});
}

LayerSpec block(const std::string& name) {
    return LayerSpec::of("architecture", {{"name", name}});
}

/// Spirals of three classes: a stack "net" using the architecture "body" as a block.
Project example() {
    Project p;
    p.architectures = {{"body", Shape{2}, std::nullopt, {dense(16), dense(16)}}};
    p.stacks = {{"other", Shape{2}, 3, {dense(8), dense(3, "softmax")}},
                {"net", Shape{2}, 3, {block("body"), dense(3, "softmax")}}};
    p.data = "synthetic:spirals?n=120";
    p.training.epochs = 2;
    p.training.seed = 5;
    return p;
}

}  // namespace

class TestTrainingRequests : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stackRequestTrainsTheStackAsDesigned() {
        const Project p = example();
        const TrainingRequest r = stackTrainingRequest(p, "net", "/data");
        QCOMPARE(r.architecture, architectureJson(p.stacks[1]));
        QVERIFY(r.exact);
        QCOMPARE(*r.inputShape, Shape{2});
        QCOMPARE(*r.numClasses, 3);
        QVERIFY(r.factory.has("body"));
        QCOMPARE(r.config.epochs, 2);
        QCOMPARE(r.dataSpec, p.data);
        QCOMPARE(r.baseDir, std::string("/data"));
        QCOMPARE(stackTrainingRequest(p, "", "").architecture, architectureJson(p.stacks[0]));
        QCOMPARE(stackTrainingRequest(p, "", "").baseDir, std::string("."));
        QVERIFY_THROWS_EXCEPTION(Error, stackTrainingRequest(p, "missing", "."));
    }

    void stackRequestNamesBrokenArchitectures() {
        Project p = example();
        p.architectures[0].layers.push_back(block("body"));  // a cycle
        try {
            stackTrainingRequest(p, "net", ".");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).starts_with("architectures: "), e.what());
        }
    }

    void stackRequestRefusesDataOfAnotherShape() {
        Project p = example();
        p.stacks[1].inputShape = Shape{3};
        TrainingJob job(stackTrainingRequest(p, "net", "."));
        QVERIFY_THROWS_EXCEPTION(Error, job.prepare());
    }

    void rerunTrainsWhatTheRunTrained() {
        Project p = example();
        TrainingJob job(stackTrainingRequest(p, "net", "."));
        job.run();
        RunRecord run{"run-1", "net", job.manifest().toJson(), modelToJson(job.trained())};
        // Changed afterwards: the re-run keeps the run's config, data and layers.
        p.training.seed = 99;
        p.data = "synthetic:blobs";
        p.stacks[1].layers = {dense(3, "softmax")};
        const TrainingRequest r = rerunRequest(p, run, ".");
        QCOMPARE(r.config.seed, std::uint64_t(5));
        QCOMPARE(r.dataSpec, std::string("synthetic:spirals?n=120"));
        QCOMPARE(r.architecture, job.manifest().architecture);
        QCOMPARE(*r.inputShape, Shape{2});
        QVERIFY(r.exact);
        TrainingJob again(r);
        again.run();
        QCOMPARE(modelToJson(again.trained())["weights"], run.model["weights"]);
    }

    void rerunAddsTheHeadOlderRunsLeftOut() {
        Project p = example();
        TrainingJob job(stackTrainingRequest(p, "net", "."));
        job.prepare();
        json manifest = job.manifest().toJson();
        manifest["architecture"] = architectureJson({block("body")});  // no head
        const RunRecord run{"run-1", "net", manifest, {{"input_shape", {2}}}};
        const TrainingRequest r = rerunRequest(p, run, ".");
        QCOMPARE(r.architecture["params"]["layers"].size(), std::size_t(2));
        QCOMPARE(r.architecture["params"]["layers"][1]["params"]["units"], json(3));
    }

    void rerunRefusesWhatItCannotRerun() {
        Project p = example();
        TrainingJob job(stackTrainingRequest(p, "net", "."));
        job.prepare();
        json manifest = job.manifest().toJson();
        const auto refused = [&](const json& m, const json& model, const char* words) {
            try {
                rerunRequest(p, RunRecord{"run-1", "net", m, model}, ".");
            } catch (const Error& e) {
                return std::string(e.what()).find(words) != std::string::npos;
            }
            return false;
        };
        QVERIFY(refused(manifest, json::object(), "input shape"));  // never a placeholder
        json noData = manifest;
        noData["data"]["spec"] = "";
        QVERIFY(refused(noData, {{"input_shape", {2}}}, "no data spec"));
        json named = manifest;
        named["architecture"] = {{"name", "mlp"}, {"params", json::object()}};
        QVERIFY(refused(named, {{"input_shape", {2}}}, "only runs of a layer stack"));
    }

    void architectureBlocksAreFoundRenamedAndInlined() {
        std::vector<LayerSpec> layers = {dense(4), block("a")};
        LayerSpec outer = block("b");
        outer.layers = {block("a"), dense(2)};
        layers.push_back(outer);
        QVERIFY(usesArchitecture(layers, "a"));
        QVERIFY(usesArchitecture(layers, "b"));
        QVERIFY(!usesArchitecture(layers, "c"));
        std::vector<std::string> seen;
        forEachArchitectureBlock(
            layers, [&](const LayerSpec& l) { seen.push_back(referencedArchitecture(l)); });
        QCOMPARE(seen, (std::vector<std::string>{"a", "b", "a"}));
        // Where the blocks of "a" sit: row 1, and the first inner row of row 2.
        QCOMPARE(architectureBlockPaths(layers, "a"), (std::vector<std::vector<int>>{{1}, {2, 0}}));
        QVERIFY(architectureBlockPaths(layers, "c").empty());
        renameArchitecture(layers, "a", "z");
        QVERIFY(!usesArchitecture(layers, "a"));
        QCOMPARE(referencedArchitecture(layers[2].layers[0]), std::string("z"));
        QCOMPARE(referencedArchitecture(dense(1)), std::string());
        // Inlined: each block replaced by the layers it holds.
        const std::vector<LayerSpec> flat = inlineArchitectureBlocks(layers);
        QCOMPARE(flat.size(), std::size_t(2));
        QCOMPARE(flat[1].kind, std::string("dense"));
        QCOMPARE(flat[1].params["units"], json(2));
    }

    void aRunsBoundaryIsDrawnOnItsOwnSplit() {
        const Project p = example();
        TrainingJob job(stackTrainingRequest(p, "net", "."));
        job.run();
        const auto boundary = runBoundary(job.manifest(), job.trained(), job.data(), p.data, 1000);
        QVERIFY(boundary);
        // The validation split, normalised as the run saw it: the points the worker showed.
        const Dataset& val = job.validationSet();
        QCOMPARE(boundary->points.labels.size(), std::size_t(val.size()));
        QCOMPARE(boundary->points.x.front(), val.x(0, 0));
        QCOMPARE(boundary->points.y.back(), val.x(1, val.size() - 1));
        QVERIFY(boundary->grid.resolution > 0);
        QVERIFY(!runBoundary(job.manifest(), job.trained(), job.data(), "synthetic:blobs"));
        QCOMPARE(
            runBoundary(job.manifest(), job.trained(), job.data(), p.data, 10)->points.x.size(),
            std::size_t(10));
    }
};

QTEST_GUILESS_MAIN(TestTrainingRequests)
#include "tst_trainingrequests.moc"
