// Every layer kind of the catalogue reaches every export format: each format's table either
// writes the kind or refuses it with a reason, and a kind a table does not know (or refuses)
// is an Error naming the layer before anything is written. The facts the engine decides (a
// residual block's projection and its stride) reach the exporters through the export model.

#include <QtTest>

#include "core/io/export/exporterregistry.h"
#include "core/io/export/exportmodel.h"
#include "core/io/export/kindtable.h"
#include "core/layers/layercatalog.h"
#include "core/layers/residual.h"

using namespace byom;

namespace {

using ToyEmit = int (*)(const ExportLayer&);
int one(const ExportLayer&) {
    return 1;
}

ExportLayer layerOf(const std::string& kind, const std::string& name) {
    ExportLayer l;
    l.spec.kind = kind;
    l.name = name;
    l.path = "layers[2]";
    return l;
}

QString errorOf(const KindTable<ToyEmit>& table, const std::vector<ExportLayer>& layers) {
    try {
        table.check(layers, "toy");
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestExportKinds : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFormatEmitsOrRefusesEveryKind() {
        const ExporterRegistry& registry = ExporterRegistry::instance();
        QStringList formats;
        for (const std::string& f : registry.formats()) formats << QString::fromStdString(f);
        // The formats that translate layers are there (and onnx in builds with the library).
        for (const char* f : {"tfjs", "keras-json", "pytorch"})
            QVERIFY2(formats.contains(QLatin1String(f)), f);
        QVERIFY(!LayerCatalog::instance().all().empty());
        for (const std::string& format : registry.formats()) {
            const Exporter& exporter = registry.get(format);
            for (const LayerDescriptor& d : LayerCatalog::instance().all()) {
                const KindSupport s = exporter.supports(d.kind);
                const std::string where = format + " / " + d.kind;
                QVERIFY2(s.status != KindSupport::Status::Missing,
                         qPrintable(QString::fromStdString(
                             where + ": the format neither writes nor refuses this kind (add an "
                                     "entry to its table)")));
                if (s.status == KindSupport::Status::Unsupported)
                    QVERIFY2(
                        !s.why.empty(),
                        qPrintable(QString::fromStdString(where + ": refused without a reason")));
            }
            // A kind outside the catalogue is nobody's: the answer is not "yes" to everything.
            QCOMPARE(exporter.supports("no_such_kind").status, KindSupport::Status::Missing);
        }
    }

    void tableSaysWhatItDoes() {
        using Table = KindTable<ToyEmit>;
        const Table table({Table::emits("dense", one),
                           Table::refuses("upsampling1d", "the toy format has no upsampling")});
        QCOMPARE(table.supports("dense").status, KindSupport::Status::Emit);
        const KindSupport refused = table.supports("upsampling1d");
        QCOMPARE(refused.status, KindSupport::Status::Unsupported);
        QCOMPARE(refused.why, std::string("the toy format has no upsampling"));
        QCOMPARE(table.supports("conv1d").status, KindSupport::Status::Missing);
        QCOMPARE(table.emitter(layerOf("dense", "dense_1"), "toy")(ExportLayer{}), 1);
    }

    void checkNamesTheLayerAndTheReason() {
        using Table = KindTable<ToyEmit>;
        const Table table({Table::emits("dense", one), Table::emits("residual", one),
                           Table::refuses("upsampling1d", "the toy format has no upsampling")});
        QVERIFY(errorOf(table, {layerOf("dense", "dense")}).isEmpty());
        QCOMPARE(errorOf(table, {layerOf("dense", "dense"), layerOf("upsampling1d", "up")}),
                 QStringLiteral("toy: cannot export layers[2] (upsampling1d \"up\"): the toy "
                                "format has no upsampling"));
        QCOMPARE(errorOf(table, {layerOf("conv1d", "conv1d_3")}),
                 QStringLiteral("toy: cannot export layers[2] (conv1d \"conv1d_3\"): the toy "
                                "exporter has no entry for the layer kind \"conv1d\""));
        // Inner layers of blocks are checked too.
        ExportLayer block = layerOf("residual", "residual");
        block.children.push_back(layerOf("upsampling1d", "inner"));
        QVERIFY(errorOf(table, {block}).contains(QStringLiteral("\"inner\"")));
    }

    void exportModelHoldsTheEnginesProjection() {
        // A strided conv inside a residual block: the engine projects the skip with a 1x1
        // conv of stride 3 (ceil(20 / 3) = 7 positions); the export model says the same.
        LayerSpec block = LayerSpec::of("residual");
        block.layers = {LayerSpec::of(
            "conv1d", {{"filters", 5}, {"kernel_size", 3}, {"strides", 3}, {"padding", "same"}})};
        LayerSpec same = LayerSpec::of("residual", {{"activation", "relu"}});
        same.layers = {LayerSpec::of("conv1d", {{"filters", 5}, {"padding", "same"}})};
        const ExportModel m =
            ExportModel::fromArchitecture({block, same}, Shape{20, 4}, json(), std::nullopt);
        QCOMPARE(m.layers().size(), std::size_t(2));
        const ExportLayer& first = m.layers()[0];
        QVERIFY(first.projected);
        QCOMPARE(first.projection.stride, Index(3));
        QCOMPARE(first.output, (Shape{7, 5}));
        QCOMPARE(first.children.at(0).window.stride, Index(3));
        QCOMPARE(first.children.at(0).window.padLeft + first.children.at(0).window.padRight,
                 Index(1));  // (7 - 1) * 3 + 3 - 20
        QVERIFY(!m.layers()[1].projected);
        QCOMPARE(m.layers()[1].activation.act, Act::Relu);
        QCOMPARE(Residual<float>::projectionStride(20, 7), Index(3));
        QCOMPARE(Residual<float>::projectionStride(20, 6), Index(0));
    }
};

QTEST_GUILESS_MAIN(TestExportKinds)
#include "tst_exportkinds.moc"
