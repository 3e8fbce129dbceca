#!/usr/bin/python3
"""Training cost against rows and epochs: `byom train` on synthetic blobs with a small MLP.

Per run: the seconds per epoch (from history.csv, training only), microseconds per sample, and
the process's peak resident memory (/usr/bin/time). Cost per sample should stay flat as rows
grow (linear cost), and peak memory should not grow with epochs.

    /usr/bin/python3 bench/train_scaling.py [--byom build/app/byom] [--rows 10000,100000,1000000]
"""

import argparse
import csv
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PARAMS = {"name": "mlp", "params": {"layers": [{"units": 32, "activation": "relu"},
                                               {"units": 32, "activation": "relu"}]}}


def train(byom, work, rows, epochs):
    pfile = os.path.join(work, "mlp.json")
    with open(pfile, "w") as f:
        json.dump(PARAMS, f)
    out = os.path.join(work, "run-%d-%d" % (rows, epochs))
    spec = "synthetic:blobs?n=%d&classes=4&noise=0.3&seed=1" % rows
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M", byom, "train", "--params", pfile,
                        "--data", spec, "--epochs", str(epochs), "--batch-size", "32",
                        "--out", out], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(r.stderr)
    wall, rss_kb = r.stderr.strip().splitlines()[-1].split()
    with open(os.path.join(out, "history.csv")) as f:
        seconds = [float(row["seconds"]) for row in csv.DictReader(f)]
    train_rows = int(rows * 0.8)  # val_split 0.2
    per_sample_us = 1e6 * sum(seconds) / (train_rows * epochs)
    return sum(seconds) / len(seconds), per_sample_us, int(rss_kb) / 1024, float(wall)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--byom", default=os.path.join(HERE, "..", "build", "app", "byom"))
    ap.add_argument("--rows", default="10000,100000,1000000")
    ap.add_argument("--epochs", default="1,2,4,8")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        print("MLP 2-32-32-4, batch 32, Adam, synthetic blobs (80% trained, 20% validated)\n")
        print("| rows | epochs | s / epoch | µs / sample | peak RSS (MiB) |")
        print("|---|---|---|---|---|")
        for rows in [int(r) for r in args.rows.split(",")]:
            e, us, rss, _ = train(args.byom, work, rows, 2)
            print("| %s | 2 | %.3f | %.2f | %.0f |" % (f"{rows:,}", e, us, rss), flush=True)
        print()
        print("| rows | epochs | s / epoch | µs / sample | peak RSS (MiB) |")
        print("|---|---|---|---|---|")
        for epochs in [int(x) for x in args.epochs.split(",")]:
            e, us, rss, _ = train(args.byom, work, 100000, epochs)
            print("| 100,000 | %d | %.3f | %.2f | %.0f |" % (epochs, e, us, rss), flush=True)


if __name__ == "__main__":
    main()
