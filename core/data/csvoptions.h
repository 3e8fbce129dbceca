#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/data/dataset.h"

namespace byom {

/// How CsvLoader reads a file. Every option maps to a data spec key:
/// `csv:PATH?label=COL&task=...&missing=...&delimiter=...&header=...&classes=...`.
struct CsvOptions {
    /// Label column: a header name, or a 0-based index (-1 is the last column, as in NumPy).
    /// A header name wins over an index when a column is literally called "2". Empty: last.
    /// Several columns separated by commas ("a,b,c") are regression targets, in that order.
    std::string label;

    /// auto: text labels, or numeric labels that are whole numbers with at most
    /// kMaxAutoClasses distinct values, make a classification; any other numbers a regression.
    TaskMode task = TaskMode::Auto;

    /// A feature cell that is empty, NA/NaN/null/?, not a number, or infinite:
    /// error: stop with file:line:column; drop: skip the row; mean: use the column's mean over
    /// the rows where it is present. The mean is over the whole file (the train/validation
    /// split is not known yet); the Normalizer, fitted on the training split only, is what
    /// keeps validation statistics out of training. A missing label is an error unless drop.
    enum class Missing { Error, Drop, Mean } missing = Missing::Error;

    /// The field separator; 0 detects one of ',', ';' or tab from the first lines.
    char delimiter = 0;

    /// auto: the first row is a header when one of its cells is not a number while the cell
    /// below it is (or when it is the only row and has text).
    enum class Header { Auto, Yes, No } header = Header::Auto;

    /// Class order for text labels: appearance (order of first appearance in the file) or
    /// sorted (byte order of the names). Numeric labels are always ordered by value, so
    /// label 0 is class 0.
    enum class ClassOrder { Appearance, Sorted } classes = ClassOrder::Appearance;

    /// Called every 4096 rows with the bytes read so far (for a progress bar); returning
    /// false stops the load with an Error. Not a data spec key; may be empty.
    std::function<bool(std::uint64_t bytesRead)> progress;

    static constexpr int kMaxAutoClasses = 20;
    static constexpr int kMaxClasses = 1000;
};

}  // namespace byom
