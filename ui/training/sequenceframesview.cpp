#include "ui/training/sequenceframesview.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

#include "core/io/modelfile.h"
#include "ui/training/decisionboundaryview.h"
#include "ui/widgets/niceticks.h"

namespace byom::ui {

namespace {

const QColor kInputColor(0x30, 0x30, 0x30);
const QColor kNoisyColor(0x9a, 0x9a, 0x9a);
const QColor kCleanColor(0x2c, 0xa0, 0x2c);
const QColor kOutputColor(0xd6, 0x27, 0x28);

/// The smallest and largest finite value of some lines, widened by 5% (and to a unit when
/// they are all equal).
std::pair<double, double> valueRange(const std::vector<const std::vector<float>*>& lines) {
    double lo = INFINITY, hi = -INFINITY;
    for (const std::vector<float>* line : lines)
        for (float v : *line)
            if (std::isfinite(v)) {
                lo = std::min(lo, double(v));
                hi = std::max(hi, double(v));
            }
    if (!(hi >= lo)) return {0.0, 1.0};
    if (!(hi > lo)) {
        lo -= 0.5;
        hi += 0.5;
    }
    const double pad = (hi - lo) * 0.05;
    return {lo - pad, hi + pad};
}

/// The time axis of a frame of `steps` steps, from `first` to steps - 1 - first, with round
/// ticks from step 0.
QValueAxis* timeAxis(std::size_t steps, double first) {
    auto* x = new QValueAxis;
    x->setTitleText(SequenceFramesView::tr("time step"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    x->setRange(first, double(steps) - 1.0 - first);
    const QList<double> ticks = niceTicks(0.0, std::max(1.0, double(steps) - 1.0), 8);
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0.0);
    x->setTickInterval(ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0);
    return x;
}

}  // namespace

SequenceFramesView::SequenceFramesView(QWidget* parent) : QWidget(parent) {
    m_frameBox = new QSpinBox;
    m_frameBox->setObjectName(QStringLiteral("frameBox"));
    m_frameBox->setPrefix(tr("Frame "));
    m_frameBox->setToolTip(
        tr("The validation frame shown (Up and Down keys, Page Up and Page "
           "Down by ten)"));
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setObjectName(QStringLiteral("frameSlider"));
    m_slider->setToolTip(m_frameBox->toolTip());
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("frameSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_placeholder = new QLabel;
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_view = new QChartView(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(320, 240);
    connect(m_frameBox, &QSpinBox::valueChanged, this, [this](int value) {
        const QSignalBlocker block(m_slider);
        m_slider->setValue(value);
        showFrame();
    });
    connect(m_slider, &QSlider::valueChanged, m_frameBox, &QSpinBox::setValue);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(6, 4, 6, 0);
    top->addWidget(m_frameBox);
    top->addWidget(m_slider, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    m_summary->setContentsMargins(6, 0, 6, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_placeholder, 1);
    clear();
}

void SequenceFramesView::showPlaceholder(const QString& text) {
    m_model.reset();
    m_frames.reset();
    m_prediction.reset();
    m_chart->removeAllSeries();
    m_input = m_target = m_output = nullptr;
    m_trueAreas.clear();
    m_predictedAreas.clear();
    m_placeholder->setText(text);
    for (QWidget* w : {static_cast<QWidget*>(m_frameBox), static_cast<QWidget*>(m_slider),
                       static_cast<QWidget*>(m_summary), static_cast<QWidget*>(m_view)})
        w->setVisible(false);
    m_placeholder->setVisible(true);
}

void SequenceFramesView::clear() {
    ++m_request;
    showPlaceholder(
        tr("Train a model with outputs per time step (a segmenter or a denoiser) "
           "to see its validation frames here"));
}

void SequenceFramesView::showRun(const RunRecord& run, std::shared_ptr<const Dataset> data,
                                 const std::string& dataSpec) {
    clear();
    if (!data || !data->sequenceTargets()) return;
    m_placeholder->setText(
        tr("Preparing the frames of %1...").arg(QString::fromStdString(run.name)));
    const int request = m_request;
    m_threads.start([this, run, data, dataSpec, request] {
        std::shared_ptr<const TrainedModel> model;
        std::shared_ptr<const RunFrames> frames;
        try {
            const RunManifest manifest = RunManifest::fromJson(run.manifest, run.name);
            auto trained = std::make_shared<TrainedModel>(modelFromJson(run.model, run.name));
            if (std::optional<RunFrames> f = runFrames(manifest, *trained, *data, dataSpec)) {
                frames = std::make_shared<const RunFrames>(std::move(*f));
                model = std::move(trained);
            }
        } catch (const std::exception&) {
            // A run whose model or manifest does not read back shows no frames.
        }
        QMetaObject::invokeMethod(
            this, [this, model, frames, request] { onFramesReady(model, frames, request); },
            Qt::QueuedConnection);
    });
}

void SequenceFramesView::onFramesReady(std::shared_ptr<const TrainedModel> model,
                                       std::shared_ptr<const RunFrames> frames, int request) {
    if (request != m_request) return;  // a later run or project superseded it
    if (!model || !frames || frames->shown.size() == 0) {
        showPlaceholder(
            tr("This run's model has no outputs per time step on the project's "
               "data set"));
        return;
    }
    m_model = std::move(model);
    m_frames = std::move(frames);
    const int count = static_cast<int>(m_frames->shown.size());
    {
        const QSignalBlocker blockBox(m_frameBox), blockSlider(m_slider);
        m_frameBox->setRange(1, count);
        m_frameBox->setSuffix(tr(" of %1").arg(count));
        m_frameBox->setValue(1);
        m_slider->setRange(1, count);
        m_slider->setPageStep(std::max(1, count / 10));
        m_slider->setValue(1);
    }
    for (QWidget* w : {static_cast<QWidget*>(m_frameBox), static_cast<QWidget*>(m_slider),
                       static_cast<QWidget*>(m_summary), static_cast<QWidget*>(m_view)})
        w->setVisible(true);
    m_placeholder->setVisible(false);
    showFrame();
    Q_EMIT framesShown();
}

int SequenceFramesView::frameCount() const {
    return m_frames ? static_cast<int>(m_frames->shown.size()) : 0;
}

int SequenceFramesView::frame() const {
    return m_frameBox->value() - 1;
}

void SequenceFramesView::setFrame(int index) {
    m_frameBox->setValue(index + 1);
}

QString SequenceFramesView::summary() const {
    return m_summary->text();
}

void SequenceFramesView::showFrame() {
    if (!m_frames || !m_model) return;
    m_prediction = predictFrame(*m_model, *m_frames, frame());
    m_chart->removeAllSeries();
    for (QAbstractAxis* axis : m_chart->axes()) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    m_input = m_target = m_output = nullptr;
    m_trueAreas.clear();
    m_predictedAreas.clear();
    const QString split = m_frames->validation ? tr("Validation frame") : tr("Training frame");
    if (m_frames->shown.task == Task::Classification) {
        m_chart->setTitle(tr("%1 %2: true and predicted segments").arg(split).arg(frame() + 1));
        drawSegmentation(*m_prediction);
    } else {
        m_chart->setTitle(m_prediction->denoiser
                              ? tr("%1 %2: noisy, clean and denoised").arg(split).arg(frame() + 1)
                              : tr("%1 %2: target and output").arg(split).arg(frame() + 1));
        drawRegression(*m_prediction);
    }
}

QLineSeries* SequenceFramesView::addLine(const QString& name, const std::vector<float>& values,
                                         const QColor& color, qreal width) {
    auto* series = new QLineSeries;
    series->setName(name);
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(values.size()));
    for (std::size_t t = 0; t < values.size(); ++t) points.append(QPointF(double(t), values[t]));
    series->replace(points);
    series->setPen(QPen(color, width));
    m_chart->addSeries(series);
    return series;
}

QList<QAreaSeries*> SequenceFramesView::addStrip(const std::vector<int>& classes, double bottom,
                                                 double top, bool named) {
    const Dataset& d = m_frames->shown;
    const int k = static_cast<int>(d.targetShape[1]);
    const double end = double(classes.size()) - 0.5;
    QList<QAreaSeries*> areas;
    for (int c = 0; c < k; ++c) {
        // A step line at `top` over the class's steps and at `bottom` elsewhere: the area
        // between it and `bottom` covers the class's segments.
        QList<QPointF> upper;
        upper.reserve(static_cast<qsizetype>(2 * classes.size()));
        for (std::size_t t = 0; t < classes.size(); ++t) {
            const double y = classes[t] == c ? top : bottom;
            upper.append(QPointF(double(t) - 0.5, y));
            upper.append(QPointF(double(t) + 0.5, y));
        }
        auto* area = new QAreaSeries;
        auto* line = new QLineSeries(area);
        line->replace(upper);
        auto* base = new QLineSeries(area);
        base->replace({QPointF(-0.5, bottom), QPointF(end, bottom)});
        area->setUpperSeries(line);
        area->setLowerSeries(base);
        area->setName(c < d.numClasses() ? QString::fromStdString(d.classNames[std::size_t(c)])
                                         : tr("class %1").arg(c));
        area->setColor(DecisionBoundaryView::classColor(c));
        area->setPen(QPen(Qt::NoPen));
        m_chart->addSeries(area);
        if (!named)
            for (QLegendMarker* marker : m_chart->legend()->markers(area))
                marker->setVisible(false);
        areas.append(area);
    }
    return areas;
}

void SequenceFramesView::drawSegmentation(const FramePrediction& p) {
    // Two strips under the signal: the true segments, then the predicted ones.
    const std::pair<double, double> range = valueRange({&p.input});
    const double lo = range.first, hi = range.second;
    const double strip = (hi - lo) * 0.14, gap = (hi - lo) * 0.04;
    const double trueTop = lo - gap, trueBottom = trueTop - strip;
    const double predictedTop = trueBottom - gap, predictedBottom = predictedTop - strip;
    m_trueAreas = addStrip(p.truth, trueBottom, trueTop, true);
    m_predictedAreas = addStrip(p.predicted, predictedBottom, predictedTop, false);
    m_input = addLine(tr("input"), p.input, kInputColor, 1.5);

    QValueAxis* x = timeAxis(p.input.size(), -0.5);
    // The signal's values up the axis, and the strips named where they are.
    auto* y = new QCategoryAxis;
    y->setTitleText(tr("input"));
    y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    y->setRange(predictedBottom - gap, hi);
    y->setStartValue(predictedBottom - gap);
    y->append(tr("predicted"), (predictedBottom + predictedTop) / 2);
    y->append(tr("true"), (trueBottom + trueTop) / 2);
    const QList<double> ticks = niceTicks(lo, hi);
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
    for (double v : ticks)
        if (v > trueTop && v <= hi) y->append(tickLabel(v, step), v);
    y->setGridLineVisible(false);
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : m_chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    m_summary->setText(tr("%1% of the frame's %2 time steps predicted right")
                           .arg(p.accuracy * 100.0, 0, 'f', 1)
                           .arg(p.truth.size()));
}

void SequenceFramesView::drawRegression(const FramePrediction& p) {
    const bool denoiser = p.denoiser;
    if (denoiser) m_input = addLine(tr("noisy input"), p.input, kNoisyColor, 1.0);
    m_target = addLine(denoiser ? tr("clean target") : tr("target"), p.target, kCleanColor, 2.0);
    m_output =
        addLine(denoiser ? tr("denoised output") : tr("output"), p.output, kOutputColor, 1.5);
    const std::pair<double, double> range = denoiser ? valueRange({&p.input, &p.target, &p.output})
                                                     : valueRange({&p.target, &p.output});
    QValueAxis* x = timeAxis(p.target.size(), 0.0);
    auto* y = new QValueAxis;
    y->setTitleText(tr("signal"));
    y->setRange(range.first, range.second);
    y->applyNiceNumbers();
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : m_chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    if (!denoiser) {
        m_summary->setText(tr("The first channel of the frame's target and the model's output"));
        return;
    }
    const auto db = [](double v) {
        return std::isfinite(v) ? QString::number(v, 'f', 1) : QStringLiteral("∞");
    };
    m_summary->setText(tr("SNR in %1 dB, out %2 dB (improvement %3 dB)")
                           .arg(db(p.snrInDb), db(p.snrOutDb), db(p.snrOutDb - p.snrInDb)));
}

}  // namespace byom::ui
