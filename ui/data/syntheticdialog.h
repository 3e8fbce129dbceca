#pragma once

#include <QDialog>
#include <QTimer>
#include <string>

#include "core/data/synthetic.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
QT_END_NAMESPACE

namespace byom::ui {

class SamplePlot;

/// Picks one of core's synthetic generators (spirals, moons, circles, xor, blobs, sine,
/// ecg-rhythm) and its options, with a live preview: the points of a 2-D set coloured by
/// class, sine's curve, or one frame of the ECG set. spec() is the data spec to use.
class SyntheticDialog : public QDialog {
    Q_OBJECT

public:
    /// `spec`: the project's current data spec; a synthetic one preselects its options.
    explicit SyntheticDialog(const std::string& spec, QWidget* parent = nullptr);

    std::string spec() const;
    void setGenerator(const QString& name);
    SamplePlot* preview() const { return m_preview; }
    /// Regenerates the preview now (it otherwise follows edits after a short delay).
    void refreshPreview();

private:
    SyntheticOptions options() const;
    void updateEnabled();

    QComboBox* m_name;
    QSpinBox* m_n;
    QSpinBox* m_classes;
    QDoubleSpinBox* m_noise;
    QSpinBox* m_seed;
    QSpinBox* m_length;
    QLabel* m_info;
    SamplePlot* m_preview;
    QTimer m_debounce;
};

}  // namespace byom::ui
