#include "ui/data/syntheticdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/data/dataspec.h"
#include "ui/data/sampleplot.h"

namespace byom::ui {

namespace {

bool usesClasses(const QString& name) {
    return name == QStringLiteral("spirals") || name == QStringLiteral("blobs") ||
           name == QStringLiteral("ecg-rhythm");
}

}  // namespace

SyntheticDialog::SyntheticDialog(const std::string& spec, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("syntheticDialog"));
    setWindowTitle(tr("Synthetic Data"));
    m_name = new QComboBox;
    m_name->setObjectName(QStringLiteral("generator"));
    for (const std::string& n : syntheticNames()) m_name->addItem(QString::fromStdString(n));
    m_n = new QSpinBox;
    m_n->setObjectName(QStringLiteral("n"));
    m_n->setRange(2, 10000000);
    m_n->setValue(1000);
    m_classes = new QSpinBox;
    m_classes->setObjectName(QStringLiteral("classes"));
    m_classes->setRange(2, 10);
    m_classes->setValue(3);
    m_noise = new QDoubleSpinBox;
    m_noise->setObjectName(QStringLiteral("noise"));
    m_noise->setRange(0.0, 5.0);
    m_noise->setSingleStep(0.05);
    m_noise->setDecimals(3);
    m_noise->setValue(0.1);
    m_seed = new QSpinBox;
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, 2147483647);
    m_seed->setValue(1);
    m_length = new QSpinBox;
    m_length->setObjectName(QStringLiteral("length"));
    m_length->setRange(16, 100000);
    m_length->setValue(800);
    m_length->setToolTip(tr("Samples per frame at 100 Hz (ecg-rhythm)"));
    m_info = new QLabel;
    m_info->setWordWrap(true);
    m_preview = new SamplePlot;
    m_preview->setObjectName(QStringLiteral("syntheticPreview"));

    // Start from the project's synthetic spec, if it has one.
    try {
        const DataSpec s = DataSpec::parse(spec);
        if (s.kind == "synthetic") {
            setGenerator(QString::fromStdString(s.source));
            auto number = [&s](const char* key, double fallback) {
                const auto it = s.options.find(key);
                return it == s.options.end() ? fallback
                                             : QString::fromStdString(it->second).toDouble();
            };
            m_n->setValue(static_cast<int>(number("n", m_n->value())));
            m_classes->setValue(static_cast<int>(number("classes", m_classes->value())));
            m_noise->setValue(number("noise", m_noise->value()));
            m_seed->setValue(static_cast<int>(number("seed", m_seed->value())));
            m_length->setValue(static_cast<int>(number("length", m_length->value())));
        }
    } catch (const std::exception&) {
        // Not a spec: keep the defaults.
    }

    auto* form = new QFormLayout;
    form->addRow(tr("Generator"), m_name);
    form->addRow(tr("Samples"), m_n);
    form->addRow(tr("Classes"), m_classes);
    form->addRow(tr("Noise"), m_noise);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(tr("Frame length"), m_length);
    form->addRow(m_info);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* top = new QHBoxLayout;
    top->addLayout(form);
    top->addWidget(m_preview, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);
    resize(760, 440);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(120);
    connect(&m_debounce, &QTimer::timeout, this, &SyntheticDialog::refreshPreview);
    auto later = [this] {
        updateEnabled();
        m_debounce.start();
    };
    connect(m_name, &QComboBox::currentIndexChanged, this, later);
    for (QSpinBox* box : {m_n, m_classes, m_seed, m_length})
        connect(box, &QSpinBox::valueChanged, this, later);
    connect(m_noise, &QDoubleSpinBox::valueChanged, this, later);
    updateEnabled();
    refreshPreview();
}

void SyntheticDialog::setGenerator(const QString& name) {
    const int index = m_name->findText(name);
    if (index >= 0) m_name->setCurrentIndex(index);
}

void SyntheticDialog::updateEnabled() {
    const QString name = m_name->currentText();
    m_classes->setEnabled(usesClasses(name));
    m_classes->setMaximum(name == QStringLiteral("ecg-rhythm") ? 4 : 10);
    m_length->setEnabled(name == QStringLiteral("ecg-rhythm"));
}

SyntheticOptions SyntheticDialog::options() const {
    SyntheticOptions o;
    o.n = m_n->value();
    o.classes = m_classes->value();
    o.noise = m_noise->value();
    o.seed = static_cast<std::uint64_t>(m_seed->value());
    o.length = m_length->value();
    return o;
}

std::string SyntheticDialog::spec() const {
    DataSpec s;
    s.kind = "synthetic";
    s.source = m_name->currentText().toStdString();
    const SyntheticOptions o = options();
    s.options["n"] = std::to_string(o.n);
    s.options["noise"] = QString::number(o.noise).toStdString();
    s.options["seed"] = std::to_string(o.seed);
    if (usesClasses(m_name->currentText())) s.options["classes"] = std::to_string(o.classes);
    if (s.source == "ecg-rhythm") s.options["length"] = std::to_string(o.length);
    return s.toString();
}

void SyntheticDialog::refreshPreview() {
    const std::string name = m_name->currentText().toStdString();
    SyntheticOptions o = options();
    // A preview needs a few hundred points, or one frame per class: cheap on this thread.
    const bool ecg = name == "ecg-rhythm";
    o.n = std::min<Index>(o.n, ecg ? std::max(2, o.classes) : 600);
    try {
        const Dataset d = makeSynthetic(name, o);
        m_info->setText(tr("Input %1, %2")
                            .arg(QString::fromStdString(d.inputShape.toString()))
                            .arg(d.task == Task::Classification
                                     ? tr("%1 classes").arg(d.numClasses())
                                     : tr("regression")));
        if (d.inputShape.rank() == 2) {
            // One frame, channels-last in its column.
            const Index length = d.inputShape.dims[0];
            const Index channels = d.inputShape.dims[1];
            std::vector<std::vector<float>> values(static_cast<std::size_t>(channels));
            for (Index t = 0; t < length; ++t)
                for (Index c = 0; c < channels; ++c)
                    values[static_cast<std::size_t>(c)].push_back(d.x(t * channels + c, 0));
            const QString cls =
                d.labels.empty() || d.sequenceTargets()
                    ? QString()
                    : QString::fromStdString(d.classNames[static_cast<std::size_t>(d.labels[0])]);
            m_preview->setSignal(std::move(values), tr("frame 1: %1").arg(cls));
            return;
        }
        std::vector<QPointF> points;
        std::vector<int> labels;
        const bool twoD = d.x.rows() >= 2;
        for (Index j = 0; j < d.size(); ++j) {
            points.emplace_back(d.x(0, j), twoD ? d.x(1, j) : d.y(0, j));
            labels.push_back(d.task == Task::Classification ? d.labels[static_cast<std::size_t>(j)]
                                                            : 0);
        }
        m_preview->setScatter(std::move(points), std::move(labels), tr("x1"),
                              twoD ? tr("x2") : tr("y"));
    } catch (const std::exception& e) {
        m_info->setText(QString::fromStdString(e.what()));
        m_preview->clear(QString::fromStdString(e.what()));
    }
}

}  // namespace byom::ui
