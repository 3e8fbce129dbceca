#!/usr/bin/python3
"""Training speed on HeartKit's shipped task configs: byom against PyTorch running byom's own
PyTorch export of the same model, side by side.

For every config in HeartKit's configs/ directory that has an `architecture` (clone
https://github.com/AmbiqAI/heartkit and pass --heartkit PATH), at its frame size, class count
and batch size: random inputs (N, frame_size, 1) and targets of the model's kind (a class per
frame, a class per time step for segmentation, a clean frame for denoising), --batches batches
per epoch. byom trains 1 + --epochs epochs (`byom train --params CONFIG --val-split 0`;
seconds per epoch from history.csv); the model it wrote is exported with `byom export --format
pytorch` and the script trains the same epochs from those weights (`MODEL.py train`; seconds
per epoch between its epoch lines). The first epoch of each is a warm-up; the figure is the
median of the others, in samples/s, at each thread count (BYOM_THREADS, OMP_NUM_THREADS), the
tools alternated. Use Debian's python3-torch with OpenBLAS (/usr/bin/python3).

    /usr/bin/python3 bench/heartkit_speed.py --heartkit ../heartkit [--byom build/app/byom]
        [--batches 4] [--epochs 2] [--threads 1,2] [--configs seg-4-tcn-sm,arr-2-eff-sm]
"""

import argparse
import csv
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np


def model_outputs(byom, config):
    """The output shape `byom summary` gives for the config's model."""
    r = subprocess.run([byom, "summary", "--params", config, "--json"], check=True,
                       capture_output=True, text=True)
    return json.loads(r.stdout)["layers"][-1]["output_shape"]


def write_data(work, name, frame, batch, batches, output, classes):
    """X (N, frame, 1) and the targets the model's output asks for; returns the npy spec."""
    rng = np.random.default_rng(1)
    n = batch * batches
    x = rng.standard_normal((n, frame, 1)).astype(np.float32)
    if len(output) == 2 and classes is None:  # denoising: a clean frame per noisy one
        y = (0.5 * x + 0.1 * rng.standard_normal(x.shape)).astype(np.float32)
    elif len(output) == 2:  # segmentation: a class per time step
        y = rng.integers(0, output[-1], (n, output[0]))
    else:
        y = rng.integers(0, output[-1], n)
    xp, yp = os.path.join(work, name + "-x.npy"), os.path.join(work, name + "-y.npy")
    np.save(xp, x)
    np.save(yp, y)
    return xp, yp


def byom_epochs(args, config, xp, yp, batch, threads, out):
    env = dict(os.environ, BYOM_THREADS=str(threads))
    subprocess.run([args.byom, "train", "--params", config, "--data", "npy:%s,%s" % (xp, yp),
                    "--epochs", str(1 + args.epochs), "--batch-size", str(batch),
                    "--val-split", "0", "--out", out, "--quiet"],
                   check=True, capture_output=True, text=True, env=env)
    with open(os.path.join(out, "history.csv")) as f:
        return [float(row["seconds"]) for row in csv.DictReader(f)][1:]


def torch_epochs(args, script, xp, yp, batch, threads, work):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    p = subprocess.Popen([sys.executable, script, "train", "--data", "%s,%s" % (xp, yp),
                          "--epochs", str(1 + args.epochs), "--batch-size", str(batch),
                          "--out", os.path.join(work, "weights.pt")],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    stamps = []
    for line in p.stdout:
        if line.startswith("epoch "):
            stamps.append(time.monotonic())
    if p.wait() != 0:
        raise SystemExit("%s train failed" % script)
    return [b - a for a, b in zip(stamps, stamps[1:])]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--heartkit", required=True, help="a HeartKit checkout (its configs/)")
    p.add_argument("--byom", default="build/app/byom")
    p.add_argument("--batches", type=int, default=4, help="batches per epoch")
    p.add_argument("--epochs", type=int, default=2, help="timed epochs after the warm-up")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--configs", default="", help="comma-separated names (default: all)")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="heartkit_speed-")
    wanted = set(filter(None, args.configs.split(",")))
    print("| config | model | frame | batch | threads | byom, samples/s | PyTorch, samples/s "
          "| byom / PyTorch |")
    print("|---" * 8 + "|")
    for path in sorted(glob.glob(os.path.join(args.heartkit, "configs", "*.json"))):
        name = os.path.basename(path)[:-5]
        with open(path) as f:
            cfg = json.load(f)
        if "architecture" not in cfg or (wanted and name not in wanted):
            continue
        frame, batch = cfg.get("frame_size", 1250), cfg.get("batch_size", 32)
        output = model_outputs(args.byom, path)
        xp, yp = write_data(work, name, frame, batch, args.batches, output,
                            cfg.get("num_classes"))
        samples = batch * args.batches
        script = None
        for threads in map(int, args.threads.split(",")):
            run = os.path.join(work, "%s-byom-%d" % (name, threads))
            b = byom_epochs(args, path, xp, yp, batch, threads, run)
            if script is None:
                script = os.path.join(work, name + ".py")
                subprocess.run([args.byom, "export", "--model", os.path.join(run, "model.json"),
                                "--format", "pytorch", "--out", script], check=True,
                               capture_output=True)
            t = torch_epochs(args, script, xp, yp, batch, threads, work)
            bs, ts = samples / statistics.median(b), samples / statistics.median(t)
            print("| %s | %s | %d | %d | %d | %.0f | %.0f | %.2f |" % (
                name, cfg["architecture"]["name"], frame, batch, threads, bs, ts, bs / ts),
                flush=True)
    print("\nload average at the end: %.1f" % os.getloadavg()[0])


if __name__ == "__main__":
    main()
