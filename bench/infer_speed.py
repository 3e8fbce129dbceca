#!/usr/bin/python3
"""Inference speed of BYOM's exports against ONNX Runtime, and Cortex-M4 figures.

For mlp-small, cnn1d-ecg (bench/trainbench.cpp's models) and the registry's tcn with its example
params (resources/examples/tcn-ecg.json: 800x1 in, 4 classes per time step), a model file with
random weights (bench/inferbench write) is exported as C and as ONNX; batch-1 latency and
batch-256 throughput are then measured, runs alternated between the tools, for: the exported C
(cc -O3 -march=native with bench/c_speed.c; also with -ffast-math, which lets gcc reorder the
sums the library writes in order), BYOM's engine (bench/inferbench run: normalisation and
the InferencePlan that predictAll runs, as byom predict; 1 and 2 threads) and ONNX Runtime
(bench/onnx_speed.js, default threads and 1 thread); --tools picks some of them. Each figure is the median over the repeats. Then, for those and every zoo default
(zoo:ARCH: the registry's architectures with their default params, on 800x1 or, for flat-input
ones, 16 features), the instructions per inference on the emulated Cortex-M4 (make qemu-icount:
SysTick ticks x 40) and the planned arena against the naive sum. With --int8, only the
Cortex-M4 instructions of the int8 library (byom quantize, then export --format c) against the
float one for the three timed models.

  /usr/bin/python3 bench/infer_speed.py --byom build/app/byom --inferbench build/bench/inferbench
"""
import argparse
import os
import random
import re
import statistics
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SPEED_MODELS = ["mlp-small", "cnn1d-ecg", "example:tcn"]
TOOLS = ["c", "c-fast-math", "engine", "engine-2", "ort-default", "ort-1"]
HEAD = {"c": "exported C", "c-fast-math": "exported C, -ffast-math",
        "engine": "engine (1 thread)", "engine-2": "engine (2 threads)",
        "ort-default": "ORT (default threads)", "ort-1": "ORT (1 thread)"}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)


def prepare(args, name, root):
    d = os.path.join(root, name.replace(":", "-"))
    os.makedirs(d, exist_ok=True)
    model = os.path.join(d, "model.json")
    shape = fields(run([args.inferbench, "write", "--model", name, "--out", model]))["input"]
    run([args.byom, "export", "--model", model, "--format", "c", "--out", os.path.join(d, "c")])
    run([args.byom, "export", "--model", model, "--format", "onnx", "--out",
         os.path.join(d, "model.onnx")])
    return {"dir": d, "model": model, "shape": shape.replace("x", ",")}


def build_c(m, extra):
    exe = os.path.join(m["dir"], "c_speed" + "".join(extra))
    c = os.path.join(m["dir"], "c")
    run(["cc", "-std=c99", "-O3", "-march=native", *extra, "-I", c,
         os.path.join(HERE, "c_speed.c"), os.path.join(c, "model.c"), "-lm", "-o", exe])
    return exe


def command(args, m, tool, batch):
    s = str(args.seconds)
    if tool.startswith("c"):
        return [m[tool], str(batch), s]
    if tool.startswith("engine"):
        return [args.inferbench, "run", "--model-file", m["model"], "--batch", str(batch),
                "--seconds", s, "--threads", "2" if tool == "engine-2" else "1"]
    threads = "0" if tool == "ort-default" else "1"
    return ["node", os.path.join(HERE, "onnx_speed.js"), os.path.join(m["dir"], "model.onnx"),
            str(batch), s, threads, m["shape"]]


def speed(args, models):
    """{(model, batch, tool): [us per call, ...]}"""
    times = {}
    for r in range(args.repeats):
        for name, m in models.items():
            for batch in (1, 256):
                tools = args.tools if r % 2 == 0 else args.tools[::-1]
                for tool in tools:
                    f = fields(run(command(args, m, tool, batch)))
                    times.setdefault((name, batch, tool), []).append(float(f["us_per_call"]))
        print(f"repeat {r + 1}/{args.repeats} done, load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
    return times


def speed_table(times, tools):
    lines = ["| model | figure | " + " | ".join(HEAD[t] for t in tools) + " |",
             "|---" * (2 + len(tools)) + "|"]
    names = sorted({k[0] for k in times}, key=SPEED_MODELS.index)
    for name in names:
        med = {(b, t): statistics.median(times[(name, b, t)]) for b in (1, 256) for t in tools}
        lines.append(f"| {name} | batch 1, µs | " +
                     " | ".join(f"{med[(1, t)]:.1f}" for t in tools) + " |")
        lines.append(f"| {name} | batch 256, samples/s | " +
                     " | ".join(f"{256e6 / med[(256, t)]:,.0f}" for t in tools) + " |")
    return "\n".join(lines)


def m4_row(args, name, m):
    c = os.path.join(m["dir"], "c")
    header = open(os.path.join(c, "model.h")).read()
    arena = int(re.search(r"MODEL_ARENA_BYTES (\d+)", header).group(1))
    naive = int(re.search(r"MODEL_ARENA_NAIVE_BYTES (\d+)", header).group(1))
    try:
        out = subprocess.run(["make", "-C", c, "qemu-icount"], capture_output=True, text=True,
                             timeout=args.qemu_timeout).stdout
        ticks = re.search(r"sample 0: (\d+) SysTick ticks", out)
        instr = f"{int(ticks.group(1)) * 40:,}" if ticks else "no output"
    except subprocess.TimeoutExpired:
        instr = f"over {args.qemu_timeout} s"
    return (f"| {name} | {m['shape'].replace(',', '×')} | {instr} | {arena:,} | {naive:,} | "
            f"{100.0 * arena / naive:.0f}% |")


# Calibration data for the int8 models (byom quantize --data): mlp-small's 784 features as a
# CSV of normal values (written by int8_icount), the ECG models on their synthetic data sets.
INT8_DATA = {"cnn1d-ecg": "synthetic:ecg-rhythm?n=64&length=800",
             "example:tcn": "synthetic:ecg-segmentation?n=32&length=800"}


def int8_icount(args, m):
    """The float and the int8 library's instructions for sample 0 on the Cortex-M4."""
    data = INT8_DATA.get(m["name"])
    if data is None:
        rng = random.Random(1)
        path = os.path.join(m["dir"], "calibration.csv")
        with open(path, "w") as f:
            for r in range(64):
                f.write(",".join(f"{rng.gauss(0, 1):.4f}" for _ in range(784)) + f",{r % 10}\n")
        data = f"csv:{path}?header=no"
    # The same weights with the data's class names, which byom quantize matches by name.
    named = os.path.join(m["dir"], "model-named.json")
    run([args.inferbench, "write", "--model", m["name"], "--out", named, "--data", data])
    q = os.path.join(m["dir"], "int8.json")
    run([args.byom, "quantize", "--model", named, "--data", data, "--out", q])
    run([args.byom, "export", "--model", q, "--format", "c", "--out", os.path.join(m["dir"], "c8")])
    counts = []
    for c in ("c", "c8"):
        out = subprocess.run(["make", "-C", os.path.join(m["dir"], c), "qemu-icount"],
                             capture_output=True, text=True, timeout=args.qemu_timeout).stdout
        counts.append(int(re.search(r"sample 0: (\d+) SysTick ticks", out).group(1)) * 40)
    return counts


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--byom", default="build/app/byom")
    p.add_argument("--inferbench", default="build/bench/inferbench")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--seconds", type=float, default=1.0, help="timed seconds per run")
    p.add_argument("--qemu-timeout", type=float, default=600)
    p.add_argument("--tools", default=",".join(TOOLS),
                   help="comma-separated runtimes to time, of " + ",".join(TOOLS))
    p.add_argument("--skip-speed", action="store_true")
    p.add_argument("--skip-m4", action="store_true")
    p.add_argument("--int8", action="store_true",
                   help="only the Cortex-M4 instructions of the int8 library against the float "
                        "one, for " + ", ".join(SPEED_MODELS))
    args = p.parse_args()
    args.tools = args.tools.split(",")
    if not set(args.tools) <= set(TOOLS):
        p.error(f"--tools: use some of {','.join(TOOLS)}")
    root = tempfile.mkdtemp(prefix="infer_speed-")
    zoo = run([args.inferbench, "list"]).split()
    if args.int8:
        print("| model | float, instructions | int8, instructions | int8 / float |")
        print("|---" * 4 + "|")
        for name in SPEED_MODELS:
            m = prepare(args, name, root)
            m["name"] = name
            f, q = int8_icount(args, m)
            print(f"| {name} | {f:,} | {q:,} | {q / f:.2f} |", flush=True)
        return
    # Only the models something is measured on (--skip-m4 leaves the zoo out).
    needed = [n for n in zoo if not args.skip_m4 or (n in SPEED_MODELS and not args.skip_speed)]
    models = {}
    for name in needed:
        try:
            models[name] = prepare(args, name, root)
        except subprocess.CalledProcessError:
            if not name.startswith("zoo:"):
                raise
            # Architectures whose defaults build no model on 800x1 or 16 features.
            print(f"({name}: no model on 800x1 or 16 features with its default params)")
    if not args.skip_speed:
        speed_models = {n: models[n] for n in SPEED_MODELS}
        for m in speed_models.values():
            if "c" in args.tools:
                m["c"] = build_c(m, [])
            if "c-fast-math" in args.tools:
                m["c-fast-math"] = build_c(m, ["-ffast-math"])
        times = speed(args, speed_models)
        print(speed_table(times, args.tools), flush=True)
    if not args.skip_m4:
        print("\n| model | input | instructions per inference (Cortex-M4) | arena, bytes | "
              "naive sum, bytes | arena/naive |")
        print("|---" * 6 + "|")
        for name, m in models.items():
            print(m4_row(args, name, m), flush=True)


if __name__ == "__main__":
    main()
