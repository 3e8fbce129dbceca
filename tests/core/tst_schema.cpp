// Parameter schemas: validation messages with JSON paths and suggestions, defaults.

#include <QtTest>

#include "core/layers/layercatalog.h"
#include "core/registry/modelfactory.h"

using namespace byom;

namespace {

std::vector<Problem> problemsOf(const json& layers) {
    std::vector<LayerSpec> specs;
    std::vector<Problem> problems;
    LayerSpec::listFromJson(layers, "layers", specs, problems);
    return problems;
}

QString text(const std::vector<Problem>& problems) {
    QStringList lines;
    for (const Problem& p : problems) lines << QString::fromStdString(p.toString());
    return lines.join(QLatin1Char('\n'));
}

}  // namespace

class TestSchema : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reportsEveryProblemWithItsPath_data() {
        QTest::addColumn<QString>("layers");
        QTest::addColumn<QString>("expected");
        QTest::newRow("below min") << R"([{"name":"dense","params":{"units":3}},{"name":"dense"},
            {"name":"dense","params":{"units":0}}])"
                                   << "layers[2].params.units: must be >= 1, got 0";
        QTest::newRow("absurd size") << R"([{"name":"dense","params":{"units":1000000000000}}])"
                                     << "layers[0].params.units: must be <= 65536, got 1000000000000";
        QTest::newRow("unknown key") << R"([{"name":"dense","params":{"unit":4}}])"
                                     << "layers[0].params.unit: \"unit\" is not a parameter of dense; did you mean \"units\"?";
        QTest::newRow("wrong type") << R"([{"name":"dense","params":{"units":"4"}}])"
                                    << "layers[0].params.units: must be an integer, got \"4\"";
        QTest::newRow("enum") << R"([{"name":"dense","params":{"activation":"rellu"}}])"
                              << "did you mean \"relu\"?";
        QTest::newRow("kind") << R"([{"name":"dens"}])" << "layers[0].name: unknown layer kind \"dens\"; did you mean \"dense\"?";
        QTest::newRow("not a list") << R"({"name":"dense"})" << "layers: must be a list of layers";
        QTest::newRow("float nan") << R"([{"name":"dropout","params":{"rate":1.5}}])"
                                   << "layers[0].params.rate: must be <= 0.99, got 1.5";
    }

    void reportsEveryProblemWithItsPath() {
        QFETCH(QString, layers);
        QFETCH(QString, expected);
        const auto problems = problemsOf(json::parse(layers.toStdString()));
        QVERIFY(!problems.empty());
        QVERIFY2(text(problems).contains(expected), qPrintable(text(problems)));
    }

    void allProblemsAtOnce() {
        const auto problems = problemsOf(json::parse(
            R"([{"name":"dense","params":{"units":0,"activation":"nope","bias":true}}])"));
        QCOMPARE(problems.size(), std::size_t(3));
    }

    void defaultsAreFilled() {
        const LayerSpec spec = LayerSpec::of("dense", {{"units", 7}});
        QCOMPARE(spec.params.at("units").get<int>(), 7);
        QCOMPARE(spec.params.at("activation").get<std::string>(), std::string("linear"));
        QCOMPARE(spec.params.at("use_bias").get<bool>(), true);
    }

    void everyLayerKindHasDocsAndDefaultsThatValidate() {
        for (const LayerDescriptor& d : LayerCatalog::instance().all()) {
            QVERIFY2(!d.doc.empty(), d.kind.c_str());
            std::vector<Problem> problems;
            d.schema.validate(d.schema.example(), "", d.kind, problems);
            QVERIFY2(problems.empty(), qPrintable(text(problems)));
            for (const ParamSpec& p : d.schema.params()) QVERIFY2(!p.doc.empty(), p.name.c_str());
        }
    }

    void seedExampleHas8709Parameters() {
        const ModelFactory factory = ModelFactory::withBuiltins();
        const json params = {{"layers",
                              {{{"units", 64}, {"activation", "relu"}},
                               {{"units", 32}, {"activation", "relu"}}}}};
        auto model = factory.build("mlp", Shape{100}, params, 5);
        QCOMPARE(model->paramCount(), Index(8709));
        QCOMPARE(model->layer(0).paramCount(), Index(6464));
        QCOMPARE(model->layer(1).paramCount(), Index(2080));
        QCOMPARE(model->layer(2).paramCount(), Index(165));
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
