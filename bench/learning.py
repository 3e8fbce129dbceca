#!/usr/bin/python3
"""What BYOM learns on the real data sets, next to scikit-learn's MLPClassifier on the same split.

For each data set and split seed, the script splits the CSV (stratified, 80/20, scikit-learn's
train_test_split), writes train.csv and test.csv, and then
  - BYOM:    byom train --params MLP --data csv:train.csv --val-split 0 ... ;
             byom evaluate --model model.json --data csv:test.csv --json
  - sklearn: StandardScaler fitted on train + MLPClassifier with the same hidden layers,
             activation, optimizer (adam), learning rate, batch size and epochs (max_iter)
Both stop the same way: MLPClassifier ends training when its training loss has not improved
by tol = 1e-4 for more than n_iter_no_change = 10 epochs (keeping the last weights), and adds
an L2 penalty alpha = 1e-4 whose gradient is alpha / batch_size * W; BYOM gets the same as a
training config (early stopping on "loss", patience 11, min_delta 1e-4, restore_best false)
and --l2 alpha / batch_size.
and prints the test accuracy of both: per seed, and mean / min over the seeds.

    /usr/bin/python3 bench/learning.py [--byom build/app/byom] [--seeds 1,2,...,10]
(Debian: apt-get install python3-sklearn python3-pandas)
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data", "csv")

# name, file, label column, hidden layers, epochs, learning rate, batch size
SETS = [
    ("iris", "iris.csv", None, (16, 16), 150, 0.01, 16),
    ("breast cancer", "breast_cancer.csv", "diagnosis", (32, 16), 60, 0.003, 32),
]


# MLPClassifier's defaults, mirrored in BYOM's run.
SK_ALPHA, SK_TOL, SK_NO_CHANGE = 1e-4, 1e-4, 10


def byom_accuracy(byom, work, label, hidden, epochs, lr, batch, seed):
    params = {"name": "mlp",
              "params": {"layers": [{"units": u, "activation": "relu"} for u in hidden]}}
    pfile = os.path.join(work, "params.json")
    with open(pfile, "w") as f:
        json.dump(params, f)
    query = "?label=" + label if label else ""
    config = {"early_stopping": {"enabled": True, "monitor": "loss", "patience": SK_NO_CHANGE + 1,
                                 "min_delta": SK_TOL, "restore_best": False}}
    cfile = os.path.join(work, "training.json")
    with open(cfile, "w") as f:
        json.dump(config, f)
    out = os.path.join(work, "run")
    subprocess.run([byom, "train", "--params", pfile, "--config", cfile,
                    "--l2", repr(SK_ALPHA / batch),
                    "--data", "csv:" + os.path.join(work, "train.csv") + query,
                    "--val-split", "0", "--epochs", str(epochs), "--lr", str(lr),
                    "--batch-size", str(batch), "--seed", str(seed), "--out", out],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r = subprocess.run([byom, "evaluate", "--model", os.path.join(out, "model.json"),
                        "--data", "csv:" + os.path.join(work, "test.csv") + query, "--json"],
                       check=True, capture_output=True, text=True)
    return json.loads(r.stdout)["accuracy"]


def sklearn_accuracy(train, test, label, hidden, epochs, lr, batch, seed):
    xtr, ytr = train.drop(columns=[label]).values, train[label].values
    xte, yte = test.drop(columns=[label]).values, test[label].values
    scaler = StandardScaler().fit(xtr)
    clf = MLPClassifier(hidden_layer_sizes=hidden, activation="relu", solver="adam",
                        learning_rate_init=lr, batch_size=batch, max_iter=epochs,
                        alpha=SK_ALPHA, tol=SK_TOL, n_iter_no_change=SK_NO_CHANGE,
                        random_state=seed)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning at max_iter
        clf.fit(scaler.transform(xtr), ytr)
    return clf.score(scaler.transform(xte), yte)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--byom", default=os.path.join(HERE, "..", "build", "app", "byom"))
    ap.add_argument("--seeds", default="1,2,3,4,5,6,7,8,9,10")
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    print("| data set | model | seed | BYOM test accuracy | scikit-learn MLPClassifier |")
    print("|---|---|---|---|---|")
    summary = []
    for name, file, label, hidden, epochs, lr, batch in SETS:
        df = pd.read_csv(os.path.join(DATA, file))
        label = label or df.columns[-1]
        ours, theirs = [], []
        for seed in seeds:
            train, test = train_test_split(df, test_size=0.2, random_state=seed,
                                           stratify=df[label])
            with tempfile.TemporaryDirectory() as work:
                train.to_csv(os.path.join(work, "train.csv"), index=False)
                test.to_csv(os.path.join(work, "test.csv"), index=False)
                a = byom_accuracy(args.byom, work, label, hidden, epochs, lr, batch, seed)
            b = sklearn_accuracy(train, test, label, hidden, epochs, lr, batch, seed)
            ours.append(a)
            theirs.append(b)
            arch = "-".join(str(h) for h in hidden)
            print(f"| {name} | mlp {arch}, {epochs} epochs | {seed} | {a:.4f} | {b:.4f} |")
            sys.stdout.flush()
        summary.append((name, ours, theirs))
    print()
    print("| data set | BYOM mean (min) | scikit-learn mean (min) |")
    print("|---|---|---|")
    for name, ours, theirs in summary:
        print(f"| {name} | {statistics.mean(ours):.4f} ({min(ours):.4f}) | "
              f"{statistics.mean(theirs):.4f} ({min(theirs):.4f}) |")


if __name__ == "__main__":
    main()
