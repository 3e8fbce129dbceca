#!/usr/bin/python3
"""Training speed: BYOM (bench/trainbench) against PyTorch on the same four models.

Same random data shape, batch size, Adam (lr 1e-3, eps 1e-7) and cross-entropy in both; each
figure is samples/s over whole epochs after a warm-up epoch. Runs alternate between the two
tools and repeat (--repeats), and the table reports medians, because shared machines are noisy.
PyTorch runs at 1 and 2 threads and its best count is the reference; it must use OpenBLAS
(Debian: apt-get install python3-torch libopenblas0; run with /usr/bin/python3).

    /usr/bin/python3 bench/train_speed.py [--trainbench build-bench/bench/trainbench]
                                          [--repeats 3] [--seconds 2] [--models a,b]
"""

import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import time

MODELS = ["mlp-small", "mlp-wide", "mlp-tiny", "cnn1d-ecg"]
BATCH = {"mlp-small": 64, "mlp-wide": 256, "mlp-tiny": 32, "cnn1d-ecg": 32}
SAMPLES = {"mlp-small": 8192, "mlp-wide": 8192, "mlp-tiny": 8192, "cnn1d-ecg": 2048}


def torch_model(name):
    import torch.nn as nn
    if name == "mlp-small":
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
                             nn.Linear(64, 10)), (784,), 10
    if name == "mlp-wide":
        return nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 1024), nn.ReLU(),
                             nn.Linear(1024, 10)), (784,), 10
    if name == "mlp-tiny":
        return nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(),
                             nn.Linear(16, 2)), (2,), 2
    if name == "cnn1d-ecg":
        # Keras's BatchNorm constants (momentum 0.99 = PyTorch 0.01, eps 1e-3), valid padding.
        return nn.Sequential(
            nn.Conv1d(1, 16, 7, stride=2), nn.BatchNorm1d(16, eps=1e-3, momentum=0.01), nn.ReLU(),
            nn.MaxPool1d(2),
            nn.Conv1d(16, 32, 5), nn.BatchNorm1d(32, eps=1e-3, momentum=0.01), nn.ReLU(),
            nn.MaxPool1d(2),
            nn.Conv1d(32, 64, 5), nn.ReLU(), nn.AdaptiveAvgPool1d(1), nn.Flatten(),
            nn.Linear(64, 4)), (1, 800), 4
    raise SystemExit("unknown model " + name)


def torch_worker(name, threads, min_seconds):
    """Runs in a child process: one measurement of PyTorch at a thread count."""
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model, shape, classes = torch_model(name)
    n, batch = SAMPLES[name], BATCH[name]
    x = torch.randn((n,) + shape)
    y = torch.randint(0, classes, (n,))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    lossfn = torch.nn.CrossEntropyLoss()
    model.train()

    def epoch():
        perm = torch.randperm(n)
        for start in range(0, n, batch):
            idx = perm[start:start + batch]
            xb, yb = x[idx], y[idx]
            opt.zero_grad(set_to_none=True)
            loss = lossfn(model(xb), yb)
            loss.backward()
            opt.step()

    t0 = time.perf_counter()
    epoch()
    first = time.perf_counter() - t0
    epochs = max(1, int(min_seconds / max(first, 1e-6)))
    t0 = time.perf_counter()
    for _ in range(epochs):
        epoch()
    s = time.perf_counter() - t0
    print("torch model=%s threads=%d samples_per_s=%.1f blas=%s" %
          (name, threads, n * epochs / s, blas_name()))


def blas_name():
    try:
        with open("/proc/self/maps") as f:
            maps = f.read()
        for lib in ("openblas", "mkl", "blis", "libblas.so"):
            if lib in maps:
                return lib
    except OSError:
        pass
    return "unknown"


def openblas_core(env):
    """The kernel OpenBLAS picks in a fresh PyTorch process with `env` (OPENBLAS_VERBOSE=2)."""
    out = subprocess.run([sys.executable, "-c", "import torch; torch.ones(8, 8) @ torch.ones(8, 8)"],
                         capture_output=True, text=True, env=dict(env, OPENBLAS_VERBOSE="2"))
    found = re.findall(r"Core: (\w+)", out.stdout + out.stderr)
    return found[-1] if found else "unknown"


def cpu_flags():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    return set()


def torch_env(base):
    """The environment for the PyTorch runs and the OpenBLAS kernel they use.

    OpenBLAS 0.3.21 (Debian 12) does not recognise some newer CPUs by model and falls back to
    its generic Prescott (SSE3) kernel, 4-5x slower than its AVX-512 one on the same machine.
    Comparing against that would flatter BYOM, so the kernel is then chosen from the CPU's
    features with OPENBLAS_CORETYPE (unless it is set already)."""
    core = openblas_core(base)
    if core != "Prescott" or "OPENBLAS_CORETYPE" in base:
        return base, core
    flags = cpu_flags()
    pick = "SkylakeX" if "avx512f" in flags else "Haswell" if "avx2" in flags else None
    if pick is None:
        return base, core
    env = dict(base, OPENBLAS_CORETYPE=pick)
    return env, "%s (OPENBLAS_CORETYPE=%s; detected: %s)" % (openblas_core(env), pick, core)


def torch_gemm(threads):
    """Runs in a child process: PyTorch's float GEMM rate (1024 x 1024) at a thread count."""
    import torch
    torch.set_num_threads(threads)
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    for _ in range(3):
        a @ b
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 1.0:
        a @ b
        n += 1
    print("torch gflops=%.2f" % (2 * 1024 ** 3 * n / (time.perf_counter() - t0) / 1e9))


def parse(line):
    return {k: v for k, v in (p.split("=", 1) for p in line.split()[1:] if "=" in p)}


def run(cmd, env=None):
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit("failed: %s\n%s" % (" ".join(cmd), out.stderr))
    return parse(out.stdout.strip().splitlines()[-1])


def find_trainbench(root):
    found = sorted(glob.glob(os.path.join(root, "build*/bench/trainbench")), key=os.path.getmtime)
    if not found:
        raise SystemExit("no trainbench: configure with -DBYOM_BUILD_BENCH=ON and build it")
    return found[-1]


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--torch-worker":
        torch_worker(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--torch-gemm":
        torch_gemm(int(sys.argv[2]))
        return
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--trainbench")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--models", default=",".join(MODELS))
    ap.add_argument("--threads", default="1,2", help="thread counts to run both tools at")
    args = ap.parse_args()
    tb = args.trainbench or find_trainbench(root)
    models = args.models.split(",")
    threads = [int(t) for t in args.threads.split(",")]
    me = os.path.abspath(__file__)
    env = dict(os.environ)
    tenv, core = torch_env(env)
    load0 = os.getloadavg()
    print("trainbench: %s; load average at start %.2f %.2f %.2f; %d CPUs" %
          ((tb,) + load0 + (os.cpu_count(),)))
    print("PyTorch's OpenBLAS kernel: %s" % core)

    gemm = {t: [] for t in threads}
    tgemm = {t: [] for t in threads}
    byom = {(m, t): [] for m in models for t in threads}
    torch = {(m, t): [] for m in models for t in threads}
    gflops = {(m, t): [] for m in models for t in threads}
    blas = "?"
    for rep in range(args.repeats):
        for t in threads:
            gemm[t].append(float(run([tb, "gemm", "--threads", str(t), "--seconds", "1"],
                                     env)["gflops"]))
            tgemm[t].append(float(run([sys.executable, me, "--torch-gemm", str(t)],
                                      tenv)["gflops"]))
        for m in models:
            for t in threads:  # interleaved: BYOM then PyTorch at each thread count
                r = run([tb, "train", "--model", m, "--threads", str(t), "--seconds",
                         str(args.seconds)], env)
                byom[m, t].append(float(r["samples_per_s"]))
                gflops[m, t].append(float(r["train_gflops"]))
                r = run([sys.executable, me, "--torch-worker", m, str(t), str(args.seconds)],
                        tenv)
                torch[m, t].append(float(r["samples_per_s"]))
                blas = r["blas"]
        print("repeat %d/%d done" % (rep + 1, args.repeats), file=sys.stderr)

    med = statistics.median
    print("\nPyTorch BLAS: %s; medians of %d runs; samples/s" % (blas, args.repeats))
    head = "| model | batch |" + "".join(" BYOM %dt |" % t for t in threads) + \
        "".join(" PyTorch %dt |" % t for t in threads) + " BYOM best / PyTorch best |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for m in models:
        b = [med(byom[m, t]) for t in threads]
        p = [med(torch[m, t]) for t in threads]
        print("| %s | %d |" % (m, BATCH[m]) + "".join(" %.0f |" % v for v in b) +
              "".join(" %.0f |" % v for v in p) + " %.2fx |" % (max(b) / max(p)))
    for t in threads:
        print("Eigen float GEMM 1024x1024, %d thread(s): %.1f GFLOP/s; PyTorch's: %.1f" %
              (t, med(gemm[t]), med(tgemm[t])))
    if "mlp-wide" in models:
        for t in threads:
            g = med(gflops["mlp-wide", t])
            print("mlp-wide training, %d thread(s): %.1f GFLOP/s = %.0f%% of the GEMM rate" %
                  (t, g, 100 * g / med(gemm[t])))
    print("load average at end %.2f %.2f %.2f" % os.getloadavg())


if __name__ == "__main__":
    main()
