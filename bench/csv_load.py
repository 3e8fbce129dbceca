#!/usr/bin/python3
"""CSV loading: BYOM's CsvLoader (bench/csvbench) against pandas.read_csv, side by side.

Generates numeric CSVs of 10k, 100k and 1M rows x 20 float features plus an integer class
label (csvbench generate), then loads each in a fresh process per run, alternating the two
tools, and reports median wall time of the load itself (pandas: read_csv only, without the
import) and peak resident memory (getrusage maxrss of that process) against the size of the
final float32 feature matrix. Run with Debian's Python, which has pandas:

    /usr/bin/python3 bench/csv_load.py [--csvbench build-data/bench/csvbench]
                                       [--rows 10000,100000,1000000] [--repeats 3]
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile

PANDAS = r"""
import resource, sys, time
import pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1])
s = time.perf_counter() - t
print('{"seconds": %f, "peak_rss_kb": %d, "rows": %d}' % (
    s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(df)))
"""

PANDAS_BASELINE = r"""
import resource
import pandas as pd
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def find_csvbench():
    for pattern in ("build*/bench/csvbench",):
        hits = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", pattern)))
        if hits:
            return hits[0]
    sys.exit("csvbench not found: build it (cmake --build BUILD --target csvbench) and pass --csvbench")


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csvbench", default=None)
    ap.add_argument("--rows", default="10000,100000,1000000")
    ap.add_argument("--features", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cold", action="store_true",
                    help="also time .npy loads from the disk: drop the page cache before each "
                         "load (needs root: writes /proc/sys/vm/drop_caches)")
    ap.add_argument("--dir", default=None, help="where to write the CSVs (default: a temp dir)")
    args = ap.parse_args()
    csvbench = args.csvbench or find_csvbench()
    workdir = args.dir or tempfile.mkdtemp(prefix="byom-csv-")
    base_kb = int(subprocess.run([sys.executable, "-c", PANDAS_BASELINE], check=True,
                                 capture_output=True, text=True).stdout)

    print(f"pandas {subprocess.run([sys.executable, '-c', 'import pandas; print(pandas.__version__)'], capture_output=True, text=True).stdout.strip()}, "
          f"{args.repeats} runs each (median), features {args.features} + label; "
          f"pandas process after import alone: {base_kb / 1024:.0f} MB")
    print(f"{'rows':>9} {'file MB':>8} {'matrix MB':>9} | {'byom s':>7} {'pandas s':>8} {'speed-up':>8} | "
          f"{'byom peak MB':>12} {'peak/matrix':>11} | {'pandas peak MB':>14}")
    ok = True
    for rows in (int(r) for r in args.rows.split(",")):
        path = os.path.join(workdir, f"bench_{rows}x{args.features}.csv")
        if not os.path.exists(path):
            subprocess.run([csvbench, "generate", str(rows), str(args.features), path], check=True)
        ours, theirs = [], []
        for _ in range(args.repeats):
            ours.append(run_json([csvbench, "load", path]))
            theirs.append(run_json([sys.executable, "-c", PANDAS, path]))
        assert ours[0]["rows"] == theirs[0]["rows"] == rows
        t_ours = statistics.median(r["seconds"] for r in ours)
        t_pd = statistics.median(r["seconds"] for r in theirs)
        peak = statistics.median(r["peak_rss_kb"] for r in ours) / 1024
        peak_pd = statistics.median(r["peak_rss_kb"] for r in theirs) / 1024
        matrix = ours[0]["x_bytes"] / 2**20
        file_mb = os.path.getsize(path) / 2**20
        ratio = t_pd / t_ours
        print(f"{rows:>9} {file_mb:>8.1f} {matrix:>9.1f} | {t_ours:>7.3f} {t_pd:>8.3f} {ratio:>7.1f}x | "
              f"{peak:>12.1f} {peak / matrix:>10.2f}x | {peak_pd:>14.1f}")
        if rows >= 1_000_000:
            ok = ok and ratio >= 2.0 and peak <= 2.0 * matrix
    print("targets (1M rows: >= 2x faster than pandas, peak <= 2x the matrix):", "met" if ok else "NOT met")
    npy_table(csvbench, workdir, args)
    return 0 if ok else 1


NUMPY = r"""
import resource, sys, time
import numpy as np
t = time.perf_counter()
x = np.load(sys.argv[1]); y = np.load(sys.argv[2])
s = time.perf_counter() - t
print('{"seconds": %f, "rows": %d}' % (s, len(x)))
"""

READ = r"""
import sys, time
t = time.perf_counter()
n = 0
for p in sys.argv[1:]:
    with open(p, "rb", buffering=0) as f:
        while True:
            b = f.read(1 << 24)
            if not b:
                break
            n += len(b)
print('{"seconds": %f, "bytes": %d}' % (time.perf_counter() - t, n))
"""


def drop_page_cache():
    subprocess.run(["sync"], check=True)
    with open("/proc/sys/vm/drop_caches", "w") as f:
        f.write("3\n")


def npy_table(csvbench, workdir, args):
    """.npy loading against reading the same bytes and against numpy.load; float32 x of
    (rows, features), int64 y. Warm: from the page cache (files just read); with --cold also
    from the disk, the cache dropped before every single load."""
    import numpy as np
    for cold in ([False, True] if args.cold else [False]):
        print()
        print("from the disk (page cache dropped before each load)" if cold else
              "from the page cache")
        npy_rows(csvbench, workdir, args, np, cold)


def npy_rows(csvbench, workdir, args, np, cold):
    print(f"{'rows':>9} {'file MB':>8} | {'byom s':>7} {'read s':>7} {'numpy s':>7} | "
          f"{'byom MB/s':>9} {'read MB/s':>9} {'byom/read':>9}")
    for rows in (int(r) for r in args.rows.split(",")):
        xp = os.path.join(workdir, f"bench_{rows}x{args.features}_x.npy")
        yp = os.path.join(workdir, f"bench_{rows}x{args.features}_y.npy")
        if not os.path.exists(xp):
            rng = np.random.default_rng(42)
            np.save(xp, rng.normal(0, 10, (rows, args.features)).astype(np.float32))
            np.save(yp, rng.integers(0, 4, rows).astype(np.int64))
        ours, raw, nps = [], [], []
        for _ in range(args.repeats):
            for runs, cmd in ((ours, [csvbench, "npy", xp, yp]),
                              (raw, [sys.executable, "-c", READ, xp, yp]),
                              (nps, [sys.executable, "-c", NUMPY, xp, yp])):
                if cold:
                    drop_page_cache()
                runs.append(run_json(cmd))
        mb = (os.path.getsize(xp) + os.path.getsize(yp)) / 2**20
        t_ours = statistics.median(r["seconds"] for r in ours)
        t_raw = statistics.median(r["seconds"] for r in raw)
        t_np = statistics.median(r["seconds"] for r in nps)
        print(f"{rows:>9} {mb:>8.1f} | {t_ours:>7.3f} {t_raw:>7.3f} {t_np:>7.3f} | "
              f"{mb / t_ours:>9.0f} {mb / t_raw:>9.0f} {t_raw / t_ours:>8.2f}x")


if __name__ == "__main__":
    sys.exit(main())
