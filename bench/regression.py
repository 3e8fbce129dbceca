#!/usr/bin/python3
"""What BYOM learns on regression data with its defaults, next to scikit-learn on the same rows.

BYOM: `byom train --params {"name": "mlp", "params": {}}` (the mlp's default layers 64-32 relu
and its linear head) with every training default (Adam, learning rate 1e-3, 20 epochs, batch
32, standardised inputs and targets) except --val-split 0, so that it trains on exactly the
rows scikit-learn trains on; then `byom evaluate --json` on the held-out rows.
scikit-learn: StandardScaler + MLPRegressor() with its defaults (one hidden layer of 100, Adam,
up to 200 epochs, its own stopping rule), the same on standardised targets (scikit-learn does
not scale targets itself; TransformedTargetRegressor), and LinearRegression, on the same rows.

  - friedman1: the committed split tests/data/csv/friedman1-{train,test}.csv (800 / 200 rows;
    bench/regression_data.py wrote them). BYOM with seeds 1..N, MLPRegressor with
    random_state 0..N-1; tst_learning requires BYOM's seed-1 R^2 to reach the figure printed
    for MLPRegressor(random_state=0).
  - linnerud: tests/data/csv/linnerud.csv, 20 rows, three targets at once; leave-one-out
    (20 fits each), R^2 per target of the 20 held-out predictions.
  - diabetes: scikit-learn's load_diabetes (442 rows), train_test_split(test_size=0.2,
    random_state=0). An independent check: nothing was tuned on it.

    /usr/bin/python3 bench/regression.py [--byom build/app/byom] [--seeds 5]
(Debian: apt-get install python3-sklearn python3-pandas)
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pandas as pd
from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score
from sklearn.model_selection import LeaveOneOut, train_test_split
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data", "csv")
PARAMS = {"name": "mlp", "params": {}}


def byom_predict(byom, work, train, test, labels, seed):
    """Trains BYOM with its defaults on the DataFrame `train`, predicts `test`: (N, targets)."""
    train.to_csv(os.path.join(work, "train.csv"), index=False)
    test.to_csv(os.path.join(work, "test.csv"), index=False)  # predict ignores its targets
    pfile = os.path.join(work, "params.json")
    with open(pfile, "w") as f:
        json.dump(PARAMS, f)
    out = os.path.join(work, "run")
    spec = "?label=" + ",".join(labels) + "&task=regression"
    subprocess.run([byom, "train", "--params", pfile, "--data",
                    "csv:" + os.path.join(work, "train.csv") + spec, "--val-split", "0",
                    "--seed", str(seed), "--out", out, "--quiet"],
                   check=True, stdout=subprocess.DEVNULL)
    preds = os.path.join(work, "preds.csv")
    subprocess.run([byom, "predict", "--model", os.path.join(out, "model.json"), "--data",
                    "csv:" + os.path.join(work, "test.csv") + spec, "--out", preds],
                   check=True, stdout=subprocess.DEVNULL)
    return pd.read_csv(preds).values


def sklearn_predict(model, train, test, labels):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning at max_iter
        model.fit(train.drop(columns=labels).values, train[labels].values)
    return model.predict(test.drop(columns=labels).values).reshape(len(test), -1)


def mlp(seed):
    return make_pipeline(StandardScaler(), MLPRegressor(random_state=seed))


def mlp_scaled_targets(seed):
    """MLPRegressor as above on standardised targets too, as BYOM trains."""
    return TransformedTargetRegressor(regressor=mlp(seed), transformer=StandardScaler())


def linear():
    return make_pipeline(StandardScaler(), LinearRegression())


def r2(truth, pred):
    """Mean of the per-target R^2 (scikit-learn's r2_score), and the per-target values."""
    per = r2_score(truth, pred, multioutput="raw_values")
    return float(np.mean(per)), [float(v) for v in per]


def split_figures(args, name, train, test, labels):
    truth = test[labels].values
    ours, theirs, scaled = [], [], []
    for k in range(args.seeds):
        with tempfile.TemporaryDirectory() as work:
            ours.append(r2(truth, byom_predict(args.byom, work, train, test, labels, k + 1))[0])
        theirs.append(r2(truth, sklearn_predict(mlp(k), train, test, labels))[0])
        scaled.append(r2(truth, sklearn_predict(mlp_scaled_targets(k), train, test, labels))[0])
        print(f"| {name} | seed {k + 1} / random_state {k} | {ours[-1]:.4f} | {theirs[-1]:.4f} "
              f"| {scaled[-1]:.4f} |")
        sys.stdout.flush()
    lin = r2(truth, sklearn_predict(linear(), train, test, labels))[0]
    return ours, theirs, scaled, lin


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--byom", default=os.path.join(HERE, "..", "build", "app", "byom"))
    ap.add_argument("--seeds", type=int, default=5)
    args = ap.parse_args()
    print("| data set | run | BYOM R^2 | MLPRegressor R^2 | MLPRegressor, scaled targets |")
    print("|---|---|---|---|---|")
    summary = []

    train = pd.read_csv(os.path.join(DATA, "friedman1-train.csv"))
    test = pd.read_csv(os.path.join(DATA, "friedman1-test.csv"))
    summary.append(("friedman1 (800 / 200)",) + split_figures(args, "friedman1", train, test, ["y"]))

    d = load_diabetes(as_frame=True)
    frame = d.frame
    train, test = train_test_split(frame, test_size=0.2, random_state=0)
    summary.append(("diabetes (353 / 89)",) +
                   split_figures(args, "diabetes", train, test, ["target"]))

    print()
    print("| data set | BYOM defaults | MLPRegressor | MLPRegressor, scaled targets | "
          "LinearRegression |")
    print("|---|---|---|---|---|")
    spread = lambda v: f"{statistics.mean(v):.4f} ({min(v):.4f}, {max(v):.4f})"
    for name, ours, theirs, scaled, lin in summary:
        print(f"| {name} | {spread(ours)} | {spread(theirs)} | {spread(scaled)} | {lin:.4f} |")

    # linnerud: 20 rows, three targets; leave-one-out predictions of each method.
    frame = pd.read_csv(os.path.join(DATA, "linnerud.csv"))
    labels = ["Weight", "Waist", "Pulse"]
    truth = frame[labels].values
    preds = {"BYOM defaults": [], "MLPRegressor": [], "MLPRegressor, scaled targets": [],
             "LinearRegression": [], "training mean": []}
    for tr, te in LeaveOneOut().split(frame):
        train, test = frame.iloc[tr], frame.iloc[te]
        with tempfile.TemporaryDirectory() as work:
            preds["BYOM defaults"].append(byom_predict(args.byom, work, train, test, labels, 1))
        preds["MLPRegressor"].append(sklearn_predict(mlp(0), train, test, labels))
        preds["MLPRegressor, scaled targets"].append(
            sklearn_predict(mlp_scaled_targets(0), train, test, labels))
        preds["LinearRegression"].append(sklearn_predict(linear(), train, test, labels))
        preds["training mean"].append(train[labels].values.mean(axis=0, keepdims=True))
    print()
    print("linnerud, leave-one-out (20 held-out predictions per target):")
    print()
    print("| method | R^2 Weight | R^2 Waist | R^2 Pulse | MAE Weight | MAE Waist | MAE Pulse |")
    print("|---|---|---|---|---|---|---|")
    for method, p in preds.items():
        p = np.vstack(p)
        _, per = r2(truth, p)
        mae = np.abs(p - truth).mean(axis=0)
        print(f"| {method} | " + " | ".join(f"{v:.3f}" for v in per) + " | " +
              " | ".join(f"{v:.2f}" for v in mae) + " |")


if __name__ == "__main__":
    main()
