#!/usr/bin/python3
"""Writes the regression data sets the tests use, from scikit-learn, into tests/data/csv/.

  - friedman1-train.csv, friedman1-test.csv: make_friedman1(n_samples=1000, noise=1.0,
    random_state=0), ten features x0..x9 (only x0..x4 matter) and the target y; the first 800
    rows train, the last 200 are held out (the samples are independent, so this is a random
    split). Values with 6 significant digits.
  - linnerud.csv: load_linnerud(), 20 rows: the exercises Chins, Situps, Jumps and the three
    targets Weight, Waist, Pulse.

The files are committed; run this only to check or regenerate them (the output is the same
for the same scikit-learn version):

    /usr/bin/python3 bench/regression_data.py
(Debian: apt-get install python3-sklearn)
"""

import os

import numpy as np
from sklearn.datasets import load_linnerud, make_friedman1

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data", "csv")
FRIEDMAN_TRAIN_ROWS = 800


def write(path, header, rows, fmt):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(fmt % v for v in row) + "\n")
    print("wrote", os.path.relpath(path))


def main():
    x, y = make_friedman1(n_samples=1000, noise=1.0, random_state=0)
    rows = np.column_stack([x, y])
    header = [f"x{i}" for i in range(x.shape[1])] + ["y"]
    write(os.path.join(DATA, "friedman1-train.csv"), header, rows[:FRIEDMAN_TRAIN_ROWS], "%.6g")
    write(os.path.join(DATA, "friedman1-test.csv"), header, rows[FRIEDMAN_TRAIN_ROWS:], "%.6g")

    d = load_linnerud()
    rows = np.column_stack([d.data, d.target])
    write(os.path.join(DATA, "linnerud.csv"), list(d.feature_names) + list(d.target_names), rows,
          "%g")


if __name__ == "__main__":
    main()
