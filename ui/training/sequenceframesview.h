#pragma once

#include <QList>
#include <QWidget>
#include <memory>
#include <optional>

#include "core/project/project.h"
#include "core/train/runframes.h"
#include "ui/widgets/workerthreads.h"

QT_BEGIN_NAMESPACE
class QAreaSeries;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QSlider;
class QSpinBox;
QT_END_NAMESPACE

namespace byom::ui {

/// One validation frame of a kept run whose model has outputs per time step, with what the
/// model makes of it. A segmenter's frame: the input signal as a line, and under it two strips
/// coloured by class, the true segments and the predicted ones (a legend names the classes),
/// with the frame's step accuracy. A denoiser's: the noisy input, the clean target and the
/// model's output as three lines, with the frame's SNR in and out. The frame is picked with a
/// spin box or a slider (keyboard too); its prediction is one frame's inference on the GUI
/// thread, through the same path as `byom predict`. Splitting and normalising the data set,
/// and reading the model, run on a thread of their own.
class SequenceFramesView : public QWidget {
    Q_OBJECT

public:
    explicit SequenceFramesView(QWidget* parent = nullptr);

    /// Shows the frames of `run` on `data` (loaded from `dataSpec`) once they are ready, or the
    /// placeholder when the run has no outputs per time step or trained on other data.
    void showRun(const RunRecord& run, std::shared_ptr<const Dataset> data,
                 const std::string& dataSpec);
    /// The placeholder (a new project, a run in progress).
    void clear();

    /// Frames of the shown run (0: none shown).
    int frameCount() const;
    int frame() const;
    void setFrame(int index);
    /// The shown frame's prediction (nullopt: none shown).
    const std::optional<FramePrediction>& prediction() const { return m_prediction; }
    /// The frames shown (nullptr: none).
    const RunFrames* frames() const { return m_frames.get(); }
    QSpinBox* frameBox() const { return m_frameBox; }
    QChart* chart() const { return m_chart; }
    /// The input line; the clean target and the output lines of a denoiser.
    QLineSeries* inputSeries() const { return m_input; }
    QLineSeries* targetSeries() const { return m_target; }
    QLineSeries* outputSeries() const { return m_output; }
    /// A segmenter's strips: one area per class, true or predicted (empty otherwise).
    QList<QAreaSeries*> segmentSeries(bool predicted) const {
        return predicted ? m_predictedAreas : m_trueAreas;
    }
    /// The summary over the chart (step accuracy, or SNR in and out).
    QString summary() const;
    bool isLoading() const { return !m_threads.isEmpty(); }

Q_SIGNALS:
    /// A run's frames are ready and the first is shown.
    void framesShown();

private:
    void onFramesReady(std::shared_ptr<const TrainedModel> model,
                       std::shared_ptr<const RunFrames> frames, int request);
    void showFrame();
    void drawSegmentation(const FramePrediction& p);
    void drawRegression(const FramePrediction& p);
    QLineSeries* addLine(const QString& name, const std::vector<float>& values, const QColor& color,
                         qreal width);
    /// One strip's areas, a class each, between y = bottom and y = top.
    QList<QAreaSeries*> addStrip(const std::vector<int>& classes, double bottom, double top,
                                 bool named);
    void showPlaceholder(const QString& text);

    QSpinBox* m_frameBox;
    QSlider* m_slider;
    QLabel* m_summary;
    QLabel* m_placeholder;
    QChart* m_chart;
    QChartView* m_view;
    QLineSeries* m_input = nullptr;
    QLineSeries* m_target = nullptr;
    QLineSeries* m_output = nullptr;
    QList<QAreaSeries*> m_trueAreas, m_predictedAreas;
    std::shared_ptr<const TrainedModel> m_model;
    std::shared_ptr<const RunFrames> m_frames;
    std::optional<FramePrediction> m_prediction;
    int m_request = 0;              // counts requests: a later one supersedes an earlier
    WorkerThreads m_threads{this};  // frames being prepared; joined on destruction
};

}  // namespace byom::ui
